"""Display text: what a word looks like on screen (:func:`clean_text`) and how wide it is
(:func:`display_width`), computed once per distinct word (:class:`InfoCache`)."""

from __future__ import annotations

import unicodedata

__all__ = ["CLAUSE_END", "SENTENCE_END", "InfoCache", "clean_text", "display_width", "token_info"]

_XML_NONCHARACTERS = frozenset("\ufffe\uffff")
_ZWJ = "\u200d"


def clean_text(text: str) -> str:
    """Text as it can be shown in any caption format.

    Every run of whitespace (space, tab, newline, U+2028 …) becomes one space and the ends are
    trimmed; control characters (C0, C1, DEL) and the XML non-characters U+FFFE/U+FFFF are
    dropped; lone surrogates become U+FFFD. Everything else (emoji, combining marks, zero-width
    joiners, CJK, ``&``, ``<``, ``-->``) is kept: escaping is the writers' job.

    ``clean_text("a\\nb")`` → ``"a b"``; ``clean_text("\\x00")`` → ``""``.
    """
    # fast path: printable means no controls, no surrogates, no whitespace but ASCII space
    if text.isprintable():
        if text[:1] == " " or text[-1:] == " " or "  " in text:
            return " ".join(text.split())
        return text
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category == "Cc" or ch in _XML_NONCHARACTERS:
            continue
        out.append("\ufffd" if category == "Cs" else ch)
    return " ".join("".join(out).split())


def display_width(text: str) -> int:
    """Displayed width of ``text`` in character cells (a grapheme-ish count).

    Combining marks (Mn, Me), format characters (Cf: zero-width joiner, soft hyphen …), the
    character after a zero-width joiner (the rest of an emoji ZWJ sequence), emoji skin-tone
    modifiers and Hangul medial/final jamo count 0; East Asian wide and full-width characters
    count 2; every other character counts 1. ``display_width("e\\u0301")`` → 1,
    ``display_width("日本")`` → 4.
    """
    if text.isascii():
        return len(text)
    if _ZWJ not in text:
        # one C-level pass: each distinct character is classified once (issue #17: accented
        # and CJK text went through unicodedata three times per character)
        return sum(map(_CHAR_WIDTHS.__getitem__, text))
    width = 0
    after_zwj = False
    for ch in text:
        if after_zwj:
            after_zwj = False
            continue
        if ch == _ZWJ:
            after_zwj = True
            continue
        width += _CHAR_WIDTHS[ch]
    return width


def _char_width(ch: str) -> int:
    """Cells of one character outside a zero-width-joiner sequence: 0, 1 or 2 (see
    :func:`display_width`)."""
    code = ord(ch)
    if 0x1F3FB <= code <= 0x1F3FF or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class _CharWidths(dict[str, int]):
    """Character → :func:`_char_width`, filled on first sight (at most 65,536 entries)."""

    def __missing__(self, ch: str) -> int:
        width = _char_width(ch)
        if len(self) < 65536:
            self[ch] = width
        return width


_CHAR_WIDTHS = _CharWidths()


SENTENCE_END = frozenset(".?!…。？！‼⁇⁈⁉｡")
CLAUSE_END = frozenset(",;:、，；：–—")


class InfoCache(dict[str, tuple[str, str, int, str]]):
    """Distinct token text → :func:`token_info` (computed on first use)."""

    def __missing__(self, raw: str) -> tuple[str, str, int, str]:
        info = self[raw] = token_info(raw)
        return info


def token_info(raw: str) -> tuple[str, str, int, str]:
    """(clean text, " " + clean text, display width, break class) of a distinct token text."""
    clean = clean_text(raw)
    last = clean[-1:]
    kind = "s" if last and last in SENTENCE_END else "c" if last and last in CLAUSE_END else "-"
    return clean, " " + clean, display_width(clean), kind
