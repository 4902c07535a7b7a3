"""The README section "Redaction, profanity filtering and word-level outputs" is true: its
``>>>`` examples (doctest) and its shell examples with shown output give exactly what it shows."""

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
    start = text.index("<!-- section:redaction -->")
    return text[start : text.index("<!-- /section:redaction -->")]


def test_python_examples(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    source = "\n".join(re.findall(r"```python\n(.*?)```", _section(), re.S))
    test = doctest.DocTestParser().get_doctest(source, {}, "README redaction", "README.md", 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        runner.run(test, out=sys.stdout.write)
    assert runner.failures == 0


def test_shell_examples(tmp_path) -> None:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
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
            assert shown == expected, command
            commands += 1
    assert commands == 4


def test_the_measured_table_is_the_benchmark_of_record() -> None:
    # the numbers quoted are the full run's; the benchmark's generator is deterministic
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_redaction import generate_call

    doc, spans = generate_call(0)
    assert spans and doc["transcript"]["words"]
    assert "400 generated calls, 56,526 tokens" in _section()
    tokens = sum(len(generate_call(seed)[0]["transcript"]["words"]) for seed in range(400))
    assert tokens == 56_526
