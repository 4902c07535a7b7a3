"""Hypothesis strategies that generate whole VoiceBase v3 documents, with what they should yield.

:func:`documents` draws a :class:`Generated`: the document (a JSON-ready ``dict``) and the facts a
test needs to check any output without asking the code under test: every speech word with its
speaker and time, the turns in the order they must come out, and the punctuation.

What gets generated (issue #7): stereo (turn markers, 1–3 speakers, turns listed channel by
channel or shuffled, overlapping each other in time) and mono (no markers); 0–5,000 words; zero-
length and very long words (in time and in characters); punctuation with and without duration;
``turn|punc`` markers; DTMF; numbers sent as strings; unknown keys at every level (including
snake_case names of known fields and second aliases); Unicode of every kind (combining marks,
RTL and bidi controls, CJK, emoji and ZWJ sequences, NUL and other control characters, ``&``,
``<``, ``-->``, newlines inside words, noncharacters).

Sizes: most examples are small and fully drawn by hypothesis (so failures shrink well); about
one in nine is medium (26–400 words) and one in a hundred large (401–5,000 words): 1,000
examples (the CI profile) hold about ten large documents, which is what keeps each property
at a few seconds to half a minute on two cores. Medium and large
word lists are built by a seeded ``random.Random`` from a palette that hypothesis draws, because
drawing thousands of words one by one would overflow hypothesis' buffer.

Two orders:
* ordered (default): within one speaker, words are in time order and never overlap (one
  person's words don't overlap themselves); speakers overlap each other freely. Here the order
  of each speaker's words in any output is fully determined, and tests check it.
* ``chaos=True``: times are arbitrary (unsorted within a speaker, same-speaker overlaps, words
  before the first marker, empty speaker names, hours past 100). Tests check that nothing is
  lost or duplicated and that structural rules hold, not the order.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

__all__ = [
    "HOSTILE_ATOMS",
    "PUNCTUATION",
    "ExpectedTurn",
    "ExpectedWord",
    "Generated",
    "display_tokens",
    "documents",
    "fixed_document",
    "json_values",
    "property_settings",
    "speech_text",
]

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")


def property_settings(ci_examples: int = 1000, **overrides: Any) -> settings:
    """Per-test settings: ``ci_examples`` examples under HYPOTHESIS_PROFILE=ci (issue #7 asks
    for at least 1,000 per property), the profile's own number otherwise (quick locally)."""
    kwargs: dict[str, Any] = {
        "deadline": None,
        "suppress_health_check": [
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    }
    if PROFILE == "ci":
        kwargs["max_examples"] = ci_examples
    elif PROFILE == "hunt":  # a long local bug hunt: ten times CI's examples (README, Testing)
        kwargs["max_examples"] = ci_examples * 10
    kwargs.update(overrides)
    return settings(**kwargs)


# --- text ------------------------------------------------------------------------------------

PLAIN_WORDS = (
    "hello",
    "Hi",
    "thanks",
    "account",
    "number",
    "yes",
    "no",
    "okay",
    "I'm",
    "can't",
    "e-mail",
    "1234",
    "$5.00",
    "50%",
    "a",
    "I",
    "Müller",
    "café",
    "naïve",
    "Straße",
    "Ærø",
)

HOSTILE_ATOMS = (
    # speaker-label and dialogue-dash look-alikes (issue #11)
    "-",
    "answer:",
    "[x]:",
    # markup and caption syntax
    "&",
    "<",
    ">",
    "-->",
    "--",
    "->",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x41;",
    "&nbsp",
    "<b>",
    "</b>",
    "<i>x</i>",
    "<v Bob>",
    "<c.yellow>",
    "<00:00:01.000>",
    "<br/>",
    "<![CDATA[x]]>",
    "]]>",
    "<!--",
    "{\\an8}",
    "\\N",
    "WEBVTT",
    "NOTE",
    "STYLE",
    "00:00:01,000 --> 00:00:02,000",
    "00:00:05,81",
    "1",
    '"',
    "'",
    "\\",
    "%s",
    "{}",
    "[Music]",
    "♪",
    "a:b",
    "::1",
    # combining marks, normalisation traps
    "e\u0301",
    "\u0301",
    "n\u0303o",
    "Å",
    "A\u030a",
    "ﬁ",
    "\u1e9b\u0323",
    # RTL and bidi controls
    "שלום",
    "مرحبا",
    "\u200f",
    "\u202e",
    "\u2066x\u2069",
    # CJK and other scripts
    "你好",
    "日本語",
    "한국어",
    "ｆｕｌｌ",
    "देवनागरी",
    "ไทย",
    # emoji
    "😀",
    "👩\u200d👩\u200d👧",
    "🇫🇷",
    "👍🏽",
    "\U0001f600\ufe0f",
    # control characters and odd whitespace
    "\x00",
    "\x01",
    "\x08",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\x0b",
    "\x0c",
    "\u00a0",
    "\u3000",
    "\u200b",
    "\ufeff",
    # noncharacters and replacement
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\U0001fffe",
    "\ufffd",
)

#: Tokens generated as punctuation (``m: punc``).
PUNCTUATION = (".", ",", "?", "!", "…", "。", "、", "؟", "...", "?!", ";", ":", "：")


def _is_xml_char(ch: str) -> bool:
    code = ord(ch)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def display_text(text: str) -> str:
    """What a caption line can show of ``text``, by the rule the tests hold writers to:

    * every character Python counts as whitespace (``\\n``, ``\\r``, ``\\t``, ``\\x0b``, ``\\x0c``,
      ``\\x1c``–``\\x1f``, ``\\x85``, NBSP, U+2028/2029, U+3000 ...) becomes a space;
    * other C0/C1 control characters, DEL, and characters XML 1.0 cannot hold (U+FFFE, U+FFFF,
      lone surrogates) are removed.
    Everything else (emoji, combining marks, bidi controls, ``&``, ``<``, ``-->``) is kept.
    """
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) == "Cc" or not _is_xml_char(ch):
            continue
        else:
            out.append(ch)
    return "".join(out)


