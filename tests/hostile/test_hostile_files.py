"""Files that are not ordinary files, on the way in and on the way out (issue #11, resources).

In: ``max_bytes`` holds while reading (a device reports size 0 and never ends), a FIFO that no
process writes to reads as empty instead of blocking, a FIFO with a writer is read, a folder is
refused.

Out: every writer that goes through :func:`vbformats.atomic.atomic_path` (``save``,
``frames.save``, ``metrics -o``, ``report -o``) writes into a FIFO or a character device
directly instead of replacing it with a regular file, refuses a FIFO nobody reads at once,
keeps the mode (and, where allowed, the owner) of a file it replaces, keeps a symlink a
symlink, and names the user's path, not its hidden temporary file, in every error: a missing
folder, a folder as target, a folder the (unprivileged) user may not write to.

Each test that could hang on a regression runs in a subprocess with a timeout, or with a
watchdog that unblocks it, so a broken build fails instead of stalling CI.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from unprivileged import NOBODY, as_unprivileged, is_root

import vbformats
from vbformats import InvalidInputError, frames
from vbformats.cli import main
from vbformats.errors import OutputError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "stereo_call.json"
MEDIA = vbformats.load(SAMPLE)


# --- the writers -------------------------------------------------------------------------------


class CliFailed(Exception):
    """A command exited non-zero; ``message`` is its stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


def _cli(argv: list[str]) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    if code != 0:
        raise CliFailed(code, err.getvalue())


def _save_captions(target: Path) -> None:
    vbformats.save(MEDIA, target, "srt")


def _save_table(target: Path) -> None:
    frames.save(frames.words(MEDIA), target, "csv")


def _metrics_o(target: Path) -> None:
    _cli(["metrics", str(SAMPLE), "-o", str(target)])


def _report_o(target: Path) -> None:
    _cli(["report", str(SAMPLE), "-o", str(target), "-q"])


WRITERS: dict[str, tuple[Callable[[Path], None], str, bytes]] = {
    # name: (write(target), file suffix, what the output starts with)
    "save": (_save_captions, ".srt", b"1\n00:00:01,223 --> "),
    "frames.save": (_save_table, ".csv", b"position,"),
    "metrics -o": (_metrics_o, ".json", b"[\n  {"),
    "report -o": (_report_o, ".html", b"<!DOCTYPE html>"),
}


@pytest.fixture(params=list(WRITERS))
def writer(request: pytest.FixtureRequest) -> tuple[Callable[[Path], None], str, bytes]:
    return WRITERS[request.param]


def _failure(write: Callable[[Path], None], target: Path) -> str:
    """The one-line error of a write that must fail: OutputError's message, or the CLI's
    stderr line (exit code 2)."""
    try:
        write(target)
    except OutputError as error:
        assert isinstance(error, OSError)  # `except OSError` keeps working
        return str(error)
    except CliFailed as failed:
        assert failed.code == 2
        assert failed.message.count("\n") == 1, failed.message
        assert failed.message.startswith("vbformats: error: cannot write "), failed.message
        return failed.message
    raise AssertionError(f"writing {target} did not fail")


def _no_temporary_files(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.startswith(".vbformats-")]


# --- FIFOs and devices as targets --------------------------------------------------------------


class _FifoReader:
    """Reads a FIFO on a thread until its writer closes it (opened first, so it is there)."""

    def __init__(self, fifo: Path) -> None:
        self.fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.data = bytearray()
        self.writer_done = threading.Event()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        while True:
            finished = self.writer_done.is_set()
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:  # a writer is there, nothing written yet
                time.sleep(0.002)
                continue
            if chunk:
                self.data += chunk
            elif finished:  # writer closed and everything read
                return
            else:  # no writer yet
                time.sleep(0.002)

    def result(self) -> bytes:
        self.writer_done.set()
        self.thread.join(timeout=30)
        os.close(self.fd)
        return bytes(self.data)


@contextlib.contextmanager
def _watchdog(fifo: Path, seconds: float = 20) -> Iterator[list[float]]:
    """If the block blocks on the FIFO (a regression: a plain open() for writing waits for a
    reader forever), open it for reading after ``seconds`` so the test can fail, not hang."""
    started = time.monotonic()
    done = threading.Event()

    def unblock() -> None:
        if not done.wait(seconds):
            with contextlib.suppress(OSError):
                fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
                time.sleep(1)
                os.close(fd)

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    elapsed: list[float] = []
    try:
        yield elapsed
    finally:
        done.set()
        elapsed.append(time.monotonic() - started)


