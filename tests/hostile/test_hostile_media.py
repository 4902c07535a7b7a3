"""Failed or unfinished media, error bodies, in-progress jobs: clear exceptions, exit code 2 from
every CLI command, and never a partial output file.

"Never partial" is tested by making the output step fail half-way (a writer that raises after
its first chunk, a disk that fills up mid-write, Ctrl-C): the target must be absent (or, when it
existed, unchanged) and no temporary file may be left beside it.
"""

from __future__ import annotations

import errno
import io
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import vbformats
from vbformats import (
    ApiErrorResponse,
    InvalidInputError,
    JobFailedError,
    JobInProgressError,
    MediaFailedError,
    VBFormatsError,
    writers,
)
from vbformats.cli import main

GOOD = {
    "mediaId": "m-1",
    "status": "finished",
    "transcript": {
        "words": [
            {"s": 0, "e": 0, "w": "Agent", "m": "turn"},
            {"s": 0, "e": 400, "w": "Hello"},
            {"s": 400, "e": 900, "w": "there"},
            {"s": 900, "e": 900, "w": ".", "m": "punc"},
        ]
    },
}

FAILED = {
    "mediaId": "m-2",
    "status": "failed",
    "errors": [
        {"code": 4102, "error": "The media file could not be decoded."},
        {"code": "4230", "error": "No speech was detected."},
    ],
}
NOT_FOUND = {"status": 404, "warnings": {"message": "Media not found"}, "reference": "ref-77"}
SERVER_ERROR = {"status": "500", "errors": [{"code": "E500", "error": "Internal error"}]}
ERRORS_ONLY = {"errors": [{"code": "bad-request", "error": "Missing media"}]}
IN_PROGRESS = {
    "jobId": "job-42",
    "status": "InProgress",
    "api": "/ai/audio/v1/async/speech-to-text",
}
ACCEPTED = {"jobId": "job-43"}
JOB_FAILED = {
    "jobId": "job-44",
    "status": "Fail",
    "api": "/ai/audio/v1/async/speech-to-text",
    "response": {"errors": [{"errorCode": "CAI-104", "message": "Media could not be downloaded"}]},
}

BAD_INPUTS: dict[str, tuple[dict[str, Any], type[VBFormatsError]]] = {
    "failed media": (FAILED, MediaFailedError),
    "404 body": (NOT_FOUND, ApiErrorResponse),
    "500 body": (SERVER_ERROR, ApiErrorResponse),
    "errors only": (ERRORS_ONLY, ApiErrorResponse),
    "job in progress": (IN_PROGRESS, JobInProgressError),
    "job accepted": (ACCEPTED, JobInProgressError),
    "job failed": (JOB_FAILED, JobFailedError),
}


def test_failed_media_carries_status_codes_and_every_message():
    with pytest.raises(MediaFailedError) as caught:
        vbformats.load(FAILED)
    error = caught.value
    assert error.status == "failed"
    assert error.codes == ("4102", "4230")
    assert "could not be decoded" in str(error) and "No speech" in str(error)
    assert isinstance(error, ApiErrorResponse) and isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.status, again.codes, str(again)) == (error.status, error.codes, str(error))


def test_error_bodies_carry_status_message_and_reference():
    with pytest.raises(ApiErrorResponse) as caught:
        vbformats.load(NOT_FOUND)
    assert (caught.value.status, caught.value.reference) == (404, "ref-77")
    assert "Media not found" in str(caught.value)
    with pytest.raises(ApiErrorResponse) as caught:
        vbformats.load(json.dumps(SERVER_ERROR))
    assert caught.value.status == 500
    assert caught.value.codes == ("E500",)


def test_unfinished_jobs_say_so():
    with pytest.raises(JobInProgressError) as caught:
        vbformats.load(IN_PROGRESS)
    assert (caught.value.job_id, caught.value.status) == ("job-42", "InProgress")
    assert "job-42" in str(caught.value)
    with pytest.raises(JobInProgressError) as caught:
        vbformats.load(json.dumps(ACCEPTED).encode())
    assert caught.value.job_id == "job-43"
    with pytest.raises(JobFailedError) as caught:
        vbformats.load(JOB_FAILED)
    assert caught.value.job_id == "job-44"
    assert "CAI-104" in caught.value.codes


def _folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _cli_commands(source: Path, out: Path) -> dict[str, list[str]]:
    return {
        "convert -o srt": ["convert", str(source), "-o", str(out.with_suffix(".srt"))],
        "convert -o json": ["convert", str(source), "-o", str(out.with_suffix(".json"))],
        "convert stdout": ["convert", str(source), "--to", "vtt"],
        "info": ["info", str(source)],
        "frame -o csv": ["frame", str(source), "words", "-o", str(out.with_suffix(".csv"))],
        "metrics -o": ["metrics", str(source), "-o", str(out.with_suffix(".txt"))],
    }


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_every_cli_command_exits_2_with_one_line_and_writes_nothing(case, tmp_path, capsys):
    source = tmp_path / "input.json"
    source.write_text(json.dumps(BAD_INPUTS[case][0]))
    outputs = tmp_path / "out"
    outputs.mkdir()
    for name, argv in _cli_commands(source, outputs / "result").items():
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 2, name
        assert captured.out == "", name
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("vbformats: error: "), (name, lines)
        assert _folder_listing(outputs) == [], name


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[1, 2]", b'{"transcript": {"words": [{"s": 5, "e": 1, "w": "x"}]}}'],
)
def test_broken_input_exits_2_without_output(content, tmp_path, capsys):
    source = tmp_path / "input.json"
    source.write_bytes(content)
    target = tmp_path / "out.srt"
    assert main(["convert", str(source), "-o", str(target)]) == 2
    assert not target.exists()
    assert _folder_listing(tmp_path) == ["input.json"]
    assert capsys.readouterr().err.count("\n") == 1


