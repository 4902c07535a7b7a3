#!/usr/bin/env python3
"""Generate the bundled sample files in ``samples/`` (deterministic, standard library only).

Every sample is our own: a scripted support call of a fictional internet provider, timed by a
seeded random generator, then written in the shapes the VoiceBase v3 documentation describes
(media document / analytics callback, transcript-only response, legacy v2, transcript-type
callback bodies in SRT / WebVTT / DFXP, error bodies). No reference file is copied.

Usage::

    python samples/make_samples.py            # rewrite the files next to this script
    python samples/make_samples.py OUT_DIR    # write them somewhere else (tests compare bytes)

Running it twice gives byte-identical files: one fixed seed, no clock, no dict-order surprises,
JSON written with ``sort_keys=False`` from literals built in a fixed order.

What each file exercises is listed in ``samples/README.md``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

SEED = 20240611
PUNCT = ".,?!"
# words whose final period belongs to the word (the recogniser writes "Mr." as one token)
ABBREVIATIONS = frozenset({"Mr.", "Mrs.", "Dr."})

# ---------------------------------------------------------------------------------------------
# The scripts. Each entry: (speaker, gap_ms, text). gap_ms is measured from the latest end of
# any earlier turn; a negative gap starts the turn before the other person has finished
# (overtalk). "{dtmf:5813}" inserts keypad tones at that point of the turn.
# ---------------------------------------------------------------------------------------------

STEREO_SCRIPT: list[tuple[str, int, str]] = [
    (
        "Agent",
        1180,
        "Thank you for calling Larkspur Fiber, this is Dana. Can I have your name "
        "and account number, please?",
    ),
    (
        "Caller",
        640,
        "Hi Dana, it's Theo Okafor. The account number is four four seven two, nine one eight.",
    ),
    ("Agent", 520, "Thanks, Mr. Okafor. I've got your account up. What can I help you with today?"),
    (
        "Caller",
        410,
        "So my internet keeps dropping out, mostly in the evening. It started about "
        "two weeks ago and it's driving me up the wall, honestly.",
    ),
    ("Agent", -720, "Oh no, I'm sorry to hear that."),
    ("Caller", 380, "And on top of that I was charged twice for the router rental this month."),
    (
        "Agent",
        610,
        "Okay, let's take those one at a time. First the connection. Does it drop on "
        "every device, or just on one computer?",
    ),
    (
        "Caller",
        470,
        "Every device. The phones, the laptop, the TV. Everything just stops for a "
        "minute or two and then comes back.",
    ),
    (
        "Agent",
        690,
        "Got it. I'm going to run a line test from our side. It takes about thirty "
        "seconds, so bear with me.",
    ),
    ("Caller", 420, "Sure, no problem."),
    (
        "Agent",
        4600,
        "Alright, the test shows a lot of signal errors on your line after six in "
        "the evening. That usually points to a problem outside the house, not your router.",
    ),
    ("Caller", -880, "Wait, so it's not my equipment?"),
    (
        "Agent",
        310,
        "Most likely not. I'd like to send a technician to check the connection at "
        "the street cabinet. Would Thursday morning work for you?",
    ),
    ("Caller", 520, "Thursday morning is fine. What time exactly?"),
    (
        "Agent",
        580,
        "We have a window between eight and noon. The technician will call you "
        "thirty minutes before arriving.",
    ),
    ("Caller", 400, "Okay, eight to noon on Thursday. Perfect."),
    (
        "Agent",
        540,
        "Now about the double charge. I can see two router rental fees of nine "
        "dollars and ninety nine cents on your last bill.",
    ),
    ("Caller", -640, "Yes, exactly, two of them."),
    (
        "Agent",
        430,
        "That was our mistake, and I apologize. I'll refund one of them right now, "
        "and I'll add a courtesy credit of fifteen dollars for the trouble with the connection.",
    ),
    ("Caller", 510, "Oh, that's really nice of you. Thank you."),
    (
        "Agent",
        620,
        "You're welcome. To process the refund I need to verify the card on file. "
        "Please enter the last four digits of the card on your keypad.",
    ),
    ("Caller", 820, "Okay, one second. {dtmf:5813} Done."),
    ("Agent", 640, "Thank you, that matches. The refund will show up within five business days."),
    ("Caller", 480, "Great. And will the technician need to come inside the house?"),
    (
        "Agent",
        420,
        "Probably not, but please make sure someone over eighteen is home, just in case.",
    ),
    ("Caller", 530, "My wife works from home on Thursdays, so that's fine."),
    (
        "Agent",
        470,
        "Perfect. I've also noted on your account that the evening drops started two "
        "weeks ago, so the technician knows what to look for when they arrive.",
    ),
    # a backchannel wholly inside the agent's turn: listed after it, starts long before its end
    ("Caller", -2900, "Mm-hmm."),
    ("Agent", 690, "Is there anything else I can help you with today?"),
    ("Caller", 520, "No, I think that covers it. You've been really helpful, Dana."),
    (
        "Agent",
        400,
        "Happy to help. Your reference number for today's call is L F seven seven "
        "three zero two. Have a great evening, Mr. Okafor.",
    ),
    ("Caller", -350, "You too. Bye now."),
]

MONO_SCRIPT: list[tuple[str, int, str]] = [
    ("", 640, "Good morning, Bramble Dental, Nadia speaking."),
    (
        "",
        700,
        "Hi, this is Felix Marsh. I'd like to move my cleaning appointment if that's possible.",
    ),
    (
        "",
        620,
        "Of course. Let me pull up your file. You're booked for Tuesday the ninth at ten thirty.",
    ),
    ("", 540, "That's the one. Could we do later that week instead?"),
    ("", 800, "Friday at two fifteen is open. Would that suit you?"),
    ("", 450, "Friday at two fifteen works. Thanks a lot."),
    ("", 560, "You're all set. We'll send a text reminder the day before. Bye for now."),
]

LEGACY_SCRIPT: list[tuple[str, int, str]] = [
    ("agent", 900, "Hello, you've reached Quillon Insurance claims, my name is Ravi."),
    ("caller", 520, "Hi Ravi, I'm calling about a claim I filed last Monday."),
    ("agent", 480, "Sure. Do you have the claim number handy?"),
    ("caller", 610, "Yes, it's C as in cat, three one nine four."),
    ("agent", -540, "Thank you."),
    (
        "agent",
        900,
        "I see it here. The adjuster approved it yesterday, and the payment goes out on Friday.",
    ),
    ("caller", 470, "Oh good, that's a relief. Thanks."),
]

MONO_ID = "3f0c9a52-6d1e-4b8a-9c47-0e5b2d71a8f3"


# ---------------------------------------------------------------------------------------------
# Word timing
# ---------------------------------------------------------------------------------------------


def split_tokens(text: str) -> list[tuple[str, str | None]]:
    """Text → [(token, flag)] with trailing punctuation split off (flag "punc") and DTMF."""
    out: list[tuple[str, str | None]] = []
    for raw in text.split():
        if raw.startswith("{dtmf:"):
            for digit in raw[len("{dtmf:") : -1]:
                out.append((digit, "dtmf"))
            continue
        trail = ""
        while raw and raw[-1] in PUNCT and raw not in ABBREVIATIONS:
            trail = raw[-1] + trail
            raw = raw[:-1]
        out.append((raw, None))
        out.extend((ch, "punc") for ch in trail)
    return out


class Turn:
    """One scripted turn after timing: its speaker and its tokens (wire dicts, no marker)."""

    def __init__(self, speaker: str, tokens: list[dict[str, Any]]) -> None:
        self.speaker = speaker
        self.tokens = tokens
        speech = [t for t in tokens if "m" not in t]
        self.start_ms: int = speech[0]["s"]
        self.end_ms: int = max(t["e"] for t in speech)


def time_script(
    script: list[tuple[str, int, str]], rng: random.Random, voice: dict[str, float] | None
) -> list[Turn]:
    """Give every token of every turn a start/end in ms (and voice features when asked)."""
    turns: list[Turn] = []
    latest_end = 0
    punc_count = 0
    for speaker, gap, text in script:
        clock = max(0, latest_end + gap)
        tokens: list[dict[str, Any]] = []
        last_end = clock
        for token, flag in split_tokens(text):
            if flag == "punc":
                punc_count += 1
                # most punctuation is zero-length at the end of the word before; every fifth
                # carries the pause after it as a real duration (seen in stereo callbacks)
                pause = rng.randint(260, 620) if token in ".?!" else rng.randint(120, 300)
                end = last_end + (pause if punc_count % 5 == 0 else 0)
                tokens.append(
                    {
                        "c": 1.0 if punc_count % 3 else 0.5,
                        "s": last_end,
                        "e": end,
                        "w": token,
                        "m": "punc",
                    }
                )
                clock = last_end + pause
                continue
            if flag == "dtmf":
                start = clock + rng.randint(250, 500)
                end = start + rng.randint(110, 180)
                tokens.append({"c": 1.0, "s": start, "e": end, "w": token, "m": "dtmf"})
                clock = last_end = end
                continue
            length = sum(ch.isalnum() for ch in token)
            start = clock + rng.randint(10, 90)
            end = start + 90 + 58 * length + rng.randint(-20, 45)
            word: dict[str, Any] = {
                "c": round(rng.uniform(0.62, 1.0), 3),
                "s": start,
                "e": end,
                "w": token,
            }
            if voice is not None:
                base = voice[speaker]
                word["v"] = round(rng.uniform(0.75, 1.3) * (5.1 if speaker == "Agent" else 7.4), 3)
                pitch = round(base * rng.uniform(0.88, 1.14), 3)
                word["frq"] = [
                    {"e": 1.0, "f": pitch},
                    {"e": round(rng.uniform(0.18, 0.66), 3), "f": round(pitch * 2.01, 3)},
                ]
            tokens.append(word)
            clock = last_end = end
        turn = Turn(speaker, tokens)
        turns.append(turn)
        latest_end = max(latest_end, turn.end_ms)
    return turns


def number_positions(words: list[dict[str, Any]], first: int, gap_after: int | None) -> None:
    """Write ``p`` on every token, starting at ``first``, skipping 3 numbers after one index."""
    p = first
    for index, word in enumerate(words):
        word["p"] = p
        p += 4 if index == gap_after else 1


def ordered(word: dict[str, Any]) -> dict[str, Any]:
    """Wire key order: p, c, s, e, w, m, v, frq, then anything else."""
    keys = ["p", "c", "s", "e", "w", "m", "v", "frq"]
    out = {k: word[k] for k in keys if k in word}
    out.update({k: v for k, v in word.items() if k not in out})
    return out


def stereo_words(turns: list[Turn], rng: random.Random) -> list[dict[str, Any]]:
    """Markers + tokens, a whole turn at a time (array order = turn order, not time order)."""
    words: list[dict[str, Any]] = []
    for index, turn in enumerate(turns):
        marker: dict[str, Any] = {
            # a marker's c means nothing: the service writes 1.0 or leftovers like 0.1
            "c": 1.0 if index % 4 else round(rng.uniform(0.05, 0.3), 3),
            "s": turn.start_ms,
            "e": turn.end_ms,
            "w": turn.speaker,
            "m": "turn|punc" if index == 7 else "turn",
        }
        words.append(marker)
        words.extend(turn.tokens)
    return words


# ---------------------------------------------------------------------------------------------
# Helpers to point analytics at real words of the call
# ---------------------------------------------------------------------------------------------


def find_phrase(turns: list[Turn], speaker: str, phrase: str, nth: int = 0) -> tuple[int, int, str]:
    """(s, e, exact) of the nth occurrence of ``phrase`` in ``speaker``'s speech words."""
    wanted = [w.lower() for w in phrase.split()]
    seen = 0
    for turn in turns:
        if turn.speaker != speaker:
            continue
        speech = [t for t in turn.tokens if "m" not in t]
        texts = [t["w"].lower() for t in speech]
        for i in range(len(texts) - len(wanted) + 1):
            if texts[i : i + len(wanted)] == wanted:
                if seen == nth:
                    hit = speech[i : i + len(wanted)]
                    return hit[0]["s"], hit[-1]["e"], " ".join(t["w"] for t in hit)
                seen += 1
    raise SystemExit(f"phrase not found for {speaker}: {phrase!r}")


