"""Ctrl-C in the middle of a real ``vbformats convert`` of a folder (SIGINT to a subprocess): no
partial output, exit 130 with a summary, and running the same command again resumes and
finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive_support import ROOT

import vbformats

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_text

COPIES = 24
FORMATS = ("srt", "vtt", "dfxp", "text")
EXTENSIONS = (".srt", ".vtt", ".dfxp", ".txt")


def test_sigint_leaves_only_complete_outputs_and_a_rerun_resumes(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    calls.mkdir()
    text = generate_text(10_000, seed=3)
    for n in range(COPIES):
        (calls / f"call-{n:03d}.json").write_text(text)
    media = vbformats.load(calls / "call-000.json")
    expected = {
        ext: vbformats.render(media, fmt).encode()
        for fmt, ext in zip(FORMATS, EXTENSIONS, strict=True)
    }
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "vbformats.cli",
        "convert",
        str(calls),
        "-o",
        str(out),
        "--to",
        ",".join(FORMATS),
        "--jobs",
        "2",
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = [p for p in out.glob("*.txt")] if out.exists() else []
        if len(done) >= 4 or process.poll() is not None:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "vbformats: interrupted: converted " in err and "run the same command again" in err

    names = sorted(os.listdir(out))
    assert not [n for n in names if n.startswith(".")], names  # no temporary file left
    assert 0 < len(names) < COPIES * len(FORMATS)
    for name in names:  # every file there is complete
        ext = "." + name.rsplit(".", 1)[1]
        assert (out / name).read_bytes() == expected[ext], name
    complete = sum(
        all((out / f"call-{n:03d}{ext}").exists() for ext in EXTENSIONS) for n in range(COPIES)
    )

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    # the resumed run did not redo the inputs that were complete
    assert f"converted {COPIES - complete}, skipped {complete}, failed 0" in again.stderr
    assert len(os.listdir(out)) == COPIES * len(FORMATS)
    for name in os.listdir(out):
        assert (out / name).read_bytes() == expected["." + name.rsplit(".", 1)[1]]
    summary = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert f"converted 0, skipped {COPIES}, failed 0 of {COPIES} inputs" in summary.stderr
    assert complete >= 1
