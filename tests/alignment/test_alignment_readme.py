"""The README section "Aligning an edited transcript, and WER" is true: its ``>>>`` examples
(doctest) and its shell examples with shown output (run from a scratch folder that sees the
repository's ``tests/`` and ``samples/``) give exactly what it shows."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("<!-- section:alignment -->")
    return text[start : text.index("<!-- /section:alignment -->")]


def test_python_examples(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    source = "\n".join(re.findall(r"```python\n(.*?)```", _section(), re.S))
    test = doctest.DocTestParser().get_doctest(source, {}, "README alignment", "README.md", 0)
    assert test.examples, "no >>> examples found"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=sys.stdout.write)
    assert runner.failures == 0


def test_shell_examples(tmp_path) -> None:
    for name in ("tests", "samples"):
        (tmp_path / name).symlink_to(ROOT / name)
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
                command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
            )
            shown = (done.stdout + done.stderr).rstrip("\n").splitlines()
            assert shown == [line for line in "\n".join(expected).rstrip("\n").splitlines()], (
                command
            )
            commands += 1
    assert commands >= 8
