"""``vbformats info INPUT [--json] [-o FILE]``: a short summary of one result.

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
    add_quiet_argument,
    add_speaker_argument,
    load_input,
    one_line,
    output_format,
    parse_speakers,
    wrote,
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
    "noun-verb-pairs",
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
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (.json: JSON, .txt: text), not stdout"
    )
    add_quiet_argument(parser)
    add_input_format_argument(parser)
    add_speaker_argument(parser)


def summarize(media: Any) -> dict[str, Any]:
    """The summary of a loaded :class:`~vbformats.models.media.Media` as a JSON-ready dict.

    Keys: ``source_format``, ``media_id``, ``status``, ``duration_ms`` (``length`` when the
    document has it, else the end of the last word or voice-activity span; ``None`` when
    unknown), ``words`` (speech words), ``tokens`` (all entries of ``transcript.words``),
    ``turns``, ``times_estimated``, ``estimated_from`` (``"cues"``, ``"text"``,
    ``"utterances"`` or ``None``), ``speakers`` (list of ``{name, words, talk_ms}`` in order of
    first appearance; ``name`` is ``None`` for unlabelled speech), ``speakers_from``
    (``"words"``, ``"voiceActivity"`` for a result with voice activity and no words, such as
    RingCentral's diarize and speaker-identify, or ``None``), ``sections`` (wire names
    present), ``alternate_formats`` and ``words_from`` (``"alternateFormats[srt]"`` when the
    words were read from an alternate format).

    Costs about what loading cost: it walks the word columns once and never dumps the
    document.
    """
    table = media.words
    speech, _, _, turn_count = word_columns(table)
    speakers, speakers_from = _speakers(media)
    last_end = max(table.end_ms, default=None)
    activity_end = max(
        (o.e for a in _voice_activity(media) for o in a.occurrences if o.e is not None),
        default=None,
    )
    ends = [end for end in (last_end, activity_end) if end is not None]
    duration = media.length if media.length is not None else max(ends, default=None)
    estimated = bool(table.estimated and any(table.estimated))
    return {
        "source_format": media.source_format,
        "media_id": media.media_id,
        "status": media.status,
        "duration_ms": duration,
        "words": int(speech.sum()),
        "tokens": len(table),
        "turns": turn_count,
        "times_estimated": estimated,
        "estimated_from": _estimated_from(media) if estimated else None,
        "speakers": speakers,
        "speakers_from": speakers_from,
        "sections": sections(media),
        "alternate_formats": _alternate_names(media),
        "words_from": media.words_from,
    }


def _voice_activity(media: Any) -> list[Any]:
    return list(media.transcript.voice_activity) if media.transcript is not None else []


def word_columns(table: Any) -> tuple[Any, Any, list[str | None], int]:
    """``(speech, code, names, turns)`` of a word table, column-wise: the speech-word mask,
    each token's speaker code (an index into ``names``, the speaker names in marker order;
    ``None`` before the first marker) and the number of turns (runs between two markers that
    hold a speech word: :func:`vbformats.turns.turns`' rule, without building them)."""
    import numpy as np

    from vbformats.models.words import MARKER, SPEECH
    from vbformats.turns import clean_speaker_name

    kinds = np.asarray(table.kinds, dtype=np.int64)
    speech = kinds == SPEECH
    marker = kinds == MARKER
    segment = np.cumsum(marker)  # the run a token is in: 0 before the first marker
    markers = np.flatnonzero(marker).tolist()
    names: list[str | None] = [None]
    index: dict[str | None, int] = {None: 0}
    of_segment = [0]
    for text in table.text_at(markers):
        name = clean_speaker_name(text)
        if name not in index:
            index[name] = len(names)
            names.append(name)
        of_segment.append(index[name])
    code = np.asarray(of_segment, dtype=np.int64)[segment]
    turns = len(np.unique(segment[speech]))
    return speech, code, names, turns


def _speakers(media: Any) -> tuple[list[dict[str, Any]], str | None]:
    """Each speaker's speech words and talk time (union of their speech-word spans), in order
    of first appearance, from the words; from the voice activity when there are no speech
    words. Column-wise (numpy): a million tokens cost a fraction of their load."""
    import numpy as np

    from vbformats.spans import arrays

    table = media.words
    speech, code, names, _ = word_columns(table)
    if speech.any():
        code = code[speech]
        starts = np.asarray(table.start_ms, dtype=np.int64)[speech]
        ends = np.asarray(table.end_ms, dtype=np.int64)[speech]
        numbers, first = np.unique(code, return_index=True)
        listed = []
        for number in numbers[np.argsort(first)].tolist():
            mine = code == number
            listed.append(
                {
                    "name": names[number],
                    "words": int(mine.sum()),
                    "talk_ms": arrays.total(arrays.merge((starts[mine], ends[mine]), 0)),
                }
            )
        return listed, "words"
    spans: dict[str | None, list[tuple[int, int]]] = {}
    for activity in _voice_activity(media):
        spans.setdefault(activity.speaker_name, []).extend(
            (o.s, o.e) for o in activity.occurrences if o.s is not None and o.e is not None
        )
    if not spans:
        return [], None
    listed = [
        {
            "name": name,
            "words": 0,
            "talk_ms": arrays.total(arrays.merge(arrays.from_list(found), 0)),
        }
        for name, found in spans.items()
    ]
    return listed, "voiceActivity"


def _estimated_from(media: Any) -> str:
    origin = (media.words_from or media.source_format or "").lower()
    if any(name in origin for name in ("srt", "vtt", "dfxp", "ttml")):
        return "cues"
    if "text" in origin:
        return "text"
    return "utterances"


def sections(media: Any) -> list[str]:
    """The wire names of the top-level sections present, in :data:`_SECTIONS` order, from what
    was read (set fields and kept unknown keys), without dumping the document. A
    transcript-only response is its ``transcript``; a v2 document has ``transcripts``."""
    present: set[str] = set(media.model_extra or {})
    fields = type(media).model_fields
    for name in media.model_fields_set:
        info = fields.get(name)
        if info is not None:
            present.add(info.alias or _camel(name))
    if media.source_format == "transcript":
        present = {"transcript"}
    elif media.source_format == "v2":
        present.discard("transcript")
    return [key for key in _SECTIONS if key in present]


def _alternate_names(media: Any) -> list[str]:
    transcript = media.transcript
    if transcript is not None and transcript.alternate_formats:
        return [a.format or "" for a in transcript.alternate_formats]
    extra = (media.model_extra or {}).get("alternateFormats")
    if isinstance(extra, list):
        return [str(a.get("format") or "") for a in extra if isinstance(a, dict)]
    return []


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


_FROM = {
    "cues": "cues",
    "text": "the text: it has no times",
    "utterances": "utterances",
    None: "the input",
}


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
    duration = summary["duration_ms"]
    shown = "unknown" if duration is None else f"{_clock(duration)} ({duration} ms)"
    lines.append(f"  duration    {shown}")
    estimated = (
        f"  (times estimated from {_FROM[summary['estimated_from']]})"
        if summary["times_estimated"]
        else ""
    )
    turn_word = "turn" if summary["turns"] == 1 else "turns"
    lines.append(f"  words       {summary['words']} in {summary['turns']} {turn_word}{estimated}")
    if summary["speakers"]:
        from_activity = summary["speakers_from"] == "voiceActivity"
        lines.append("  speakers    (from voice activity)" if from_activity else "  speakers")
        labels = [one_line(s["name"] or "(unlabelled)") for s in summary["speakers"]]
        width = max(len(label) for label in labels)
        for label, speaker in zip(labels, summary["speakers"], strict=True):
            words = "" if from_activity else f"{speaker['words']:>6} words  "
            lines.append(f"    {label:<{width}}  {words}{_clock(speaker['talk_ms']):>9} talk")
    lines.append(f"  sections    {', '.join(summary['sections']) or '(none)'}")
    if summary["alternate_formats"]:
        lines.append(f"  alternates  {one_line(', '.join(summary['alternate_formats']))}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the summary. Returns 0; errors propagate to :func:`vbformats.cli.main`."""
    fmt = output_format(
        "json" if args.json else None,
        "--json",
        args.output,
        {".json": "json", ".txt": "text"},
        "text",
    )
    media = load_input(args.input, format=args.input_format, speakers=parse_speakers(args.speaker))
    summary = summarize(media)
    if fmt == "json":
        from vbformats.formats.json import json_text  # UTF-8 safe (a lone surrogate escaped)

        text = json_text(summary, 2) + "\n"
    else:
        text = format_summary(summary, args.input)
    if args.output and args.output != "-":
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
