"""The real ``vbformats convert`` / ``metrics`` / ``frame`` commands choose the many-input path
by their arguments, and keep the one-input path as it was."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from archive_support import GOOD, ROOT, SAMPLES, mixed_folder

import vbformats
from vbformats import frames
from vbformats.cli import main


def test_convert_one_input_into_a_folder_or_into_several_formats(tmp_path, capsys):
    call = SAMPLES / "stereo_call.json"
    media = vbformats.load(call)
    assert main(["convert", str(call), "-o", f"{tmp_path}/a/", "--to", "srt", "-q"]) == 0
    assert (tmp_path / "a" / "stereo_call.srt").read_text() == vbformats.render(media, "srt")
    assert main(["convert", str(call), "-o", str(tmp_path / "b"), "--to", "srt,vtt", "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "stereo_call.srt",
        "stereo_call.vtt",
    ]
    # one file, one format: the file itself, as before
    assert main(["convert", str(call), "-o", str(tmp_path / "c.srt")]) == 0
    assert (tmp_path / "c.srt").read_text() == vbformats.render(media, "srt")
    assert main(["convert", str(call), "--to", "text"]) == 0
    assert capsys.readouterr().out == vbformats.render(media, "text")
    assert main(["convert"]) == 2
    assert "no input" in capsys.readouterr().err


def test_convert_reads_one_document_on_stdin(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "vbformats.cli", "convert", "-", "--to", "srt"],
        input=GOOD[0].read_bytes(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == vbformats.render(vbformats.load(GOOD[0]), "srt")


def test_metrics_many_inputs_one_table_by_extension_and_one_call_as_a_row(tmp_path, capsys):
    calls = mixed_folder(tmp_path / "calls")
    assert main(["metrics", str(calls), "-o", str(tmp_path / "m.parquet"), "--jobs", "2"]) == 1
    table = pd.read_parquet(tmp_path / "m.parquet")
    assert len(table) == 9 and str(table["agent-talk-ratio"].dtype) == "Float64"
    assert "9 calls measured, 4 of 13 inputs failed" in capsys.readouterr().err
    assert main(["metrics", str(calls), "-o", str(tmp_path / "m.csv"), "-q"]) == 1
    from_csv = pd.read_csv(tmp_path / "m.csv")
    assert list(from_csv.columns) == list(table.columns)
    assert "calls measured" not in capsys.readouterr().err  # --quiet: no summary line
    # one call: the VoiceBase section as before, or its row with --format parquet
    assert main(["metrics", str(GOOD[0])]) == 0
    assert capsys.readouterr().out.lstrip().startswith("[")
    assert main(["metrics", str(GOOD[0]), "-o", str(tmp_path / "one.parquet"), "-q"]) == 0
    assert len(pd.read_parquet(tmp_path / "one.parquet")) == 1
    assert main(["metrics", str(calls), "--format", "table"]) == 2
    assert "table is for one call" in capsys.readouterr().err


def test_frame_jobs_and_inputs_from_give_the_serial_table(tmp_path, capsys):
    calls = mixed_folder(tmp_path / "calls", bad=False)
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(p) for p in sorted(calls.iterdir())) + "\n")
    serial = tmp_path / "serial.csv"
    table = "verb_noun_pairs"
    assert main(["frame", str(calls), table, "--with-sentiment", "-o", str(serial)]) == 0
    for argv in (
        [str(calls), table, "--jobs", "2"],
        [table, "--inputs-from", str(listing), "--jobs", "1"],
    ):
        out = tmp_path / "parallel.csv"
        assert main(["frame", *argv, "--with-sentiment", "-o", str(out), "-q"]) == 0
        assert out.read_bytes() == serial.read_bytes(), argv
    assert "sentiment" in serial.read_text().splitlines()[0]
    expected = frames.verb_noun_pairs(calls, with_sentiment=True)
    assert len(pd.read_csv(serial)) == len(expected)


def test_the_archive_report_runs_on_the_batch_engine(tmp_path, capsys):
    from vbformats.reports import archive

    serial = archive(SAMPLES, jobs=1, progress=False)
    parallel = archive(SAMPLES, tmp_path / "a.html", jobs=2, progress=True)
    assert [c.source for c in parallel.calls] == [c.source for c in serial.calls]
    assert [c.source for c in parallel.failures] == [c.source for c in serial.failures]
    assert len(parallel.calls) == 8 and (tmp_path / "a.html").stat().st_size > 0
    # stderr is no terminal here: the log's last progress line, not a bar
    assert "vbformats: 10/10 files (100%)" in capsys.readouterr().err