def occ(
    turns: list[Turn], speaker: str, phrase: str, nth: int = 0, end: bool = True
) -> dict[str, Any]:
    s, e, exact = find_phrase(turns, speaker, phrase, nth)
    return {"s": s, "e": e, "exact": exact} if end else {"s": s, "exact": exact}


def uuid_from(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def union_ms(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def total(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return union_ms(out)


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def speech_of(turns: list[Turn], speaker: str) -> list[dict[str, Any]]:
    return [t for turn in turns if turn.speaker == speaker for t in turn.tokens if "m" not in t]


def metrics_section(turns: list[Turn], length_ms: int) -> list[dict[str, Any]]:
    """All four documented metric groups; talk and overtalk values computed from the words."""
    agent = union_ms([(w["s"], w["e"]) for w in speech_of(turns, "Agent")])
    caller = union_ms([(w["s"], w["e"]) for w in speech_of(turns, "Caller")])
    both = intersect(agent, caller)
    talk = union_ms(agent + caller)
    turn_spans = {
        name: union_ms([(t.start_ms, t.end_ms) for t in turns if t.speaker == name])
        for name in ("Agent", "Caller")
    }
    overlaps = intersect(turn_spans["Agent"], turn_spans["Caller"])
    # who was interrupted: an overlap whose caller turn started later is the caller talking
    # over the agent (caller-overtalk), and the other way round
    caller_over = 0
    caller_over_ms = 0
    for s, e in overlaps:
        agent_start = max(a for a, b in turn_spans["Agent"] if a <= s <= b)
        caller_start = max(a for a, b in turn_spans["Caller"] if a <= s <= b)
        if caller_start > agent_start:
            caller_over += 1
            caller_over_ms += e - s
    overlap_ms = total(overlaps)
    non_silence = total(talk)

    def rate(speaker: str) -> int:
        words = speech_of(turns, speaker)
        spoken = total(union_ms([(w["s"], w["e"]) for w in words]))
        return round(len(words) / (spoken / 60000))

    def mv(name: str, value: float | int) -> dict[str, Any]:
        return {"metricName": name, "metricValue": value}

    return [
        {
            "metricGroupName": "overtalk",
            "metricValues": [
                mv("overtalk-incidents", len(overlaps)),
                mv("agent-overtalk-incidents", len(overlaps) - caller_over),
                mv("caller-overtalk-incidents", caller_over),
                mv("overtalk-ratio", round(total(both) / length_ms, 2)),
                mv("agent-overtalk-ratio", round((overlap_ms - caller_over_ms) / length_ms, 3)),
                mv("caller-overtalk-ratio", round(caller_over_ms / length_ms, 3)),
            ],
        },
        {
            "metricGroupName": "sentiment",
            "metricValues": [
                mv("call-sentiment", 0.21),
                mv("start-sentiment", -0.34),
                mv("end-sentiment", 0.62),
                mv("call-change-in-sentiment", 0.96),
                mv("agent-sentiment", 0.48),
                mv("agent-start-sentiment", 0.31),
                mv("agent-end-sentiment", 0.66),
                mv("agent-intra-call-change-in-sentiment", 0.35),
                mv("caller-sentiment", -0.05),
                mv("caller-start-sentiment", -0.58),
                mv("caller-end-sentiment", 0.57),
                mv("caller-intra-call-change-in-sentiment", 1.15),
            ],
        },
        {
            "metricGroupName": "talk-style-tone-and-volume",
            "metricValues": [
                mv("agent-intra-call-change-in-pitch", 1.03),
                mv("agent-intra-call-change-in-relative-voice-volume-energy", 0.97),
                mv("agent-relative-voice-volume-energy", 1.18),
                mv("agent-voice-dynamism-std-dev-score", 0.74),
                mv("caller-intra-call-change-in-pitch", 0.91),
                mv("caller-intra-call-change-in-relative-voice-volume-energy", 0.88),
                mv("caller-relative-voice-volume-energy", 0.98),
                mv("caller-voice-dynamism-std-dev-score", 1.12),
            ],
        },
        {
            "metricGroupName": "talk-time-and-rate",
            "metricValues": [
                mv("agent-talk-ratio", round(total(agent) / non_silence, 2)),
                mv("caller-talk-ratio", round(total(caller) / non_silence, 2)),
                mv("silence-ratio", round(1 - non_silence / length_ms, 2)),
                mv("silence-incidents", 1),
                mv("agent-talk-rate", rate("Agent")),
                mv("caller-talk-rate", rate("Caller")),
                mv("agent-to-caller-talk-rate-ratio", round(rate("Agent") / rate("Caller"), 2)),
                mv("agent-intra-call-change-in-talk-rate", 0.94),
                mv("caller-intra-call-change-in-talk-rate", 1.07),
                mv("agent-average-streak", 6.8),
                mv("agent-longest-streak", 11.4),
                mv("agent-median-streak", 6.1),
                mv("average-streak", 5.2),
                mv("caller-average-streak", 3.9),
                mv("caller-longest-streak", 8.2),
                mv("caller-median-streak", 3.3),
                mv("longest-streak", 11.4),
                mv("median-streak", 4.6),
            ],
        },
    ]


def stereo_call(rng: random.Random) -> tuple[dict[str, Any], list[Turn]]:
    """The stereo agent/caller call with every analytics section."""
    media_id = uuid_from(rng)
    turns = time_script(STEREO_SCRIPT, rng, {"Agent": 196.0, "Caller": 118.0})
    words = stereo_words(turns, rng)
    number_positions(words, first=1, gap_after=120)
    words = [ordered(w) for w in words]
    # one word carries a key the documentation does not list; it must survive a round trip
    words[5]["lang"] = "en-US"
    length_ms = max(t.end_ms for t in turns) + 1370

    def turn_spans(name: str) -> list[dict[str, int]]:
        return [{"s": t.start_ms, "e": t.end_ms} for t in turns if t.speaker == name]

    sentiments: dict[str, list[dict[str, Any]]] = {"Agent": [], "Caller": []}
    for index, turn in enumerate(turns):
        mood = -0.55 if index < 11 else 0.45
        if turn.speaker == "Agent":
            mood = 0.2 if index < 11 else 0.6
        sentiments[turn.speaker].append(
            {"s": turn.start_ms, "e": turn.end_ms, "v": round(mood + rng.uniform(-0.2, 0.2), 4)}
        )

    dtmf = [t for turn in turns for t in turn.tokens if t.get("m") == "dtmf"]
    doc: dict[str, Any] = {
        "_links": {
            "self": {"href": f"/v3/media/{media_id}"},
            "progress": {"href": f"/v3/media/{media_id}/progress"},
        },
        "formatVersion": "3.0.7",
        "mediaId": media_id,
        "status": "finished",
        "dateCreated": "2024-03-14T15:02:11.482Z",
        "dateFinished": "2024-03-14T15:04:37.905Z",
        "mediaContentType": "audio/x-wav",
        "length": length_ms,
        "metadata": {
            "title": "Inbound support call 2024-03-14 from 15550142",
            "description": "Larkspur Fiber support line, connection drops and a double charge",
            "externalId": "lf-call-20240314-0931",
            "extended": {
                "agentId": "dana.r",
                "queue": "tier-1-support",
                "ani": "15550142",
                "crm": {"ticket": 88213, "priority": "normal", "tags": ["billing", "outage"]},
            },
        },
        "transcript": {
            "confidence": 0.912,
            "words": words,
            "voiceActivity": [
                {"speakerName": "Agent", "occurrences": turn_spans("Agent")},
                {"speakerName": "Caller", "occurrences": turn_spans("Caller")},
            ],
        },
        "knowledge": {
            "keywords": [
                {
                    "keyword": "technician",
                    "relevance": 0.884,
                    "mentions": [
                        {
                            "speakerName": "Agent",
                            "occurrences": [
                                occ(turns, "Agent", "technician", 0),
                                occ(turns, "Agent", "technician", 1),
                                occ(turns, "Agent", "technician", 2),
                            ],
                        },
                        {
                            "speakerName": "Caller",
                            "occurrences": [occ(turns, "Caller", "technician", 0, end=False)],
                        },
                    ],
                },
                {
                    # the service sometimes names the keyword "name" and sends numbers as text
                    "name": "router rental",
                    "relevance": "0.871",
                    "mentions": [
                        {
                            "speakerName": "Caller",
                            "occurrences": [occ(turns, "Caller", "router rental")],
                        },
                        {
                            "speakerName": "Agent",
                            "occurrences": [occ(turns, "Agent", "router rental")],
                        },
                    ],
                },
                {
                    "keyword": "refund",
                    "relevance": 0.652,
                    "mentions": [
                        {
                            "speakerName": "Agent",
                            "occurrences": [
                                occ(turns, "Agent", "refund", 0),
                                occ(turns, "Agent", "refund", 1),
                            ],
                        }
                    ],
                },
            ],
            "topics": [
                {
                    "topicName": "Internet Connectivity",
                    "relevance": 0.7731,
                    "subTopics": [],
                    "keywords": [
                        {"keyword": "connection", "relevance": 0.52, "mentions": []},
                        {"keyword": "signal errors", "relevance": 0.31, "mentions": []},
                    ],
                },
                {
                    "topicName": "Billing",
                    "relevance": 0.6102,
                    "subtopics": [{"topicName": "Refunds", "relevance": 0.4418}],
                    "keywords": [],
                },
            ],
        },
        "spotting": {
            "groups": [
                {
                    "groupName": "billing-disputes",
                    "spotted": True,
                    "score": "0.7312",
                    "spottedKeywords": [
                        {
                            "keyword": "charged twice",
                            "mentions": [
                                {
                                    "speakerName": "Caller",
                                    "occurrences": [
                                        occ(turns, "Caller", "charged twice", end=False)
                                    ],
                                }
                            ],
                        },
                        {
                            "keyword": "double charge",
                            "relevance": 1,
                            "mentions": [
                                {
                                    "speakerName": "Agent",
                                    "occurrences": [occ(turns, "Agent", "double charge")],
                                }
                            ],
                        },
                    ],
                },
                {
                    "groupName": "competitors",
                    "spotted": False,
                    "score": "0.0",
                    "spottedKeywords": [],
                },
            ]
        },
        "prediction": {
            "classifiers": [
                {
                    "classifierId": uuid_from(rng),
                    "classifierName": "churn-risk",
                    "classifierVersion": "2.1",
                    "classifierDisplayName": "Churn risk",
                    "classifierType": "binary",
                    "predictedClass": 0,
                    "predictedClassLabel": "low-risk",
                    "predictionScore": 0.182,
                },
                {
                    "classifierId": uuid_from(rng),
                    "classifierName": "upsell-opportunity",
                    "classifierDisplayName": "Upsell opportunity",
                    "classifierType": "binary",
                    "predictedCategory": 1,
                    "predictedCategoryLabel": "upsell-candidate",
                    "predictionScore": 0.634,
                },
            ],
            "detectors": [
                {
                    "detectorId": uuid_from(rng),
                    "detectorName": "PCI",
                    "detectorVersion": "1.4",
                    "detectorDisplayName": "Detects payment card data",
                    "detectorType": "binary",
                    "detections": [
                        {
                            "detectorClass": 1,
                            "detectorClassLabel": "pci",
                            "detectedSegments": [
                                {
                                    "speakerName": "Caller",
                                    "occurrences": [{"s": dtmf[0]["s"], "e": dtmf[-1]["e"]}],
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        "metrics": metrics_section(turns, length_ms),
        "categories": [
            {
                "categoryName": "proper-greeting",
                "categoryValue": 1,
                "categoryMatches": [
                    {
                        "speakerName": "Agent",
                        "occurrences": [occ(turns, "Agent", "thank you for calling")],
                    }
                ],
            },
            {
                "categoryName": "refund-issued",
                "categoryValue": 1,
                "categoryMatches": [
                    {"speakerName": "Agent", "occurrences": [occ(turns, "Agent", "I'll refund")]},
                    {"speakerName": "Caller", "occurrences": [occ(turns, "Caller", "thank you")]},
                ],
            },
            {"categoryName": "escalation-request", "categoryValue": 0},
        ],
        "conversation": {
            "speakerVerbNounPairs": [
                {
                    "speakerName": "Agent",
                    "verbNounPairs": [
                        vnp(turns, "Agent", "run a line test", "run", "test"),
                        vnp(turns, "Agent", "send a technician", "send", "technician"),
                        vnp(turns, "Agent", "refund one", "refund", "one"),
                        vnp(turns, "Agent", "verify the card", "verify", "card"),
                    ],
                },
                {
                    "speakerName": "Caller",
                    "verbNounPairs": [
                        vnp(turns, "Caller", "charged twice", "charge", "rental"),
                        vnp(
                            turns,
                            "Caller",
                            "it's not my equipment",
                            "be",
                            "equipment",
                            verb_neg="not",
                            question=True,
                        ),
                        vnp(turns, "Caller", "need to come inside", "need", "house", question=True),
                    ],
                },
            ]
        },
        "speakerSentiments": [
            {"speakerName": "Caller", "sentimentValues": sentiments["Caller"]},
            {"speakerName": "Agent", "sentimentValues": sentiments["Agent"]},
        ],
        "entities": [
            {"text": "Dana", "type": "person", **se(turns, "Agent", "Dana")},
            {"text": "Theo Okafor", "type": "person", **se(turns, "Caller", "Theo Okafor")},
            {
                "text": "Larkspur Fiber",
                "type": "organization",
                **se(turns, "Agent", "Larkspur Fiber"),
            },
            {
                "text": "nine dollars and ninety nine cents",
                "type": "money",
                "formattedText": "$9.99",
                **se(turns, "Agent", "nine dollars and ninety nine cents"),
                "money": {"whole": 9, "centi": 99},
            },
            {
                "text": "fifteen dollars",
                "type": "money",
                "formattedText": "$15.00",
                **se(turns, "Agent", "fifteen dollars"),
                "money": {"whole": 15, "centi": 0},
            },
            {"text": "Thursday", "type": "date", **se(turns, "Agent", "Thursday")},
            {"text": "eight", "type": "time", **se(turns, "Agent", "eight")},
        ],
        "streams": [
            {
                "status": 200,
                "streamName": "original",
                "streamLocation": f"https://media.example.net/v3/{media_id}/original.wav",
            }
        ],
        "encryption": {
            "publishKeyId": uuid_from(rng),
            "publicKeyHash": hashlib.sha256(b"vbformats sample public key").hexdigest(),
        },
        "_job": {
            "jobId": uuid_from(rng),
            "mediaId": media_id,
            "progress": {
                "start": "2024-03-14T15:02:12Z",
                "finish": "2024-03-14T15:04:37Z",
                "tasks": [
                    {
                        "taskId": "t1",
                        "phase": "transcribe",
                        "display": "Transcription",
                        "status": "completed",
                    },
                    {
                        "taskId": "t2",
                        "phase": "analytics",
                        "display": "Analytics",
                        "status": "completed",
                    },
                ],
            },
        },
        # a key no documentation lists; loaders must keep it
        "x-acme-routing": {"site": "north", "skill": 4},
    }
    return doc, turns


def se(turns: list[Turn], speaker: str, phrase: str) -> dict[str, int]:
    s, e, _ = find_phrase(turns, speaker, phrase)
    return {"s": s, "e": e}


def vnp(
    turns: list[Turn],
    speaker: str,
    phrase: str,
    verb: str,
    noun: str,
    verb_neg: str | None = None,
    question: bool | None = None,
) -> dict[str, Any]:
    s, e, _ = find_phrase(turns, speaker, phrase)
    out: dict[str, Any] = {"s": s, "e": e, "verb": verb}
    if verb_neg:
        out["verbNeg"] = verb_neg
    out["noun"] = noun
    if question is not None:
        out["question"] = question
    return out


def verb_noun_pairs_doc(stereo: dict[str, Any]) -> dict[str, Any]:
    """The documented ``noun-verb-pairs`` list shape, from the stereo call's pairs."""
    out = []
    for group in stereo["conversation"]["speakerVerbNounPairs"]:
        for pair in group["verbNounPairs"]:
            item: dict[str, Any] = {"timestamp": {"s": pair["s"], "e": pair["e"]}}
            item["V"] = pair["verb"]
            item["N"] = pair["noun"]
            if "verbNeg" in pair:
                item["neg"] = pair["verbNeg"]
            if pair.get("question"):
                item["question"] = True
            item["speaker"] = group["speakerName"].lower()
            out.append(item)
    # one with a negated noun, as documented ("provide no justification")
    out.append(
        {
            "timestamp": {
                "s": out[-1]["timestamp"]["e"] + 5210,
                "e": out[-1]["timestamp"]["e"] + 5980,
            },
            "V": "have",
            "N": "complaint",
            "noun-neg": "no",
            "speaker": "caller",
        }
    )
    out.sort(key=lambda item: item["timestamp"]["s"])
    return {"noun-verb-pairs": out}


def mono_call(rng: random.Random) -> tuple[dict[str, Any], list[Turn]]:
    turns = time_script(MONO_SCRIPT, rng, None)
    words = [t for turn in turns for t in turn.tokens]
    number_positions(words, first=0, gap_after=None)
    words = [ordered(w) for w in words]
    doc = {
        "mediaId": MONO_ID,
        "status": "finished",
        "dateCreated": "2024-02-02T09:14:55Z",
        "dateFinished": "2024-02-02T09:15:21Z",
        "mediaContentType": "audio/mpeg",
        "length": max(t.end_ms for t in turns) + 820,
        "metadata": {"title": "Front desk call", "externalId": "bd-0202-0914", "extended": {}},
        "transcript": {"confidence": 0.947, "words": words},
    }
    return doc, turns


def legacy_v2(rng: random.Random) -> dict[str, Any]:
    turns = time_script(LEGACY_SCRIPT, rng, None)
    words: list[dict[str, Any]] = []
    for turn in turns:
        words.append(
            {"c": 1.0, "s": turn.start_ms, "e": turn.end_ms, "w": f"{turn.speaker}: ", "m": "turn"}
        )
        words.extend(turn.tokens)
    number_positions(words, first=1, gap_after=None)
    words = [ordered(w) for w in words]
    return {
        "mediaId": uuid_from(rng),
        "status": "finished",
        "metadata": {"title": "Claims line", "version": "2.0"},
        "transcripts": {
            "latest": {"engine": "premium", "confidence": 0.903, "words": words},
        },
    }


# ---------------------------------------------------------------------------------------------
# Caption bodies (what a transcript-type callback delivers)
# ---------------------------------------------------------------------------------------------


def cues_of(turns: list[Turn], max_words: int = 9) -> list[tuple[str, int, int, str, bool]]:
    """Cues (speaker, start, end, text, first_of_turn) sorted by start; DTMF left out."""
    cues = []
    for turn in turns:
        chunk: list[dict[str, Any]] = []
        first = True

        def flush(speaker: str = turn.speaker) -> None:
            nonlocal chunk, first
            speech = [t for t in chunk if "m" not in t]
            if speech:
                text = ""
                for t in chunk:
                    text += t["w"] if t.get("m") == "punc" else (" " if text else "") + t["w"]
                cues.append((speaker, speech[0]["s"], speech[-1]["e"], text, first))
                first = False
            chunk = []

        count = 0
        for token in turn.tokens:
            if token.get("m") == "dtmf":
                continue
            if "m" not in token:
                if count >= max_words:
                    flush()
                    count = 0
                count += 1
            chunk.append(token)
            if token.get("m") == "punc" and count >= (4 if token["w"] in ".?!" else 7):
                flush()
                count = 0
        flush()
    cues.sort(key=lambda cue: cue[1])
    return cues


def wrap2(text: str, width: int = 42) -> list[str]:
    """Split cue text into at most two balanced lines when longer than ``width``."""
    if len(text) <= width:
        return [text]
    words = text.split(" ")
    best = None
    for i in range(1, len(words)):
        a, b = " ".join(words[:i]), " ".join(words[i:])
        score = abs(len(a) - len(b))
        if best is None or score < best[0]:
            best = (score, [a, b])
    assert best is not None
    return best[1]


def centis(ms: int, sep: str) -> str:
    """VoiceBase-style clock with a two-digit fraction: 5810 ms -> 00:00:05,81."""
    cs = (ms + 5) // 10
    s, c = divmod(cs, 100)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{c:02d}"


def clock(ms: int, sep: str) -> str:
    s, milli = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def srt_body(turns: list[Turn], labels: bool) -> str:
    """SRT the way VoiceBase sends it: CRLF line ends and two-digit fractions."""
    lines = []
    for number, (speaker, start, end, text, first) in enumerate(cues_of(turns), 1):
        if labels and first and speaker:
            text = f"{speaker}: {text}"
        lines += [str(number), f"{centis(start, ',')} --> {centis(end, ',')}", *wrap2(text), ""]
    return "\r\n".join(lines) + "\r\n"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_body(turns: list[Turn]) -> str:
    """WebVTT with a <v Name> voice span on every cue, three-digit fractions."""
    lines = ["WEBVTT", "Kind: captions", "Language: en-US", ""]
    for number, (speaker, start, end, text, _) in enumerate(cues_of(turns), 1):
        body = wrap2(escape(text))
        body[0] = f"<v {speaker}>{body[0]}"
        lines += [str(number), f"{clock(start, '.')} --> {clock(end, '.')}", *body, ""]
    return "\n".join(lines)


def vtt_voicebase_body(turns: list[Turn]) -> str:
    """WebVTT as VoiceBase's alternate format shows it: numbered cues, two-digit fractions."""
    lines = ["WEBVTT", ""]
    for number, (_, start, end, text, _) in enumerate(cues_of(turns), 1):
        lines += [str(number), f"{centis(start, '.')} --> {centis(end, '.')}", *wrap2(text), ""]
    return "\n".join(lines)


def text_body(turns: list[Turn]) -> str:
    """Plain text: one paragraph per turn (no labels for an unlabelled mono call)."""
    paragraphs = []
    for turn in turns:
        text = ""
        for t in turn.tokens:
            if t.get("m") == "dtmf":
                continue
            text += t["w"] if t.get("m") == "punc" else (" " if text else "") + t["w"]
        paragraphs.append(f"{turn.speaker}: {text}" if turn.speaker else text)
    return "\n\n".join(paragraphs) + "\n"


def dfxp_body(turns: list[Turn]) -> str:
    """TTML1 (what VoiceBase calls DFXP) with speakers as ttm:agent."""
    speakers = sorted({t.speaker for t in turns})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"'
        ' xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="en-US">',
        "  <head>",
        "    <metadata>",
        "      <ttm:title>Larkspur Fiber support call</ttm:title>",
    ]
    for name in speakers:
        lines += [
            f'      <ttm:agent xml:id="{name.lower()}" type="person">',
            f'        <ttm:name type="full">{escape(name)}</ttm:name>',
            "      </ttm:agent>",
        ]
    lines += ["    </metadata>", "  </head>", "  <body>", "    <div>"]
    for speaker, start, end, text, _ in cues_of(turns):
        body = "<br/>".join(escape(line) for line in wrap2(text))
        lines.append(
            f'      <p begin="{clock(start, ".")}" end="{clock(end, ".")}" '
            f'ttm:agent="{speaker.lower()}">{body}</p>'
        )
    lines += ["    </div>", "  </body>", "</tt>", ""]
    return "\n".join(lines)


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def transcript_only(mono_turns: list[Turn]) -> dict[str, Any]:
    """``GET /v3/media/{id}/transcript?includeAlternateFormat=...``: the bare transcript object
    (VbTranscript in the OpenAPI spec) with three alternates, not listed srt-first, and both
    spellings of ``contentEncoding``."""
    return {
        "confidence": 0.947,
        "alternateFormats": [
            {
                "format": "webvtt",
                "contentType": "text/vtt",
                "contentEncoding": "base64",
                "charset": "utf-8",
                "data": b64(vtt_voicebase_body(mono_turns)),
            },
            {
                "format": "text",
                "contentType": "text/plain",
                "contentEncoding": "Base64",
                "charset": "utf-8",
                "data": b64(text_body(mono_turns)),
            },
            {
                "format": "srt",
                "contentType": "text/srt",
                "contentEncoding": "Base64",
                "charset": "utf-8",
                "data": b64(srt_body(mono_turns, labels=False)),
            },
        ],
    }


def error_404(rng: random.Random) -> dict[str, Any]:
    return {
        "status": 404,
        "warnings": {
            "message": "Transcripts only become available when a media item has status finished."
        },
        "reference": uuid_from(rng),
    }


def failed_media(rng: random.Random) -> dict[str, Any]:
    media_id = uuid_from(rng)
    return {
        "_links": {"self": {"href": f"/v3/media/{media_id}"}},
        "mediaId": media_id,
        "status": "failed",
        "dateCreated": "2024-03-15T08:41:03Z",
        "dateFinished": "2024-03-15T08:41:19Z",
        "mediaContentType": "audio/mpeg",
        "errors": [
            {"code": 4102, "error": "The media file could not be decoded: unsupported codec."},
            {"code": 4230, "error": "No speech was detected in the first 30 seconds."},
        ],
    }


# ---------------------------------------------------------------------------------------------


def dump_json(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def build() -> dict[str, str]:
    """File name → exact file content (text; written as UTF-8 bytes, newlines untouched)."""
    rng = random.Random(SEED)
    stereo, stereo_turns = stereo_call(rng)
    mono, mono_turns = mono_call(rng)
    legacy = legacy_v2(rng)
    files = {
        "stereo_call.json": dump_json(stereo),
        "mono_call.json": dump_json(mono),
        "transcript_only.json": dump_json(transcript_only(mono_turns)),
        "legacy_v2.json": dump_json(legacy),
        "callback.srt": srt_body(stereo_turns, labels=True),
        "callback.vtt": vtt_body(stereo_turns),
        "callback.dfxp": dfxp_body(stereo_turns),
        "verb_noun_pairs.json": dump_json(verb_noun_pairs_doc(stereo)),
        "error_404.json": dump_json(error_404(rng)),
        "failed_media.json": dump_json(failed_media(rng)),
    }
    return files


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in build().items():
        # newline="" so CRLF in callback.srt is written as is on every platform
        with open(out_dir / name, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
