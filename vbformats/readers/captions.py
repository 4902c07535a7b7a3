"""Caption bodies (SRT, WebVTT, DFXP/TTML, plain text) → :class:`~vbformats.models.media.Media`.

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

Parsing is done by the libraries the issue names: pysrt for SRT, webvtt-py for WebVTT and lxml
for DFXP. A short pre-pass of our own validates and normalises timing lines first, because both
libraries misread two-digit fractions and skip malformed cues without a word; the pre-pass also
counts cues so that a cue a library dropped is an error, not a lost sentence.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from vbformats.errors import InvalidInputError, UnknownFormatError
from vbformats.models.media import Media, Transcript
from vbformats.models.words import WordTable
from vbformats.timing import format_srt, format_vtt, parse_clock

__all__ = [
    "CAPTION_FORMATS",
    "TEXT_MS_PER_CHAR",
    "TEXT_PARAGRAPH_GAP_MS",
    "decode_text",
    "detect_format",
    "media_from_alternate_format",
    "read_caption_body",
    "split_words",
]

#: Reader names and the aliases / extensions that select them.
CAPTION_FORMATS: dict[str, str] = {
    "srt": "srt",
    "subrip": "srt",
    "vtt": "vtt",
    "webvtt": "vtt",
    "dfxp": "dfxp",
    "ttml": "dfxp",
    "xml": "dfxp",
    "ttaf": "dfxp",
    "text": "text",
    "txt": "text",
}

#: Nominal pace used to lay out plain text, which has no times (≈ 14 characters per second).
TEXT_MS_PER_CHAR = 70
#: Silence inserted between paragraphs of plain text, in ms.
TEXT_PARAGRAPH_GAP_MS = 500

# Alternate formats tried, in order, when media_from_alternate_format is not given a name:
# the timed ones first, plain text last.
_ALTERNATE_PREFERENCE = ("srt", "webvtt", "dfxp", "text")

# trailing punctuation split into its own token (closing quotes and brackets included)
_TRAILING_PUNCT = set(".,;:!?…)]}\"'»”’。、，！？；：")
# "Name: text" at the start of a line: at most three words and 40 characters, no colon, ended
# by ": " (a colon then whitespace or the end of the line). "10:30" is not a label (no space
# after the colon). Names are otherwise free: writers label "A&B", "Dr. Ümit Öz", "李雷".
_LABEL = re.compile(r"^(?P<name>[^\s:-][^:\s]*(?:[ \t]+[^:\s]+){0,2}):(?:\s+|$)")
_LABEL_MAX_CHARS = 40
# tags an SRT player understands (anything else in angle brackets is text, e.g. "<3")
_SRT_TAG = re.compile(r"</?(?:b|i|u|s|font)(?:\s[^>]*)?>", re.IGNORECASE)
# WebVTT cue text tags: c, i, b, u, ruby, rt, v, lang and timestamps
_VTT_TAG = re.compile(r"</?(?:c|i|b|u|ruby|rt|v|lang)(?:[.\s][^>]*)?>|<\d[\d:.]*>", re.IGNORECASE)
# character references with their semicolon (bare "&" and "AT&T" stay as they are)
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_VOICE = re.compile(r"^\s*(?P<dash>-\s*)?<v(?:\.[^\s>]*)?(?:\s+(?P<name>[^>]*))?>")
_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?P<rest>.*)$")


# --- decoding and format detection -----------------------------------------------------------


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


def _decode_bytes(data: bytes) -> str:
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
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise InvalidInputError(
                    "", f"starts with a {codec} byte order mark but is not {codec}: {error}"
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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


def detect_format(text: str, fmt: str | None = None, path_name: str | None = None) -> str:
    """Choose the reader: ``fmt`` if given, else the path's extension, else the content.

    Content sniffing: a ``WEBVTT`` first line → ``vtt``; ``<tt`` (after an XML declaration or
    comments) → ``dfxp``; any ``-->`` line → ``srt``; anything else → ``text``.

    Returns:
        ``"srt"``, ``"vtt"``, ``"dfxp"`` or ``"text"``.

    Raises:
        UnknownFormatError: ``fmt`` names no caption format.
    """
    if fmt is not None:
        found = CAPTION_FORMATS.get(fmt.lower().lstrip("."))
        if found is None:
            raise UnknownFormatError(fmt, ("json", *CAPTION_FORMATS))
        return found
    if path_name:
        base = path_name.replace("\\", "/").rsplit("/", 1)[-1]
        if "." in base:
            found = CAPTION_FORMATS.get(base.rsplit(".", 1)[1].lower())
            if found is not None:
                return found
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("<") and re.search(r"<(?:\w+:)?tt[\s>]", head[:4096]):
        return "dfxp"
    if re.search(r"^[^\n]*-->[^\n]*$", text, re.MULTILINE):
        return "srt"
    return "text"


# --- the intermediate: cues and segments -----------------------------------------------------


@dataclass
class _Segment:
    """A run of one speaker's text inside a cue (``speaker`` None = not labelled)."""

    speaker: str | None
    text: str


