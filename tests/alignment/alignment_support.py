"""Helpers for the alignment tests: generated calls, edits of their text, token views.

:func:`make_call` builds a VoiceBase v3 document from a seed: stereo (turn markers, turns of
the two channels overlapping in time, the array listing each channel's turns in blocks, as
stereo callbacks do) or mono; words from a plain vocabulary (some capitalised, some number
words), punctuation tokens at the end time of their word, optional DTMF tokens. Within one
speaker, words are in time order and never overlap (one person's words), which is what makes
"times never decrease within a speaker" a law the aligner must keep.

:func:`edit_text` changes the words of a text rendering (substitute, insert, delete) and keeps
the ``Name:`` labels; replacement and inserted words are fresh (``Qz17x``), so they can never
equal a word of the call.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from vbformats.turns import speaker_of_tokens

VOCABULARY = (  # noqa: SIM905 - one readable block
    "account address after again all also amount and another answer appointment are around "
    "ask at available back balance bank be because been before bill billing box business but "
    "by cable call calling can cancel card case change charge check close company confirm "
    "could credit customer date day did do does done down each email end enough every fee "
    "fine first for from get give go going good great had has have help here hold home how "
    "if in information internet into is issue it just know last later let like line little "
    "look make many may me minutes modem month more morning most much my name need never "
    "new next no not now number of office okay on only open or order other our out over "
    "package paid pay payment people phone plan please problem process question quick really "
    "reason record refund right router said same say see send service set should since so "
    "some something soon speed still sure system take technician than thank that the their "
    "them then there these they thing think this those through time today too transfer try "
    "understand until up update us use very wait want was way we week well were what when "
    "where which while who why will wireless with work would yes yesterday you your"
).split()
NAMES = ("Dana", "Theo", "Okafor", "Larkspur", "Bramble", "Nadia")
NUMBER_WORDS = ("one", "two", "four", "seven", "nine", "twenty", "hundred")
# words that normalise to nothing, to several units, or oddly (``odd=True``)
ODD_WORDS = (
    "—", "[noise]", "<unk>", "4472", "$5", "uh-huh", "O'Neil", "e-mail", "Ümit", "李雷",
    "😀", "x\u0301", "...", "&", "AT&T", "30%", "twenty-four", "oh", "and",
)  # fmt: skip
PUNCTUATION = (".", ",", "?", "!")


def _word(rng: random.Random, odd: bool = False) -> str:
    roll = rng.random()
    if odd and roll < 0.15:
        return rng.choice(ODD_WORDS)
    if roll < 0.05:
        return rng.choice(NAMES)
    if roll < 0.09:
        return rng.choice(NUMBER_WORDS)
    word = rng.choice(VOCABULARY)
    return word.capitalize() if rng.random() < 0.08 else word


def make_call(
    seed: int,
    turns: int = 12,
    stereo: bool = True,
    dtmf: bool = False,
    max_words: int = 14,
    odd: bool = False,
) -> dict[str, Any]:
    """A VoiceBase v3 document (see the module docstring)."""
    rng = random.Random(seed)
    speakers = ("Agent", "Caller")
    blocks: list[list[dict[str, Any]]] = []  # one block of tokens per turn
    speaker_free = {name: 0 for name in speakers}  # each speaker's last word end
    clock = rng.randint(0, 900)
    who = 0
    position = 1
    for _ in range(turns):
        name = speakers[who] if stereo else speakers[0]
        start = max(clock, speaker_free[name] + rng.randint(0, 400))
        tokens: list[dict[str, Any]] = []
        t = start
        for index in range(rng.randint(1, max_words)):
            duration = rng.randint(0, 600) if rng.random() < 0.97 else 0
            text = _word(rng, odd)
            tokens.append(
                {"p": 0, "c": round(rng.uniform(0.3, 1.0), 3), "s": t, "e": t + duration, "w": text}
            )
            t += duration + rng.choice((0, 0, 15, 40, 120))
            if rng.random() < 0.18 or (index == 0 and rng.random() < 0.05):
                tokens.append({"p": 0, "c": 1.0, "s": t, "e": t, "w": rng.choice(PUNCTUATION)})
                tokens[-1]["s"] = tokens[-1]["e"] = tokens[-2]["e"]
                tokens[-1]["m"] = "punc"
            if dtmf and rng.random() < 0.05:
                t += 200
                tokens.append({"p": 0, "c": 1.0, "s": t, "e": t + 150, "w": "5", "m": "dtmf"})
                t += 200
        end = max(token["e"] for token in tokens)
        speaker_free[name] = max(t, end)
        if stereo:
            marker = {"p": 0, "c": 1.0, "s": start, "e": end, "w": name, "m": "turn"}
            tokens.insert(0, marker)
        blocks.append(tokens)
        # the next turn overlaps this one or follows a pause
        clock = max(0, end + rng.randint(-800, 1200))
        if stereo and rng.random() < 0.85:
            who = 1 - who
    if stereo and rng.random() < 0.7:
        # list each channel's turns in runs, as stereo callbacks do
        order = sorted(range(len(blocks)), key=lambda k: (k // 3, blocks[k][0]["w"]))
        blocks = [blocks[k] for k in order]
    words = [token for block in blocks for token in block]
    for token in words:
        token["p"] = position
        position += 1
    length = max((token["e"] for token in words), default=0) + 1000
    return {
        "mediaId": f"gen-{seed}",
        "status": "finished",
        "length": length,
        "transcript": {"words": words},
    }


@dataclass
class Edited:
    """An edited text and what was done to it."""

    text: str
    substituted: int = 0
    inserted: int = 0
    deleted: int = 0


def edit_text(
    text: str,
    seed: int,
    substitute: float = 0.0,
    insert: float = 0.0,
    delete: float = 0.0,
) -> Edited:
    """Change the words of a text rendering (one paragraph per turn, ``Name: `` labels kept).

    Each word is substituted, deleted, or followed by an inserted word with the given
    probabilities; punctuation attached to a word stays with it (a deleted word's punctuation
    goes too). New words are fresh (``Qz<n>x``).
    """
    rng = random.Random(seed)
    result = Edited("")
    fresh = 0
    paragraphs = []
    for paragraph in text.split("\n\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        label = ""
        head, sep, rest = paragraph.partition(": ")
        if sep and " " not in head:
            label, paragraph = f"{head}: ", rest
        out: list[str] = []
        for raw in paragraph.split():
            cut = len(raw.rstrip(".,?!"))
            word, mark = raw[:cut], raw[cut:]
            roll = rng.random()
            if word and roll < delete and len(paragraph.split()) > 1:
                result.deleted += 1
                continue
            if word and roll < delete + substitute:
                fresh += 1
                word = f"Qz{fresh}x"
                result.substituted += 1
            out.append(word + mark)
            if rng.random() < insert:
                fresh += 1
                out.append(f"Qz{fresh}x")
                result.inserted += 1
        if out:
            paragraphs.append(label + " ".join(out))
    result.text = "\n\n".join(paragraphs) + "\n"
    return result


def speech(media: Any) -> list[tuple[str | None, str, int, int]]:
    """``(speaker, text, start, end)`` of every speech word, array order."""
    table = media.words
    speakers = speaker_of_tokens(table)
    return [
        (speakers[i], table.text[i], table.start_ms[i], table.end_ms[i])
        for i in range(len(table))
        if table.is_speech[i]
    ]


def tokens(media: Any) -> list[tuple[str | None, str, int, int, str | None]]:
    """``(speaker, text, start, end, m)`` of every token, sorted (an order-free view)."""
    table = media.words
    speakers = speaker_of_tokens(table)
    rows = [
        (speakers[i], table.text[i], table.start_ms[i], table.end_ms[i], table.flags_text[i])
        for i in range(len(table))
    ]
    return sorted(rows, key=lambda row: tuple("" if v is None else str(v) for v in row))


def turn_view(media: Any, include_dtmf: bool = False) -> list[tuple[Any, ...]]:
    """``(speaker, start, end, text)`` of every turn, as :func:`vbformats.turns` gives them."""
    import vbformats

    return [
        (turn.speaker, turn.start_ms, turn.end_ms, turn.text)
        for turn in vbformats.turns(media, include_dtmf=include_dtmf)
    ]
