"""DFXP / TTML1 captions (``dfxp``, alias ``ttml``): reader and writer, built with lxml.

**Writing.** A TTML1 document (namespace ``http://www.w3.org/ns/ttml``): ``xml:lang`` on ``tt``,
media time base, speakers declared once as ``ttm:agent`` elements (``type="person"``, with a
``ttm:name``) in ``head/metadata`` and referenced from each ``p`` by ``ttm:agent``. Each cue is a
``<p begin="HH:MM:SS.mmm" end="…">`` with ``<br/>`` between lines; a dialogue cue
(``overlap="merge"``) has one ``<span ttm:agent="…">`` per line and lists every speaker in the
``p``'s ``ttm:agent``. VoiceBase calls this format DFXP and serves it as
``application/ttaf+xml``. Text is cleaned by :func:`vbformats.captions.clean_text` first, so
characters that XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) never reach the
document; lxml escapes ``&`` and ``<``.

**Reading.** lxml with entity resolution, DTD loading and network access off; a DOCTYPE or
entity declaration is refused outright (no XXE, no billion laughs). Every ``<p>`` is a cue, its
times from its own ``begin``/``end``/``dur`` relative to its timed ancestors (TTML's ``par``
semantics), or from its word-level ``<span>`` times; time expressions of every TTML form
(:func:`vbformats.timing.parse_ttml_time`) with ``ttp:frameRate``, ``frameRateMultiplier`` and
``tickRate``. Speakers come from ``ttm:agent`` (the agent's ``ttm:name`` when it has one, else its
``xml:id``), and a ``span`` with its own agent starts a line for that speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from pydantic import Field, field_validator

from vbformats.captions import CaptionOptions, clean_text
from vbformats.errors import InvalidInputError
from vbformats.formats.base import LIKELY, NO, CaptionFormat
from vbformats.formats.cuebody import CueBlock, read_cues, segments_from_lines, where
from vbformats.formats.labels import safe_lines
from vbformats.models.media import Media
from vbformats.timing import format_ttml, memoized_clock, parse_ttml_time

__all__ = ["FORMAT", "TTML_NAMESPACE", "DfxpFormat", "DfxpOptions"]

_TT_ROOT = re.compile(r"<(?:\w+:)?tt[\s>]")
_XML_SPACE = re.compile(r"[ \t\r\n]+")

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_NS = "http://www.w3.org/XML/1998/namespace"


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
    """The frame and tick rates of a TTML document (``ttp:`` parameters on ``tt``).

    ``ttp:frameRate`` and ``ttp:tickRate`` are positive whole numbers (ASCII digits), and
    ``ttp:frameRateMultiplier`` two of them (``"1000 1001"``); anything else is refused naming
    the attribute, since every time in ``f`` or ``t`` units would be wrong (a rate of 0 would
    divide by zero).
    """

    def __init__(self, root: Any, where: str) -> None:
        self.frame_rate = _rate(root, "frameRate", where) or Fraction(30)
        self.tick_rate = _rate(root, "tickRate", where) or Fraction(1)
        multiplier = _meta_attr(root, "frameRateMultiplier")
        if multiplier is not None:
            parts = multiplier.split()
            if len(parts) != 2 or not all(_POSITIVE.fullmatch(p) for p in parts):
                raise InvalidInputError(
                    where,
                    f"ttp:frameRateMultiplier must be two positive whole numbers, got "
                    f"{multiplier[:40]!r}",
                )
            self.frame_rate *= Fraction(int(parts[0]), int(parts[1]))

    def parse(self, value: str, where: str) -> int:
        """A TTML time expression → integer ms (rounded half up), errors naming ``where``."""
        try:
            return parse_ttml_time(value, frame_rate=self.frame_rate, tick_rate=self.tick_rate)
        except InvalidInputError as error:
            raise InvalidInputError(where, error.problem) from None


_POSITIVE = re.compile(r"0*[1-9][0-9]{0,8}")


def _rate(root: Any, name: str, where: str) -> Fraction | None:
    value = _meta_attr(root, name)
    if value is None:
        return None
    if not _POSITIVE.fullmatch(value.strip()):
        raise InvalidInputError(
            where, f"ttp:{name} must be a positive whole number, got {value[:40]!r}"
        )
    return Fraction(int(value.strip()))


def parse_ttml(text: str, path_name: str | None) -> list[CueBlock]:
    """The cues (``<p>`` elements) of a decoded TTML/DFXP body, in document order.

    Raises:
        InvalidInputError: a DOCTYPE or entity declaration, malformed XML, a root that is not
            ``<tt>``, a ``<p>`` without any time; the path names the file and line.
    """
    from lxml import etree  # on use: the other formats never need it

    forbidden = _FORBIDDEN.search(text)
    if forbidden is not None:
        line = text[: forbidden.start()].count("\n") + 1
        raise InvalidInputError(
            where(path_name, line),
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
        raise InvalidInputError(where(path_name, line_no), f"malformed XML: {error.msg}") from None
    except ValueError as error:  # e.g. a broken XML declaration lxml still sees as one
        raise InvalidInputError(where(path_name, 1), f"malformed XML: {error}") from None
    if _local(root.tag) != "tt":
        raise InvalidInputError(
            where(path_name, _line_of(root)),
            f"root element is <{_local(root.tag)}>, expected TTML <tt>",
        )
    clock = _TtmlClock(root, where(path_name, _line_of(root)))
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

    cues: list[CueBlock] = []
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
) -> CueBlock | None:
    line = _line_of(p)
    at = where(path_name, line)
    # par semantics (TTML's default): an element's begin/end are relative to its parent's begin
    offset = 0  # absolute begin of the parent, in ms
    limit: int | None = None  # absolute end of the nearest timed ancestor
    timed = False
    agent_id: str | None = None
    for ancestor in reversed(list(p.iterancestors())):
        parent_offset = offset
        begin, end, dur = ancestor.get("begin"), ancestor.get("end"), ancestor.get("dur")
        if begin is not None:
            offset = parent_offset + clock.parse(begin, at)
        if end is not None:
            limit = parent_offset + clock.parse(end, at)
        elif dur is not None:
            limit = offset + clock.parse(dur, at)
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
            (offset + clock.parse(span.get("begin"), at), span)
            for span in p.iter()
            if span is not p and span.get("begin") is not None
        ]
        if not spans:
            raise InvalidInputError(at, "<p> has text but no time (nor its parents or spans)")
        start = min(begin for begin, _ in spans)
        end_ms = start
        for begin, span in spans:
            if span.get("end") is not None:
                end_ms = max(end_ms, offset + clock.parse(span.get("end"), at))
            elif span.get("dur") is not None:
                end_ms = max(end_ms, begin + clock.parse(span.get("dur"), at))
            else:
                end_ms = max(end_ms, begin)
    else:
        start = offset + (clock.parse(begin_attr, at) if begin_attr is not None else 0)
        if end_attr is not None:
            end_ms = offset + clock.parse(end_attr, at)
        elif dur_attr is not None:
            end_ms = start + clock.parse(dur_attr, at)
        elif limit is not None:
            end_ms = limit
        else:
            end_ms = start
    if end_ms < start:
        raise InvalidInputError(at, f"<p> ends ({end_ms} ms) before it starts ({start} ms)")
    segments, dialogue = segments_from_lines(lines)
    return CueBlock(start, end_ms, segments, line, dialogue)


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
    # XML white space only (a no-break space is text: the writers' escape of a label-like colon)
    return [(speaker, _XML_SPACE.sub(" ", "".join(parts)).strip(" ")) for speaker, parts in lines]


# --- writing ---------------------------------------------------------------------------------

TTML_NAMESPACE = "http://www.w3.org/ns/ttml"
_TTM = "http://www.w3.org/ns/ttml#metadata"
_TTP = "http://www.w3.org/ns/ttml#parameter"
_TTS = "http://www.w3.org/ns/ttml#styling"
_XML = "http://www.w3.org/XML/1998/namespace"

_TT = f"{{{TTML_NAMESPACE}}}"
_P = _TT + "p"
_BR = _TT + "br"
_SPAN = _TT + "span"
_AGENT_ATTR = f"{{{_TTM}}}agent"


class DfxpOptions(CaptionOptions):
    """DFXP options: every :class:`~vbformats.captions.CaptionOptions` field, plus these."""

    lang: str = Field(
        "en",
        description="Language of the text, written as xml:lang on tt (a BCP 47 tag such as "
        "'en', 'en-US', 'es'; '' for unknown).",
        json_schema_extra={"cli": "--language"},
    )
    pretty: bool = Field(True, description="Indent the XML (one element per line).")

    @field_validator("lang")
    @classmethod
    def _language_tag(cls, value: str) -> str:
        parts = value.split("-") if value else []
        if any(
            not part or len(part) > 8 or not part.isascii() or not part.isalnum() for part in parts
        ):
            raise ValueError(f"not a language tag: {value!r} (expected e.g. 'en' or 'en-US')")
        return value


class DfxpFormat(CaptionFormat):
    """TTML1 / DFXP ``.dfxp``: speakers as ``ttm:agent``, built with lxml."""

    name = "dfxp"
    aliases = ("ttml", "ttaf")
    extensions = (".dfxp", ".ttml", ".dfxp.xml", ".ttml.xml")
    media_type = "application/ttaf+xml"
    read_extensions = (".xml",)
    options_model = DfxpOptions

    sniff_evidence = "a <tt> root element"

    def sniff(self, head: str) -> int:
        """:data:`LIKELY` for XML whose root element is ``tt`` (any prefix)."""
        stripped = head.lstrip()
        if stripped.startswith("<") and _TT_ROOT.search(stripped[:4096]):
            return LIKELY
        return NO

    def read(
        self,
        data: bytes | str,
        path_name: str | None = None,
        *,
        speakers: dict[str, str] | None = None,
    ) -> Media:
        """Read a TTML/DFXP body (words' times estimated from the paragraphs)."""
        return read_cues(data, path_name, parse_ttml, self.name)

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the whole document (XML is built in memory, then serialised once)."""
        yield self.document(media, options)

    def document(self, media: Any, options: Any = None) -> str:
        """The DFXP document as text (UTF-8 XML declaration included)."""
        from lxml import etree  # on use: the other formats never need it

        resolved = self.make_options(options)
        cues = self._cues(media, resolved)
        clock = memoized_clock(format_ttml)

        nsmap = {None: TTML_NAMESPACE, "ttm": _TTM, "ttp": _TTP, "tts": _TTS}
        root = etree.Element(_TT + "tt", nsmap=nsmap)  # type: ignore[arg-type]  # lxml-stubs omit the None (default) prefix
        root.set(f"{{{_XML}}}lang", resolved.lang)
        root.set(f"{{{_TTP}}}timeBase", "media")
        head = etree.SubElement(root, _TT + "head")
        metadata = etree.SubElement(head, _TT + "metadata")
        body = etree.SubElement(root, _TT + "body")
        div = etree.SubElement(body, _TT + "div")

        agents: dict[str | None, str] = {}
        named = [0]  # agents with an id so far (counting them per new one was n²)

        def agent_id(speaker: str | None) -> str:
            found = agents.get(speaker)
            if found is None:
                name = clean_text(speaker) if speaker is not None else ""
                if not name:
                    found = agents[speaker] = ""
                else:
                    named[0] += 1
                    found = agents[speaker] = f"speaker{named[0]}"
                    agent = etree.SubElement(metadata, f"{{{_TTM}}}agent")
                    agent.set(f"{{{_XML}}}id", found)
                    agent.set("type", "person")
                    agent_name = etree.SubElement(agent, f"{{{_TTM}}}name")
                    agent_name.set("type", "full")
                    agent_name.text = name
            return found

        sub = etree.SubElement
        for cue in cues:
            p = sub(div, _P, begin=clock(cue.start_ms), end=clock(cue.end_ms))
            if cue.line_speakers is None:
                ident = agent_id(cue.speaker)
                if ident:
                    p.set(_AGENT_ATTR, ident)
                # where an agent names the speaker, readers do not look for text labels
                lines = safe_lines(cue.lines, labels=not ident)
                p.text = lines[0]
                for line in lines[1:]:
                    sub(p, _BR).tail = line
            else:
                idents = [agent_id(speaker) for speaker in cue.line_speakers]
                listed = " ".join(dict.fromkeys(i for i in idents if i))
                if listed:
                    p.set(_AGENT_ATTR, listed)
                # an (empty) text keeps the pretty-printer from putting whitespace between the
                # spans, which TTML would show as spaces
                p.text = ""
                for position, (line, ident) in enumerate(zip(cue.lines, idents, strict=False)):
                    if position:
                        sub(p, _BR)
                    span = sub(p, _SPAN)
                    if ident:
                        span.set(_AGENT_ATTR, ident)
                    (span.text,) = safe_lines([line], dialogue=True, labels=not ident)
        data = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=resolved.pretty
        )
        return data.decode("utf-8")


FORMAT = DfxpFormat()
