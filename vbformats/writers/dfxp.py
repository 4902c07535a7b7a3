"""DFXP / TTML1 captions (``dfxp``, alias ``ttml``), built with lxml.

A TTML1 document (namespace ``http://www.w3.org/ns/ttml``): ``xml:lang`` on ``tt``, media time
base, speakers declared once as ``ttm:agent`` elements (``type="person"``, with a ``ttm:name``)
in ``head/metadata`` and referenced from each ``p`` by ``ttm:agent``. Each cue is a
``<p begin="HH:MM:SS.mmm" end="…">`` with ``<br/>`` between lines; a dialogue cue
(``overlap="merge"``) has one ``<span ttm:agent="…">`` per line and lists every speaker in the
``p``'s ``ttm:agent``. VoiceBase calls this format DFXP and serves it as
``application/ttaf+xml``.

Text is cleaned by :func:`vbformats.captions.clean_text` first, so characters that XML 1.0
forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) never reach the document; lxml escapes
``&`` and ``<``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree
from pydantic import Field, field_validator

from vbformats.captions import CaptionOptions, clean_text
from vbformats.timing import format_ttml
from vbformats.writers.base import CaptionWriter, memoized_clock

__all__ = ["TTML_NAMESPACE", "WRITER", "DfxpOptions", "DfxpWriter"]

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


class DfxpWriter(CaptionWriter):
    """TTML1 / DFXP ``.dfxp``: speakers as ``ttm:agent``, built with lxml."""

    name = "dfxp"
    aliases = ("ttml", "ttaf")
    extensions = (".dfxp", ".ttml", ".dfxp.xml", ".ttml.xml")
    media_type = "application/ttaf+xml"
    options_model = DfxpOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the whole document (XML is built in memory, then serialised once)."""
        yield self.document(media, options)

    def document(self, media: Any, options: Any = None) -> str:
        """The DFXP document as text (UTF-8 XML declaration included)."""
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

        def agent_id(speaker: str | None) -> str:
            found = agents.get(speaker)
            if found is None:
                name = clean_text(speaker) if speaker is not None else ""
                if not name:
                    found = agents[speaker] = ""
                else:
                    found = agents[speaker] = f"speaker{sum(1 for v in agents.values() if v) + 1}"
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
                lines = cue.lines
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
                    span.text = line
        data = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=resolved.pretty
        )
        return data.decode("utf-8")


WRITER = DfxpWriter()
