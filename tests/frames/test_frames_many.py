"""Many files into one table: folders, globs, iterables, errors="collect", export and the CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import vbformats
from vbformats import frames
from vbformats.cli import main


def _doc(media_id: str | None, speaker_words: list[tuple[str, int, int, str]]) -> dict:
    """A document from (speaker, s, e, word) in array order; a marker before each new speaker."""
    words = []
    last = None
    for speaker, s, e, w in speaker_words:
        if speaker != last:
            words.append({"s": s, "e": s, "w": speaker, "m": "turn"})
            last = speaker
        words.append({"s": s, "e": e, "w": w})
    doc: dict = {"transcript": {"words": words}}
    if media_id is not None:
        doc["mediaId"] = media_id
    return doc


DOC_A = _doc(
    "a", [("Agent", 0, 100, "hi"), ("Caller", 200, 300, "hello"), ("Caller", 300, 400, "there")]
)
DOC_B = _doc("b", [("Customer", 0, 50, "yes"), ("Rep", 60, 90, "ok")])
DOC_C = _doc(None, [("Operator", 10, 20, "one")])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.json").write_text(json.dumps(DOC_A))
    (tmp_path / "b.json").write_text(json.dumps(DOC_B))
    (tmp_path / "c.json").write_text(json.dumps(DOC_C))
    (tmp_path / "corrupt.json").write_text('{"transcript": {"words": [{"s": 1, "e": ')
    (tmp_path / "backwards.json").write_text(
        json.dumps({"transcript": {"words": [{"s": 9, "e": 1, "w": "x"}]}})
    )
    (tmp_path / "notes.md").write_text("not a result")  # wrong extension: never read
    (tmp_path / ".hidden.json").write_text("{}")  # hidden: never read
    return tmp_path


def _as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals to objects so frames built alone and together compare equal."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(object)
    return out.reset_index(drop=True)


def test_folder_with_a_corrupt_file_under_collect_loses_nothing_from_good_files(folder: Path):
    table = frames.words(folder, errors="collect")
    failed = {entry["source"]: entry for entry in table.attrs["errors"]}
    assert set(failed) == {str(folder / "corrupt.json"), str(folder / "backwards.json")}
    assert failed[str(folder / "corrupt.json")]["type"] == "InvalidInputError"
    assert "invalid JSON" in failed[str(folder / "corrupt.json")]["error"]
    assert "words[0].e" in failed[str(folder / "backwards.json")]["error"]
    # every token of every good file: 5 + 4 + 2
    assert len(table) == 11
    assert list(table.columns[:2]) == ["media_id", "source"]
    assert isinstance(table.index, pd.RangeIndex)
    assert str(table.media_id.dtype) == "category" and str(table.source.dtype) == "category"
    assert str(table.speaker.dtype) == "category"
    for name, doc in (("a.json", DOC_A), ("b.json", DOC_B), ("c.json", DOC_C)):
        part = table[table.source == str(folder / name)].drop(columns=["media_id", "source"])
        pd.testing.assert_frame_equal(_as_plain(part), _as_plain(frames.words(doc)))
    assert table.groupby("source", observed=True).size().to_dict() == {
        str(folder / "a.json"): 5,
        str(folder / "b.json"): 4,
        str(folder / "c.json"): 2,
    }
    assert table[table.source == str(folder / "c.json")].media_id.isna().all()
    assert set(table.media_id.dropna()) == {"a", "b"}
    # roles are decided per file: Customer is the caller in b.json, Rep its agent
    b = table[table.source == str(folder / "b.json")]
    assert list(b.role.astype(object)) == ["caller", "caller", "agent", "agent"]


def test_folder_under_raise_names_the_bad_file(folder: Path):
    with pytest.raises(frames.SourceError) as info:
        frames.turns(folder)
    assert info.value.source == str(folder / "backwards.json")  # sorted: backwards < corrupt
    assert isinstance(info.value.__cause__, vbformats.InvalidInputError)


def test_single_bad_source_raises_its_own_error(folder: Path):
    with pytest.raises(vbformats.InvalidInputError) as info:
        frames.words(folder / "corrupt.json")
    assert not isinstance(info.value, frames.SourceError)
    collected = frames.words(folder / "corrupt.json", errors="collect")
    assert len(collected) == 0 and len(collected.attrs["errors"]) == 1


def test_glob_and_iterables_of_paths_and_models(folder: Path):
    by_glob = frames.turns(str(folder / "[ab].json"))
    assert list(by_glob.source.cat.categories) == [str(folder / "a.json"), str(folder / "b.json")]
    assert len(by_glob) == 4
    mixed = frames.turns([vbformats.load(DOC_A), DOC_B, folder / "c.json"])
    assert list(mixed.source.astype(object)) == [
        "<item 0>",
        "<item 0>",
        "<item 1>",
        "<item 1>",
        str(folder / "c.json"),
    ]
    assert list(mixed.media_id.astype(object).where(mixed.media_id.notna(), None)) == [
        "a",
        "a",
        "b",
        "b",
        None,
    ]
    # a list of one is still "many": the columns are there
    one = frames.turns([DOC_A])
    assert list(one.columns[:2]) == ["media_id", "source"]
    # a folder inside a list is expanded too
    nested = frames.metadata([str(folder)], errors="collect")
    assert len(nested) == 3 and len(nested.attrs["errors"]) == 2
    # generators are fine
    assert len(frames.turns(d for d in (DOC_A, DOC_B))) == 4


def test_many_metadata_keeps_one_media_id_column(folder: Path):
    table = frames.metadata([DOC_A, DOC_B])
    assert list(table.columns[:3]) == ["media_id", "source", "status"]
    assert list(table.media_id.astype(object)) == ["a", "b"]


def test_empty_folder_gives_an_empty_typed_table(tmp_path: Path):
    table = frames.words(tmp_path)
    assert len(table) == 0
    assert list(table.columns[:3]) == ["media_id", "source", "position"]
    assert str(table.start_ms.dtype) == "Int64"


def test_progress_line_only_when_asked_or_on_a_terminal(folder: Path, monkeypatch, capsys):
    frames.words([DOC_A, DOC_B])
    assert capsys.readouterr().err == ""  # pytest's stderr is not a terminal
    frames.words([DOC_A, DOC_B], progress=True)
    err = capsys.readouterr().err
    assert "2/2 files" in err and err.endswith("\n")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    frames.words([DOC_A, DOC_B, DOC_C])
    assert "3/3 files" in fake.getvalue()
    fake2 = Tty()
    monkeypatch.setattr(sys, "stderr", fake2)
    frames.words(DOC_A)  # one source: no progress line
    assert fake2.getvalue() == ""


def test_bad_role_override_is_the_callers_error_even_under_collect():
    with pytest.raises(vbformats.InvalidInputError):
        frames.words([DOC_A], roles={"Agent": "boss"}, errors="collect")


# --- export ----------------------------------------------------------------------------------


def test_save_csv_and_json_round_trip(tmp_path: Path):
    table = frames.turns([DOC_A, DOC_B])
    frames.save(table, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv")
    assert list(back.columns) == list(table.columns)
    assert list(back.text) == ["hi", "hello there", "yes", "ok"]
    frames.save(table, tmp_path / "t.json")
    rows = json.loads((tmp_path / "t.json").read_text())
    assert rows[1] == {
        "media_id": "a",
        "source": "<item 0>",
        "speaker": "Caller",
        "role": "caller",
        "start_ms": 200,
        "end_ms": 400,
        "duration_ms": 200,
        "text": "hello there",
        "word_count": 2,
        "words_per_minute": 600.0,
    }
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with pytest.raises(vbformats.UnknownFormatError):
        frames.save(table, tmp_path / "t.xlsx", format="xlsx")


def test_parquet_names_the_extra_when_pyarrow_is_missing(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow -> ImportError
    with pytest.raises(frames.MissingDependencyError) as info:
        frames.save(frames.words(DOC_A), tmp_path / "w.parquet")
    assert "pip install 'vbformats[parquet]'" in str(info.value)
    assert not list(tmp_path.iterdir())


def test_parquet_round_trip_or_clear_error(tmp_path: Path):
    """With pyarrow installed Parquet keeps the dtypes; without it the error names the extra."""
    table = frames.turns([DOC_A, DOC_B])
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        with pytest.raises(frames.MissingDependencyError):
            frames.save(table, tmp_path / "t.parquet")
        return
    frames.save(table, tmp_path / "t.parquet")
    back = pd.read_parquet(tmp_path / "t.parquet")
    assert list(back.text) == ["hi", "hello there", "yes", "ok"]
    assert str(back.start_ms.dtype) == "Int64"


def test_format_for_path():
    assert frames.format_for_path("x.CSV") == "csv"
    assert frames.format_for_path("x.pq") == "parquet"
    assert frames.format_for_path("x.json") == "json"
    assert frames.format_for_path("x.tsv") == "csv"


# --- CLI -------------------------------------------------------------------------------------


def test_cli_single_file_csv_to_stdout(folder: Path, capsys):
    assert main(["frame", str(folder / "a.json"), "turns"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "speaker,role,start_ms,end_ms,duration_ms,text,word_count,words_per_minute",
        "Agent,agent,0,100,100,hi,1,600.0",
        "Caller,caller,200,400,200,hello there,2,600.0",
    ]


def test_cli_folder_collect_writes_file_names_skips_and_exits_1(
    folder: Path, tmp_path: Path, capsys
):
    out = tmp_path / "out" / "w.json"
    out.parent.mkdir()
    code = main(
        [
            "frame",
            str(folder),
            "words",
            "--errors",
            "collect",
            "-o",
            str(out),
            "--role",
            "Rep=caller",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert f"skipped {folder / 'corrupt.json'}" in err
    assert "2 of 5 inputs skipped" in err
    rows = json.loads(out.read_text())
    assert len(rows) == 11
    # the override fills the caller role with Rep; the agent role then falls to Customer
    assert {r["speaker"]: r["role"] for r in rows if r["source"].endswith("b.json")} == {
        "Customer": "agent",
        "Rep": "caller",
    }


def test_cli_raise_mode_hints_at_collect_and_exits_2(folder: Path, capsys):
    assert main(["frame", str(folder), "words"]) == 2
    err = capsys.readouterr().err
    assert "backwards.json" in err and "--errors collect" in err


def test_cli_usage_errors(folder: Path, capsys, monkeypatch):
    assert main(["frame", str(folder / "a.json"), "words", "--format", "parquet"]) == 2
    assert "-o" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["frame", str(folder), "words", "-o", str(folder / "x.parquet")]) == 2
    assert "vbformats[parquet]" in capsys.readouterr().err
    assert main(["frame", str(folder / "a.json"), "words", "--role", "nobody"]) == 2
    assert "expected NAME=agent or NAME=caller" in capsys.readouterr().err
    assert main(["frame", str(folder / "*.nothing"), "words"]) == 2
    assert "no input files" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["frame", str(folder / "a.json"), "not-a-table"])


def test_cli_options_reach_the_builders(tmp_path: Path, capsys):
    doc = {
        "transcript": {
            "words": [
                {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
                {"s": 0, "e": 100, "w": "hi"},
                {"s": 100, "e": 200, "w": "1", "m": "dtmf"},
            ]
        },
        "speakerSentiments": [
            {"speakerName": "Agent", "sentimentValues": [{"s": 0, "e": 200, "v": 0.5}]}
        ],
        "noun-verb-pairs": [
            {"timestamp": {"s": 0, "e": 100}, "V": "say", "N": "hi", "speaker": "agent"}
        ],
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc))
    assert main(["frame", str(path), "turns", "--include-dtmf", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["text"] == "hi 1"
    assert (
        main(["frame", str(path), "verb_noun_pairs", "--with-sentiment", "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)[0]["sentiment"] == 0.5