@dataclass
class _Cue:
    start_ms: int
    end_ms: int
    segments: list[_Segment]
    line: int
    dialogue: bool = False  # segments are simultaneous ("- " lines), not sequential
    order: int = 0


@dataclass
class _Run:
    """Tokens of one segment after word splitting, with their speaker and times."""

    speaker: str | None
    start_ms: list[int] = field(default_factory=list)
    end_ms: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    punc: list[bool] = field(default_factory=list)


def _where(path_name: str | None, line: int) -> str:
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


def _is_dialogue_line(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("-") and stripped[1:2].isspace()


def _segments_from_lines(
    lines: Sequence[tuple[str | None, str]],
) -> tuple[list[_Segment], bool]:
    """Group cue lines into speaker segments.

    ``lines`` holds ``(voice, text)``: ``voice`` is a speaker already known for the line (a
    WebVTT ``<v>`` or TTML agent) or None. A ``Name: `` prefix starts a new segment; a line
    starting with ``- `` in a cue with two or more of them starts a new simultaneous segment.
    """
    # a dialogue dash is "- " with a space, as writers use it: "-5 degrees" is a number
    dashes = sum(1 for _, text in lines if _is_dialogue_line(text))
    dialogue = dashes >= 2 and _is_dialogue_line(lines[0][1])
    segments: list[_Segment] = []
    for voice, raw in lines:
        text = raw.strip()
        new = False
        if dialogue and _is_dialogue_line(text):
            text = text[1:].lstrip()
            new = True
        speaker = voice
        match = _LABEL.match(text)
        if match is not None and len(match.group("name")) <= _LABEL_MAX_CHARS:
            speaker = match.group("name")
            text = text[match.end() :]
            new = True
        if voice is not None and (not segments or segments[-1].speaker != voice):
            new = True
        if new or not segments:
            segments.append(_Segment(speaker, text))
        else:
            segments[-1].text = f"{segments[-1].text} {text}" if segments[-1].text else text
    return segments, dialogue


# --- SRT ------------------------------------------------------------------------------------


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
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


def _parse_timing(line: str, where: str) -> tuple[int, int, str]:
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


def _read_srt(text: str, path_name: str | None) -> list[_Cue]:
    import pysrt

    times: list[tuple[int, int, int]] = []
    normalised: list[str] = []
    for first, lines in _blocks(text):
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            hint = ""
            if first == 1 and lines[0].startswith("WEBVTT"):
                hint = " (the file starts with WEBVTT: read it as vtt)"
            raise InvalidInputError(
                _where(path_name, first),
                f"expected a cue number and a timing line, got {lines[0].strip()[:60]!r}{hint}",
            )
        line_no = first + timing_at
        start, end, _ = _parse_timing(lines[timing_at], _where(path_name, line_no))
        times.append((start, end, line_no))
        body = lines[timing_at + 1 :]
        # keep the block's shape for pysrt, with a canonical timing line and a valid index
        normalised += [
            str(len(times)),
            f"{format_srt(start)} --> {format_srt(end)}",
            *(body or [""]),
            "",
        ]
    try:
        items = pysrt.from_string("\n".join(normalised), error_handling=pysrt.ERROR_RAISE)
    except pysrt.Error as error:  # pragma: no cover - the pre-pass accepts only valid blocks
        raise InvalidInputError(path_name or "", f"SRT parse error: {error}") from None
    if len(items) != len(times):  # pragma: no cover - would mean pysrt dropped a cue
        raise InvalidInputError(
            path_name or "", f"SRT parser found {len(items)} cues, expected {len(times)}"
        )
    cues = []
    for order, (item, (start, end, line_no)) in enumerate(zip(items, times, strict=True)):
        cue_lines: list[tuple[str | None, str]] = [
            (None, _clean_markup(line)) for line in item.text.split("\n")
        ]
        segments, dialogue = _segments_from_lines(cue_lines)
        cues.append(_Cue(start, end, segments, line_no, dialogue, order))
    return cues


def _unescape(text: str) -> str:
    """Decode character references that end with ``;`` (``&amp;`` → ``&``); leave the rest."""
    return _REFERENCE.sub(lambda match: html.unescape(match.group(0)), text)


def _clean_markup(line: str) -> str:
    # SRT players accept a few HTML tags (<i>, <b>, <u>, <font>) and {\an8}-style ASS overrides
    line = _SRT_TAG.sub("", line)
    line = re.sub(r"\{\\[^}]*\}", "", line)
    return _unescape(line)


# --- WebVTT ---------------------------------------------------------------------------------


def _read_vtt(text: str, path_name: str | None) -> list[_Cue]:
    import webvtt

    offset = 0  # lines added in front of the caller's text (for line numbers)
    if not text.lstrip().startswith("WEBVTT"):
        text = "WEBVTT\n\n" + text
        offset = 2
    times: list[tuple[int, int, int]] = []
    normalised: list[str] = []
    for first, lines in _blocks(text):
        first -= offset
        if lines[0].startswith("WEBVTT"):
            if any("-->" in line for line in lines):
                raise InvalidInputError(
                    _where(path_name, first), "a blank line is missing after the WEBVTT header"
                )
            normalised += ["WEBVTT", ""]
            continue
        head = lines[0].split(maxsplit=1)[0] if lines[0].split() else ""
        if head in ("NOTE", "STYLE", "REGION"):
            continue
        timing_at = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing_at is None:
            raise InvalidInputError(
                _where(path_name, first),
                f"expected a cue (optional id, then a timing line), got {lines[0].strip()[:60]!r}",
            )
        line_no = first + timing_at
        start, end, rest = _parse_timing(lines[timing_at], _where(path_name, line_no))
        times.append((start, end, line_no))
        body = lines[timing_at + 1 :]
        if not body:
            # webvtt-py keeps empty cues, but be explicit: an empty cue has no words
            body = [""]
        normalised += [f"{format_vtt(start)} --> {format_vtt(end)}{rest}", *body, ""]
    try:
        captions = webvtt.from_string("\n".join(normalised)).captions
    except Exception as error:  # webvtt-py raises its own MalformedFileError/...CaptionError
        raise InvalidInputError(path_name or "", f"WebVTT parse error: {error}") from None
    if len(captions) != len(times):
        raise InvalidInputError(
            path_name or "",
            f"WebVTT parser found {len(captions)} cues, expected {len(times)}",
        )
    cues = []
    for order, (caption, (start, end, line_no)) in enumerate(zip(captions, times, strict=True)):
        cue_lines: list[tuple[str | None, str]] = []
        voice: str | None = None
        for raw in caption.raw_text.split("\n"):
            match = _VOICE.match(raw)
            if match is not None:
                voice = _unescape((match.group("name") or "").strip()) or None
                raw = (match.group("dash") or "") + raw[match.end() :]
            cue_lines.append((voice, _unescape(_VTT_TAG.sub("", raw))))
        segments, dialogue = _segments_from_lines(cue_lines)
        cues.append(_Cue(start, end, segments, line_no, dialogue, order))
    return cues


# --- DFXP / TTML ----------------------------------------------------------------------------

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_OFFSET = re.compile(r"^\s*(?P<n>\d+(?:\.\d+)?)(?P<unit>h|ms|m|s|f|t)\s*$")
_FRAMES = re.compile(r"^\s*(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}):(?P<f>\d+(?:\.\d+)?)\s*$")


def _line_of(element: Any) -> int:
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else 1


def _local(name: Any) -> str:
    text = str(name)
    return text.rsplit("}", 1)[-1] if "}" in text else text


def _meta_attr(element: Any, local: str) -> str | None:
    """An attribute in any TTML metadata/parameter namespace (``ttm:agent``, ``ttp:frameRate``)."""
    for key, value in element.attrib.items():
        if _local(key) == local and str(key).startswith("{"):
            return str(value)
    return None


class _TtmlClock:
    def __init__(self, root: Any) -> None:
        rate = _meta_attr(root, "frameRate")
        tick = _meta_attr(root, "tickRate")
        self.frame_rate = Fraction(rate) if rate and rate.strip().isdigit() else Fraction(30)
        multiplier = _meta_attr(root, "frameRateMultiplier")
        if multiplier:
            parts = multiplier.split()
            if len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[1]):
                self.frame_rate *= Fraction(int(parts[0]), int(parts[1]))
        self.tick_rate = Fraction(tick) if tick and tick.strip().isdigit() else Fraction(1)

    def parse(self, value: str, where: str) -> int:
        """A TTML time expression → integer ms (rounded half up)."""
        match = _OFFSET.match(value)
        if match is not None:
            number = Fraction(match.group("n"))
            unit = match.group("unit")
            scale = {
                "h": Fraction(3_600_000),
                "m": Fraction(60_000),
                "s": Fraction(1000),
                "ms": Fraction(1),
                "f": Fraction(1000) / self.frame_rate,
                "t": Fraction(1000) / self.tick_rate,
            }[unit]
            return _round_half_up(number * scale)
        match = _FRAMES.match(value)
        if match is not None:
            seconds = int(match.group("h")) * 3600 + int(match.group("m")) * 60
            seconds += int(match.group("s"))
            frames = Fraction(match.group("f"))
            return _round_half_up(seconds * Fraction(1000) + frames * 1000 / self.frame_rate)
        try:
            return parse_clock(value)
        except InvalidInputError:
            raise InvalidInputError(where, f"not a TTML time expression: {value!r}") from None