def display_tokens(text: str) -> list[str]:
    """The whitespace-separated tokens of :func:`display_text` (what tests compare)."""
    return display_text(text).split()


def _usable_speech(text: str) -> bool:
    # a word that shows nothing cannot "appear"; words ending in ':' are fine: the writers
    # escape what would read back as a speaker label (issue #11)
    return bool(display_tokens(text))


def speech_text() -> st.SearchStrategy[str]:
    """One speech word's ``w``: plain, hostile, arbitrary Unicode, mixed, or very long."""
    atoms = st.sampled_from(HOSTILE_ATOMS + PLAIN_WORDS)
    return st.one_of(
        st.sampled_from(PLAIN_WORDS),
        atoms,
        st.text(min_size=1, max_size=8),
        st.lists(atoms, min_size=2, max_size=4).map("".join),
        st.builds(
            lambda unit, count: unit * count,
            st.sampled_from(("x", "é", "😀", "你", "w\u0301", "&<")),
            st.integers(43, 400),
        ),
    ).filter(_usable_speech)


SPEECH = speech_text()


def speaker_names() -> st.SearchStrategy[str]:
    """Speaker names: realistic and hostile (colons, dashes, brackets, long ones included)."""
    return st.one_of(
        st.sampled_from(
            (
                "Agent",
                "Caller",
                "Customer",
                "Speaker 1",
                "Dr. Ümit Öz",
                "José María",
                "李雷",
                "محمد",
                "A&B",
                "<Boss>",
                "x-->y",
                "O'Brien",
                "😀 Bot",
                "Mary Ann Van Dyke",
                "Dr: Who",
                "-dash",
                "[x]",
            )
        ),
        st.text(
            alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Mn", "So", "Pd", "Po")),
            min_size=1,
            max_size=12,
        ),
    ).filter(lambda n: display_text(n).strip() == n.strip() and n.strip() != "")


# --- JSON values for unknown keys -----------------------------------------------------------


@functools.cache
def json_values(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Any JSON value (no NaN/Infinity, which JSON cannot carry)."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=3),
            st.dictionaries(st.text(max_size=6), children, max_size=3),
        ),
        max_leaves=max_leaves,
    )


#: Unknown-key names that are easy to mishandle: snake_case spellings of known fields, the key
#: of a field that is not part of the wire form, Python/pydantic attribute names, odd strings.
TRICKY_KEYS = (
    "x-vendor",
    "customField",
    "",
    " ",
    "Ünïcödé",
    "😀",
    "a.b",
    "a[0]",
    "$ref",
    "__proto__",
    "__class__",
    "__dict__",
    "model_config",
    "model_fields",
    "__pydantic_extra__",
    "_wire_keys",
    "to_dict",
    "source_format",
    "sourceFormat",
    "media_id",
    "date_created",
    "job",
    "links",
    "words",
    "start_ms",
    "text",
    "speaker_name",
    "external_id",
    "topic_name",
    "metric_value",
    "alternate_formats",
)


@functools.cache
def unknown_keys(avoid: tuple[str, ...] = ()) -> st.SearchStrategy[dict[str, Any]]:
    """A few unknown keys (usually none) with arbitrary JSON values."""
    names = st.one_of(st.sampled_from(TRICKY_KEYS), st.text(min_size=1, max_size=8)).filter(
        lambda k: k not in avoid
    )
    return st.one_of(
        st.just({}),
        st.just({}),
        st.dictionaries(names, json_values(4), min_size=1, max_size=3),
    )


# --- words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedWord:
    """A speech word as generated: ``text`` is the raw ``w``; ``index`` its array index."""

    index: int
    speaker: str | None
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class ExpectedTurn:
    """A turn as generated: its speaker, and its speech + punctuation tokens in array order."""

    speaker: str | None
    start_ms: int
    end_ms: int
    tokens: tuple[tuple[str, bool], ...]  # (raw text, is punctuation)

    @property
    def text(self) -> str:
        """The turn's raw text: tokens joined by spaces, punctuation attached to the one before."""
        parts: list[str] = []
        for text, is_punct in self.tokens:
            if is_punct and parts:
                parts[-1] += text
            else:
                parts.append(text)
        return " ".join(parts)

    @property
    def display(self) -> list[str]:
        """The turn's text as shown: each token cleaned (whitespace runs → one space, ends
        trimmed, controls dropped), then joined like :attr:`text`; split on whitespace."""
        parts: list[str] = []
        for text, is_punct in self.tokens:
            shown = " ".join(display_text(text).split())
            if is_punct and parts:
                parts[-1] += shown
            else:
                parts.append(shown)
        return " ".join(parts).split()


