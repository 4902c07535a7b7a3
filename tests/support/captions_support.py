"""Helpers for the caption engine and writer tests: hand-made transcripts and readers' views.

``document(turns)`` builds a VoiceBase v3 document from ``(speaker, [(s, e, w), ...])`` runs in
array order, the way stereo callbacks list them (a whole turn of one channel, then the other's).
A word whose text is one of ``. , ? ! ;`` (or that is given as ``(s, e, w, "punc")``) is a
punctuation token.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pysrt
import srt
import webvtt
from lxml import etree
from ttconv import model as tt_model
from ttconv.imsc import reader as ttml_reader

import vbformats
from vbformats.captions import clean_text

PUNCTUATION = {".", ",", "?", "!", ";", ":"}

Word = tuple[int, int, str] | tuple[int, int, str, str]


def document(*turns: tuple[str | None, list[Word]]) -> dict[str, Any]:
    """A v3 document with the given turns (speaker ``None`` = no turn marker: mono)."""
    words: list[dict[str, Any]] = []
    for speaker, run in turns:
        if speaker is not None:
            first = run[0][0] if run else 0
            words.append({"s": first, "e": first, "w": f"{speaker}:", "m": "turn"})
        for entry in run:
            s, e, w = entry[0], entry[1], entry[2]
            word: dict[str, Any] = {"s": s, "e": e, "w": w}
            flag = entry[3] if len(entry) > 3 else ("punc" if w in PUNCTUATION else None)  # type: ignore[misc]
            if flag:
                word["m"] = flag
            words.append(word)
    for position, word in enumerate(words, 1):
        word["p"] = position
    return {"mediaId": "golden-0001", "status": "finished", "transcript": {"words": words}}


def load(*turns: tuple[str | None, list[Word]]) -> vbformats.Media:
    return vbformats.load(document(*turns))


def spoken(text: str, start: int, step: int = 300, gap: int = 0) -> list[Word]:
    """Words of ``text`` (punctuation split off as tokens), each ``step`` ms, ``gap`` between."""
    out: list[Word] = []
    t = start
    for raw in text.split():
        trail = ""
        while raw and raw[-1] in PUNCTUATION:
            trail = raw[-1] + trail
            raw = raw[:-1]
        if raw:
            out.append((t, t + step, raw))
            t += step
        for mark in trail:
            out.append((t, t, mark))
        t += gap
    return out


# The hand-made stereo call of the golden files: an agent and a caller, overtalk (the caller's
# "Hi," starts while the agent is still speaking; the agent's "Mm-hmm." backchannel falls inside
# the caller's turn), a 2.1 s pause inside a turn, "&" and a long turn that needs several cues.
GOLDEN_TURNS: list[tuple[str | None, list[Word]]] = [
    (
        "Agent",
        spoken("Thank you for calling Acme & Sons, this is Dana. How can I help you today?", 500),
    ),
    ("Caller", spoken("Hi, yes. I'm calling about my bill from March.", 4400, step=280)),
    ("Agent", spoken("Mm-hmm.", 5600, step=400)),
    (
        "Caller",
        spoken("It shows the same charge twice,", 7400, step=260)
        + spoken("and I was told on the phone last week that it would be removed.", 11300, 250),
    ),
    (
        "Agent",
        spoken(
            "I see. Let me check that for you, one moment please. Okay, I found the duplicate "
            "charge and I have refunded it to your card.",
            14800,
            step=270,
        ),
    ),
    ("Caller", spoken("Great, thank you so much!", 25000, step=300)),
]


def golden_media() -> vbformats.Media:
    return load(*GOLDEN_TURNS)


def speech_words(media: vbformats.Media) -> list[str]:
    """Every speech word of ``media`` in time order of turns, each with its punctuation."""
    return [word for turn in vbformats.turns(media) for word in turn.text.split()]


# --- reading our output back with independent readers ------------------------------------------


@dataclass
class ReadCue:
    """A cue as an independent reader saw it: times, and (speaker, words) per line."""

    start_ms: int
    end_ms: int
    lines: list[tuple[str | None, list[str]]] = field(default_factory=list)


def expected_by_speaker(media: vbformats.Media) -> dict[str | None, list[str]]:
    """Each speaker's displayed words, turn after turn (the order every reader must give)."""
    out: dict[str | None, list[str]] = {}
    for turn in vbformats.turns(media):
        out.setdefault(turn.speaker, []).extend(clean_text(turn.text).split())
    return out