def _round_half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)) // 1)


def _read_dfxp(text: str, path_name: str | None) -> list[_Cue]:
    from lxml import etree

    forbidden = _FORBIDDEN.search(text)
    if forbidden is not None:
        line = text[: forbidden.start()].count("\n") + 1
        raise InvalidInputError(
            _where(path_name, line),
            f"<!{forbidden.group(1).upper()}> is not allowed in DFXP/TTML (document type and "
            "entity declarations are refused: no external entities, no entity expansion)",
        )
    # lxml refuses str input that carries an encoding declaration; the text is decoded already
    declaration = _XML_DECL.match(text)
    body = text
    if declaration is not None:
        # keep line numbers: replace the declaration by as many newlines as it spanned
        body = "\n" * declaration.group(0).count("\n") + text[declaration.end() :]
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        line_no: int = error.lineno or 1
        raise InvalidInputError(_where(path_name, line_no), f"malformed XML: {error.msg}") from None
    except ValueError as error:  # e.g. a broken XML declaration lxml still sees as one
        raise InvalidInputError(_where(path_name, 1), f"malformed XML: {error}") from None
    if _local(root.tag) != "tt":
        raise InvalidInputError(
            _where(path_name, _line_of(root)),
            f"root element is <{_local(root.tag)}>, expected TTML <tt>",
        )
    clock = _TtmlClock(root)
    agents: dict[str, str] = {}
    for element in root.iter():
        if _local(element.tag) == "agent" and str(element.tag).endswith("#metadata}agent"):
            agent_id = element.get(f"{{{_XML_NS}}}id")
            if agent_id:
                name = next(
                    (
                        (child.text or "").strip()
                        for child in element
                        if _local(child.tag) == "name" and (child.text or "").strip()
                    ),
                    agent_id,
                )
                agents[agent_id] = name

    cues: list[_Cue] = []
    body_element = next((e for e in root if _local(e.tag) == "body"), None)
    if body_element is None:
        return cues
    for p in body_element.iter():
        if _local(p.tag) != "p":
            continue
        cue = _dfxp_cue(p, clock, agents, path_name)
        if cue is not None:
            cue.order = len(cues)
            cues.append(cue)
    return cues


