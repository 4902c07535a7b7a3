"""``vbformats info INPUT [--json]``: a short summary of one result.

Shows where the document came from (source format, media id, status), its duration, each
speaker's word count and talk time, the number of words and turns, and which sections of the
document are present. Talk time is the union of the speaker's speech-word spans (overlapping
words counted once), so it does not include pauses inside a turn.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from vbformats.commands import (
    add_input_format_argument,
    add_speaker_argument,
    one_line,
    parse_speakers,
)

HELP = "summarise a result: duration, speakers, words, turns, sections present"

EXAMPLES = """examples:
  vbformats info call.json                  a short human summary
  vbformats info call.json --json           the same as JSON (for scripts and jq)
  vbformats info callback.srt               caption bodies too (word times are estimates)

Exit status: 0 ok, 2 error (one line on stderr).
"""

# Sections listed by `info`, in the order VoiceBase documents them (wire names).
_SECTIONS = (
    "metadata",
    "transcript",
    "transcripts",
    "knowledge",
    "spotting",
    "prediction",
    "metrics",
    "categories",
    "conversation",
    "speakerSentiments",
    "entities",
    "streams",
    "encryption",
    "warnings",
    "errors",
    "_job",
    "_links",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the ``info`` arguments."""
    parser.add_argument(
        "input", metavar="INPUT", help="result file (JSON, SRT, WebVTT, DFXP, text)"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_input_format_argument(parser)
    add_speaker_argument(parser)


def summarize(media: Any) -> dict[str, Any]:
    """The summary of a loaded :class:`~vbformats.models.media.Media` as a JSON-ready dict.

    Keys: ``source_format``, ``media_id``, ``status``, ``duration_ms`` (``length`` when the
    document has it, else the end of the last word), ``words`` (speech words), ``tokens`` (all
    entries of ``transcript.words``), ``turns``, ``times_estimated``, ``speakers`` (list of
    ``{name, words, talk_ms}`` in order of first appearance; ``name`` is ``None`` for unlabelled
    speech), ``sections`` (wire names present), ``alternate_formats`` and ``words_from``
    (``"alternateFormats[srt]"`` when the words were read from an alternate format).
    """
    from vbformats.spans import normalize, total_length
    from vbformats.turns import speaker_of_tokens, turns

    document = media.to_dict()
    words_from = None
    alternates = _alternate_names(media)
    if len(media.words) == 0 and alternates:
        from vbformats.formats.alternate import media_from_alternate_format

        converted = media_from_alternate_format(media)
        words_from = f"alternateFormats[{converted.source_format}]"
        media = converted
    table = media.words
    speakers = speaker_of_tokens(table)
    is_speech = table.is_speech
    spans: dict[str | None, list[tuple[int, int]]] = {}
    counts: dict[str | None, int] = {}
    for index, speech in enumerate(is_speech):
        if not speech:
            continue
        name = speakers[index]
        counts[name] = counts.get(name, 0) + 1
        spans.setdefault(name, []).append((table.start_ms[index], table.end_ms[index]))
    last_end = max(table.end_ms, default=0)
    duration = media.length if media.length is not None else last_end
    return {
        "source_format": media.source_format,
        "media_id": media.media_id,
        "status": media.status,
        "duration_ms": duration,
        "words": sum(is_speech),
        "tokens": len(table),
        "turns": len(turns(media)),
        "times_estimated": bool(table.estimated and any(table.estimated)),
        "speakers": [
            {"name": name, "words": counts[name], "talk_ms": total_length(normalize(spans[name]))}
            for name in counts
        ],
        "sections": [key for key in _SECTIONS if key in document],
        "alternate_formats": alternates,
        "words_from": words_from,
    }


def _alternate_names(media: Any) -> list[str]:
    transcript = media.transcript
    if transcript is not None and transcript.alternate_formats:
        return [a.format or "" for a in transcript.alternate_formats]
    extra = (media.model_extra or {}).get("alternateFormats")
    if isinstance(extra, list):
        return [str(a.get("format") or "") for a in extra if isinstance(a, dict)]
    return []


def _clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{minutes:d}:{seconds:02d}.{millis // 100:d}"
    return f"{hours:d}:{minutes:02d}:{seconds:02d}.{millis // 100:d}" if hours else text


def format_summary(summary: dict[str, Any], name: str) -> str:
    """The human form of :func:`summarize`'s dict.

    Every text that comes from the document or the command line (the file name, media id,
    status, speaker and alternate format names) has its control characters escaped
    (:func:`vbformats.commands.one_line`): a name holding a newline or an ANSI escape code
    cannot add lines or recolour the terminal.
    """
    lines = [one_line(name)]
    origin = one_line(summary["source_format"])
    if summary["words_from"]:
        origin += f" (words from {one_line(summary['words_from'])})"
    lines.append(f"  format      {origin}")
    if summary["media_id"]:
        lines.append(f"  media id    {one_line(summary['media_id'])}")
    if summary["status"]:
        lines.append(f"  status      {one_line(summary['status'])}")
    lines.append(f"  duration    {_clock(summary['duration_ms'])} ({summary['duration_ms']} ms)")
    estimated = "  (times estimated from cues)" if summary["times_estimated"] else ""
    turn_word = "turn" if summary["turns"] == 1 else "turns"
    lines.append(f"  words       {summary['words']} in {summary['turns']} {turn_word}{estimated}")
    if summary["speakers"]:
        lines.append("  speakers")
        labels = [one_line(s["name"] or "(unlabelled)") for s in summary["speakers"]]
        width = max(len(label) for label in labels)
        for label, speaker in zip(labels, summary["speakers"], strict=True):
            lines.append(
                f"    {label:<{width}}  {speaker['words']:>6} words  "
                f"{_clock(speaker['talk_ms']):>9} talk"
            )
    lines.append(f"  sections    {', '.join(summary['sections']) or '(none)'}")
    if summary["alternate_formats"]:
        lines.append(f"  alternates  {one_line(', '.join(summary['alternate_formats']))}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the summary. Returns 0; errors propagate to :func:`vbformats.cli.main`."""
    import vbformats

    media = vbformats.load(
        args.input, format=args.input_format, speakers=parse_speakers(args.speaker)
    )
    summary = summarize(media)
    if args.json:
        from vbformats.formats.json import json_text  # UTF-8 safe (a lone surrogate escaped)

        sys.stdout.write(json_text(summary, 2) + "\n")
    else:
        sys.stdout.write(format_summary(summary, args.input))
    return 0