def test_a_missing_input_file_exits_2(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "nope.json"), "--to", "srt"]) == 2
    assert "nope.json" in capsys.readouterr().err


# --- never a partial output file --------------------------------------------------------------


class _Boom(VBFormatsError):
    pass


def _failing_lines(original: Any, error: BaseException) -> Any:
    def lines(self: Any, media: Any, options: Any) -> Any:
        iterator = original(self, media, options)
        yield next(iterator)  # some output is already written when the failure comes
        raise error

    return lines


@pytest.mark.parametrize("fmt", ["srt", "vtt", "dfxp", "text", "json", "turns"])
@pytest.mark.parametrize("error", [_Boom("disk full"), KeyboardInterrupt()])
def test_a_writer_failing_half_way_leaves_no_file(fmt, error, tmp_path, monkeypatch):
    writer = writers.get_writer(fmt)
    monkeypatch.setattr(type(writer), "lines", _failing_lines(type(writer).lines, error))
    media = vbformats.load(GOOD)
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(type(error)):
        writers.save(media, target, fmt)
    assert _folder_listing(tmp_path) == []


def test_a_failed_save_keeps_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "call.srt"
    target.write_text("previous content\n")
    writer = writers.get_writer("srt")
    monkeypatch.setattr(type(writer), "lines", _failing_lines(type(writer).lines, _Boom("x")))
    with pytest.raises(_Boom):
        writers.save(vbformats.load(GOOD), target)
    assert target.read_text() == "previous content\n"
    assert _folder_listing(tmp_path) == ["call.srt"]


def test_cli_convert_failing_half_way_exits_2_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    source = tmp_path / "call.json"
    source.write_text(json.dumps(GOOD))
    writer = writers.get_writer("vtt")
    monkeypatch.setattr(type(writer), "lines", _failing_lines(type(writer).lines, _Boom("boom")))
    assert main(["convert", str(source), "-o", str(tmp_path / "call.vtt")]) == 2
    assert "boom" in capsys.readouterr().err
    assert _folder_listing(tmp_path) == ["call.json"]


class _FullDisk:
    """A text file whose second write fails with ENOSPC, as a full disk would."""

    def __init__(self, path: Any, *args: Any, **kwargs: Any) -> None:
        self._handle = io.open(path, *args, **kwargs)  # noqa: SIM115, UP020 - closed in __exit__
        self._writes = 0

    def write(self, text: str) -> int:
        self._writes += 1
        half = self._handle.write(text[: max(1, len(text) // 2)])
        if self._writes >= 1:
            self._handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        return half

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_cli_frame_with_a_full_disk_exits_2_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    import pandas as pd

    source = tmp_path / "call.json"
    source.write_text(json.dumps(GOOD))
    original = pd.DataFrame.to_csv

    def to_csv(self: Any, path: Any = None, *args: Any, **kwargs: Any) -> Any:
        with open(path, "w") as handle:
            handle.write("position,speaker\n1,Ag")  # half a file ...
        raise OSError(errno.ENOSPC, "No space left on device")  # ... then the disk is full

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    assert main(["frame", str(source), "words", "-o", str(tmp_path / "words.csv")]) == 2
    monkeypatch.setattr(pd.DataFrame, "to_csv", original)
    assert "No space left" in capsys.readouterr().err
    assert _folder_listing(tmp_path) == ["call.json"]


def test_cli_metrics_with_a_full_disk_exits_2_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    import builtins

    import vbformats.commands.metrics as metrics_command

    source = tmp_path / "call.json"
    source.write_text(json.dumps(GOOD))
    target = tmp_path / "metrics.txt"

    def full_disk_open(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and Path(path).parent == tmp_path:
            return _FullDisk(path, mode, *args, **kwargs)
        return io.open(path, mode, *args, **kwargs)  # noqa: UP020 - builtins.open is patched

    monkeypatch.setattr(metrics_command, "open", full_disk_open, raising=False)
    monkeypatch.setattr(builtins, "open", full_disk_open)
    code = main(["metrics", str(source), "-o", str(target)])
    monkeypatch.undo()
    assert code == 2
    assert "No space left" in capsys.readouterr().err
    assert not target.exists(), "metrics -o left a partial file"
    assert _folder_listing(tmp_path) == ["call.json"]


def test_invalid_input_error_is_a_value_error_with_a_path():
    with pytest.raises(ValueError) as caught:
        vbformats.load({"transcript": {"words": [{"s": 0, "e": 1}]}})
    assert isinstance(caught.value, InvalidInputError)
    assert caught.value.path == "transcript.words[0].w"