def _dfxp_cue(
    p: Any, clock: _TtmlClock, agents: dict[str, str], path_name: str | None
) -> _Cue | None:
    line = _line_of(p)
    where = _where(path_name, line)
    # par semantics (TTML's default): an element's begin/end are relative to its parent's begin
    offset = 0  # absolute begin of the parent, in ms
    limit: int | None = None  # absolute end of the nearest timed ancestor
    timed = False
    agent_id: str | None = None
    for ancestor in reversed(list(p.iterancestors())):
        parent_offset = offset
        begin, end, dur = ancestor.get("begin"), ancestor.get("end"), ancestor.get("dur")
        if begin is not None:
            offset = parent_offset + clock.parse(begin, where)
        if end is not None:
            limit = parent_offset + clock.parse(end, where)
        elif dur is not None:
            limit = offset + clock.parse(dur, where)
        timed = timed or begin is not None or end is not None or dur is not None
        refs = (_meta_attr(ancestor, "agent") or "").split()
        if refs:
            agent_id = refs[0]
    refs = (_meta_attr(p, "agent") or "").split()
    if refs:
        agent_id = refs[0]
    lines = _ttml_lines(p, agent_id, agents)
    if not any(text.strip() for _, text in lines):
        return None
    begin_attr, end_attr, dur_attr = p.get("begin"), p.get("end"), p.get("dur")
    if begin_attr is None and end_attr is None and dur_attr is None and not timed:
        # word-level TTML times its spans instead of the paragraph
        spans = [
            (offset + clock.parse(span.get("begin"), where), span)
            for span in p.iter()
            if span is not p and span.get("begin") is not None
        ]
        if not spans:
            raise InvalidInputError(where, "<p> has text but no time (nor its parents or spans)")
        start = min(begin for begin, _ in spans)
        end_ms = start
        for begin, span in spans:
            if span.get("end") is not None:
                end_ms = max(end_ms, offset + clock.parse(span.get("end"), where))
            elif span.get("dur") is not None:
                end_ms = max(end_ms, begin + clock.parse(span.get("dur"), where))
            else:
                end_ms = max(end_ms, begin)
    else:
        start = offset + (clock.parse(begin_attr, where) if begin_attr is not None else 0)
        if end_attr is not None:
            end_ms = offset + clock.parse(end_attr, where)
        elif dur_attr is not None:
            end_ms = start + clock.parse(dur_attr, where)
        elif limit is not None:
            end_ms = limit
        else:
            end_ms = start
    if end_ms < start:
        raise InvalidInputError(where, f"<p> ends ({end_ms} ms) before it starts ({start} ms)")
    segments, dialogue = _segments_from_lines(lines)
    return _Cue(start, end_ms, segments, line, dialogue)


