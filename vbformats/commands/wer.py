"""``vbformats wer REFERENCE HYPOTHESIS``: word error rate, jiwer's figures, per speaker.

REFERENCE and HYPOTHESIS are files :func:`vbformats.load` reads (a ``.txt`` reference with
``Name:`` labels gives speakers). ``--pairs FILE.csv`` scores many pairs at once (columns
``reference``, ``hypothesis`` and an optional ``label``; relative paths are relative to the
CSV's folder) and adds a ``TOTAL`` row: the counts summed over all pairs and the rates of those
sums (corpus-level, as jiwer computes them for lists). Output: ``table`` (default), ``json`` or
``csv``. Definitions: README, "Aligning an edited transcript, and WER".
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from typing import Any

from vbformats.commands import add_quiet_argument, output_format, wrote
from vbformats.errors import InvalidInputError

HELP = "word error rate of a transcript against a reference (jiwer's figures, per speaker)"

EXAMPLES = """examples:
  vbformats wer human.txt machine.json                    WER, MER, WIL, S/D/I as a table
  vbformats wer human.txt machine.json --per-speaker      one row per reference speaker
  vbformats wer human.srt machine.json --format json --cer
  vbformats wer --pairs engines.csv --format csv -o wer.csv
                                                          many pairs, with a TOTAL row
  vbformats wer ref.txt hyp.txt --no-normalize            compare words exactly as written

