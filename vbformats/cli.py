"""The ``vbformats`` command line: ``main(argv) -> int``.

Each subcommand lives in ``vbformats/commands/<name>.py`` with ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``; ``COMMANDS`` lists them. (A deviation from a
single cli.py: the commands belong to different capabilities and are easier to own apart.)

Errors print one line to stderr and exit 2; the library's exceptions never reach the user as a
traceback. Nothing imports this module.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from vbformats import __version__
from vbformats.errors import VBFormatsError

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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
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
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input or usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    try:
        code: int = args._run(args)
        return code
    except VBFormatsError as error:
        from vbformats.redaction import redact

        print(f"vbformats: error: {redact(str(error))}", file=sys.stderr)
        return 2
    except OSError as error:
        from vbformats.redaction import redact

        print(f"vbformats: error: {redact(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `vbformats convert x | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