def test_a_fifo_target_with_a_reader_gets_the_output_and_stays_a_fifo(writer, tmp_path):
    write, suffix, head = writer
    fifo = tmp_path / f"out{suffix}"
    os.mkfifo(fifo)
    reader = _FifoReader(fifo)
    write(fifo)
    received = reader.result()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert received.startswith(head), received[:80]
    assert len(received) > 1000
    _no_temporary_files(tmp_path)


def test_a_fifo_target_nobody_reads_is_refused_at_once(writer, tmp_path):
    write, suffix, _ = writer
    fifo = tmp_path / f"out{suffix}"
    os.mkfifo(fifo)
    with _watchdog(fifo) as elapsed:
        message = _failure(write, fifo)
    assert elapsed[0] < 15, "the writer waited for a reader"
    assert "no process is reading this FIFO" in message
    assert str(fifo) in message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _no_temporary_files(tmp_path)


def _character_device(tmp_path: Path, suffix: str, minor: int = 3) -> Path:
    """A character device to write to, named with ``suffix`` (the report needs ``.html``): as
    root, our own /dev/null (minor 3) or /dev/full (minor 7) made in tmp_path, so a regression
    replaces a file of the test, never the system's; otherwise a symlink to the system's, which
    an ordinary user cannot replace (the attempt fails, so a regression still fails)."""
    device = tmp_path / f"device{suffix}"
    if is_root():
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    else:
        device.symlink_to("/dev/null" if minor == 3 else "/dev/full")
    return device


def test_a_character_device_target_is_written_directly(writer, tmp_path):
    write, suffix, _ = writer
    device = _character_device(tmp_path, suffix)
    before = os.stat(device)
    write(device)
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode), "the device was replaced by a regular file"
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    _no_temporary_files(tmp_path)


def test_a_full_device_is_our_error_and_stays_a_device(writer, tmp_path):
    # /dev/full: every write fails with ENOSPC (as root, the old rename replaced it)
    write, suffix, _ = writer
    full = _character_device(tmp_path, suffix, minor=7)
    message = _failure(write, full)
    assert str(full) in message and "No space left on device" in message
    assert stat.S_ISCHR(os.stat(full).st_mode)


# --- regular files: mode, owner, symlinks ------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_replaced_file_keeps_its_mode(writer, tmp_path, mode):
    write, suffix, head = writer
    target = tmp_path / f"out{suffix}"
    target.write_text("old")
    os.chmod(target, mode)
    write(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert target.read_bytes().startswith(head)
    _no_temporary_files(tmp_path)


def test_a_replaced_file_keeps_its_owner_where_allowed(tmp_path):
    target = tmp_path / "out.srt"
    target.write_text("old")
    owner = (NOBODY, NOBODY) if is_root() else (os.getuid(), os.getgid())
    os.chown(target, *owner)
    os.chmod(target, 0o640)
    vbformats.save(MEDIA, target)
    info = os.stat(target)
    assert (info.st_uid, info.st_gid) == owner
    assert stat.S_IMODE(info.st_mode) == 0o640


def test_a_new_file_gets_the_mode_of_a_plain_open(writer, tmp_path):
    write, suffix, _ = writer
    target = tmp_path / f"new{suffix}"
    write(target)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask


def test_a_symlink_target_stays_a_symlink(writer, tmp_path):
    write, suffix, head = writer
    real = tmp_path / "real" / f"out{suffix}"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o600)
    link = tmp_path / f"link{suffix}"
    link.symlink_to(real)
    write(link)
    assert link.is_symlink()
    assert real.read_bytes().startswith(head)
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o600
    _no_temporary_files(tmp_path)
    _no_temporary_files(real.parent)


# --- errors name the user's path ---------------------------------------------------------------


def test_a_missing_folder_is_our_error_naming_the_given_path(writer, tmp_path):
    write, suffix, _ = writer
    target = tmp_path / "no-such-folder" / f"out{suffix}"
    message = _failure(write, target)
    assert repr(str(target)) in message
    assert f"folder {str(target.parent)!r} does not exist" in message
    assert ".vbformats-" not in message and ".tmp" not in message