def _ttml_lines(
    p: Any, agent_id: str | None, agents: dict[str, str]
) -> list[tuple[str | None, str]]:
    """The ``p``'s text as lines of ``(speaker, text)``; ``<br/>`` breaks lines and a ``span``
    with its own ``ttm:agent`` starts a new line for that speaker."""
    lines: list[tuple[str | None, list[str]]] = []

    def speaker_of(ref: str | None) -> str | None:
        return agents.get(ref, ref) if ref else None

    def add(text: str | None, speaker: str | None) -> None:
        if not text:
            return
        if not lines or lines[-1][0] != speaker:
            lines.append((speaker, []))
        lines[-1][1].append(text)

    def walk(element: Any, speaker: str | None) -> None:
        add(element.text, speaker)
        for child in element:
            tag = _local(child.tag)
            if tag == "br":
                lines.append((speaker, []))
            elif tag == "span":
                ref = (_meta_attr(child, "agent") or "").split()
                walk(child, speaker_of(ref[0]) if ref else speaker)
            elif tag not in ("metadata", "set", "animation"):
                walk(child, speaker)
            add(child.tail, speaker)

    walk(p, speaker_of(agent_id))
    return [(speaker, " ".join("".join(parts).split())) for speaker, parts in lines]


# --- plain text -----------------------------------------------------------------------------


