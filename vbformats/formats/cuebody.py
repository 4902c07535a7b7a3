"""Caption bodies → words: the reading half shared by the SRT, WebVTT, TTML and text formats.

A VoiceBase callback of type ``transcript`` delivers SRT, WebVTT, DFXP or plain text instead of
JSON, and the transcript-only response carries the same formats base64-encoded in
``alternateFormats``. This module reads all of them into the same model as the JSON readers, so
any format converts to any other.

What comes out:

* **words** – each cue's text split on whitespace; a trailing run of punctuation
  (``.,;:!?…`` and closing quotes/brackets) becomes its own ``punc`` token, exactly like
  VoiceBase's JSON, so the text reads back the same (``"Mr."`` → ``Mr`` + ``.``);
* **speakers** – recovered from a ``Name: `` prefix at the start of a cue line (at most three
  words and 40 characters, no colon; SRT, text, any format), a WebVTT
  ``<v Name>`` voice span, or a TTML ``ttm:agent`` reference (the agent's ``ttm:name`` when it
  has one, else its ``xml:id``). A turn marker (``m: "turn"``) is inserted wherever the speaker
  changes. A cue without a label continues the speaker whose latest cue ended closest before it
  and does not overlap it in time (SRT writers label only the first cue of a turn, and stereo
  cues overlap: a backchannel from the caller inside an agent's turn must not capture the
  agent's next, unlabelled cue);
* **times** – caption files carry only cue times, so word times are *estimated*: a cue's span is
  shared among its words in proportion to their length in characters (at least 1), punctuation
  gets zero length at the end of the word before it, and ``media.words.estimated`` is ``True``
  for every token. Plain text has no times at all: words are laid out on a nominal timeline of
  :data:`TEXT_MS_PER_CHAR` ms per character with :data:`TEXT_PARAGRAPH_GAP_MS` between
  paragraphs;
* **order** – cues are sorted by start time (stable), so unsorted files read fine; overlapping
  cues are kept as they are (two people talking at once). A dialogue cue (two or more lines that
  start with ``- ``) gives each line the whole cue span.

Tolerated drift: a UTF-8 BOM, UTF-16/UTF-32 with a BOM, non-UTF-8 bytes (read as Windows-1252,
else Latin-1), CRLF or CR line ends, a missing final newline, fractions of one to nine digits
(VoiceBase writes ``00:00:05,81``, which is 5810 ms, not 81 ms), WebVTT timestamps without
hours, SRT timing lines with ``.`` instead of ``,`` or with position coordinates, a WebVTT file
without its ``WEBVTT`` header, the tags players understand (SRT ``<i>``, ``<b>``, ``<u>``,
``<font>`` and ``{\\an8}`` overrides; WebVTT ``<c>``, ``<i>``, ``<v>``, timestamps) and character
references ending in ``;`` (``&amp;``). Other text in angle brackets (``<3``) stays text.

Refused with :class:`~vbformats.errors.InvalidInputError` naming the file and line
(``call.srt:14: ...``, or ``line 14: ...`` when there is no file name): a timing line that does
not parse, a text block without a timing line (SRT would silently drop it), DFXP with a DOCTYPE
or entity declaration (no XXE, no billion laughs: lxml runs with entity resolution, DTD loading
and network access off), malformed XML, a ``<p>`` without any time, binary content.

Parsing is one pass of our own per body (no body is parsed twice): the SRT and WebVTT blocks are
split and their timing lines parsed here, because pysrt and webvtt-py misread two-digit fractions
and skip malformed cues without a word; lxml parses TTML. pysrt, srt, webvtt-py and ttconv stay
in the test suite as independent readers of what the writers produce.
"""

from __future__ import annotations

import bisect
import contextlib
import html
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from vbformats.errors import InvalidInputError
from vbformats.formats.labels import is_dialogue_line, match_label
from vbformats.models.media import Media, Transcript
from vbformats.models.words import WordTable
from vbformats.timing import parse_clock

__all__ = [
    "TRAILING_PUNCTUATION",
    "CueBlock",
    "Run",
    "Segment",
    "assign_speakers",
    "blocks",
    "decode_head",
    "decode_text",
    "is_dialogue_line",
    "parse_timing",
    "read_cues",
    "segments_from_lines",
    "split_words",
    "unescape",
    "where",
    "words_from_cues",
]

