"""The README section "Archives" is true: its ``>>>`` examples (doctest) and its shell examples
with shown output (``...`` stands for a time or a rate) give what it shows, run by the real
``vbformats`` command from a scratch folder that sees the repository's ``samples/``."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("<!-- section:archives -->") : text.index("<!-- /section:archives -->")]


def _scratch(tmp_path: Path) -> Path:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    return tmp_path


def test_python_examples(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(_scratch(tmp_path))
    source = "\n".join(re.findall(r"```python\n(.*?)```", _section(), re.S))
    with pd.option_context("display.width", 100, "display.max_columns", 10):
        test = doctest.DocTestParser().get_doctest(source, {}, "README archives", "README.md", 0)
        assert len(test.examples) >= 8
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=sys.stdout.write)
    assert runner.failures == 0


def _matches(expected: str, shown: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, shown) is not None


def test_shell_examples(tmp_path) -> None:
    folder = _scratch(tmp_path)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    commands = 0
    for block in re.findall(r"```console\n(.*?)```", _section(), re.S):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
        for command, expected in steps:
            done = subprocess.run(
                command, shell=True, cwd=folder, env=env, capture_output=True, text=True
            )
            shown = (done.stdout + done.stderr).rstrip("\n").splitlines()
            assert len(shown) == len(expected), (command, shown)
            for want, got in zip(expected, shown, strict=True):
                assert _matches(want, got), (command, want, got)
            commands += 1
    assert commands >= 5
