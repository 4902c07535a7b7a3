"""``--redact`` and ``--profanity-filter`` on ``convert``, ``frame`` and ``report``, and the new
``convert --to`` formats (issue #15)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pysubs2
import pytest

from vbformats.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
STEREO = SAMPLES / "stereo_call.json"
# the caller's account number in the sample, as spoken
ACCOUNT = "four four seven two, nine one eight"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_convert_redacts_numbers_with_the_local_detectors(capsys):
    code, plain, _ = run(capsys, "convert", STEREO, "--to", "text")
    assert code == 0 and ACCOUNT in plain
    code, out, _ = run(capsys, "convert", STEREO, "--to", "text", "--redact", "numbers")
    assert code == 0
    assert ACCOUNT not in out and "is [redacted] [redacted]" in out
    assert len(out.split()) == len(plain.split())


def test_service_detections_only_leaves_what_the_service_did_not_find(capsys):
    code, out, _ = run(
        capsys,
        "convert",
        STEREO,
        "--to",
        "text",
        "--redact",
        "numbers",
        "--service-detections-only",
    )
    assert code == 0 and ACCOUNT in out  # the sample's service detections have no Number


def test_convert_json_keeps_the_note_and_frame_reads_it(capsys, tmp_path):
    out_path = tmp_path / "r.json"
    code, _, _ = run(capsys, "convert", STEREO, "-o", out_path, "--redact", "pci,numbers")
    assert code == 0
    doc = json.loads(out_path.read_text(encoding="utf-8"))
    (note,) = doc["vbformatsContentFilters"]
    assert note["detections"] == ["number", "pci"] and note["words"] > 0
    code, out, _ = run(capsys, "frame", out_path, "redactions")
    assert code == 0
    assert out.splitlines()[0] == "filter,kind,detector,label,start_ms,end_ms,words,replacement"
    # a word in both a PCI and a Number region counts in each region
    assert sum(int(line.split(",")[6]) for line in out.splitlines()[1:]) >= note["words"]
    assert note["words"] == sum(w["w"] == "[redacted]" for w in doc["transcript"]["words"])


def test_frame_applies_the_filters_to_every_input(capsys, tmp_path):
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_bytes(STEREO.read_bytes())
    code, out, _ = run(
        capsys, "frame", tmp_path, "words", "--redact", "numbers", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    assert {r["source"] for r in rows} == {str(tmp_path / "a.json"), str(tmp_path / "b.json")}
    spoken = " ".join(r["text"] for r in rows if r["is_speech"])
    assert "four four seven two" not in spoken and "[redacted]" in spoken


def _shown_text(path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split())


def test_report_redacts_one_call_and_an_archive(capsys, tmp_path):
    html_path = tmp_path / "r.html"
    code, _, err = run(capsys, "report", STEREO, "-o", html_path, "--redact", "numbers")
    assert code == 0, err
    text = _shown_text(html_path)
    assert "[redacted]" in text and "four four seven two" not in text
    # an archive report: every per-call report is redacted too, in worker processes
    calls = tmp_path / "calls"
    calls.mkdir()
    for name in ("a.json", "b.json"):
        (calls / name).write_bytes(Path(STEREO).read_bytes())
    archive, per_call = tmp_path / "archive.html", tmp_path / "each"
    code, _, err = run(
        capsys,
        "report",
        calls,
        "-o",
        archive,
        "--per-call",
        per_call,
        "--jobs",
        "2",
        "--redact",
        "numbers",
    )
    assert code == 0, err
    reports = sorted(per_call.glob("*.html"))
    assert len(reports) == 2
    for each in reports:
        shown = _shown_text(each)
        assert "[redacted]" in shown and "four four seven two" not in shown
    assert "four four seven two" not in _shown_text(archive)


def test_profanity_filter_flags(capsys):
    code, out, _ = run(
        capsys, "convert", STEREO, "--to", "text", "--profanity-filter", "--profanity-add", "fiber"
    )
    assert code == 0 and "Larkspur …," in out and "Fiber" not in out
    code, _, err = run(
        capsys, "convert", STEREO, "--profanity-filter", "--profanity-language", "xx"
    )
    assert code == 2 and "xx" in err


def test_an_empty_redact_list_is_an_error(capsys):
    code, _, err = run(capsys, "convert", STEREO, "--redact", ",")
    assert code == 2 and "--redact" in err


def test_convert_to_the_word_level_formats(capsys, tmp_path):
    for name, check in (
        ("call.words.vtt", lambda t: t.startswith("WEBVTT") and "<00:00:01.650>you" in t),
        (
            "call.words.ttml",
            lambda t: '<span begin="00:00:00.000" end="00:00:00.379">Thank</span>' in t,
        ),
        ("call.karaoke.ass", lambda t: "{\\k43}Thank" in t),
        (
            "call.ass",
            lambda t: pysubs2.SSAFile.from_string(t).events[0].plaintext.startswith("Thank"),
        ),
    ):
        code, _, err = run(capsys, "convert", STEREO, "-o", tmp_path / name)
        assert code == 0, err
        assert check((tmp_path / name).read_text(encoding="utf-8")), name
    code, out, _ = run(capsys, "convert", STEREO, "--to", "vtt-words", "--karaoke-style")
    assert "STYLE\n::cue(:past)" in out
    # the words table: JSON or CSV by extension, the same rows as `frame words`
    run(capsys, "convert", STEREO, "-o", tmp_path / "w.words.csv")
    run(capsys, "convert", STEREO, "-o", tmp_path / "w.words.json")
    code, table_csv, _ = run(capsys, "frame", STEREO, "words")
    from_csv = pd.read_csv(tmp_path / "w.words.csv")
    assert from_csv.equals(pd.read_csv(io.StringIO(table_csv)))
    rows = json.loads((tmp_path / "w.words.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in rows] == list(from_csv["text"])
    code, out, _ = run(capsys, "convert", STEREO, "--to", "words", "--table-format", "csv")
    assert out == table_csv