@dataclass
class Generated:
    """A generated document and what every output of it must contain.

    Attributes:
        doc: The document, JSON-ready.
        layout: ``"stereo"`` (turn markers) or ``"mono"``.
        ordered: Whether each speaker's words are in time order (see module docstring).
        words: Every speech word, array order.
        turns: The turns in output order: by start time, ties in array order.
        punctuation: Every punctuation token that belongs to a turn with speech.
    """

    doc: dict[str, Any]
    layout: str
    ordered: bool
    words: list[ExpectedWord] = field(default_factory=list)
    turns: list[ExpectedTurn] = field(default_factory=list)
    punctuation: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> list[str | None]:
        """Distinct speakers of the turns, first appearance first."""
        seen: dict[str | None, None] = {}
        for turn in self.turns:
            seen.setdefault(turn.speaker, None)
        return list(seen)

    def stream(self, speaker: Any = ...) -> list[str]:
        """Display tokens of all turns (or one speaker's turns) in output order."""
        out: list[str] = []
        for turn in self.turns:
            if speaker is ... or turn.speaker == speaker:
                out.extend(turn.display)
        return out

    def __repr__(self) -> str:  # hypothesis prints this on failure: keep it readable
        import json

        return (
            f"Generated(layout={self.layout!r}, ordered={self.ordered}, "
            f"words={len(self.words)}, doc={json.dumps(self.doc, ensure_ascii=True)[:4000]})"
        )