# what a cue line is trimmed of: ASCII blanks (a no-break space is an escape, see labels.py)
_BLANKS = " \t\f\v"
#: Trailing punctuation split into its own token (closing quotes and brackets included).
TRAILING_PUNCTUATION = ".,;:!?…)]}\"'»”’。、，！？；："
_TRAILING_PUNCT = frozenset(TRAILING_PUNCTUATION)
# character references with their semicolon (bare "&" and "AT&T" stay as they are)
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?P<rest>.*)$")


# --- decoding --------------------------------------------------------------------------------


def decode_text(data: bytes | str) -> str:
    """Decode a caption body to ``str`` with ``\\n`` line ends and no BOM.

    Bytes are read by their BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), else as UTF-8, else as
    UTF-16 when every other byte is NUL, else as Windows-1252, else Latin-1 (which never fails).

    Raises:
        InvalidInputError: the content is binary (NUL or other control characters).
    """
    text = data if isinstance(data, str) else _decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = next((ch for ch in text[:65536] if ch in _CONTROL), None)
    if bad is not None:
        line = text[: text.index(bad)].count("\n") + 1
        raise InvalidInputError(
            f"line {line}", f"binary content (control character {bad!r}): not a caption file"
        )
    return text


_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\f\v") | {"\x7f"}


