"""The command line: ``vbformats convert`` and ``vbformats info``.

Most tests run ``main([...])`` in-process; one runs the installed ``vbformats`` entry point.
Expected numbers are computed here from the raw sample JSON with code independent of the
library (a marker walk and a span union), not copied from the command's output.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
import srt as srt_lib
from lxml import etree

import vbformats
from vbformats.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
STEREO = SAMPLES / "stereo_call.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def independent_stats(path: Path) -> dict[str | None, tuple[int, int]]:
    """speaker -> (speech words, talk ms as the union of word spans), from the raw JSON."""
    words = json.loads(path.read_text(encoding="utf-8"))["transcript"]["words"]
    speaker: str | None = None
    spans: dict[str | None, list[tuple[int, int]]] = {}
    for word in words:
        flags = set((word.get("m") or "").split("|")) - {""}
        if "turn" in flags:
            speaker = word["w"].strip().rstrip(":").strip()
        elif not flags:
            spans.setdefault(speaker, []).append((word["s"], word["e"]))
    result = {}
    for name, items in spans.items():
        total, reach = 0, -1
        for s, e in sorted(items):
            if e > reach:
                total += e - max(s, reach)
                reach = e
        result[name] = (len(items), total)
    return result


def speech_words(path: Path) -> list[str]:
    words = json.loads(path.read_text(encoding="utf-8"))["transcript"]["words"]
    return [w["w"] for w in words if not w.get("m")]


def bare(word: str) -> str:
    return word.strip(string.punctuation + "“”‘’…")


# --- info -----------------------------------------------------------------------------------


def test_info_json_matches_an_independent_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "info", STEREO, "--json")
    assert code == 0 and err == ""
    summary = json.loads(out)
    stats = independent_stats(STEREO)
    doc = json.loads(STEREO.read_text(encoding="utf-8"))
    assert summary["duration_ms"] == doc["length"]
    assert summary["words"] == sum(count for count, _ in stats.values())
    assert summary["tokens"] == len(doc["transcript"]["words"])
    assert summary["turns"] == 32  # the script has 32 turns
    assert {s["name"]: (s["words"], s["talk_ms"]) for s in summary["speakers"]} == stats
    assert summary["sections"] == [
        "metadata", "transcript", "knowledge", "spotting", "prediction", "metrics",
        "categories", "conversation", "speakerSentiments", "entities", "streams",
        "encryption", "_job", "_links",
    ]  # fmt: skip
    assert summary["source_format"] == "v3" and summary["times_estimated"] is False


def test_info_human_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "info", STEREO)
    assert code == 0
    stats = independent_stats(STEREO)
    agent_words, _ = stats["Agent"]
    assert re.search(rf"^\s+Agent\s+{agent_words} words\s+\d+:\d\d\.\d talk$", out, re.M)
    assert re.search(r"^\s+duration\s+3:43\.2 \(223255 ms\)$", out, re.M)
    assert "sections    metadata, transcript, knowledge" in out


def test_info_on_captions_and_on_a_transcript_only_response(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "info", SAMPLES / "callback.srt", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["source_format"] == "srt" and summary["times_estimated"] is True
    assert summary["words"] == sum(c for c, _ in independent_stats(STEREO).values())

    code, out, _ = run(capsys, "info", SAMPLES / "transcript_only.json", "--json")
    summary = json.loads(out)
    assert summary["alternate_formats"] == ["webvtt", "text", "srt"]
    assert summary["words_from"] == "alternateFormats[srt]"
    assert summary["words"] == len(speech_words(SAMPLES / "mono_call.json"))


def test_info_on_an_error_body_prints_one_line_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "info", SAMPLES / "error_404.json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("vbformats: error: [status 404]")


# --- convert --------------------------------------------------------------------------------


def test_convert_to_srt_on_stdout_keeps_every_word(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "convert", STEREO, "--to", "srt")
    assert code == 0
    cues = list(srt_lib.parse(out))
    assert len(cues) > 40
    written = []
    for cue in cues:
        for line in cue.content.split("\n"):
            line = re.sub(r"^(Agent|Caller): ", "", line)
            written += [bare(w) for w in line.split() if bare(w)]
    expected = [bare(w) for w in speech_words(STEREO) if bare(w)]
    assert sorted(written) == sorted(expected)


def test_convert_infers_the_format_from_the_output_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    vtt = tmp_path / "call.vtt"
    code, out, _ = run(capsys, "convert", STEREO, "-o", vtt)
    assert code == 0 and out == ""
    assert vtt.read_text(encoding="utf-8").startswith("WEBVTT")
    dfxp = tmp_path / "call.dfxp"
    assert run(capsys, "convert", STEREO, "-o", dfxp)[0] == 0
    root = etree.fromstring(dfxp.read_bytes())
    assert root.tag == "{http://www.w3.org/ns/ttml}tt"
    assert not list(tmp_path.glob(".vbformats-*"))  # no temporary file left behind


def test_convert_defaults_to_text_and_accepts_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", STEREO)
    assert code == 0
    assert out.startswith("Agent: Thank you for calling Larkspur Fiber, this is Dana.")
    code, out, _ = run(capsys, "convert", STEREO, "--to", "webvtt")
    assert code == 0 and out.startswith("WEBVTT")


def test_convert_no_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", STEREO, "--to", "text", "--no-labels")
    assert code == 0
    assert "Thank you for calling" in out
    assert "Agent:" not in out and "Caller:" not in out


def test_convert_caption_options_reach_the_writer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "convert", STEREO, "--to", "srt", "--max-lines", "1", "--max-chars-per-line", "30"
    )
    assert code == 0
    for cue in srt_lib.parse(out):
        lines = cue.content.split("\n")
        assert len(lines) == 1
        assert len(lines[0]) <= 30 or " " not in lines[0]


def test_convert_overlap_merge_gives_sequential_cues(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", STEREO, "--to", "srt", "--overlap", "merge")
    assert code == 0
    cues = list(srt_lib.parse(out))
    for before, after in itertools.pairwise(cues):
        assert after.start >= before.end
    # the default keeps overlapping cues: the stereo call has overtalk
    default = list(srt_lib.parse(run(capsys, "convert", STEREO, "--to", "srt")[1]))
    assert any(a.start < b.end for b, a in itertools.pairwise(default))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "docx"], "unknown format 'docx'"),
        (["-o", "{tmp}/out.xyz"], "the extension .xyz names no format"),
        (["--to", "text", "--max-lines", "1"], "--max-lines: the text format has no such option"),
        (["--input-format", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_convert_usage_errors_are_one_line_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = run(capsys, "convert", STEREO, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("vbformats: error: ")
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_convert_bad_input_leaves_no_output_and_keeps_an_existing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 --> later\nx\n")
    out_file = tmp_path / "out.vtt"
    code, _, err = run(capsys, "convert", bad, "-o", out_file)
    assert code == 2
    assert f"{bad}:6: bad timing line" in err or f"{bad}:6: not a clock time" in err
    assert not out_file.exists()
    out_file.write_text("keep me")
    assert run(capsys, "convert", bad, "-o", out_file)[0] == 2
    assert out_file.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.srt", "out.vtt"]


def test_convert_transcript_only_uses_its_alternate_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "convert", SAMPLES / "transcript_only.json", "--to", "text")
    assert code == 0
    expected = [bare(w) for w in speech_words(SAMPLES / "mono_call.json")]
    assert [bare(w) for w in out.split() if bare(w)] == [w for w in expected if w]


def test_convert_captions_back_to_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", SAMPLES / "callback.vtt", "--to", "json")
    assert code == 0
    doc = json.loads(out)
    again = vbformats.load(doc)
    assert [w for w, sp in zip(again.words.text, again.words.is_speech, strict=True) if sp]
    assert sum(again.words.is_speech) == len(speech_words(STEREO))


def test_convert_input_format_for_an_unhelpful_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = tmp_path / "body.txt"
    body.write_text("1\n00:00:01,000 --> 00:00:02,500\nCaller: It works.\n")
    code, out, _ = run(capsys, "convert", body, "--input-format", "srt", "--to", "vtt")
    assert code == 0
    cue_lines = [line for line in out.splitlines() if "-->" in line]
    assert cue_lines and cue_lines[0].startswith("00:00:01.000 --> 00:00:02.500")
    assert "<v Caller>" in out


@pytest.mark.parametrize("command", ["convert", "info"])
def test_help_shows_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"vbformats {command} call.json" in out


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    exe = shutil.which("vbformats")
    assert exe is not None, "the vbformats console script is not installed"
    done = subprocess.run(
        [exe, "convert", str(SAMPLES / "callback.vtt"), "--to", "srt"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(list(srt_lib.parse(done.stdout))) > 40
    failed = subprocess.run(
        [exe, "info", str(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr.startswith("vbformats: error: ") and failed.stderr.count("\n") == 1
