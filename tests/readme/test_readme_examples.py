"""The README tells the truth: every ``>>>`` example and every shell example with shown output
runs and prints what the README shows (tests/support/readme_examples.py says how)."""

from __future__ import annotations

from pathlib import Path

import pytest
from readme_examples import (
    README,
    make_scratch,
    matches,
    run_python_examples,
    run_shell_block,
    shell_blocks,
    shown,
)

TEXT = README.read_text(encoding="utf-8")
SHELL = shell_blocks(TEXT)


def test_every_python_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    examples, failures, report = run_python_examples(make_scratch(tmp_path), TEXT)
    assert examples >= 50, "the README's >>> examples were not found"
    assert failures == 0, report


@pytest.mark.parametrize("block", SHELL, ids=[f"README.md:{b[0].line}" for b in SHELL])
def test_shell_examples_print_what_the_readme_shows(block, tmp_path: Path) -> None:
    scratch = tmp_path / "root"
    scratch.mkdir()
    (tmp_path / "out").mkdir()
    printed = run_shell_block(block, make_scratch(scratch), tmp_path / "out")
    for example, lines in zip(block, printed, strict=True):
        assert matches(shown(example), lines), (example.command, lines, shown(example))


def test_the_shell_examples_are_found() -> None:
    commands = [example.command for block in SHELL for example in block]
    assert len(commands) >= 20
    assert all(
        command.split()[0] in ("vbformats", "cat", "echo", "ls", "find") for command in commands
    )
