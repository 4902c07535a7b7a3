"""The ``vbformats`` command line: ``main(argv) -> int``.

Each subcommand lives in ``vbformats/commands/<name>.py`` with ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``; ``COMMANDS`` lists them. (A deviation from a
single cli.py: the commands belong to different capabilities and are easier to own apart.)

Errors print one line to stderr and exit 2, usage errors too (``vbformats frame: error:
unrecognized arguments: --compat (see 'vbformats frame --help')``, naming the subcommand);
the library's exceptions never reach the user as a traceback. Every diagnostic (errors,
warnings, skipped inputs) is one redacted line with control characters escaped
(:func:`vbformats.commands.say`). Warnings raised while a command runs are printed that way
too, each distinct message once, after the command. An exception that is not vbformats' own
is a bug: it prints ``vbformats: internal error: ...`` as one line and exits 2 (set
``VBFORMATS_TRACEBACK=1`` to see the traceback instead). Nothing imports this module.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import typing
import warnings
from collections.abc import Sequence

from vbformats import __version__

COMMANDS = ("convert", "info", "frame", "metrics", "report", "align", "wer")

EPILOG = """examples:
  vbformats convert call.json -o call.srt          SRT captions (format from the extension)
  vbformats convert call.json --to vtt             WebVTT to stdout
  vbformats convert call.json --to text            plain text, one paragraph per turn
  vbformats info call.json                         duration, speakers, words, sections
  vbformats frame calls/ words -o words.csv        one table from a folder of callbacks
  vbformats metrics call.json --compare            computed vs reported conversation metrics
  vbformats report call.json -o call.html          a call report (HTML or .docx) with plots
"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line with a hint to ``--help`` (argparse
    prints its whole usage block), naming the (sub)command that has the problem."""

    def error(self, message: str) -> typing.NoReturn:
        from vbformats.commands import one_line
        from vbformats.secrets import redact

        line = one_line(redact(f"{self.prog}: error: {message} (see '{self.prog} --help')"))
        print(line, file=sys.stderr)
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every available subcommand.

    ``only``: the one subcommand whose arguments are added (the others are listed with their
    help, which is all a run of that command or the top-level help shows); building every
    command's arguments imports most of the package (the formats, the tables, pydantic).
    """
    parser = _Parser(
        prog="vbformats",
        description="Turn VoiceBase v3 and RingCentral AI results into captions, text, tables "
        "and metrics.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"vbformats {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"vbformats.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"vbformats.commands.{name}":
                continue  # command not built yet
            raise
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.HELP,
            epilog=getattr(module, "EXAMPLES", None),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if only is None or only == name:
            module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 partly done, 2 bad input or usage)."""
    given = sys.argv[1:] if argv is None else list(argv)
    if given == ["--version"]:
        # what argparse's version action prints, without importing every command first
        sys.stdout.write(f"vbformats {__version__}\n")
        raise SystemExit(0)
    # the command is the first argument that is not an option (the top level has no option
    # taking a value); an unknown one is argparse's error, with every command listed
    first = next((arg for arg in given if not arg.startswith("-")), None)
    parser = build_parser(first if first in COMMANDS else None)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # a flag the subcommand does not have: its own parser says so (argparse would show
        # the top-level usage)
        _subparser(parser, getattr(args, "command", None)).error(
            f"unrecognized arguments: {' '.join(extra)}"
        )
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code: int = _run(args)
        finally:
            _print_warnings(caught)
    return code


def _subparser(parser: argparse.ArgumentParser, name: str | None) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found: argparse.ArgumentParser = action.choices[name]
            return found
    return parser


def _run(args: argparse.Namespace) -> int:
    from vbformats.commands import say
    from vbformats.errors import VBFormatsError

    try:
        code: int = args._run(args)
        return code
    except VBFormatsError as error:
        say(f"error: {error}")
        return 2
    except BrokenPipeError:  # e.g. `vbformats convert x | head`: the reader has had enough
        _silence_stdout()
        return 0
    except OSError as error:
        say(f"error: {error}")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: still one line, never a traceback (unless asked)
        if os.environ.get("VBFORMATS_TRACEBACK"):
            raise
        say(
            f"internal error: {type(error).__name__}: {error} (a bug in vbformats; please "
            "report it; VBFORMATS_TRACEBACK=1 shows the traceback)"
        )
        return 2


def _print_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Each distinct warning once, as one line (the default format spreads each over two lines
    with a source path, and repeats)."""
    from vbformats.commands import say

    counts: dict[str, int] = {}
    for warning in caught:
        text = str(warning.message)
        counts[text] = counts.get(text, 0) + 1
    for text, count in counts.items():
        say(f"warning: {text}" + (f" ({count} times)" if count > 1 else ""))


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout replaced (tests) or already closed
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
