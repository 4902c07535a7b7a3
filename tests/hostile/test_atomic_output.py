"""Atomic output: a failure leaves no partial file and keeps what was there."""

from __future__ import annotations

import os
import stat

import pytest

from vbformats.atomic import atomic_path


def test_success_renames_into_place_with_ordinary_permissions(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_path(target) as temporary, open(temporary, "w") as handle:
        handle.write("done")
    assert target.read_text() == "done"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["out.txt"]


def test_failure_leaves_no_file_and_keeps_the_old_one(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        with open(temporary, "w") as handle:
            handle.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]