def test_a_folder_as_target_is_refused(writer, tmp_path):
    write, suffix, _ = writer
    folder = tmp_path / f"a-folder{suffix}"
    folder.mkdir()
    message = _failure(write, folder)
    assert "it is a folder" in message and str(folder) in message
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_a_name_with_a_nul_character_is_our_error(writer, tmp_path):
    write, suffix, _ = writer
    message = _failure(write, tmp_path / f"out\x00{suffix}")
    assert "without NUL characters" in message


def test_a_token_in_the_folder_name_never_shows(tmp_path):
    token = "U1hvbXBDb2RlX3Rva2VuXzVmMWUyZDNj"
    target = tmp_path / f"x?access_token={token}" / "out.srt"
    with pytest.raises(OutputError) as caught:
        vbformats.save(MEDIA, target)
    for text in (str(caught.value), repr(caught.value), repr(caught.value.args)):
        assert token not in text
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_folder_the_user_may_not_write_to_is_our_error(writer):
    """As an unprivileged user (root drops to nobody in a child process): EACCES is an
    OutputError naming the path, and nothing is left behind."""
    write, suffix, _ = writer
    base = Path(tempfile.mkdtemp(prefix="vbformats-perm-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)  # nobody may enter, not write
        warm = base / f"warm{suffix}"
        write(warm)  # import every module the write needs before the child drops privileges
        warm.unlink()
        locked = base / "locked"
        locked.mkdir(mode=0o555)
        target = locked / f"out{suffix}"
        message = as_unprivileged(lambda: _failure(write, target))
        assert repr(str(target)) in message
        assert "Permission denied" in message
        assert ".vbformats-" not in message
        assert list(locked.iterdir()) == []
    finally:
        for folder in sorted(base.rglob("*"), reverse=True):
            if folder.is_dir():
                os.chmod(folder, 0o755)
        shutil.rmtree(base, ignore_errors=True)


# --- reading -----------------------------------------------------------------------------------

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a runaway read dies, not CI
import vbformats
try:
    vbformats.load(sys.argv[1], max_bytes=1000)
except vbformats.InvalidInputError as error:
    print("refused:", error)
"""


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_max_bytes_holds_while_reading_an_endless_device(device):
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, device],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(f"refused: {device!r} holds more than max_bytes=1000 bytes")


_FIFO_CHILD = """
import sys, time
import vbformats
started = time.monotonic()
try:
    outcome = len(vbformats.load(sys.argv[1]).words)
except vbformats.InvalidInputError as error:  # an empty .json file is invalid JSON
    outcome = str(error)
print(round(time.monotonic() - started), outcome)
"""


@pytest.mark.parametrize(("name", "outcome"), [("in.srt", "0"), ("in.json", "invalid JSON")])
def test_a_fifo_nobody_writes_to_reads_as_empty_instead_of_blocking(tmp_path, name, outcome):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _FIFO_CHILD, str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("load() blocked on a FIFO without a writer")
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, result = done.stdout.split(" ", 1)
    assert int(seconds) < 10
    assert result.startswith(outcome)


def _write_into(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as handle:
            for start in range(0, len(data), 4096):
                handle.write(data[start : start + 4096])
                handle.flush()
                time.sleep(0.001)  # a slow writer: the reader must wait for it

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_a_fifo_with_a_writer_is_read_to_its_end(tmp_path):
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    data = SAMPLE.read_bytes()
    writer = _write_into(fifo, data)
    time.sleep(0.05)  # the writer is waiting in open() for us
    media = vbformats.load(fifo)
    writer.join(timeout=30)
    assert media.to_dict() == json.loads(data)


def test_max_bytes_holds_while_reading_a_fifo(tmp_path):
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    writer = _write_into(fifo, b" " * 200_000 + b"{}")
    time.sleep(0.05)
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(fifo, max_bytes=50_000)
    writer.join(timeout=30)
    assert "more than max_bytes=50000" in str(caught.value)


def test_a_folder_as_input_is_refused(tmp_path):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(tmp_path)
    assert "is a folder, not a file" in str(caught.value)


@pytest.mark.parametrize("max_bytes", [-1, 1.5, "10", True, None])
def test_a_bad_max_bytes_is_refused(max_bytes):
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(SAMPLE, max_bytes=max_bytes)
    assert caught.value.path == "max_bytes"
