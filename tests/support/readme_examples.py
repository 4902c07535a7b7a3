"""Run the README's examples: every ``>>>`` Python example and every shell example with shown
output (a ```` ```console ```` block of ``$ command`` lines, each followed by what it prints).

The examples run in a scratch folder that looks like the repository root (``samples/`` and
``tests/`` are links to the repository's), so files they write (``call.vtt``, ``call.html``)
do not land in the checkout. ``calls/`` there is the folder the README's "a folder of files"
examples read: two samples and one broken file. Output is compared exactly, except for
trailing whitespace at the end of each line (and ``...`` where the README elides output, as
doctest's ELLIPSIS does).
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

_FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    """One fenced block of the README: its language tag, first body line (1-based) and body."""

    language: str
    line: int
    body: list[str]


def blocks(text: str) -> list[Block]:
    """Every fenced block, in order."""
    found: list[Block] = []
    current: Block | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if current is None:
            if match:
                current = Block(match.group(1), number + 1, [])
        elif line.rstrip() == "```":
            found.append(current)
            current = None
        else:
            current.body.append(line)
    return found


def make_scratch(folder: Path) -> Path:
    """Make ``folder`` look like the repository root for the examples; returns it."""
    for name in ("samples", "tests"):
        (folder / name).symlink_to(ROOT / name)
    calls = folder / "calls"
    calls.mkdir()
    for name in ("stereo_call.json", "mono_call.json"):
        shutil.copy(ROOT / "samples" / name, calls / name)
    (calls / "broken.json").write_text('{"mediaId": "broken", ', encoding="utf-8")
    return folder


class _TrailingSpaceChecker(doctest.OutputChecker):
    """doctest's checker on text whose lines have their trailing whitespace removed."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return super().check_output(_strip_lines(want), _strip_lines(got), optionflags)


def _strip_lines(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def python_source(text: str) -> str:
    """The README with everything but its ```` ```python ```` blocks blanked (line numbers kept,
    so a failure names the README line)."""
    lines = [""] * len(text.splitlines())
    for block in blocks(text):
        if block.language == "python":
            for offset, line in enumerate(_blank_lines_kept(block.body)):
                lines[block.line - 1 + offset] = line
    return "\n".join(lines) + "\n"


def _blank_lines_kept(body: list[str]) -> list[str]:
    """A README example's output runs to the next ``>>>`` (or the end of its block), blank lines
    included: doctest ends it at the first blank line, so those become ``<BLANKLINE>``."""
    out = list(body)
    starts = [i for i, line in enumerate(body) if line.lstrip().startswith(">>>")]
    for start, end in zip(starts, [*starts[1:], len(body)], strict=False):
        last = end
        while last > start and not body[last - 1].strip():
            last -= 1  # blank lines before the next example separate, they are not output
        for i in range(start + 1, last):
            if not body[i].strip():
                out[i] = "<BLANKLINE>"
    return out


def run_python_examples(scratch: Path, text: str | None = None) -> tuple[int, int, str]:
    """Run every ``>>>`` example in ``scratch``: (examples, failures, report)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    test = doctest.DocTestParser().get_doctest(
        python_source(text), {"__name__": "readme"}, "README.md", str(README), 0
    )
    report: list[str] = []
    runner = doctest.DocTestRunner(
        checker=_TrailingSpaceChecker(), optionflags=doctest.ELLIPSIS, verbose=False
    )
    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        runner.run(test, out=report.append, clear_globs=True)
    finally:
        os.chdir(cwd)
    return len(test.examples), runner.failures, "".join(report)


@dataclass
class ShellExample:
    """``$ command`` and the lines the README shows it printing."""

    line: int
    command: str
    expected: list[str]


def shell_blocks(text: str) -> list[list[ShellExample]]:
    """The ``$ `` commands of each ```` ```console ```` block, each with its shown output."""
    found: list[list[ShellExample]] = []
    for block in blocks(text):
        if block.language != "console":
            continue
        examples: list[ShellExample] = []
        for offset, line in enumerate(block.body):
            if line.startswith("$ "):
                examples.append(ShellExample(block.line + offset, line[2:], []))
            elif examples:
                examples[-1].expected.append(line)
        if examples:
            found.append(examples)
    return found


def run_shell_block(examples: list[ShellExample], scratch: Path, out: Path) -> list[list[str]]:
    """What each command of one block prints (stdout and stderr in one stream, in the order a
    terminal shows them), run one after the
    other by one ``sh`` in ``scratch`` (so a command sees the files and the ``$?`` of the one
    before), with this interpreter's ``vbformats`` first on ``PATH``. ``out`` (outside
    ``scratch``) holds the captured output."""
    script = []
    for number, example in enumerate(examples):
        # the command on its own line: a trailing `# comment` must not swallow the `}`
        script.append(f"{{ {example.command}\n}} >'{out}/{number}.out' 2>&1")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(["sh", "-c", "\n".join(script)], cwd=scratch, env=env, timeout=600, check=False)
    printed = []
    for number in range(len(examples)):
        printed.append(_lines((out / f"{number}.out").read_text(encoding="utf-8")))
    return printed


def shown(example: ShellExample) -> list[str]:
    """The README's lines for ``example``, trailing whitespace and final blank lines removed."""
    return _lines("\n".join(example.expected))


def matches(expected: list[str], printed: list[str]) -> bool:
    """``printed`` is what the README shows: line for line, a ``...`` in a shown line standing
    for any text (times, rates) as doctest's ELLIPSIS does within a line."""
    if len(expected) != len(printed):
        return False
    for want, got in zip(expected, printed, strict=True):
        if "..." not in want:
            if want != got:
                return False
        elif not re.fullmatch(".*".join(re.escape(part) for part in want.split("...")), got):
            return False
    return True


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip().splitlines()]