Exit status: 0 ok, 2 error (one line on stderr).
"""

_FORMATS = ("table", "json", "csv")
_BY_SUFFIX = {".txt": "table", ".json": "json", ".csv": "csv"}
_COUNTS = ("hits", "substitutions", "deletions", "insertions")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``wer`` arguments."""
    parser.add_argument("reference", metavar="REFERENCE", nargs="?", help="the reference file")
    parser.add_argument("hypothesis", metavar="HYPOTHESIS", nargs="?", help="the file scored")
    parser.add_argument(
        "--pairs",
        metavar="CSV",
        help="score every row of CSV (columns reference, hypothesis[, label]) instead",
    )
    parser.add_argument(
        "--per-speaker", action="store_true", help="also one row per reference speaker"
    )
    parser.add_argument("--per-turn", action="store_true", help="also one row per reference turn")
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default=None,
        help="output format (default: from -o's extension: .txt table, .json, .csv; else table)",
    )
    parser.add_argument(
        "--normalize",
        choices=("standard", "raw", "loose"),
        default="standard",
        help="standard (jiwer's wer_standardize, the default), raw, or loose (punctuation, "
        "hyphens and number formatting do not count either)",
    )
    parser.add_argument(
        "--no-normalize",
        action="store_true",
        help="compare words exactly as written (same as --normalize raw)",
    )
    parser.add_argument(
        "--cer", action="store_true", help="also the character error rate (slower on long calls)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    add_quiet_argument(parser)


def _pairs(path: str) -> list[tuple[str, str, str]]:
    """``(reference, hypothesis, label)`` rows of a pairs CSV, paths made usable."""
    folder = os.path.dirname(os.path.abspath(path))
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [name.strip().lower() for name in reader.fieldnames or ()]
        if "reference" not in fields or "hypothesis" not in fields:
            raise InvalidInputError(
                path, f"expected columns reference,hypothesis[,label]; got {','.join(fields)}"
            )
        rows = []
        for number, row in enumerate(reader, 2):
            clean = {
                (key or "").strip().lower(): (value or "").strip() for key, value in row.items()
            }
            reference, hypothesis = clean.get("reference", ""), clean.get("hypothesis", "")
            if not reference or not hypothesis:
                raise InvalidInputError(f"{path}:{number}", "empty reference or hypothesis")
            label = clean.get("label") or f"{reference} | {hypothesis}"
            rows.append((os.path.join(folder, reference), os.path.join(folder, hypothesis), label))
    if not rows:
        raise InvalidInputError(path, "no pairs")
    return rows


def _rates(hits: int, subs: int, dels: int, ins: int) -> dict[str, float]:
    """jiwer's rates from the counts (its edge cases for an empty reference included)."""
    n = hits + subs + dels
    m = hits + subs + ins
    errors = subs + dels + ins
    if n == 0:
        return {"wer": float(ins), "mer": 0.0 if m == 0 else 1.0, "wil": 0.0 if m == 0 else 1.0}
    wip = (hits / n) * (hits / m) if m else 0.0
    return {"wer": errors / n, "mer": errors / (n + ins), "wil": 1 - wip}


def _row(label: str, speaker: str | None, counts: tuple[int, int, int, int]) -> dict[str, Any]:
    hits, subs, dels, ins = counts
    return {
        "label": label,
        "speaker": speaker,
        "words": hits + subs + dels,
        **_rates(hits, subs, dels, ins),
        "hits": hits,
        "substitutions": subs,
        "deletions": dels,
        "insertions": ins,
    }


def rows_for(results: list[tuple[str, Any]], args: argparse.Namespace) -> list[dict[str, Any]]:
    """The output rows: each pair (and its speakers / turns), then ``TOTAL`` for many pairs."""
    rows: list[dict[str, Any]] = []
    totals = [0, 0, 0, 0]
    char_errors = char_total = 0
    for label, result in results:
        counts = (result.hits, result.substitutions, result.deletions, result.insertions)
        row = _row(label, None, counts)
        if args.cer:
            row["cer"] = result.cer
            char_errors += result.character_errors
            char_total += result.reference_characters
        rows.append(row)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if args.per_speaker:
            for name, score in result.per_speaker.items():
                rows.append(
                    _row(
                        label,
                        name,
                        (score.hits, score.substitutions, score.deletions, score.insertions),
                    )
                )
        if args.per_turn:
            for turn in result.per_turn:
                score = turn.score
                extra = _row(
                    label,
                    turn.speaker,
                    (score.hits, score.substitutions, score.deletions, score.insertions),
                )
                extra.update(turn=turn.number, start_ms=turn.start_ms, end_ms=turn.end_ms)
                rows.append(extra)
    if len(results) > 1:
        total = _row("TOTAL", None, (totals[0], totals[1], totals[2], totals[3]))
        if args.cer:
            total["cer"] = char_errors / char_total if char_total else float(char_errors)
        rows.append(total)
    return rows


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns = ["label", "speaker", "words", "wer", "mer", "wil"]
    if any("cer" in row for row in rows):
        columns.append("cer")
    columns += list(_COUNTS)
    if any("turn" in row for row in rows):
        columns += ["turn", "start_ms", "end_ms"]
    return columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    """The text ``vbformats wer`` prints."""
    columns = _columns(rows)
    if fmt == "json":
        return json.dumps([{key: row.get(key) for key in columns} for row in rows], indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(key) is None else row.get(key) for key in columns])
        return buffer.getvalue()
    if not any(row.get("speaker") is not None for row in rows):
        columns.remove("speaker")
    cells = [columns] + [[_cell(row.get(key)) for key in columns] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    text_columns = {"label", "speaker"}
    lines = []
    for line in cells:
        parts = [
            cell.ljust(width) if columns[i] in text_columns else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Load each pair, score, print."""
    import vbformats
    from vbformats.alignment import wer

    if args.pairs:
        if args.reference or args.hypothesis:
            raise InvalidInputError("--pairs", "give either --pairs or REFERENCE HYPOTHESIS")
        pairs = _pairs(args.pairs)
    elif args.reference and args.hypothesis:
        pairs = [(args.reference, args.hypothesis, os.path.basename(args.hypothesis))]
    else:
        raise InvalidInputError("wer", "expected REFERENCE and HYPOTHESIS files, or --pairs CSV")
    fmt = output_format(args.format, "--format", args.output, _BY_SUFFIX, "table")
    normalize = "raw" if args.no_normalize else args.normalize
    results = []
    for reference, hypothesis, label in pairs:
        results.append(
            (label, wer(vbformats.load(reference), vbformats.load(hypothesis), normalize=normalize))
        )
    text = render(rows_for(results, args), fmt)
    if args.output and args.output != "-":  # -: stdout
        from vbformats.atomic import atomic_path

        with (
            atomic_path(args.output) as temporary,
            open(temporary, "w", encoding="utf-8", newline="") as handle,
        ):
            handle.write(text)
        wrote(args.output, args.quiet, fmt)
    else:
        sys.stdout.write(text)
    return 0
