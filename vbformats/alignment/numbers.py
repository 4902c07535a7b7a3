"""Numbers, written or spoken, as one sequence of digits (for matching and for WER).

A machine transcript says "four four seven two" where the person who corrected it typed
"4472", or "five dollars" where they typed "$5". To compare the two, both are turned into the
same **units**: one unit per digit, plus a word for the symbols around it.

Written numbers (a token containing a digit, taken alone):

========================  =========================================  ======================
token                     units                                      note
========================  =========================================  ======================
``4472``, ``4,472``       ``4 4 7 2``                                ``,`` between digits dropped
``555-0142``, ``10:30``   ``5 5 5 0 1 4 2``, ``1 0 3 0``             ``-`` ``:`` ``/`` dropped
``2.5``                   ``2 point 5``
``$5``, ``$5.50``         ``5 dollar``, ``5 dollar 5 0 cent``        also ``£`` pound, pence, ``€``
``50%``                   ``5 0 percent``
``4G``, ``B12``, ``21st`` the token itself (not a number)            letters: left alone
========================  =========================================  ======================

Spoken numbers (a run of number words in one stretch of speech, not across punctuation):
``zero``..``nineteen``, ``twenty``..``ninety``, ``hundred``, ``thousand``, ``million``,
``billion``; ``oh`` between two number words is a zero; ``and`` after ``hundred``/``thousand``
and before a number word is part of the number. The run is read as a sequence of numbers,
each written in digits and the digits concatenated:

* "four four seven two" → 4, 4, 7, 2 → ``4 4 7 2``;
* "forty four seventy two" → 44, 72 → ``4 4 7 2``;
* "four thousand four hundred seventy two" → 4472 → ``4 4 7 2``;
* "nineteen eighty four" → 19, 84 → ``1 9 8 4``; "nineteen hundred" → 1900;
* "four oh two" → 4, 0, 2 → ``4 0 2``;
* "dollars", "pounds", "euros", "cents" → ``dollar``, ``pound``, ``euro``, ``cent`` ("pence"
  stays ``pence``);
  "percent" → ``percent``.

Limits (documented in the README): ordinals ("first", "21st"), fractions ("a half"), "a
hundred", "double four", years read as pairs against cardinals ("twenty twenty" is 20, 20 =
``2 0 2 0`` and matches "2020"; "two thousand twenty" is 2020 too) and currency amounts spoken
without the currency word are compared digit by digit, so a partial match still anchors the
rest. Each unit belongs to one token; when a run has fewer digits than words ("four thousand
four hundred seventy two": 6 words, 4 digits) some words get no unit of their own, and their
time is shared out between their neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["NUMBER_WORDS", "digits_of_token", "is_number_word", "read_number_run"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1000, "million": 1000000, "billion": 1000000000}

#: Words that are always part of a spoken number (``oh`` and ``and`` only between two).
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TEENS) | frozenset(_TENS) | {"hundred"} | set(_SCALES)
_GLUE = frozenset({"oh", "and"})

#: Spoken symbol words, in the singular form both sides are compared in.
SYMBOL_WORDS = {
    "dollars": "dollar",
    "pounds": "pound",
    "euros": "euro",
    "cents": "cent",
}
_CURRENCY = {"$": "dollar", "£": "pound", "€": "euro"}
_CENTS = {"dollar": "cent", "pound": "pence", "euro": "cent"}
_SEPARATORS = frozenset(",-:/")


def is_number_word(word: str) -> bool:
    """Whether a lower-case word is a number word (``oh`` and ``and`` are not on their own)."""
    return word in NUMBER_WORDS


def is_glue_word(word: str) -> bool:
    """``oh`` and ``and``: number words only between two number words."""
    return word in _GLUE


def digits_of_token(token: str) -> tuple[str, ...] | None:
    """The units of a written number (table in the module docstring), or ``None``.

    ``None`` when the token is not a written number: no digit, or a letter in it.

    Example:
        >>> digits_of_token("$5.50"), digits_of_token("4,472"), digits_of_token("4G")
        (('5', 'dollar', '5', '0', 'cent'), ('4', '4', '7', '2'), None)
    """
    if not any(ch.isdigit() for ch in token):
        return None
    currency = None
    body = token
    if body[0] in _CURRENCY:
        currency = _CURRENCY[body[0]]
        body = body[1:]
    percent = body.endswith("%")
    if percent:
        body = body[:-1]
    units: list[str] = []
    cents = None
    for index, ch in enumerate(body):
        if ch.isdigit() and ch.isascii():
            units.append(ch)
            if currency is not None and index + 1 < len(body) and body[index + 1] == ".":
                units.append(currency)  # $5.50: five dollars fifty (cents)
                cents = _CENTS[currency]
                currency = None
        elif ch == "." and units and index + 1 < len(body) and body[index + 1].isdigit():
            if currency is None and units[-1] not in _CURRENCY.values():
                units.append("point")
        elif ch in _SEPARATORS and units:
            continue
        else:
            return None  # a letter, a non-ASCII digit, a stray symbol: not a written number
    if not units:
        return None
    if currency is not None:
        units.append(currency)
    if cents is not None:
        units.append(cents)
    if percent:
        units.append("percent")
    return tuple(units)


_UNIT, _TEEN, _TEN, _HUNDRED, _SCALE, _AND = range(6)


def _kind(word: str) -> tuple[int, int]:
    if word in _UNITS:
        return _UNIT, _UNITS[word]
    if word == "oh":
        return _UNIT, 0
    if word in _TEENS:
        return _TEEN, _TEENS[word]
    if word in _TENS:
        return _TEN, _TENS[word]
    if word == "hundred":
        return _HUNDRED, 100
    if word == "and":
        return _AND, 0
    return _SCALE, _SCALES[word]


def read_number_groups(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """The numbers of a run of number words: ``(first word, end word, digits)`` each.

    ``words`` are lower case number words, ``oh`` or ``and`` (rules in the module docstring);
    ``end`` is exclusive. An ``and`` that does not join two parts of one number ("one
    hundred and five" does; "two and four" does not) belongs to no number.

    Example:
        >>> read_number_groups(["forty", "four", "seventy", "two"])
        [(0, 2, '44'), (2, 4, '72')]
        >>> read_number_groups(["one", "hundred", "and", "five", "and", "six"])
        [(0, 4, '105'), (5, 6, '6')]
    """
    groups: list[tuple[int, int, str]] = []
    total = 0  # the completed scale parts of the current number (2000 of "two thousand five")
    current: int | None = None  # its part below the last scale word
    last = -1  # kind of the previous word of the current number (-1: none yet)
    last_scale = 0
    first = 0  # the current number's first word
    part = 0  # the first word of ``current``
    stop = 0  # one past the current number's last word
    count = len(words)

    def flush() -> None:
        nonlocal total, current, last_scale, last
        if current is not None or total:
            groups.append((first, stop, str(total + (current or 0))))
        total = 0
        current = None
        last_scale = 0
        last = -1

    def start(index: int, value: int) -> None:
        nonlocal first, part, current
        flush()
        first = part = index
        current = value

    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < count else ""
        if word == "and":
            if last in (_HUNDRED, _SCALE) and is_number_word(following):
                last = _AND  # "one hundred and five"
            else:
                flush()
            continue
        if word == "oh" and not (last in (_UNIT, _TEEN, _TEN) and is_number_word(following)):
            flush()  # "oh" is a zero only between two number words ("four oh two")
            continue
        kind, value = _kind(word)
        if kind == _UNIT:
            if (last == _TEN and current is not None and current % 10 == 0) or last in (
                _HUNDRED,
                _SCALE,
                _AND,
            ):
                if current is None:
                    part = index
                current = (current or 0) + value
            else:
                start(index, value)
        elif kind in (_TEEN, _TEN):
            if last in (_HUNDRED, _SCALE, _AND) and (current is None or current % 100 == 0):
                if current is None:
                    part = index
                current = (current or 0) + value
            else:
                start(index, value)
        elif kind == _HUNDRED:
            if current is not None and last in (_UNIT, _TEEN, _TEN) and current < 100:
                current *= 100  # "four hundred", "nineteen hundred"
            else:
                start(index, 100)
        else:  # thousand, million, billion
            if last == -1:
                first = part = index
            elif last_scale and value >= last_scale:
                # "two thousand three thousand": a new number starts with this multiplier
                split = part if current is not None else index
                groups.append((first, split, str(total)))
                first = split
                total = 0
            total += (current if current is not None else 1) * value
            current = None
            last_scale = value
        last = kind
        stop = index + 1
    flush()
    return groups


def read_number_run(words: Sequence[str]) -> str:
    """The digits of a run of number words, all numbers concatenated.

    Example:
        >>> read_number_run(["forty", "four", "seventy", "two"])
        '4472'
        >>> read_number_run(["four", "thousand", "four", "hundred", "and", "seventy", "two"])
        '4472'
    """
    return "".join(digits for _, _, digits in read_number_groups(words))