def decode_head(data: bytes) -> str:
    """The start of a body decoded for sniffing: as :func:`decode_text` would, but never
    failing (a cut multi-byte character is replaced) and without the binary check."""
    try:
        text = _decode_bytes(data, errors="replace")
    except InvalidInputError:  # pragma: no cover - "replace" never fails
        text = data.decode("latin-1")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bytes(data: bytes, errors: str = "strict") -> str:
    boms = (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec, errors)
            except UnicodeDecodeError as error:
                raise InvalidInputError(
                    "", f"starts with a {codec} byte order mark but is not {codec}: {error}"
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if errors != "strict" and len(data) - _last_complete(data) < 4:
            # a cut multi-byte character at the end of a sniffed head
            with contextlib.suppress(UnicodeDecodeError):
                return data[: _last_complete(data)].decode("utf-8")
    sample = data[:4096]
    # UTF-16 without a BOM: every other byte zero. Only a guess, so a failed decode (an odd
    # length, a lone surrogate) falls through to the single-byte codecs instead of raising.
    if len(sample) >= 4 and sample[1::2].count(0) == len(sample) // 2:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16-le")
    if len(sample) >= 4 and sample[0::2].count(0) == (len(sample) + 1) // 2:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16-be")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


# --- the intermediate: cues and segments -----------------------------------------------------


@dataclass
class Segment:
    """A run of one speaker's text inside a cue (``speaker`` None = not labelled)."""

    speaker: str | None
    text: str


@dataclass
class CueBlock:
    start_ms: int
    end_ms: int
    segments: list[Segment]
    line: int
    dialogue: bool = False  # segments are simultaneous ("- " lines), not sequential
    order: int = 0


@dataclass
class Run:
    """Tokens of one segment after word splitting, with their speaker and times."""

    speaker: str | None
    start_ms: list[int] = field(default_factory=list)
    end_ms: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    punc: list[bool] = field(default_factory=list)


def where(path_name: str | None, line: int) -> str:
    return f"{path_name}:{line}" if path_name else f"line {line}"


def split_words(text: str) -> list[tuple[str, bool]]:
    """Split text into ``(token, is_punctuation)`` pairs.

    Whitespace separates words; a trailing run of punctuation becomes one punctuation token.
    A token made only of punctuation is punctuation when it could attach to the word before it
    (``"word ."``), and a word otherwise (``"—"`` at the start).

    >>> split_words("Hi, Dana.")
    [('Hi', False), (',', True), ('Dana', False), ('.', True)]
    """
    out: list[tuple[str, bool]] = []
    for raw in text.split():
        cut = len(raw)
        while cut > 0 and raw[cut - 1] in _TRAILING_PUNCT:
            cut -= 1
        if cut == 0:
            out.append((raw, bool(out)))
            continue
        out.append((raw[:cut], False))
        if cut < len(raw):
            out.append((raw[cut:], True))
    return out


def segments_from_lines(
    lines: Sequence[tuple[str | None, str]],
) -> tuple[list[Segment], bool]:
    """Group cue lines into speaker segments.

    ``lines`` holds ``(voice, text)``: ``voice`` is a speaker already known for the line (a
    WebVTT ``<v>`` or TTML agent) or None. On a line without a voice, a label
    (:func:`~vbformats.formats.labels.match_label`) starts a new segment; where the markup names
    the speaker, a ``Name:`` at the start is the speaker's words. A line starting with ``- `` in
    a cue with two or more of them starts a new simultaneous segment. Lines are trimmed of
    ASCII blanks only: a no-break space is how writers escape a colon or dash that is not a
    label (:mod:`vbformats.formats.labels`).
    """
    # a dialogue dash is "- " with a space, as writers use it: "-5 degrees" is a number
    dashes = sum(1 for _, text in lines if is_dialogue_line(text))
    dialogue = dashes >= 2 and is_dialogue_line(lines[0][1])
    segments: list[Segment] = []
    for voice, raw in lines:
        text = raw.strip(_BLANKS)
        new = False
        if dialogue and is_dialogue_line(text):
            text = text[1:].lstrip(_BLANKS)
            new = True
        speaker = voice
        label = match_label(text) if voice is None else None
        if label is not None:
            speaker, text = label
            new = True
        if voice is not None and (not segments or segments[-1].speaker != voice):
            new = True
        if new or not segments:
            segments.append(Segment(speaker, text))
        else:
            segments[-1].text = f"{segments[-1].text} {text}" if segments[-1].text else text
    return segments, dialogue


def blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Blank-line separated blocks as ``(first line number, lines)``."""
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            yield first, current
            current = []
    if current:
        yield first, current


def parse_timing(line: str, where: str) -> tuple[int, int, str]:
    match = _TIMING.match(line)
    if match is None:
        raise InvalidInputError(where, f"bad timing line {line.strip()!r}")
    try:
        start = parse_clock(match.group("start"))
        end = parse_clock(match.group("end"))
    except InvalidInputError as error:
        raise InvalidInputError(where, f"{error.problem} in timing line {line.strip()!r}") from None
    if end < start:
        raise InvalidInputError(where, f"cue ends ({end} ms) before it starts ({start} ms)")
    return start, end, match.group("rest")


def unescape(text: str) -> str:
    """Decode character references that end with ``;`` (``&amp;`` → ``&``); leave the rest."""
    return _REFERENCE.sub(lambda match: html.unescape(match.group(0)), text)


# --- cues → words ---------------------------------------------------------------------------


def spread(start: int, end: int, tokens: list[tuple[str, bool]], run: Run) -> None:
    """Append tokens with times shared in proportion to word length (punctuation: 0 ms)."""
    weights = [0 if punc else max(1, len(token)) for token, punc in tokens]
    total = sum(weights) or 1
    span = end - start
    done = 0
    previous_end = start
    for (token, punc), weight in zip(tokens, weights, strict=True):
        if punc:
            s = e = previous_end
        else:
            s = start + span * done // total
            done += weight
            e = start + span * done // total
            previous_end = e
        run.start_ms.append(s)
        run.end_ms.append(e)
        run.text.append(token)
        run.punc.append(punc)


def assign_speakers(cues: list[CueBlock]) -> None:
    """Fill in speakers of unlabelled segments (see the module docstring for the rule).

    An unlabelled segment goes to the speaker (not already in the cue) whose latest cue ended
    closest before the cue starts, ties to the later cue; with none ended before it, to the
    speaker of the latest cue. :class:`_Latest` answers both in logarithmic time, so reading is
    linear in cues and speakers (a scan of every speaker per segment took 50 s for a file of
    20,000 speakers, issue #11).
    """
    latest = _Latest()
    for position, cue in enumerate(cues):
        used: set[str] = set()
        for segment in cue.segments:
            if segment.speaker is None and latest.state:
                segment.speaker = latest.choose(cue.start_ms, used)
            if segment.speaker is not None:
                used.add(segment.speaker)
        for segment in cue.segments:
            if segment.speaker is not None:
                latest.update(segment.speaker, cue.end_ms, position)


class _Latest:
    """Each speaker's ``(end of latest cue, its position)``, searchable by end and by recency."""

    def __init__(self) -> None:
        self.state: dict[str, tuple[int, int]] = {}
        # every (end, position, name) ever set, sorted; an entry no longer in `state` is stale
        self.by_end: list[tuple[int, int, str]] = []
        self.stale = 0
        # speakers by the position of their latest cue, most recent last
        self.by_recency: dict[str, int] = {}

    def update(self, name: str, end: int, position: int) -> None:
        previous = self.state.get(name)
        value = (max(previous[0], end) if previous is not None else end, position)
        if previous == value:
            return
        if previous is not None:
            self.stale += 1
        self.state[name] = value
        bisect.insort(self.by_end, (*value, name))
        self.by_recency.pop(name, None)
        self.by_recency[name] = position
        if self.stale > 64 and self.stale > len(self.by_end) // 2:
            self.by_end = sorted((end, pos, who) for who, (end, pos) in self.state.items())
            self.stale = 0

    def choose(self, start_ms: int, used: set[str]) -> str | None:
        """The largest ``(end, position, name)`` with ``end <= start_ms`` of a speaker not in
        ``used``; else the speaker of the latest cue not in ``used`` (ties: the larger name)."""
        state = self.state
        at = bisect.bisect_right(self.by_end, (start_ms, math.inf))
        for end, position, name in reversed(self.by_end[max(0, at - 256) : at]):
            if name not in used and state.get(name) == (end, position):
                return name
        if at > 256:  # rare: many stale or used entries right below the start
            for end, position, name in reversed(self.by_end[:at]):
                if name not in used and state.get(name) == (end, position):
                    return name
        best: tuple[int, str] | None = None
        for name in reversed(self.by_recency):
            if name in used:
                continue
            position = self.by_recency[name]
            if best is not None and position < best[0]:
                break
            if best is None or (position, name) > best:
                best = (position, name)
        return best[1] if best is not None else None


def words_from_cues(cues: list[CueBlock]) -> WordTable:
    cues.sort(key=lambda cue: (cue.start_ms, cue.order))
    assign_speakers(cues)
    runs: list[Run] = []
    for cue in cues:
        split = [(segment, split_words(segment.text)) for segment in cue.segments]
        split = [(segment, tokens) for segment, tokens in split if tokens]
        if not split:
            continue
        if cue.dialogue:
            for segment, tokens in split:
                run = Run(segment.speaker)
                spread(cue.start_ms, cue.end_ms, tokens, run)
                runs.append(run)
            continue
        # sequential segments share the cue's span in proportion to their words' length
        lengths = [sum(len(t) for t, punc in tokens if not punc) or 1 for _, tokens in split]
        total = sum(lengths)
        done = 0
        for (segment, tokens), length in zip(split, lengths, strict=True):
            s = cue.start_ms + (cue.end_ms - cue.start_ms) * done // total
            done += length
            e = cue.start_ms + (cue.end_ms - cue.start_ms) * done // total
            run = Run(segment.speaker)
            spread(s, e, tokens, run)
            runs.append(run)

    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    flags: list[str | None] = []
    current: str | None = None
    marker_at: int | None = None
    for run in runs:
        if run.speaker is not None and run.speaker != current:
            current = run.speaker
            marker_at = len(texts)
            starts.append(run.start_ms[0])
            ends.append(run.start_ms[0])
            texts.append(run.speaker)
            flags.append("turn")
        starts += run.start_ms
        ends += run.end_ms
        texts += run.text
        flags += ["punc" if punc else None for punc in run.punc]
        if marker_at is not None:
            # a marker spans its turn, like VoiceBase's
            ends[marker_at] = max(ends[marker_at], *run.end_ms)
    return WordTable.from_columns(
        starts, ends, texts, flags_text=flags, estimated=[True] * len(texts)
    )


def read_cues(
    data: bytes | str,
    path_name: str | None,
    parse: Callable[[str, str | None], list[CueBlock]],
    source_format: str,
) -> Media:
    """Decode a caption body, cut it into cues with ``parse`` and make the words of the cues.

    Returns:
        A Media with ``transcript.words`` (turn markers where speakers are known, times
        estimated: ``media.words.estimated`` is all ``True``) and ``source_format`` set. An
        empty or blank body gives a Media without words.

    Raises:
        InvalidInputError: the body is malformed; the message starts with ``file:line`` (or
            ``line N``).
    """
    try:
        decoded = decode_text(data)
    except InvalidInputError as error:
        if path_name and error.path.startswith("line"):
            raise InvalidInputError(
                f"{path_name}:{error.path.split()[-1]}", error.problem
            ) from None
        raise
    if decoded.strip():
        # a WebVTT header without cues is a valid empty transcript; text that is not a cue is
        # refused by each reader, so "no cues" here never hides words
        table = words_from_cues(parse(decoded, path_name))
    else:
        table = WordTable.from_columns([], [], [], estimated=[])
    return Media(transcript=Transcript(words=table), source_format=source_format)


def _last_complete(data: bytes) -> int:
    """Length of ``data`` without a trailing incomplete UTF-8 sequence."""
    cut = len(data)
    back = 0
    while cut > 0 and back < 4 and (data[cut - 1] & 0xC0) == 0x80:
        cut -= 1
        back += 1
    if cut > 0 and data[cut - 1] >= 0xC0:
        cut -= 1
    return cut
