"""The one token classifier: what a VoiceBase token is, from its raw ``m`` flags.

Kept apart from :mod:`vbformats.models.words` (which re-exports everything here) so the rule is
one small module: turns, the metrics and the columns of :class:`~vbformats.models.words.WordTable`
all classify tokens through :func:`token_kind`.
"""

from __future__ import annotations

__all__ = [
    "DTMF",
    "MARKER",
    "OTHER",
    "PUNCTUATION",
    "SPEECH",
    "KindOf",
    "parse_flags",
    "token_kind",
]

_FLAG_CACHE: dict[str | None, frozenset[str]] = {None: frozenset(), "": frozenset()}


def parse_flags(m: str | None) -> frozenset[str]:
    """Split VoiceBase's ``m`` into a set of flags: ``"turn|punc"`` → ``{"turn", "punc"}``.

    Flags are trimmed and lower-cased; empty parts are ignored. Results are cached (a file has a
    handful of distinct ``m`` values).
    """
    cached = _FLAG_CACHE.get(m)
    if cached is None:
        assert m is not None
        cached = frozenset(part.strip().lower() for part in m.split("|") if part.strip())
        if len(_FLAG_CACHE) < 4096:
            _FLAG_CACHE[m] = cached
    return cached


class KindOf(dict[str | None, int]):
    """Raw ``m`` → :func:`token_kind`, filled on first sight of each value."""

    def __missing__(self, m: str | None) -> int:
        kind = self[m] = token_kind(m)
        return kind


# --- the token classifier ---------------------------------------------------------------------

#: Token kinds of :func:`token_kind` (small ints, so a column of them is cheap to scan).
SPEECH, MARKER, PUNCTUATION, DTMF, OTHER = range(5)

_KIND_CACHE: dict[str | None, int] = {}


def token_kind(m: str | None) -> int:
    """The one token classifier: what a token is, from its raw ``m``.

    * :data:`SPEECH` – a spoken word: no flag at all;
    * :data:`MARKER` – a speaker marker: the flags include ``turn`` (``turn|punc`` too); its
      ``w`` names the speaker of the tokens after it;
    * :data:`PUNCTUATION` – ``punc`` (not a marker);
    * :data:`DTMF` – a keypad tone, ``dtmf`` (neither a marker nor punctuation);
    * :data:`OTHER` – any other flag: carried, never spoken.

    Turns (:mod:`vbformats.turns`), the metrics and the columns of :class:`WordTable` read
    tokens through this function (once per distinct ``m``: :attr:`WordTable.kinds`).
    """
    kind = _KIND_CACHE.get(m)
    if kind is None:
        flags = parse_flags(m)
        if not flags:
            kind = SPEECH
        elif "turn" in flags:
            kind = MARKER
        elif "punc" in flags:
            kind = PUNCTUATION
        elif "dtmf" in flags:
            kind = DTMF
        else:
            kind = OTHER
        if len(_KIND_CACHE) < 4096:
            _KIND_CACHE[m] = kind
    return kind