class _Chooser:
    """Where the builder's choices come from: hypothesis draws, or a seeded Random."""

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def choice(self, options: Sequence[Any]) -> Any:
        raise NotImplementedError

    def chance(self, percent: int) -> bool:
        return self.integer(0, 99) < percent

    def speech(self) -> str:
        raise NotImplementedError

    def punctuation(self) -> str:
        return str(self.choice(PUNCTUATION))

    def minor(self) -> random.Random:
        """A source for minor choices (optional keys, drift): one draw instead of ten."""
        raise NotImplementedError


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@functools.cache
def _sampled(options: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(options)


class _DrawChooser(_Chooser):
    # strategies are built once and cached: building one per draw costs more than the draw
    def __init__(self, draw: Callable[[Any], Any]) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return int(self.draw(_integers(low, high)))

    def choice(self, options: Sequence[Any]) -> Any:
        return self.draw(_sampled(tuple(options)))

    def speech(self) -> str:
        return str(self.draw(SPEECH))

    def minor(self) -> random.Random:
        return random.Random(self.integer(0, 2**32 - 1))


class _RandomChooser(_Chooser):
    def __init__(self, rng: random.Random, palette: Sequence[str]) -> None:
        self.rng = rng
        self.palette = list(palette)
        self.usable_atoms = [a for a in HOSTILE_ATOMS + PLAIN_WORDS if _usable_speech(a)]

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options: Sequence[Any]) -> Any:
        return self.rng.choice(options)

    def minor(self) -> random.Random:
        return self.rng

    def speech(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.rng.choice(PLAIN_WORDS)
        if roll < 0.75 and self.palette:
            return self.rng.choice(self.palette)
        if roll < 0.97:
            return self.rng.choice(self.usable_atoms)
        return self.rng.choice(("x", "é", "😀", "w\u0301")) * self.rng.randint(43, 300)


#: Speaker names any label syntax can carry ("Name: " in SRT and text).
PLAIN_SPEAKERS = ("Agent", "Caller", "Customer", "Speaker 1", "José María", "李雷", "O'Brien")
#: Speaker names with markup characters: WebVTT and DFXP must carry them exactly.
HOSTILE_SPEAKERS = (
    "A&B",
    "<Boss>",
    "x-->y",
    "Dr. Ümit Öz",
    "😀 Bot",
    # names the plain label cannot hold: the bracketed label must carry them (issue #11)
    "Mary Ann Van Dyke",
    "Dr: Who",
    "-dash",
    "[team] lead",
    "a]b\\c",
    "Very Long Name Of A Department, And Its Whole Team",
)

# gaps and durations in ms: mostly speech-like, sometimes zero, long pauses, very long words
_GAPS = (0, 0, 30, 80, 150, 300, 700, 1600, 4000)
_DURATIONS = (0, 10, 120, 250, 400, 600, 900, 2500, 9000)


def _times(r: random.Random, value: int) -> Any:
    """A time as VoiceBase may send it: usually an int, sometimes a float or a string."""
    roll = r.random()
    if roll < 0.94:
        return value
    if roll < 0.97:
        return float(value)
    return str(value)


def _word_dict(
    r: random.Random, text: str, start: int, end: int, flags: str | None, position: int
) -> dict[str, Any]:
    """One wire word; the minor attributes (p, c, v, frq, drift) come from ``r``."""
    word: dict[str, Any] = {}
    if r.random() < 0.9:
        word["p"] = position
    if r.random() < 0.85:
        word["c"] = 1.0 if flags and "turn" in flags else round(r.randint(0, 1000) / 1000, 3)
        if r.random() < 0.03:
            word["c"] = str(word["c"])
    word["s"] = _times(r, start)
    word["e"] = _times(r, end)
    word["w"] = text
    if flags is not None:
        word["m"] = flags
    elif r.random() < 0.02:
        word["m"] = r.choice(("", None))
    if r.random() < 0.1:
        word["v"] = round(r.randint(0, 3000) / 1000, 3)
    if r.random() < 0.05:
        word["frq"] = [
            {"f": float(r.randint(80, 400)), "e": round(r.randint(1, 100) / 100, 2)}
            for _ in range(r.randint(1, 3))
        ]
    if r.random() < 0.04:
        # an unknown per-word key: a new field the service starts sending, of any JSON type
        key = r.choice(_WORD_EXTRA_KEYS)
        word[key] = r.choice((None, True, 7, 0.25, "x", "", [1, "a"], {"k": [None]}, {}))
    return word


# unknown keys of a word (single letters other than p c s e w m v are unused by VoiceBase)
_WORD_EXTRA_KEYS = ("x", "sp", "speaker", "conf", "Ü", "", "frq2", "start_ms", "text", "p2")


def _build_words(
    ch: _Chooser, count: int, layout: str, chaos: bool, plain_names: bool = False
) -> tuple[list[dict[str, Any]], list[ExpectedWord], list[ExpectedTurn], list[str]]:
    """Build ``transcript.words`` with ``count`` speech words and what they must yield."""
    # each turn: (speaker, raw marker text or None, [(text, s, e, kind)]), kind speech/punc/dtmf
    raw_turns: list[tuple[str | None, str | None, list[tuple[str, int, int, str]]]] = []
    names: list[str | None]
    if layout == "mono":
        names = [None]
    else:
        pool = list(PLAIN_SPEAKERS if plain_names else PLAIN_SPEAKERS + HOSTILE_SPEAKERS)
        first = ch.choice(pool)
        names = [first]
        for _ in range(ch.integer(1, 2)):
            other = ch.choice(pool)
            if other not in names:
                names.append(other)

    now = ch.integer(0, 5000)
    own_clock: dict[str | None, int] = {name: 0 for name in names}
    remaining = count
    max_turn = ch.choice((3, 12, 40))
    first_turn = True
    while remaining > 0 or first_turn:
        if remaining == 0 and not first_turn:
            break
        speaker = ch.choice(names)
        size = remaining if layout == "mono" else min(remaining, ch.integer(1, max_turn))
        first_turn = False
        if chaos:
            start = ch.integer(0, 3_600_000 * ch.choice((1, 1, 150)))
        else:
            start = max(own_clock[speaker], now + ch.choice((-3000, -800, 0, 0, 200, 900, 2500)))
            start = max(start, 0)
        tokens: list[tuple[str, int, int, str]] = []
        clock = start
        for _ in range(size):
            if chaos:
                s = ch.integer(0, 3_600_000 * ch.choice((1, 1, 150)))
            else:
                s = clock + (ch.choice(_GAPS) if tokens else 0)
            e = s + ch.choice(_DURATIONS)
            tokens.append((ch.speech(), s, e, "speech"))
            clock = max(clock, e)
            r = ch.minor()
            if r.random() < 0.15:
                ps = e if r.random() < 0.7 else e + r.randint(0, 200)
                pe = ps if r.random() < 0.6 else ps + r.randint(1, 400)
                tokens.append((r.choice(PUNCTUATION), ps, pe, "punc"))
                clock = max(clock, pe)
            if r.random() < 0.02:
                ds = clock + r.randint(0, 300)
                de = ds + r.randint(0, 300)
                tokens.append((str(r.randint(0, 9)), ds, de, "dtmf"))
                clock = max(clock, de)
        if chaos and tokens and ch.chance(10):
            ps = ch.integer(0, 10_000)
            tokens.insert(0, (ch.punctuation(), ps, ps, "punc"))  # punctuation opening a turn
        raw_marker = None
        if speaker is not None:
            style = ch.integer(0, 3)
            raw_marker = (speaker, f"{speaker}:", f" {speaker}: ", f"{speaker} :")[style]
        raw_turns.append((speaker, raw_marker, tokens))
        # strictly after: a speaker's next turn starting at the very instant their last (zero-
        # length) word ends would make the order of those two turns a coin toss
        own_clock[speaker] = clock + ch.choice((1, 100, 600))
        now = clock
        remaining -= size
        if layout != "mono" and ch.chance(3):
            raw_turns.append((ch.choice(names), ch.choice(names), []))  # marker, no words

    # array order: stereo callbacks list turns channel by channel, or shuffled
    order = list(range(len(raw_turns)))
    if layout != "mono":
        arrangement = ch.choice(("time", "channel", "shuffled"))
        if arrangement == "channel":
            rank = {name: i for i, name in enumerate(names)}
            order.sort(key=lambda i: rank[raw_turns[i][0]])
        elif arrangement == "shuffled":
            for i in range(len(order) - 1, 0, -1):
                j = ch.integer(0, i)
                order[i], order[j] = order[j], order[i]

    words: list[dict[str, Any]] = []
    expected_words: list[ExpectedWord] = []
    turns_with_key: list[tuple[int, int, ExpectedTurn]] = []
    punctuation: list[str] = []
    r = ch.minor()
    position = r.choice((0, 1))
    preamble = chaos and layout != "mono" and ch.chance(10)
    if preamble:
        s = ch.integer(0, 1000)
        words.append(_word_dict(r, "early", s, s + 100, None, position))
        expected_words.append(ExpectedWord(0, None, "early", s, s + 100))
        turns_with_key.append((s, 0, ExpectedTurn(None, s, s + 100, (("early", False),))))
        position += 1
    for turn_index in order:
        speaker, raw_marker, tokens = raw_turns[turn_index]
        if raw_marker is not None:
            marker_time = tokens[0][1] if tokens else r.randint(0, 10_000)
            flags = ch.choice(("turn", "turn", "turn", "turn|punc", "punc|turn", "Turn", "turn|"))
            words.append(_word_dict(r, raw_marker, marker_time, marker_time, flags, position))
            position += r.choice((1, 1, 1, 2))
        turn_tokens: list[tuple[str, bool]] = []
        speech_times: list[tuple[int, int]] = []
        first_index = len(words)
        for text, s, e, kind in tokens:
            flags = None if kind == "speech" else kind
            if kind == "punc" and r.random() < 0.05:
                flags = r.choice(("Punc", " punc "))
            words.append(_word_dict(r, text, s, e, flags, position))
            position += r.choice((1, 1, 1, 3))
            if kind == "speech":
                expected_words.append(ExpectedWord(len(words) - 1, speaker, text, s, e))
                speech_times.append((s, e))
                turn_tokens.append((text, False))
            elif kind == "punc":
                turn_tokens.append((text, True))
        if speech_times:
            start = min(s for s, _ in speech_times)
            end = max(e for _, e in speech_times)
            turns_with_key.append(
                (start, first_index, ExpectedTurn(speaker, start, end, tuple(turn_tokens)))
            )
            punctuation.extend(text for text, is_punct in turn_tokens if is_punct)
    turns_with_key.sort(key=lambda item: (item[0], item[1]))
    return words, expected_words, [t for _, _, t in turns_with_key], punctuation


# --- sections --------------------------------------------------------------------------------


def _maybe_str(draw: Callable[[Any], Any], value: float) -> Any:
    return str(value) if draw(st.integers(0, 9)) == 0 else value


@st.composite
def _occurrences(draw: Callable[[Any], Any]) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        s = draw(st.integers(0, 600_000))
        occurrence: dict[str, Any] = {"s": s}
        if draw(st.booleans()):
            occurrence["e"] = s + draw(st.integers(0, 5000))
        if draw(st.booleans()):
            occurrence["exact"] = draw(SPEECH)
        occurrence.update(draw(unknown_keys(avoid=("s", "e", "exact"))))
        out.append(occurrence)
    return out


@st.composite
def _mentions(draw: Callable[[Any], Any]) -> list[dict[str, Any]]:
    return [
        {
            "speakerName": draw(speaker_names()),
            "occurrences": draw(_OCCURRENCES),
            **draw(unknown_keys(avoid=("speakerName", "occurrences"))),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]


@st.composite
def _keyword(draw: Callable[[Any], Any]) -> dict[str, Any]:
    key = draw(st.sampled_from(("keyword", "name")))
    keyword: dict[str, Any] = {key: draw(SPEECH)}
    if draw(st.booleans()):
        keyword["relevance"] = _maybe_str(draw, draw(st.floats(0, 1)))
    keyword["mentions"] = draw(_MENTIONS)
    keyword.update(draw(unknown_keys(avoid=("keyword", "name", "relevance", "mentions"))))
    return keyword


_OCCURRENCES = _occurrences()
_MENTIONS = _mentions()
_KEYWORD = _keyword()


@st.composite
def _sections(draw: Callable[[Any], Any]) -> dict[str, Any]:
    """Optional analytics sections, each with documented drift and unknown keys."""
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        topic_key = draw(st.sampled_from(("subTopics", "subtopics")))
        doc["knowledge"] = {
            "keywords": draw(st.lists(_KEYWORD, max_size=2)),
            "topics": [
                {
                    "topicName": draw(SPEECH),
                    "relevance": _maybe_str(draw, draw(st.floats(0, 1))),
                    topic_key: draw(st.lists(json_values(2), max_size=2)),
                    "keywords": draw(st.lists(_KEYWORD, max_size=1)),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
            **draw(unknown_keys(avoid=("keywords", "topics"))),
        }
    if draw(st.booleans()):
        doc["spotting"] = {
            "groups": [
                {
                    "groupName": draw(st.text(max_size=8)),
                    "spotted": draw(st.booleans()),
                    "score": _maybe_str(draw, draw(st.floats(0, 1))),
                    "spottedKeywords": draw(st.lists(_KEYWORD, max_size=1)),
                }
                for _ in range(draw(st.integers(0, 2)))
            ]
        }
    if draw(st.booleans()):
        class_key = draw(st.sampled_from(("predictedClass", "predictedCategory")))
        label_key = draw(st.sampled_from(("predictedClassLabel", "predictedCategoryLabel")))
        doc["prediction"] = {
            "classifiers": [
                {
                    "classifierName": draw(st.text(max_size=8)),
                    class_key: draw(st.one_of(st.integers(-1, 3), st.text(max_size=3))),
                    label_key: draw(st.text(max_size=6)),
                    "predictionScore": _maybe_str(draw, draw(st.floats(0, 1))),
                }
                for _ in range(draw(st.integers(0, 2)))
            ],
            "detectors": [
                {
                    "detectorName": "PCI",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "pci",
                            "detectedSegments": draw(_MENTIONS),
                        }
                    ],
                }
                for _ in range(draw(st.integers(0, 1)))
            ],
        }
    if draw(st.booleans()):
        doc["metrics"] = [
            {
                "metricGroupName": draw(st.sampled_from(("overtalk", "talk-time-and-rate", "x"))),
                "metricValues": [
                    {
                        "metricName": draw(st.text(max_size=10)),
                        "metricValue": _maybe_str(
                            draw, draw(st.floats(-1e6, 1e6, allow_nan=False))
                        ),
                        **draw(unknown_keys(avoid=("metricName", "metricValue"))),
                    }
                    for _ in range(draw(st.integers(0, 3)))
                ],
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        doc["categories"] = [
            {
                "categoryName": draw(st.text(max_size=8)),
                "categoryValue": draw(st.sampled_from((0, 1, 0.5, "1"))),
                "categoryMatches": draw(_MENTIONS),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        doc["speakerSentiments"] = [
            {
                "speakerName": draw(speaker_names()),
                "sentimentValues": [
                    {"s": s, "e": s + draw(st.integers(0, 9000)), "v": draw(st.floats(-1, 1))}
                    for s in draw(st.lists(st.integers(0, 100_000), max_size=3))
                ],
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        doc["conversation"] = {
            "speakerVerbNounPairs": [
                {
                    "speakerName": draw(speaker_names()),
                    "verbNounPairs": [
                        {"s": 10, "e": 20, "verb": "pay", "noun": "bill", "question": False}
                    ],
                }
            ]
        }
    if draw(st.booleans()):
        doc["entities"] = [
            {"type": "money", "text": draw(SPEECH), "s": 5, "e": 9, "formattedText": "$1"}
        ]
    if draw(st.booleans()):
        doc["_links"] = {"self": {"href": "/v3/media/abc"}}
        doc["streams"] = [{"status": "HTTP_200_OK", "streamName": "original"}]
    return doc


# --- documents -------------------------------------------------------------------------------

# top-level keys the generator writes or that change how a document is read (error bodies,
# legacy v2): unknown keys at the top level avoid them
_TOP_KEYS = (
    "mediaId",
    "status",
    "length",
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
    "_links",
    "errors",
    "warnings",
)


@st.composite
def documents(
    draw: Callable[[Any], Any],
    layout: str | None = None,
    chaos: bool = False,
    max_words: int = 5000,
    sections: bool = True,
    plain_names: bool = False,
) -> Generated:
    """A whole VoiceBase v3 document and its expected content.

    Args:
        layout: ``"stereo"``, ``"mono"`` or ``None`` (either).
        chaos: Arbitrary times (see module docstring): only "nothing lost" and structure hold.
        max_words: Upper bound on speech words (the large class goes up to it).
        sections: Also generate analytics sections (irrelevant to captions, cheap to skip).
        plain_names: Speakers only from :data:`PLAIN_SPEAKERS` (else hostile names too).
    """
    chosen_layout = layout or draw(st.sampled_from(("stereo", "mono")))
    size_class = draw(st.integers(0, 99))
    if size_class < 88 or max_words <= 25:
        chooser: _Chooser = _DrawChooser(draw)
        count = draw(st.integers(0, min(25, max_words)))
    else:
        palette = draw(st.lists(SPEECH, min_size=1, max_size=6))
        seed = draw(st.integers(0, 2**32 - 1))
        chooser = _RandomChooser(random.Random(seed), palette)
        if size_class < 99:
            count = draw(st.integers(26, min(400, max_words)))
        else:
            count = draw(st.integers(min(401, max_words), max_words))
    words, expected_words, turns, punctuation = _build_words(
        chooser, count, chosen_layout, chaos, plain_names
    )

    doc: dict[str, Any] = {}
    if draw(st.integers(0, 9)) > 0:
        doc["mediaId"] = draw(st.uuids()).hex if draw(st.booleans()) else draw(st.text())
    doc["status"] = "finished"
    if draw(st.booleans()):
        end = max((w.end_ms for w in expected_words), default=0)
        doc["length"] = end + draw(st.integers(0, 5000)) if draw(st.booleans()) else str(end)
    if draw(st.booleans()):
        doc["metadata"] = {
            "title": draw(SPEECH),
            "externalId": draw(st.text(max_size=10)),
            "extended": draw(st.dictionaries(st.text(max_size=6), json_values(8), max_size=4)),
            **draw(unknown_keys(avoid=("title", "externalId", "extended"))),
        }
    transcript: dict[str, Any] = {"words": words}
    if draw(st.booleans()):
        transcript["confidence"] = _maybe_str(draw, draw(st.floats(0, 1)))
    transcript.update(draw(unknown_keys(avoid=("words", "confidence", "turns"))))
    doc["transcript"] = transcript
    if sections:
        doc.update(draw(_sections()))
    doc.update(draw(unknown_keys(avoid=_TOP_KEYS)))
    return Generated(
        doc=doc,
        layout=chosen_layout,
        ordered=not chaos,
        words=expected_words,
        turns=turns,
        punctuation=punctuation,
    )


def fixed_document(seed: int, count: int, layout: str, chaos: bool = False) -> Generated:
    """A deterministic document of ``count`` speech words (no hypothesis): for tests that must
    always cover the large end (5,000 words) and for the browser test."""
    rng = random.Random(seed)
    palette = [a for a in HOSTILE_ATOMS if _usable_speech(a)][seed % 7 :: 7]
    words, expected_words, turns, punctuation = _build_words(
        _RandomChooser(rng, palette), count, layout, chaos
    )
    return Generated(
        doc={"mediaId": f"fixed-{seed}", "transcript": {"words": words}},
        layout=layout,
        ordered=not chaos,
        words=expected_words,
        turns=turns,
        punctuation=punctuation,
    )


def ms(value: Any) -> int:
    """A wire time as integer ms, by the documented rule (round half up)."""
    return int(value) if isinstance(value, int) else math.floor(float(value) + 0.5)


# --- hostile documents (issue #11): wrong types, odd numbers, odd text, anywhere ------------------

#: Values that break code one step after ``load``: wrong types at every level, huge, negative,
#: float, bool and NaN-string numbers, ints past 2**53 and 2**63, 1e300, thousands of digits,
#: lone surrogates, control characters, label-like and dash words, long text.
HOSTILE_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1,
    7,
    2**31,
    2**53 + 1,
    2**63,
    -(2**63),
    2**64 + 3,
    10**30,
    1e300,
    -1e300,
    1.5,
    -0.0,
    5e-324,
    "NaN",
    "Infinity",
    "-Infinity",
    "1e300",
    "9" * 5000,
    "-1",
    "0x10",
    "١٢٣",  # non-ASCII digits
    "",
    " ",
    "\x00",
    "\ud800",
    "a\udfffb",
    "\x1b[31mred\x1b[0m",
    "two\nlines",
    "Answer:",
    "-",
    "x" * 5000,
    [],
    [None],
    [1, "a", None],
    [[[]]],
    {},
    {"x": 1},
    {"s": 1, "e": "2"},
)

#: Key names that are hard to carry: quotes, backslashes, controls, a lone surrogate, a label.
HOSTILE_KEYS: tuple[str, ...] = ('a"b', "a\\b", "\x00", "a\nb", "\x1b[2J", "\ud800", "Agent:", "-")

#: Top-level sections a VoiceBase document can carry, and what a wrong-typed one may be.
SECTION_NAMES = (
    "mediaId",
    "status",
    "length",
    "metadata",
    "transcript",
    "knowledge",
    "spotting",
    "prediction",
    "metrics",
    "categories",
    "conversation",
    "speakerSentiments",
    "entities",
    "streams",
    "warnings",
    "errors",
    "noun-verb-pairs",
    "_links",
    "_job",
)

#: speakerId values a RingCentral payload must not crash on (bool, list, object ...).
ODD_SPEAKER_IDS: tuple[Any, ...] = (
    True,
    False,
    [1],
    [],
    {"a": 1},
    {},
    None,
    1.5,
    -1,
    2**63,
    "",
    "\ud800",
    "0\n1",
)

_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")


@functools.cache
def ringcentral_skeletons() -> tuple[dict[str, Any], ...]:
    """The RingCentral payloads of tests/data/ringcentral (our own fixtures), as skeletons."""
    import json

    folder = os.path.join(_DATA, "ringcentral")
    found = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                doc = json.load(handle)
            if isinstance(doc, dict):
                found.append(doc)
    return tuple(found)


def _locations(value: Any, max_depth: int = 12) -> list[tuple[Any, ...]]:
    """Every location of a JSON value (object keys, array indices) down to ``max_depth``
    levels, the root excluded (deeper than that is nesting a mutation made)."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if path:
            out.append(path)
        if len(path) >= max_depth:
            continue
        if isinstance(item, dict):
            stack.extend((child, (*path, key)) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, (*path, index)) for index, child in enumerate(item))
    out.reverse()
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_copy(child) for child in value]
    return value


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _nested(depth: int) -> Any:
    value: Any = []
    for level in range(depth):
        value = [value] if level % 2 else {"a": value}
    return value


def string_locations(doc: Any) -> list[tuple[Any, ...]]:
    """Locations of every string value of ``doc``."""
    found = []
    for path in _locations(doc):
        target = doc
        for part in path:
            target = target[part]
        if isinstance(target, str):
            found.append(path)
    return found


#: Keys whose values are times, lengths or counts: where odd numbers do the most damage.
NUMBER_KEYS = frozenset(
    {"s", "e", "length", "start", "end", "audio_duration", "p", "v", "c", "relevance", "score"}
)
#: Numbers that used to load and then break a later step (past int64, past 2**53, 1e300 ...).
ODD_NUMBERS: tuple[Any, ...] = (2**63, 2**64 + 3, 10**30, 1e300, 2**53 + 1, 1e18, 0.5, True, -1)


@st.composite
def hostile_documents(draw: Callable[[Any], Any], max_words: int = 25) -> dict[str, Any]:
    """A document that breaks promises one step after ``load``.

    A skeleton (a generated VoiceBase v3 document of up to ``max_words`` speech words, or one
    of our RingCentral fixtures) with zero to three mutations, each one of: a hostile value
    (:data:`HOSTILE_VALUES`) at any location; a top-level section of the wrong type; JSON
    nested 5–150 levels deep at any location; an extra key with a hostile value; an odd number
    (:data:`ODD_NUMBERS`) in a time, length or score field (both ends of a word, so it still
    loads); every RingCentral ``speakerId`` set to one odd value (:data:`ODD_SPEAKER_IDS`); a
    ``metadata.extended`` holding huge numbers or colliding dotted keys. One in eight has more
    than 8 KiB of other keys in front of everything.
    """
    if draw(st.integers(0, 3)) == 0:
        doc = _copy(draw(st.sampled_from(ringcentral_skeletons())))
        ringcentral = True
    else:
        doc = draw(documents(max_words=max_words, sections=draw(st.booleans()))).doc
        ringcentral = False
    if draw(st.integers(0, 7)) == 0:
        # more than 8 KiB of other keys in front (a sniff that reads only the head misses the
        # envelope keys behind them)
        doc = {"aaaNotes": "n" * draw(st.integers(8 * 1024, 20_000)), **doc}
    for _ in range(draw(st.sampled_from((0, 1, 1, 1, 2, 2, 3, 3)))):
        locations = _locations(doc)
        kind = draw(st.integers(0, 9))
        if kind <= 2 and locations:
            _set(
                doc, draw(st.sampled_from(locations)), _copy(draw(st.sampled_from(HOSTILE_VALUES)))
            )
        elif kind == 3:
            doc[draw(st.sampled_from(SECTION_NAMES))] = _copy(draw(st.sampled_from(HOSTILE_VALUES)))
        elif kind == 4 and locations:
            _set(doc, draw(st.sampled_from(locations)), _nested(draw(st.integers(5, 150))))
        elif kind == 5:
            dicts = [()] + [p for p in locations if isinstance(_at(doc, p), dict)]
            where = _at(doc, draw(st.sampled_from(dicts)))
            key = draw(st.sampled_from(TRICKY_KEYS + HOSTILE_KEYS))
            where[key] = _copy(draw(st.sampled_from(HOSTILE_VALUES)))
        elif kind == 6 and ringcentral:
            odd = draw(st.sampled_from(ODD_SPEAKER_IDS))
            for path in locations:
                if path[-1] == "speakerId":
                    _set(doc, path, _copy(odd))  # one object per place: mutations stay local
        elif kind == 7:
            extended = draw(
                st.sampled_from(
                    (
                        {"a": 2**63},
                        {"a": -(2**63) - 1, "b": 1},
                        {"a.b": 1, "a": {"b": 2}},
                        {"n": 1e300, "m": [2**64]},
                        {"t": True, "u": "\ud800"},
                    )
                )
            )
            metadata = doc.get("metadata")
            if isinstance(metadata, dict):
                metadata["extended"] = extended
            else:
                doc["metadata"] = {"extended": extended}
        else:  # kinds 8, 9 (and 6 without RingCentral): odd numbers where numbers belong
            numbers = [p for p in locations if p and p[-1] in NUMBER_KEYS]
            if numbers:
                path = draw(st.sampled_from(numbers))
                odd = draw(st.sampled_from(ODD_NUMBERS))
                _set(doc, path, odd)
                if path[-1] in ("s", "start"):  # keep the word's end after its start
                    other = (*path[:-1], "e" if path[-1] == "s" else "end")
                    with contextlib.suppress(KeyError, IndexError, TypeError):
                        _at(doc, other[:-1])[other[-1]] = odd
    return doc


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    target = doc
    for part in path:
        target = target[part]
    return target


#: Ways an access token is written where a redactor must find it: a URL query, a
#: percent-encoded URL, a JSON fragment, a header, a path parameter.
def token_forms(token: str) -> tuple[str, ...]:
    """``token`` embedded the ways it is found in real payloads and URLs."""
    url = f"https://media.example.invalid/r/1/content?access_token={token}"
    return (
        url,
        f"cannot fetch {url}: 404",
        url.replace("?", "%3F").replace("=", "%3D"),
        f'{{"access_token": "{token}"}}',
        f"Authorization: Bearer {token}",
        f"Bearer {token}",
        f"https://media.example.invalid/r/1/content;access_token={token}",
        f"refresh_token={token}&x=1",
        f"https://user:{token}@media.example.invalid/r",
    )


# --- hostile caption bodies: what the SRT, WebVTT, DFXP and text readers are given -------------

_CLOCKS = (
    "00:00:01,000",
    "00:00:02.500",
    "00:01.000",
    "00:00:05,81",
    "9" * 4000 + ":00:00,000",  # an hour field of thousands of digits
    "00:00:" + "1" * 4000 + ",000",
    "00:00:٠١,000",  # non-ASCII digits
    "-00:00:01,000",
    "99:59:59,999",
    "00:00:01,0000000000001",
    "00:00:60,000",
)
_TTML_TIMES = (
    "1.5s",
    "00:00:01.000",
    "00:00:01:05",
    "00:00:01:05.1",
    "25f",
    "10000000t",
    "9" * 4000 + "t",
    "1e300s",
    "٣s",
    "00:00:02",
    "",
)
_TTML_RATES = ("30", "0", "-1", "٣٠", "1e300", "", "9" * 5000, "29.97")
_TTML_MULTIPLIERS = ("1000 1001", "0 1", "1 0", "x", "", "1", "٣ ١")
_CAPTION_LINES = (
    "Agent: My answer: yes",
    "- Hello",
    "-",
    "Answer:",
    "Dr. Jane Q. Public Esq.: hello",
    "<v Bob>hi</v>",
    "<v>empty voice</v>",
    "&amp; &lt;tag&gt; &#0; &#x110000; &bogus;",
    "line\x00with\x1bcontrols",
    "\u202eevil",
    "x" * 3000,
    "",
)


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def hostile_caption_bodies(draw: Callable[[Any], Any]) -> tuple[bytes, str]:
    """An SRT, WebVTT, DFXP or text body with hostile clocks, rates and lines, and the file
    extension it is saved under (``.srt``, ``.vtt``, ``.dfxp``, ``.txt``; sometimes a wrong
    one, so detection is exercised too)."""
    kind = draw(st.sampled_from(("srt", "vtt", "dfxp", "txt")))
    count = draw(st.integers(1, 4))
    lines = st.one_of(st.sampled_from(_CAPTION_LINES), st.sampled_from(HOSTILE_ATOMS), SPEECH)
    if kind in ("srt", "vtt"):
        blocks = []
        for index in range(count):
            start, end = draw(st.sampled_from(_CLOCKS)), draw(st.sampled_from(_CLOCKS))
            if kind == "vtt":
                start, end = start.replace(",", "."), end.replace(",", ".")
            text = "\n".join(draw(st.lists(lines, min_size=1, max_size=2)))
            number = f"{index + 1}\n" if kind == "srt" or draw(st.booleans()) else ""
            blocks.append(f"{number}{start} --> {end}\n{text}\n")
        body = ("WEBVTT\n\n" if kind == "vtt" else "") + "\n".join(blocks)
    elif kind == "dfxp":
        paragraphs = []
        for _ in range(count):
            begin, end = draw(st.sampled_from(_TTML_TIMES)), draw(st.sampled_from(_TTML_TIMES))
            agent = draw(st.sampled_from(("", ' ttm:agent="a1"', ' ttm:agent="nobody"')))
            text = _escape_xml(draw(lines))
            paragraphs.append(f'<p begin="{begin}" end="{end}"{agent}>{text}</p>')
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<tt xmlns="http://www.w3.org/ns/ttml" '
            'xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
            'xmlns:ttm="http://www.w3.org/ns/ttml#metadata" '
            f'ttp:frameRate="{draw(st.sampled_from(_TTML_RATES))}" '
            f'ttp:tickRate="{draw(st.sampled_from(_TTML_RATES))}" '
            f'ttp:frameRateMultiplier="{draw(st.sampled_from(_TTML_MULTIPLIERS))}">'
            '<head><metadata><ttm:agent xml:id="a1" type="person">'
            f"<ttm:name>{_escape_xml(draw(lines))}</ttm:name></ttm:agent></metadata></head>"
            f"<body><div>{''.join(paragraphs)}</div></body></tt>\n"
        )
    else:
        body = "\n\n".join(draw(lines) for _ in range(count)) + "\n"
    suffix = draw(st.sampled_from((f".{kind}", f".{kind}", ".txt", ".json")))
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-16", "latin-1")))
    return body.encode(encoding, "replace"), suffix
