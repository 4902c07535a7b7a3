"""The batch convert engine and its command: names, the same bytes as a serial run, resume,
force, failures as data (summary, CSV), many formats, --inputs-from, exit codes."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_support import GOOD, ROOT, SAMPLES, mixed_folder, namespace, run

import vbformats
from vbformats import batch
from vbformats.commands import batch_convert
from vbformats.errors import InvalidInputError, UnknownFormatError


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_folder_gives_one_file_per_input_and_format_with_the_bytes_of_render(tmp_path):
    calls = mixed_folder(tmp_path / "calls", bad=False)
    summary = batch.convert(calls, tmp_path / "out", "srt,vtt,text", jobs=2)
    assert (summary.total, summary.converted, summary.failed, summary.skipped) == (9, 9, 0, 0)
    assert summary.written == 27
    out = _files(tmp_path / "out")
    assert len(out) == 27
    # each output is exactly what rendering that input alone gives
    media = vbformats.load(calls / "stereo_call-000.json")
    assert out["stereo_call-000.srt"] == vbformats.render(media, "srt").encode()
    assert out["stereo_call-000.vtt"] == vbformats.render(media, "vtt").encode()
    assert out["stereo_call-000.txt"] == vbformats.render(media, "text").encode()
    assert not [name for name in os.listdir(tmp_path / "out") if name.startswith(".")]


def test_two_jobs_write_the_same_bytes_as_one(tmp_path):
    calls = mixed_folder(tmp_path / "calls", copies=3)
    one = batch.convert(calls, tmp_path / "one", ["srt", "dfxp", "turns"], jobs=1)
    two = batch.convert(calls, tmp_path / "two", ["srt", "dfxp", "turns"], jobs=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert one.failures == two.failures and len(one.failures) == 4
    assert (one.converted, one.written) == (two.converted, two.written) == (27, 81)


def test_clashing_stems_are_disambiguated_in_input_order_never_overwritten(tmp_path):
    for sub in ("a", "b", "c"):
        (tmp_path / sub).mkdir()
        shutil.copyfile(SAMPLES / "stereo_call.json", tmp_path / sub / "call.json")
    shutil.copyfile(SAMPLES / "callback.srt", tmp_path / "a" / "CALL.srt")  # case-insensitive
    inputs = [
        tmp_path / "a" / "call.json",
        tmp_path / "b",
        tmp_path / "c",
        tmp_path / "a" / "CALL.srt",
    ]
    batch.convert(inputs, tmp_path / "out", "srt", jobs=1)
    assert sorted(os.listdir(tmp_path / "out")) == [
        "CALL-4.srt",
        "call-2.srt",
        "call-3.srt",
        "call.srt",
    ]
    assert batch.output_names(["x/call.json", "y/call.json"], "o", [".srt", ".vtt"]) == [
        ["o/call.srt", "o/call.vtt"],
        ["o/call-2.srt", "o/call-2.vtt"],
    ]
    # an output never lands on an input (callback.srt converted to srt in its own folder)
    folder = tmp_path / "same"
    folder.mkdir()
    shutil.copyfile(SAMPLES / "callback.srt", folder / "callback.srt")
    before = (folder / "callback.srt").read_bytes()
    batch.convert(folder, folder, "srt", jobs=1)
    assert (folder / "callback.srt").read_bytes() == before
    assert (folder / "callback-2.srt").exists()
    assert (
        batch.stem_of("x/call.dfxp.xml", 0) == "call" and batch.stem_of("<item 3>", 3) == "item-3"
    )


def test_a_second_run_skips_what_is_current_and_rewrites_what_is_stale(tmp_path):
    calls = mixed_folder(tmp_path / "calls", bad=False)
    batch.convert(calls, tmp_path / "out", "srt", jobs=2)
    again = batch.convert(calls, tmp_path / "out", "srt", jobs=2)
    assert (again.converted, again.skipped, again.written) == (0, 9, 0)
    # an input changed after its output: converted again; a missing output: written again
    touched = calls / "mono_call-000.json"
    later = time.time() + 5
    os.utime(touched, (later, later))
    os.unlink(tmp_path / "out" / "legacy_v2-000.srt")
    third = batch.convert(calls, tmp_path / "out", "srt,vtt", jobs=2)
    # vtt is new for every input; srt only for the two
    assert (third.converted, third.skipped, third.written) == (9, 0, 11)
    forced = batch.convert(calls, tmp_path / "out", "srt", jobs=1, force=True)
    assert (forced.converted, forced.written) == (9, 9)


def test_failures_are_counted_listed_and_written_as_one_line_redacted_csv(tmp_path):
    calls = mixed_folder(tmp_path / "calls")
    secret = tmp_path / "calls" / "token.json"
    secret.write_text('{"mediaUrl": "https://x.test/m?access_token=SECRET123", "transcript": 5}')
    summary = batch.convert(
        calls, tmp_path / "out", "srt", jobs=2, errors_out=tmp_path / "errors.csv"
    )
    assert (summary.converted, summary.failed) == (9, 5)
    rows = list(csv.reader((tmp_path / "errors.csv").open(encoding="utf-8")))
    assert rows[0] == ["source", "error_type", "message"]
    by_source = {Path(row[0]).name: row for row in rows[1:]}
    assert set(by_source) == {
        "failed_media.json",
        "error_404.json",
        "fail_2023.json",
        "truncated.json",
        "token.json",
    }
    assert by_source["failed_media.json"][1] == "MediaFailedError"
    assert by_source["truncated.json"][1] == "InvalidInputError"
    assert all("\n" not in row[2] and row[2] for row in rows[1:])
    assert "SECRET123" not in (tmp_path / "errors.csv").read_text()
    assert "converted 9, skipped 0, failed 5 of 14 inputs (9 files written)" in summary.line()
    # the failed inputs left no output at all
    assert not (tmp_path / "out" / "truncated.srt").exists()


def test_bad_arguments_fail_before_any_work(tmp_path):
    with pytest.raises(UnknownFormatError):
        batch.convert(SAMPLES, tmp_path / "out", "docx")
    with pytest.raises(InvalidInputError, match="jobs"):
        batch.convert(SAMPLES, tmp_path / "out", "srt", jobs=0)
    with pytest.raises(InvalidInputError, match="max_lines"):
        batch.convert(SAMPLES, tmp_path / "out", "srt", options={"srt": {"max_lines": 0}})
    with pytest.raises(InvalidInputError, match="not in `to`"):
        batch.convert(SAMPLES, tmp_path / "out", "srt", options={"vtt": {}})
    assert not (tmp_path / "out").exists()


def test_documents_in_memory_are_converted_too(tmp_path):
    media = vbformats.load(SAMPLES / "stereo_call.json")
    summary = batch.convert(
        [media, (SAMPLES / "mono_call.json").read_bytes()], tmp_path, "text", jobs=1
    )
    assert summary.converted == 2
    assert (tmp_path / "item-0.txt").read_text() == vbformats.render(media, "text")


def test_read_inputs_skips_blanks_and_comments(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"# calls\n\n  {SAMPLES / 'stereo_call.json'}  \n{SAMPLES}/*.vtt\n")
    assert batch.read_inputs(listing) == [str(SAMPLES / "stereo_call.json"), f"{SAMPLES}/*.vtt"]
    with pytest.raises(InvalidInputError, match="--inputs-from"):
        batch.read_inputs(tmp_path / "missing.txt")


# --- the command --------------------------------------------------------------------------


def test_run_batch_writes_the_folder_and_exits_1_when_some_failed(tmp_path, capsys):
    calls = mixed_folder(tmp_path / "calls")
    args = namespace(
        batch_convert,
        [
            str(calls),
            "-o",
            str(tmp_path / "out"),
            "--to",
            "srt,vtt",
            "--jobs",
            "2",
            "--max-lines",
            "1",
            "--errors-out",
            str(tmp_path / "e.csv"),
        ],
    )
    assert run(args) == 1
    err = capsys.readouterr().err
    assert "vbformats: failed " in err and "failed 4 of 13 inputs (18 files written)" in err
    srt = (tmp_path / "out" / "stereo_call-000.srt").read_text()
    assert srt == vbformats.render(
        vbformats.load(calls / "stereo_call-000.json"), "srt", {"max_lines": 1}
    )
    assert len((tmp_path / "e.csv").read_text().splitlines()) == 5
    # a second run: nothing to do but the failures
    assert run(args) == 1
    assert "converted 0, skipped 9, failed 4" in capsys.readouterr().err


def test_run_batch_exit_codes_and_usage_errors(tmp_path, capsys):
    good = namespace(
        batch_convert,
        [str(GOOD[0]), str(GOOD[1]), "-o", str(tmp_path / "ok"), "--to", "text", "-q"],
    )
    assert run(good) == 0
    assert capsys.readouterr().err == ""  # --quiet: no progress, no summary
    bad = mixed_folder(tmp_path / "bad", bad=True)
    for path in GOOD:
        for file in bad.glob(f"{path.stem}-*"):
            file.unlink()
    assert run(namespace(batch_convert, [str(bad), "-o", str(tmp_path / "x")])) == 2
    with pytest.raises(InvalidInputError, match="output folder"):
        run(namespace(batch_convert, [str(SAMPLES)]))
    with pytest.raises(InvalidInputError, match="none of the formats text"):
        run(
            namespace(
                batch_convert,
                [str(SAMPLES), "-o", str(tmp_path), "--to", "text", "--max-lines", "1"],
            )
        )
    with pytest.raises(InvalidInputError, match="no input files"):
        run(namespace(batch_convert, [str(tmp_path / "empty*"), "-o", str(tmp_path)]))
    with pytest.raises(InvalidInputError, match="no inputs"):
        run(namespace(batch_convert, ["-o", str(tmp_path)]))


def test_wants_batch_tells_the_one_input_path_from_the_many(tmp_path):
    ns = lambda argv: namespace(batch_convert, argv)  # noqa: E731
    assert not batch_convert.wants_batch(ns([str(GOOD[0])]))
    assert not batch_convert.wants_batch(ns(["-"]))
    assert batch_convert.wants_batch(ns([str(SAMPLES)]))
    assert batch_convert.wants_batch(ns([f"{SAMPLES}/*.json"]))
    assert batch_convert.wants_batch(ns([str(GOOD[0]), str(GOOD[1])]))
    assert batch_convert.wants_batch(ns(["--inputs-from", "list.txt"]))


def test_inputs_from_stdin_and_a_document_on_stdin_in_a_real_process(tmp_path):
    listing = f"{GOOD[0]}\n{GOOD[1]}\n"
    command = [
        sys.executable,
        "-m",
        "vbformats.cli",
        "convert",
        "--inputs-from",
        "-",
        "-o",
        str(tmp_path / "a"),
        "--to",
        "srt",
    ]
    done = subprocess.run(
        command, input=listing, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path / "a")) == ["mono_call.srt", "stereo_call.srt"]
    assert "converted 2, skipped 0, failed 0 of 2 inputs" in done.stderr
    # a bare "-" is the document on stdin, next to a file
    command = [
        sys.executable,
        "-m",
        "vbformats.cli",
        "convert",
        "-",
        str(GOOD[1]),
        "-o",
        str(tmp_path / "b"),
        "--to",
        "text",
    ]
    done = subprocess.run(
        command, input=GOOD[0].read_bytes(), capture_output=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b" / "item-0.txt").read_text() == vbformats.render(
        vbformats.load(GOOD[0]), "text"
    )
    # and a usage error is one line, exit 2
    done = subprocess.run(
        [sys.executable, "-m", "vbformats.cli", "convert", str(SAMPLES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (
        done.returncode == 2
        and done.stderr.startswith("vbformats: error: ")
        and done.stderr.count("\n") == 1
    )