def _read_text(text: str, path_name: str | None) -> list[_Cue]:
    cues: list[_Cue] = []
    clock = 0
    for first, lines in _blocks(text):
        segments, _ = _segments_from_lines([(None, line) for line in lines])
        chars = sum(len(s.text) + 1 for s in segments)
        if not any(s.text.strip() for s in segments):
            continue
        start = clock
        end = start + chars * TEXT_MS_PER_CHAR
        # each labelled segment gets its own span, in proportion to its length
        for segment in segments:
            length = (len(segment.text) + 1) * TEXT_MS_PER_CHAR
            cues.append(_Cue(start, start + length, [segment], first, False, len(cues)))
            start += length
        clock = end + TEXT_PARAGRAPH_GAP_MS
    return cues


# --- cues → words ---------------------------------------------------------------------------


def _spread(start: int, end: int, tokens: list[tuple[str, bool]], run: _Run) -> None:
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


def _assign_speakers(cues: list[_Cue]) -> None:
    """Fill in speakers of unlabelled segments (see the module docstring for the rule)."""
    last_end: dict[str, tuple[int, int]] = {}  # speaker -> (end of latest cue, cue order)
    for position, cue in enumerate(cues):
        used: set[str] = set()
        for segment in cue.segments:
            if segment.speaker is None and last_end:
                candidates = [
                    (end, order, name)
                    for name, (end, order) in last_end.items()
                    if name not in used and end <= cue.start_ms
                ]
                if not candidates:
                    candidates = [
                        (order, order, name)
                        for name, (_, order) in last_end.items()
                        if name not in used
                    ]
                if candidates:
                    segment.speaker = max(candidates)[2]
            if segment.speaker is not None:
                used.add(segment.speaker)
        for segment in cue.segments:
            if segment.speaker is not None:
                previous = last_end.get(segment.speaker, (-1, -1))
                last_end[segment.speaker] = (max(previous[0], cue.end_ms), position)


def _words_from_cues(cues: list[_Cue]) -> WordTable:
    cues.sort(key=lambda cue: (cue.start_ms, cue.order))
    _assign_speakers(cues)
    runs: list[_Run] = []
    for cue in cues:
        split = [(segment, split_words(segment.text)) for segment in cue.segments]
        split = [(segment, tokens) for segment, tokens in split if tokens]
        if not split:
            continue
        if cue.dialogue:
            for segment, tokens in split:
                run = _Run(segment.speaker)
                _spread(cue.start_ms, cue.end_ms, tokens, run)
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
            run = _Run(segment.speaker)
            _spread(s, e, tokens, run)
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


_READERS = {"srt": _read_srt, "vtt": _read_vtt, "dfxp": _read_dfxp, "text": _read_text}


