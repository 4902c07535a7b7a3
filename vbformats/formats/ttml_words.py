"""TTML / DFXP with one ``<span begin end>`` per word (``ttml-words``): a writer only.

The document of :mod:`vbformats.formats.ttml` (same options, agents, cues and lines), with each
word of a paragraph in its own ``<span begin="…" end="…">``. Span times follow TTML's timing
model: they are offsets from the paragraph's ``begin`` (a span is a child of the timed ``p``), and
a player shows each word while it is spoken;
clipped to the paragraph and at least 1 ms long (``0 <= begin < end <= p's duration``: a span
with an empty active interval is never shown), written by
:func:`vbformats.timing.format_ttml`. Punctuation stays in its word's span; the space between
words is text between the spans. A line the word walk does not rebuild exactly
(:mod:`vbformats.formats.wordtiming`) is written as plain text, so no word is ever lost.

Reading it back is the ``dfxp`` reader's job (it takes word times from the spans).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vbformats.formats.base import CaptionFormat
from vbformats.formats.ttml import DfxpFormat, DfxpOptions
from vbformats.formats.wordtiming import Piece, timed_lines, word_table
from vbformats.timing import format_ttml, memoized_clock

__all__ = ["FORMAT", "TtmlWordsFormat"]


_DFXP = DfxpFormat()


class TtmlWordsFormat(CaptionFormat):
    """TTML1 ``.words.ttml`` / ``.words.dfxp``: a timed span per word."""

    name = "ttml-words"
    aliases = ("dfxp-words", "ttml_words")
    extensions = (".words.ttml", ".words.dfxp")
    media_type = "application/ttaf+xml"
    options_model = DfxpOptions

    def lines(self, media: Any, options: Any) -> Iterator[str]:
        """Yield the whole document."""
        yield self.document(media, options)

    def document(self, media: Any, options: Any = None) -> str:
        """The word-timed document as text (UTF-8 XML declaration included)."""
        from lxml import etree

        resolved = self.make_options(options)
        flat = resolved.model_copy(update={"pretty": False})
        root = etree.fromstring(_DFXP.document(media, flat).encode("utf-8"))
        cues = self._cues(media, resolved)
        table = word_table(media)
        clock = memoized_clock(format_ttml)
        namespace = root.tag[: root.tag.index("}") + 1]
        paragraphs = list(root.iter(f"{namespace}p"))
        for cue, p in zip(cues, paragraphs, strict=True):
            line_spans = [child for child in p if child.tag == f"{namespace}span"]
            if cue.line_speakers is None:
                shown = _paragraph_lines(p, namespace)
                for child in list(p):
                    p.remove(child)
                p.text = ""
                lines = timed_lines(cue, table, shown)
                for position, pieces in enumerate(lines):
                    if position:
                        etree.SubElement(p, f"{namespace}br")
                    _fill(p, pieces, cue, clock, namespace)
            else:
                shown = [span.text or "" for span in line_spans]
                # an (empty) text keeps the pretty-printer from putting whitespace between the
                # line spans, which TTML would show (as the DFXP writer does)
                p.text = ""
                lines = timed_lines(cue, table, shown)
                for span, pieces in zip(line_spans, lines, strict=True):
                    span.text = ""
                    _fill(span, pieces, cue, clock, namespace)
        data = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", pretty_print=resolved.pretty
        )
        return data.decode("utf-8")


def _paragraph_lines(p: Any, namespace: str) -> list[str]:
    """The lines of a paragraph written by the DFXP writer (text, ``<br/>``, tails)."""
    lines = [p.text or ""]
    for child in p:
        if child.tag == f"{namespace}br":
            lines.append(child.tail or "")
    return lines


def _fill(parent: Any, pieces: list[Piece], cue: Any, clock: Any, namespace: str) -> None:
    """Append ``pieces`` to ``parent``: a timed span per timed piece, text for the rest."""
    from lxml import etree

    duration = cue.end_ms - cue.start_ms

    def append_text(text: str) -> None:
        if not text:
            return
        children = list(parent)
        if children:
            last = children[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    for piece in pieces:
        append_text(piece.sep)
        if piece.start_ms is None or piece.end_ms is None:
            append_text(piece.text)
            continue
        # inside the paragraph and at least 1 ms long: a span whose active interval is empty
        # is never shown (ttconv drops it), which would lose the word
        begin = min(max(piece.start_ms - cue.start_ms, 0), max(duration - 1, 0))
        end = min(max(piece.end_ms - cue.start_ms, begin + 1), duration)
        span = etree.SubElement(parent, f"{namespace}span", begin=clock(begin), end=clock(end))
        span.text = piece.text


FORMAT = TtmlWordsFormat()
