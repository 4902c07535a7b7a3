"""``vbformats align`` and ``vbformats wer`` end to end (in process, and once through the
installed entry point)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import jiwer
import pytest

import vbformats
from vbformats.cli import main


@pytest.fixture
def call(tmp_path, samples_dir):
    """The stereo sample, and a corrected text of it (a name and an account number)."""
    media = vbformats.load(samples_dir / "stereo_call.json")
    text = (
        vbformats.render(media, "text")
        .replace("Theo Okafor", "Theo O'Kafor")
        .replace("four four seven two, nine one eight", "4472-918")
    )
    edited = tmp_path / "corrected.txt"
    edited.write_text(text, encoding="utf-8")
    return samples_dir / "stereo_call.json", edited, media


def test_align_writes_voicebase_json_and_reports_on_stderr(call, tmp_path, capsys) -> None:
    media_path, edited, _ = call
    out = tmp_path / "corrected.json"
    assert main(["align", str(media_path), str(edited), "-o", str(out)]) == 0
    aligned = vbformats.load(out)
    assert "4472-918" in aligned.words.text
    first = vbformats.turns(aligned)[1]
    assert (first.speaker, first.start_ms, first.end_ms) == ("Caller", 9973, 17034)
    err = capsys.readouterr().err
    assert err.startswith("vbformats: matched ") and "edited words" in err


def test_align_to_srt_on_stdout_and_report_file(call, tmp_path, capsys) -> None:
    media_path, edited, _ = call
    report = tmp_path / "report.json"
    assert (
        main(
            [
                "align",
                str(media_path),
                str(edited),
                "--to",
                "srt",
                "--report",
                str(report),
                "--quiet",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "3\n00:00:09,973 --> 00:00:12,100\nCaller: Hi Dana, it's Theo O'Kafor.\n" in captured.out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["passed"] is True and data["stretches"] == []


def test_align_format_from_the_extension_and_stdin(call, tmp_path, monkeypatch) -> None:
    media_path, edited, _ = call
    out = tmp_path / "corrected.vtt"
    monkeypatch.setattr("sys.stdin", io.StringIO(edited.read_text(encoding="utf-8")))
    assert main(["align", str(media_path), "-", "-o", str(out), "--quiet"]) == 0
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")


def test_align_wrong_media_exits_2_without_output(call, tmp_path, samples_dir, capsys) -> None:
    _, edited, _ = call
    out = tmp_path / "out.json"
    code = main(["align", str(samples_dir / "mono_call.json"), str(edited), "-o", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert err.startswith("vbformats: error: edited: only ") and err.count("\n") == 1
    # warned instead: written, exit status 1
    assert (
        main(
            [
                "align",
                str(samples_dir / "mono_call.json"),
                str(edited),
                "-o",
                str(out),
                "--on-mismatch",
                "warn",
            ]
        )
        == 1
    )
    assert out.exists()
    assert "vbformats: warning: edited: only" in capsys.readouterr().err


def test_align_bad_threshold_is_a_usage_error(call) -> None:
    media_path, edited, _ = call
    with pytest.raises(SystemExit) as caught:
        main(["align", str(media_path), str(edited), "--min-matched", "2"])
    assert caught.value.code == 2


def _write_pairs(tmp_path, rows):
    folder = tmp_path / "pairs"
    folder.mkdir()
    for name, text in rows.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_wer_single_pair_table_and_per_speaker(tmp_path, capsys) -> None:
    folder = _write_pairs(
        tmp_path,
        {
            "ref.txt": "Agent: the cat sat on the mat\n\nCaller: dogs run fast\n",
            "hyp.txt": "the cat sat on a mat dogs ran fast\n",
        },
    )
    assert main(["wer", str(folder / "ref.txt"), str(folder / "hyp.txt"), "--per-speaker"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "label", "speaker", "words", "wer", "mer", "wil", "hits", "substitutions", "deletions", "insertions",
    ]  # fmt: skip
    # 2 substitutions in 9 words; wil = 1 - (7/9)(7/9)
    assert lines[1].split() == ["hyp.txt", "9", "0.2222", "0.2222", "0.3951", "7", "2", "0", "0"]
    assert lines[2].split()[:4] == ["hyp.txt", "Agent", "6", "0.1667"]
    assert lines[3].split()[:4] == ["hyp.txt", "Caller", "3", "0.3333"]


def test_wer_pairs_csv_with_total_equal_to_jiwer_over_the_corpus(tmp_path, capsys) -> None:
    texts = {
        "r1.txt": "the cat sat on the mat",
        "h1.txt": "the cat sat on a mat",
        "r2.txt": "hello there how are you",
        "h2.txt": "hello how are you doing",
        "r3.txt": "one two three",
        "h3.txt": "one two three",
    }
    folder = _write_pairs(tmp_path, texts)
    pairs = folder / "pairs.csv"
    pairs.write_text(
        "reference,hypothesis,label\nr1.txt,h1.txt,first\nr2.txt,h2.txt,second\nr3.txt,h3.txt,third\n",
        encoding="utf-8",
    )
    out = tmp_path / "wer.csv"
    assert main(["wer", "--pairs", str(pairs), "--format", "csv", "--cer", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [row["label"] for row in rows] == ["first", "second", "third", "TOTAL"]
    refs = [texts[f"r{k}.txt"] for k in (1, 2, 3)]
    hyps = [texts[f"h{k}.txt"] for k in (1, 2, 3)]
    corpus = jiwer.process_words(refs, hyps, jiwer.wer_standardize, jiwer.wer_standardize)
    total = rows[-1]
    assert [int(total[name]) for name in ("hits", "substitutions", "deletions", "insertions")] == [
        corpus.hits,
        corpus.substitutions,
        corpus.deletions,
        corpus.insertions,
    ]
    assert float(total["wer"]) == pytest.approx(corpus.wer)
    assert float(total["mer"]) == pytest.approx(corpus.mer)
    assert float(total["wil"]) == pytest.approx(corpus.wil)
    assert float(total["cer"]) == pytest.approx(jiwer.cer(refs, hyps))
    assert float(rows[0]["wer"]) == pytest.approx(jiwer.wer(refs[0], hyps[0]))


def test_wer_json_and_no_normalize(tmp_path, capsys) -> None:
    folder = _write_pairs(tmp_path, {"ref.txt": "Hello there", "hyp.txt": "hello there"})
    assert main(["wer", str(folder / "ref.txt"), str(folder / "hyp.txt"), "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["wer"] == 0.0 and row["speaker"] is None
    assert (
        main(
            [
                "wer",
                str(folder / "ref.txt"),
                str(folder / "hyp.txt"),
                "--no-normalize",
                "--format",
                "json",
            ]
        )
        == 0
    )
    (row,) = json.loads(capsys.readouterr().out)
    assert row["substitutions"] == 1 and row["wer"] == 0.5


def test_wer_errors_exit_2(tmp_path, capsys) -> None:
    assert main(["wer", str(tmp_path / "missing.txt"), str(tmp_path / "other.txt")]) == 2
    assert "vbformats: error:" in capsys.readouterr().err
    assert main(["wer"]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("ref,hyp\na,b\n", encoding="utf-8")
    assert main(["wer", "--pairs", str(bad)]) == 2
    assert "expected columns reference,hypothesis" in capsys.readouterr().err


def test_the_installed_entry_point_runs_both(call, tmp_path) -> None:
    media_path, edited, _ = call
    exe = shutil.which("vbformats")
    assert exe is not None
    srt = subprocess.run(
        [exe, "align", str(media_path), str(edited), "--to", "srt", "--quiet"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Theo O'Kafor" in srt
    table = subprocess.run(
        [exe, "wer", str(edited), str(media_path)], check=True, capture_output=True, text=True
    ).stdout
    assert table.splitlines()[1].split()[0] == "stereo_call.json"