def by_speaker(cues: list[ReadCue]) -> dict[str | None, list[str]]:
    out: dict[str | None, list[str]] = {}
    for cue in cues:
        for speaker, words in cue.lines:
            out.setdefault(speaker, []).extend(words)
    return {k: v for k, v in out.items() if v}


def _strip_label(line: str, names: set[str], dialogue: bool) -> tuple[str | None, str]:
    """(speaker, text) of an SRT line: ``Name: text`` or ``- Name: text``; None if unlabelled."""
    body = line[2:] if dialogue and line.startswith("- ") else line
    for name in sorted(names, key=len, reverse=True):
        if body.startswith(f"{name}: "):
            return name, body[len(name) + 2 :]
    return None, body


def _srt_cues(texts: list[tuple[int, int, str]], names: set[str]) -> list[ReadCue]:
    """Attribute SRT cue text to speakers: a label, else the previous cue's speaker."""
    out: list[ReadCue] = []
    current: str | None = None
    for start, end, text in texts:
        lines = text.split("\n")
        dialogue = len(lines) > 1 and all(line.startswith("- ") for line in lines)
        cue = ReadCue(start, end)
        for line in lines:
            speaker, body = _strip_label(line, names, dialogue)
            if speaker is not None:
                current = speaker
            cue.lines.append((current, body.split()))
        out.append(cue)
    return out


def read_srt_pysrt(text: str, names: set[str]) -> list[ReadCue]:
    items = pysrt.from_string(text)
    return _srt_cues([(i.start.ordinal, i.end.ordinal, i.text) for i in items], names)


def read_srt_package(text: str, names: set[str]) -> list[ReadCue]:
    def ms(delta: Any) -> int:
        return int(delta // timedelta(milliseconds=1))

    items = list(srt.parse(text))
    return _srt_cues([(ms(i.start), ms(i.end), i.content) for i in items], names)


_VOICE_LINE = re.compile(r"^<v ([^>]*)>(.*?)(?:</v>)?$")


def read_vtt(text: str) -> list[ReadCue]:
    """webvtt-py's cues; voices from ``<v>`` (per line for dialogue cues), text unescaped."""
    out: list[ReadCue] = []
    for caption in webvtt.from_string(text):
        cue = ReadCue(_clock_ms(caption.start), _clock_ms(caption.end))
        raw_lines = caption.raw_text.split("\n")
        plain_lines = caption.text.split("\n")
        voice = caption.voice
        for raw, plain in zip(raw_lines, plain_lines, strict=True):
            match = _VOICE_LINE.match(raw)
            if match is not None:
                voice = html.unescape(match.group(1))
            body = html.unescape(plain)
            if len(raw_lines) > 1 and raw.startswith("<v ") and body.startswith("- "):
                body = body[2:]
            cue.lines.append((voice, body.split()))
        out.append(cue)
    return out


def _clock_ms(clock: str) -> int:
    hours, minutes, rest = clock.split(":")
    seconds, millis = rest.split(".")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


TTML = "{http://www.w3.org/ns/ttml}"
TTM = "{http://www.w3.org/ns/ttml#metadata}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def read_dfxp(text: str) -> list[ReadCue]:
    """Times and text from ttconv's TTML reader; speakers from ``ttm:agent`` via lxml."""
    tree = etree.fromstring(text.encode("utf-8"))
    names = {agent.get(XML_ID): agent.findtext(f"{TTM}name") for agent in tree.iter(f"{TTM}agent")}
    paragraphs = list(tree.iter(f"{TTML}p"))
    document = ttml_reader.to_model(ElementTree.ElementTree(ElementTree.fromstring(text.encode())))
    body = document.get_body()
    read_ps = [p for div in body for p in div]
    assert len(read_ps) == len(paragraphs)
    out: list[ReadCue] = []
    for p, xml_p in zip(read_ps, paragraphs, strict=True):
        begin: Fraction = p.get_begin()
        end: Fraction = p.get_end()
        cue = ReadCue(round(begin * 1000), round(end * 1000))
        spans = [child for child in p if isinstance(child, tt_model.Span)]
        xml_spans = xml_p.findall(f"{TTML}span")
        dialogue = bool(xml_spans)
        speaker = names.get(xml_p.get(f"{TTM}agent"))
        for position, span in enumerate(spans):
            words = " ".join(t.get_text() for t in span if isinstance(t, tt_model.Text))
            line_speaker = speaker
            if dialogue:
                line_speaker = names.get(xml_spans[position].get(f"{TTM}agent"))
                words = words[2:] if words.startswith("- ") else words
            cue.lines.append((line_speaker, words.split()))
        out.append(cue)
    return out
