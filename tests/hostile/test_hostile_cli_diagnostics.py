"""Every CLI diagnostic is one line with control characters escaped (issue #11).

Error bodies, job messages, media ids, file names and speaker names are text from outside: a
``\\n`` in one used to print as several stderr lines, and an ANSI escape code reached the
terminal raw (``\\x1b[2J`` clears it). Errors, warnings, "skipped" and "wrote" lines all go
through :func:`vbformats.commands.say`; ``info``'s human summary escapes names the same way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from vbformats.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "stereo_call.json"

NASTY = "bad\nline\r\x1b[2J\x1b[31mred\u2028next\u202eevil\x07\x9b"
# what a reader sees: each character a terminal would act on written as its escape
SHOWN = "bad\\nline\\r\\x1b[2J\\x1b[31mred\\u2028next\\u202eevil\\x07\\x9b"
RAW = ("\n", "\r", "\x1b", "\u2028", "\u202e", "\x07", "\x9b")


def _assert_one_clean_line(err: str, prefix: str = "vbformats: error: ") -> str:
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    line = err[:-1]
    for char in RAW:
        assert char not in line, (char, line)
    assert line.startswith(prefix), line
    return line


def test_one_line_escapes_what_a_terminal_acts_on():
    from vbformats.commands import one_line

    assert one_line(NASTY) == SHOWN
    assert one_line("\ud800 lone surrogate") == "\\ud800 lone surrogate"
    assert one_line("tab\tthere") == "tab\\tthere"
    # what is printable stays as it is: accents, CJK, emoji with joiners, combining marks
    text = "José 李雷 👩\u200d👩\u200d👧 e\u0301 A&B <x>"
    assert one_line(text) == text


BODIES: dict[str, tuple[dict[str, Any], str]] = {
    # case: (the document, what its error line must show, escaped)
    "error body": ({"status": 400, "warnings": {"message": NASTY}}, SHOWN),
    "errors list": ({"errors": [{"code": "E1", "error": NASTY}]}, SHOWN),
    "failed media message": (
        {"mediaId": "m", "status": "failed", "errors": [{"code": 4100, "error": NASTY}]},
        SHOWN,
    ),
    "failed media id": ({"mediaId": NASTY, "status": "failed"}, f"media {SHOWN} failed"),
    "ringcentral job message": (
        {
            "jobId": "j-1",
            "status": "Fail",
            "api": "/ai/audio/v1/async/speech-to-text",
            "response": {"errors": [{"errorCode": "CAI-104", "message": NASTY}]},
        },
        SHOWN,
    ),
    "ringcentral job id": (
        {"jobId": NASTY, "status": "InProgress", "api": "/ai/audio/v1/async/speech-to-text"},
        f"job {SHOWN} is not finished (status",
    ),
    "bad word time": (
        {"transcript": {"words": [{"s": NASTY, "e": 1, "w": "x"}]}},
        "transcript.words[0].s",
    ),
    "bad key": ({"knowledge": {"keywords": [{NASTY: 1, "keyword": 5}]}}, "knowledge.keywords"),
}

COMMANDS = {
    "convert": ["convert", "{src}", "--to", "srt"],
    "convert -o": ["convert", "{src}", "-o", "{out}/x.vtt"],
    "info": ["info", "{src}"],
    "info --json": ["info", "{src}", "--json"],
    "frame": ["frame", "{src}", "words"],
    "metrics": ["metrics", "{src}"],
    "report": ["report", "{src}", "-o", "{out}/r.html"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(BODIES))
def test_every_error_is_one_escaped_line_in_every_command(case, command, tmp_path, capsys):
    doc, shown = BODIES[case]
    source = tmp_path / "call.json"
    source.write_text(json.dumps(doc))
    out = tmp_path / "out"
    out.mkdir()
    argv = [a.replace("{src}", str(source)).replace("{out}", str(out)) for a in COMMANDS[command]]
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2, (case, command, captured.err)
    line = _assert_one_clean_line(captured.err)
    assert shown in line
    assert captured.out == "" and list(out.iterdir()) == []


def test_a_file_name_with_control_characters_is_one_line(tmp_path, capsys):
    missing = tmp_path / f"call{NASTY}.json"
    assert main(["info", str(missing)]) == 2
    line = _assert_one_clean_line(capsys.readouterr().err)
    assert "bad\\nline" in line


def test_skipped_inputs_are_one_line_each(tmp_path, capsys):
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "a.json").write_text(SAMPLE.read_text())
    (folder / f"b{NASTY}.json").write_text(json.dumps({"status": 400, "reference": NASTY}))
    (folder / "c.json").write_text(json.dumps({"errors": [{"error": NASTY}]}))
    assert (
        main(["frame", str(folder), "turns", "--errors", "collect", "-o", str(tmp_path / "t.csv")])
        == 1
    )
    err = capsys.readouterr().err
    wrote, *lines = err.splitlines()
    assert wrote.startswith("vbformats: wrote ") and wrote.endswith("t.csv (32 rows, csv)")
    assert len(lines) == 3, err  # two skipped files and the count
    for line in lines:
        _assert_one_clean_line(line + "\n", "vbformats: ")
    assert lines[0].startswith("vbformats: skipped ") and "b" + SHOWN in lines[0]
    assert lines[1].startswith("vbformats: skipped ") and SHOWN in lines[1]
    assert lines[2] == "vbformats: 2 of 3 inputs skipped"


def test_report_lines_are_one_line_each(tmp_path, capsys):
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "a.json").write_text(SAMPLE.read_text())
    (folder / f"b{NASTY}.json").write_text(json.dumps({"errors": [{"error": NASTY}]}))
    target = tmp_path / f"archive{NASTY}.html"
    assert main(["report", str(folder), "-o", str(target)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" ", 2)[1] for line in lines] == ["wrote", "skipped"], lines
    for line in lines:
        _assert_one_clean_line(line + "\n", "vbformats: ")
    assert target.exists()
    single = tmp_path / f"call{NASTY}.html"
    assert main(["report", str(SAMPLE), "-o", str(single)]) == 0
    _assert_one_clean_line(capsys.readouterr().err, "vbformats: wrote ")


@pytest.mark.parametrize("command", ["convert", "info", "frame", "metrics"])
def test_warnings_are_one_line_each_and_printed_once(command, tmp_path, capsys):
    # a RingCentral result of a kind nobody knows: converted to nothing, with a warning
    source = tmp_path / "job.json"
    source.write_text(json.dumps({"jobId": "j", "status": "Success", "response": {"x": 1}}))
    argv = {"frame": ["frame", str(source), "words"]}.get(command, [command, str(source)])
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("vbformats: warning: unrecognised RingCentral result: nothing converted")


def test_info_escapes_names_in_its_summary_and_keeps_them_in_json(tmp_path, capsys):
    doc = {
        "mediaId": f"id{NASTY}",
        "status": f"finished{NASTY}",
        "transcript": {
            "words": [
                {"s": 0, "e": 0, "w": f"Agent{NASTY}", "m": "turn"},
                {"s": 0, "e": 400, "w": "Hello"},
                {"s": 500, "e": 500, "w": "Caller\x1b]0;title\x07", "m": "turn"},
                {"s": 500, "e": 900, "w": "hi"},
            ]
        },
    }
    source = tmp_path / f"call{NASTY}.json"
    source.write_text(json.dumps(doc))
    assert main(["info", str(source)]) == 0
    out = capsys.readouterr().out
    for char in RAW:
        if char != "\n":
            assert char not in out, char
    lines = out.splitlines()
    assert lines[0] == str(source).replace(NASTY, SHOWN)
    assert f"  media id    id{SHOWN}" in lines
    assert f"  status      finished{SHOWN}" in lines
    speakers = [line.strip() for line in lines if line.startswith("    ")]
    assert [s.split("  ")[0] for s in speakers] == [f"Agent{SHOWN}", "Caller\\x1b]0;title\\x07"]
    assert main(["info", str(source), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in summary["speakers"]] == [f"Agent{NASTY}", "Caller\x1b]0;title\x07"]
    assert summary["media_id"] == f"id{NASTY}"


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, capsys):
    import vbformats.commands.info as info

    def broken(args: Any) -> int:
        raise TypeError(f"unexpected {NASTY}")

    monkeypatch.setattr(info, "run", broken)
    assert main(["info", str(SAMPLE)]) == 2
    line = _assert_one_clean_line(capsys.readouterr().err, "vbformats: internal error: TypeError: ")
    assert "a bug in vbformats" in line and SHOWN in line
    monkeypatch.setenv("VBFORMATS_TRACEBACK", "1")
    with pytest.raises(TypeError):
        main(["info", str(SAMPLE)])


def test_a_closed_pipe_is_not_an_error(monkeypatch, capsys):
    import sys

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise OSError("no descriptor")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["convert", str(SAMPLE), "--to", "srt"]) == 0  # `vbformats convert x | head`
    assert capsys.readouterr().err == ""


def test_a_usage_error_from_a_hostile_name_is_escaped(capsys, tmp_path):
    # argparse quotes argument values with repr(): escaped already; ours must be too
    assert main(["convert", str(SAMPLE), "--to", f"srt{NASTY}"]) == 2
    line = _assert_one_clean_line(capsys.readouterr().err)
    assert "unknown format" in line
    assert os.listdir(tmp_path) == []
