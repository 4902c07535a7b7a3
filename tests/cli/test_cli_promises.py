"""Issue #16, the command line keeps its word: one alternateFormats rule, what ``info`` says,
one flag per idea, ``-o``'s extension, flags that do not apply, one-line usage errors, stdin
and ``python -m``, caption limits not met, JSON in CSV cells, ``--compare`` without reported
metrics, ``wrote`` lines, ``--help`` listing the registry, a readable ``help(vbformats)`` and
``words.estimated`` as a column. Fixtures: our own samples/ and tests/data/.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import vbformats
from vbformats.cli import main
from vbformats.models.media import Media

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DATA = ROOT / "tests" / "data"
STEREO = SAMPLES / "stereo_call.json"
ONLY = SAMPLES / "transcript_only.json"
DIARIZE = DATA / "ringcentral" / "diarize_2023.json"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. one rule for alternateFormats ----------------------------------------------------------


def _srt_of(path: Path) -> str:
    doc = json.loads(path.read_text(encoding="utf-8"))
    (srt,) = [a for a in doc["alternateFormats"] if a["format"] == "srt"]
    return base64.b64decode(srt["data"]).decode("utf-8")


def test_every_command_and_table_reads_a_transcript_only_response_alike(capsys) -> None:
    spoken = [
        line
        for line in _srt_of(ONLY).replace("\r", "").split("\n")
        if line and not line.isdigit() and "-->" not in line
    ]
    code, text, _ = run(capsys, "convert", ONLY, "--to", "text", "--one-line")
    assert code == 0 and text.split() == " ".join(spoken).split()
    code, out, _ = run(capsys, "metrics", ONLY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    defined = [row for row in rows if row["value"] != ""]
    assert code == 0 and len(defined) > 1  # was 1 of 44 before the rule
    assert {row["metric"]: row["value"] for row in rows}["silence-incidents"] == "0"
    code, out, _ = run(capsys, "frame", ONLY, "turns")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) >= 1
    code, out, _ = run(capsys, "info", ONLY, "--json")
    summary = json.loads(out)
    assert summary["words_from"] == "alternateFormats[srt]" and summary["words"] == len(
        " ".join(spoken).replace(",", " ").replace(".", " ").replace("?", " ").split()
    )


def test_the_rule_keeps_the_document_as_read(capsys) -> None:
    code, out, _ = run(capsys, "convert", ONLY, "--to", "json")
    assert code == 0 and json.loads(out) == json.loads(ONLY.read_text(encoding="utf-8"))
    media = vbformats.load(ONLY)
    assert all(media.words.estimated) and media.words_from == "alternateFormats[srt]"


# --- 2. info ------------------------------------------------------------------------------------


def test_info_takes_speakers_and_duration_from_voice_activity(capsys) -> None:
    doc = json.loads(DIARIZE.read_text(encoding="utf-8"))
    talk: dict[str, int] = {}
    for utterance in doc["response"]["utterances"]:
        ms = round(utterance["end"] * 1000) - round(utterance["start"] * 1000)
        talk[f"Speaker {utterance['speakerId']}"] = (
            talk.get(f"Speaker {utterance['speakerId']}", 0) + ms
        )
    code, out, _ = run(capsys, "info", DIARIZE, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["speakers_from"] == "voiceActivity"
    assert {s["name"]: s["talk_ms"] for s in summary["speakers"]} == talk
    last = max(u["end"] for u in doc["response"]["utterances"])
    assert summary["duration_ms"] == round(last * 1000)
    code, out, _ = run(capsys, "info", DIARIZE)
    assert "speakers    (from voice activity)" in out and "0:00.0 (0 ms)" not in out


def test_info_unknown_duration_and_the_noun_verb_pairs_section(capsys) -> None:
    path = SAMPLES / "verb_noun_pairs.json"
    code, out, _ = run(capsys, "info", path, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["duration_ms"] is None
    assert summary["sections"] == ["noun-verb-pairs"]
    code, out, _ = run(capsys, "info", path)
    assert "  duration    unknown\n" in out and "sections    noun-verb-pairs" in out


def test_info_says_times_are_estimated_from_cues_only_for_cues(capsys, tmp_path) -> None:
    text = tmp_path / "plain.txt"
    text.write_text("Agent: Hello there.\n\nCaller: Hi.\n", encoding="utf-8")
    shown = {}
    for path in (SAMPLES / "callback.srt", text, STEREO, DATA / "ace" / "record.json"):
        code, out, _ = run(capsys, "info", path)
        assert code == 0
        (line,) = [line for line in out.splitlines() if line.startswith("  words ")]
        shown[path.name] = line
    assert shown["callback.srt"].endswith("(times estimated from cues)")
    assert shown["plain.txt"].endswith("(times estimated from the text: it has no times)")
    assert "estimated" not in shown["stereo_call.json"]
    assert shown["record.json"].endswith("(times estimated from utterances)")


def test_info_sections_are_the_documents_without_dumping_it(capsys, monkeypatch) -> None:
    from vbformats.commands.info import _SECTIONS, sections

    expected = {}
    for path in (STEREO, SAMPLES / "mono_call.json", SAMPLES / "legacy_v2.json", DIARIZE):
        media = vbformats.load(path)
        expected[path] = [key for key in _SECTIONS if key in media.to_dict()]
        assert sections(media) == expected[path], path.name

    def refuse(self: Media) -> dict[str, object]:
        raise AssertionError("info dumped the document")

    monkeypatch.setattr(Media, "to_dict", refuse)
    code, out, _ = run(capsys, "info", STEREO, "--json")
    assert code == 0 and json.loads(out)["sections"] == expected[STEREO]


# --- 3. one flag per idea -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--role", "--roles"])
def test_role_and_roles_are_one_flag_on_every_command(capsys, tmp_path, flag) -> None:
    swapped = ["Agent=caller", "Caller=agent"]
    argv = [a for pair in swapped for a in (flag, pair)]
    code, out, _ = run(capsys, "frame", STEREO, "turns", *argv)
    roles = {(r["speaker"], r["role"]) for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and roles == {("Agent", "caller"), ("Caller", "agent")}
    code, swapped_out, _ = run(capsys, "metrics", STEREO, *argv)
    code2, plain_out, _ = run(capsys, "metrics", STEREO)
    assert code == code2 == 0 and swapped_out != plain_out
    code, _, err = run(capsys, "metrics", STEREO, flag, "Agent=boss")
    assert code == 2 and err.startswith(f"vbformats: error: {flag}: role must be agent or caller")
    code, _, err = run(capsys, "report", STEREO, "-o", tmp_path / "r.html", flag, "nobody")
    assert code == 2 and err.startswith(f"vbformats: error: {flag}: expected NAME=agent")


def test_the_metric_column_has_one_name(capsys) -> None:
    _, table, _ = run(capsys, "frame", STEREO, "metrics")
    _, computed, _ = run(capsys, "frame", STEREO, "computed_metrics")
    _, command, _ = run(capsys, "metrics", STEREO, "--format", "csv")
    headers = [next(csv.reader(io.StringIO(text))) for text in (table, computed, command)]
    assert all("metric" in header and "name" not in header for header in headers)


# --- 4. -o's extension, flags that do not apply, option errors ----------------------------------


def test_the_extension_gives_the_format_on_every_command(capsys, tmp_path) -> None:
    assert run(capsys, "metrics", STEREO, "-o", tmp_path / "m.csv")[0] == 0
    rows = list(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert rows and set(rows[0]) == {"group", "metric", "value"}
    assert run(capsys, "metrics", STEREO, "-o", tmp_path / "m.txt")[0] == 0
    assert (tmp_path / "m.txt").read_text(encoding="utf-8").split()[:3] == [
        "group",
        "metric",
        "value",
    ]
    pairs = DATA / "alignment" / "pairs.csv"
    assert run(capsys, "wer", "--pairs", pairs, "-o", tmp_path / "w.json")[0] == 0
    assert isinstance(json.loads((tmp_path / "w.json").read_text(encoding="utf-8")), list)
    assert run(capsys, "frame", STEREO, "turns", "-o", tmp_path / "t.json")[0] == 0
    assert isinstance(json.loads((tmp_path / "t.json").read_text(encoding="utf-8")), list)
    assert run(capsys, "info", STEREO, "-o", tmp_path / "i.json")[0] == 0
    summary = json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))
    assert summary["media_id"] == vbformats.load(STEREO).media_id
    assert run(capsys, "info", STEREO, "-o", tmp_path / "i.txt")[0] == 0
    assert "  format      v3\n" in (tmp_path / "i.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["convert", STEREO, "--to", "srt", "-o", "{tmp}/out.vtt"], "-o: '{tmp}/out.vtt' names the vtt format, but --to says srt"),
        (["frame", STEREO, "words", "-o", "{tmp}/t.tsv"], "-o: the extension .tsv names no format (known: .csv, .parquet, .pq, .json); give --format"),
        (["frame", STEREO, "words", "--format", "json", "-o", "{tmp}/t.csv"], "names the csv format, but --format says json"),
        (["metrics", STEREO, "--format", "json", "-o", "{tmp}/m.csv"], "names the csv format, but --format says json"),
        (["frame", STEREO, "turns", "--with-sentiment"], "--with-sentiment: the turns table has no such option (it applies to verb_noun_pairs)"),
        (["frame", STEREO, "words", "--include-dtmf"], "--include-dtmf: the words table has no such option"),
        (["convert", DIARIZE, "--speaker", "5=Agent"], "--speaker: no speaker id '5' in this result (its ids: 0, 1)"),
        (["info", STEREO, "--speaker", "0=Agent"], "--speaker: names RingCentral speaker ids; this is a v3 result"),
        (["report", STEREO, "-o", "{tmp}/r.html", "--speaker", "0=Agent"], "--speaker: names RingCentral speaker ids"),
        (["metrics", SAMPLES / "callback.srt", "--speaker", "0=Agent"], "this is a srt result"),
        (["convert", STEREO, "--to", "srt", "--max-cps", "0"], "--max-cps: Input should be greater than 0"),
        (["convert", STEREO, "--to", "srt", "--min-cue-ms", "9000", "--max-cue-ms", "100"], "--min-cue-ms (9000) must not exceed --max-cue-ms (100)"),
    ],
)  # fmt: skip
def test_a_contradiction_or_a_flag_that_does_not_apply_is_one_error(
    capsys, tmp_path, argv, message
) -> None:
    code, out, err = run(capsys, *[str(a).replace("{tmp}", str(tmp_path)) for a in argv])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert message.replace("{tmp}", str(tmp_path)) in err, err
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_speaker_that_exists_is_named(capsys) -> None:
    code, out, _ = run(capsys, "info", DIARIZE, "--speaker", "1=Customer", "--json")
    names = [speaker["name"] for speaker in json.loads(out)["speakers"]]
    assert code == 0 and names == ["Speaker 0", "Customer"]


# --- 5. usage errors, stdin, python -m --------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "prog"),
    [
        (["frame", str(STEREO), "words", "--compat"], "vbformats frame"),
        (["convert", str(STEREO), "--max-lines", "x"], "vbformats convert"),
        (["frame", str(STEREO)], "vbformats frame"),
        (["bogus"], "vbformats"),
    ],
)
def test_usage_errors_are_one_line_naming_the_subcommand(capsys, argv, prog) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"{prog}: error: ") and err.rstrip().endswith(f"(see '{prog} --help')")
    assert "usage:" not in err


def test_convert_dash_reads_stdin_and_python_m_runs_the_cli() -> None:
    body = (SAMPLES / "callback.srt").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "vbformats", "convert", "-", "--to", "text"],
        input=body,
        capture_output=True,
        timeout=120,
        check=False,
    )
    expected = vbformats.render(vbformats.load(SAMPLES / "callback.srt"), "text")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == expected
    version = subprocess.run(
        [sys.executable, "-m", "vbformats", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        version.returncode == 0 and version.stdout.strip() == f"vbformats {vbformats.__version__}"
    )


# --- 6. caption limits that could not be met ---------------------------------------------------


def test_limits_not_met_are_one_summary_line_and_strict_fails(capsys, tmp_path) -> None:
    from vbformats import formats

    media = vbformats.load(STEREO)
    options = {"max_chars_per_line": 5}
    expected = vbformats.render(media, "srt", options)
    cues = formats.get("srt").cues(media, options)
    broken = {v.cue_index for v in cues.violations}
    code, out, err = run(capsys, "convert", STEREO, "--to", "srt", "--max-chars-per-line", "5")
    assert code == 0 and out == expected  # the output is what the engine writes anyway
    (line,) = err.splitlines()
    assert line.startswith(f"vbformats: warning: {len(broken)} of {len(cues)} cues break")
    assert "max_chars_per_line: " in line and line.endswith("--strict makes this an error")
    target = tmp_path / "c.srt"
    code, _, err = run(
        capsys, "convert", STEREO, "-o", target, "--max-chars-per-line", "5", "--strict"
    )
    assert code == 1 and target.read_text(encoding="utf-8") == expected
    assert err.splitlines()[-1].startswith(f"vbformats: error: {len(broken)} of {len(cues)} cues")
    code, _, err = run(capsys, "convert", STEREO, "--to", "srt", "--strict")
    assert code == 0 and err == ""  # limits the words allow: nothing to say


# --- 7. CSV cells ------------------------------------------------------------------------------


def test_csv_cells_hold_json_never_python_reprs(capsys, tmp_path) -> None:
    doc = json.loads(STEREO.read_text(encoding="utf-8"))
    frq = next(w["frq"] for w in doc["transcript"]["words"] if "frq" in w)
    _, out, _ = run(capsys, "frame", STEREO, "words")
    cells = [r["frequencies"] for r in csv.DictReader(io.StringIO(out)) if r["frequencies"]]
    assert cells and "(" not in "".join(cells)
    assert json.loads(cells[0]) == [[f["f"], f["e"]] for f in frq]
    _, out, _ = run(capsys, "frame", STEREO, "cues")
    lines = [json.loads(r["lines"]) for r in csv.DictReader(io.StringIO(out))]
    assert all(isinstance(cue, list) and all(isinstance(x, str) for x in cue) for cue in lines)
    _, out, _ = run(capsys, "frame", STEREO, "cues", "--format", "json")
    assert isinstance(json.loads(out)[0]["lines"], list)  # native in JSON


# --- 8. --compare, wrote lines, --help, help(vbformats), estimated ----------------------------


def test_compare_without_reported_metrics_says_so(capsys) -> None:
    code, out, err = run(
        capsys, "metrics", SAMPLES / "callback.srt", "--compare", "--format", "csv"
    )
    assert code == 0 and out.splitlines() == ["group,metric,reported,computed,difference"]
    assert "the document reports no metrics" in err and err.count("\n") == 1
    code, _, err = run(capsys, "metrics", STEREO, "--compare")
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", STEREO, "-o", "{tmp}/out.srt"],
        ["frame", STEREO, "turns", "-o", "{tmp}/out.csv"],
        ["metrics", STEREO, "-o", "{tmp}/out.json"],
        ["wer", SAMPLES / "callback.srt", STEREO, "-o", "{tmp}/out.txt"],
        ["info", STEREO, "-o", "{tmp}/out.json"],
    ],
)
def test_a_successful_output_file_is_named_unless_quiet(capsys, tmp_path, argv) -> None:
    argv = [str(a).replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, *argv)
    target = argv[-1]
    assert code == 0 and out == "" and Path(target).stat().st_size > 0
    (line,) = err.splitlines()
    assert line.startswith(f"vbformats: wrote {target} (")
    assert run(capsys, *argv, "--quiet") == (0, "", "")


def test_convert_help_lists_every_format_and_alias(capsys) -> None:
    from vbformats import formats

    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for fmt in formats.formats():
        if fmt.writable:
            for name in (fmt.name, *fmt.aliases):
                assert name in text, name


def test_help_vbformats_is_a_page() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pydoc", "vbformats"], capture_output=True, text=True, check=False
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and 50 < len(lines) < 400  # 3,664 lines before
    assert "Methods inherited from pydantic" not in done.stdout
    for name in ("load", "render", "save", "Media", "InvalidInputError"):
        assert name in done.stdout
    assert vbformats.Media is Media and vbformats.InvalidInputError.__name__ == "InvalidInputError"


def test_estimated_is_always_a_column() -> None:
    media = vbformats.load(STEREO)
    assert media.words.estimated[:4] == [False] * 4
    assert len(media.words.estimated) == len(media.words)
    assert all(vbformats.load(SAMPLES / "callback.srt").words.estimated[:4])


def test_info_counts_turns_and_speakers_as_turns_does_on_every_fixture() -> None:
    import warnings

    from vbformats.commands.info import summarize

    checked = 0
    paths = sorted([*SAMPLES.glob("*.*"), *DATA.glob("**/*.json"), *DATA.glob("**/*.srt")])
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                media = vbformats.load(path)
        except (vbformats.VBFormatsError, ValueError):
            continue  # the hostile and error fixtures
        built = vbformats.turns(media)
        summary = summarize(media)
        assert summary["turns"] == len(built), path
        words: dict[str | None, int] = {}
        for turn in built:
            speech = sum(media.words.is_speech[i] for i in turn.token_indices)
            words[turn.speaker] = words.get(turn.speaker, 0) + speech
        if summary["speakers_from"] == "words":
            assert {s["name"]: s["words"] for s in summary["speakers"]} == words, path
        checked += 1
    assert checked >= 25