def read_caption_body(text: bytes | str, fmt: str | None, path_name: str | None) -> Media:
    """Read an SRT, WebVTT, DFXP/TTML or plain-text body into a :class:`Media`.

    This is what :func:`vbformats.load` calls for anything that is not JSON.

    Args:
        text: The body, as bytes (any encoding listed in :func:`decode_text`) or text.
        fmt: ``"srt"``, ``"vtt"``/``"webvtt"``, ``"dfxp"``/``"ttml"``, ``"text"``/``"txt"``,
            or None to decide from ``path_name``'s extension, then from the content.
        path_name: The file name, used to choose the format and in error messages.

    Returns:
        A Media with ``transcript.words`` (turn markers where speakers are known, times
        estimated: ``media.words.estimated`` is all ``True``) and ``source_format`` set to the
        reader used. An empty or blank body gives a Media without words.

    Raises:
        InvalidInputError: the body is malformed; the message starts with ``file:line`` (or
            ``line N``).
        UnknownFormatError: ``fmt`` is not a caption format.

    Example:
        >>> body = b"1\\n00:00:01,00 --> 00:00:02,50\\nAgent: Hi.\\n"
        >>> media = read_caption_body(body, None, None)
        >>> [(w.text, w.start_ms, w.end_ms) for w in media.words]
        [('Agent', 1000, 2500), ('Hi', 1000, 2500), ('.', 2500, 2500)]
    """
    try:
        decoded = decode_text(text)
    except InvalidInputError as error:
        if path_name and error.path.startswith("line"):
            raise InvalidInputError(
                f"{path_name}:{error.path.split()[-1]}", error.problem
            ) from None
        raise
    name = detect_format(decoded, fmt, path_name)
    if decoded.strip():
        # a WebVTT header without cues is a valid empty transcript; text that is not a cue is
        # refused by each reader, so "no cues" here never hides words
        cues = _READERS[name](decoded, path_name)
        table = _words_from_cues(cues)
    else:
        table = WordTable.from_columns([], [], [], estimated=[])
    return Media(transcript=Transcript(words=table), source_format=name)


def media_from_alternate_format(media: Media, name: str | None = None) -> Media:
    """Build words from one of a Media's ``alternateFormats`` (SRT, WebVTT, DFXP or text).

    A transcript-only response (``GET /v3/media/{id}/transcript?includeAlternateFormat=srt``)
    or a callback configured without words carries the transcript only as base64 text. This
    decodes the alternate chosen **by its format name** (never by position) and reads it like a
    caption file.

    Args:
        media: A loaded Media. Its alternates are looked up in ``transcript.alternateFormats``,
            or at the top level for the bare transcript object that the transcript endpoint
            returns (``{"alternateFormats": [...]}``, kept as an extra key).
        name: ``"srt"``, ``"webvtt"``/``"vtt"``, ``"dfxp"``/``"ttml"`` or ``"text"``. By
            default the first present of srt, webvtt, dfxp, text (timed formats first).

    Returns:
        A deep copy of ``media`` whose ``transcript.words`` come from the alternate (times
        estimated, ``words.estimated`` all ``True``) and whose ``source_format`` names the
        reader used (``"srt"``, ``"vtt"``, ``"dfxp"``, ``"text"``). The input is not changed.

    Raises:
        InvalidInputError: no such alternate format (the message lists those present), bad
            base64, or a malformed body (path ``alternateFormats[srt]:LINE``).

    Example:
        >>> media = vbformats.load("samples/transcript_only.json")  # doctest: +SKIP
        >>> media_from_alternate_format(media).words.text[:3]  # doctest: +SKIP
        ['Good', 'morning', ',']
    """
    transcript = media.transcript
    if transcript is None or not transcript.alternate_formats:
        extra = (media.model_extra or {}).get("alternateFormats")
        if extra is not None:
            transcript = Transcript.model_validate({"alternateFormats": extra})
    present = [
        (alternate.format or "").lower()
        for alternate in (transcript.alternate_formats if transcript is not None else [])
    ]
    wanted = [name] if name is not None else list(_ALTERNATE_PREFERENCE)
    for candidate in wanted:
        body = transcript.alternate_format(candidate) if transcript is not None else None
        if body is None:
            continue
        reader_fmt = CAPTION_FORMATS.get(candidate.lower())
        if reader_fmt is None:
            raise UnknownFormatError(candidate, tuple(_ALTERNATE_PREFERENCE))
        parsed = read_caption_body(body, reader_fmt, f"alternateFormats[{candidate}]")
        result = media.model_copy(deep=True)
        if result.transcript is None:
            result.transcript = Transcript(words=parsed.words)
        else:
            result.transcript.words = parsed.words
            result.transcript.__pydantic_fields_set__.add("words")
        result.source_format = parsed.source_format
        return result
    listing = ", ".join(p or "(unnamed)" for p in present) or "none"
    asked = name if name is not None else "srt, webvtt, dfxp or text"
    raise InvalidInputError(
        "transcript.alternateFormats",
        f"no alternate format {asked} in this document (present: {listing})",
    )
