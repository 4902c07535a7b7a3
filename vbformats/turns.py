"""Words → speaker turns: the one place that reads turn markers and punctuation flags.

Rules (issue #2, and the metrics' primitives in issue #4):

* a token whose flags include ``turn`` is a speaker marker; its ``w``, trimmed and with one
  trailing ``:`` removed, names the speaker of the tokens that follow it in **array** order;
* ``punc`` tokens attach to the preceding token without a space; ``dtmf`` tokens are left out of
  text unless asked for; any other flag is carried like punctuation-free non-speech and left out;
* a turn is the run of tokens after one marker up to the next; turns are returned in **time**
  order (start of their first speech word, then array order), because stereo callbacks list a
  whole turn of one channel and then the other's;
* a file without markers (mono) gives one turn whose speaker is ``None``;
* a turn without any speech word (a marker followed by nothing, or only punctuation) is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from vbformats.models.media import Media
from vbformats.models.words import DTMF, MARKER, OTHER, PUNCTUATION, SPEECH, Word, WordTable

__all__ = ["Turn", "clean_speaker_name", "join_tokens", "speaker_of_tokens", "turns"]


def clean_speaker_name(raw: str) -> str:
    """``"agent: "`` → ``"agent"``: trimmed, one trailing colon removed, trimmed again."""
    name = raw.strip()
    if name.endswith(":"):
        name = name[:-1].rstrip()
    return name


def join_tokens(texts: Sequence[str], is_punctuation: Sequence[bool]) -> str:
    """Join tokens with single spaces; punctuation attaches to the token before it."""
    parts: list[str] = []
    for text, punct in zip(texts, is_punctuation, strict=False):
        if punct and parts:
            parts[-1] += text
        else:
            parts.append(text)
    return " ".join(parts)


def speaker_of_tokens(table: WordTable) -> list[str | None]:
    """Speaker name of every token in array order (``None`` before the first marker).

    Markers themselves get the name they introduce. Cached on the table.
    """
    cached: list[str | None] | None = table.__dict__.get("_speaker_of_tokens")
    if cached is not None:
        return cached
    result: list[str | None] = []
    current: str | None = None
    texts = table.text
    for index, is_marker in enumerate(table.is_turn):
        if is_marker:
            current = clean_speaker_name(texts[index])
        result.append(current)
    table.__dict__["_speaker_of_tokens"] = result
    return result


class Turn:
    """One speaker's uninterrupted run of tokens.

    Attributes:
        speaker: The speaker's name, or ``None`` (mono files, words before any marker).
        start_ms: Start of the turn's first speech word, in ms.
        end_ms: Largest end of its speech words, in ms.
        token_indices: Indices into the word table of the turn's speech words and punctuation
            (and DTMF tokens when asked for), in array order. Markers are never included.
        table: The word table the indices refer to.
    """

    __slots__ = ("_text", "end_ms", "speaker", "start_ms", "table", "token_indices")

    def __init__(
        self,
        speaker: str | None,
        start_ms: int,
        end_ms: int,
        token_indices: list[int],
        table: WordTable,
    ) -> None:
        self.speaker = speaker
        self.start_ms = start_ms
        self.end_ms = end_ms
        self.token_indices = token_indices
        self.table = table
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The turn's text: words separated by spaces, punctuation attached."""
        if self._text is None:
            texts = self.table.text
            punct = self.table.is_punctuation
            self._text = join_tokens(
                [texts[i] for i in self.token_indices], [punct[i] for i in self.token_indices]
            )
        return self._text

    @property
    def words(self) -> list[Word]:
        """The turn's tokens as :class:`Word` models (built on access)."""
        return [self.table[i] for i in self.token_indices]

    @property
    def speech_indices(self) -> list[int]:
        """Indices of the turn's speech words only."""
        speech = self.table.is_speech
        return [i for i in self.token_indices if speech[i]]

    @property
    def word_count(self) -> int:
        """Number of speech words."""
        return len(self.speech_indices)

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms

    def to_dict(self) -> dict[str, Any]:
        """VoiceBase's ``transcript.turns`` shape: ``{speaker, text, s, e}``."""
        return {"speaker": self.speaker, "text": self.text, "s": self.start_ms, "e": self.end_ms}

    def __repr__(self) -> str:
        text = self.text
        short = text if len(text) <= 40 else text[:37] + "..."
        return f"Turn({self.speaker!r}, {self.start_ms}-{self.end_ms} ms, {short!r})"


def turns(source: Media | WordTable, *, include_dtmf: bool = False) -> list[Turn]:
    """Split words into speaker turns, in time order.

    Args:
        source: A loaded :class:`Media` or a :class:`WordTable`.
        include_dtmf: Keep DTMF tokens in the turns' tokens (and text).

    Returns:
        Turns sorted by ``(start_ms, array order)``; empty when there are no speech words.
    """
    table = source.words if isinstance(source, Media) else source
    # One small code per token, from the table's token classifier column (computed once per
    # distinct raw ``m``) instead of four flag columns (is_turn, is_speech, ...). Then the
    # work is per run of tokens between two markers, by C-level list operations (find the
    # next marker, slice, min/max) instead of a Python step per token: about 40% less time
    # on a 100,000-word call (issue #6).
    kinds = list(map((_WITH_DTMF if include_dtmf else _WITHOUT_DTMF).__getitem__, table.kinds))
    n = len(kinds)
    starts = table.start_ms
    ends = table.end_ms
    texts = table.text

    result: list[Turn] = []
    speaker: str | None = None  # tokens before the first marker have no speaker
    first = 0
    while True:
        try:
            stop = kinds.index(_MARKER, first)
        except ValueError:
            stop = n
        run = kinds[first:stop]
        if _SPEECH in run:  # a run without speech (punctuation only, or nothing) is no turn
            if _LEFT_OUT in run:
                indices = [i for i, kind in enumerate(run, first) if kind != _LEFT_OUT]
            else:
                indices = list(range(first, stop))
            # earliest start and latest end of the speech words: over the whole run at C
            # speed, exact when the first token that reaches it is a speech word (punctuation
            # usually sits inside its word's time); otherwise over the speech words only
            window = starts[first:stop]
            start = min(window)
            if run[window.index(start)] != _SPEECH:
                start = min([starts[i] for i, kind in enumerate(run, first) if kind == _SPEECH])
            window = ends[first:stop]
            end = max(window)
            if run[window.index(end)] != _SPEECH:
                end = max([ends[i] for i, kind in enumerate(run, first) if kind == _SPEECH])
            result.append(Turn(speaker, start, end, indices, table))
        if stop == n:
            break
        speaker = clean_speaker_name(texts[stop])
        first = stop + 1
    result.sort(key=_START)
    return result


_START = attrgetter("start_ms")
# token kinds for turns(): a speech word, another token kept in the turn (punctuation; DTMF when
# asked for), a speaker marker, a token left out (DTMF otherwise, unknown flags)
_SPEECH, _KEPT, _MARKER, _LEFT_OUT = range(4)


# the token classifier's kinds (vbformats.models.words.token_kind) as turns() reads them
_WITHOUT_DTMF = {
    SPEECH: _SPEECH,
    MARKER: _MARKER,
    PUNCTUATION: _KEPT,
    DTMF: _LEFT_OUT,
    OTHER: _LEFT_OUT,
}
_WITH_DTMF = {**_WITHOUT_DTMF, DTMF: _KEPT}
