"""Generated calls with known sensitive spans, for the redaction tests (issue #15).

Each call has two speakers talking in turns made of ordinary words (:data:`OUTSIDE`); some turns
hold a *planted span*: words that only ever occur there (``qz`` + digits: no output boilerplate,
CSS or script can contain them by chance) covered by a service detection (``PCI`` or ``SSN``,
VoiceBase's shape), plus analytics that point into the span and out of it: keywords, topics, a
spotting group, entities, verb-noun pairs, categories, VoiceBase's rendered turns and an SRT
alternate format.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from typing import Any

OUTSIDE = [
    "hello",
    "thanks",
    "please",
    "router",
    "billing",
    "account",
    "today",
    "evening",
    "month",
    "help",
    "order",
    "delivery",
    "window",
    "support",
    "ticket",
    "modem",
    "customer",
    "price",
    "plan",
    "fiber",
    "signal",
    "morning",
]


@dataclass
class Call:
    doc: dict[str, Any]
    planted: set[str] = field(default_factory=set)
    spans: list[tuple[str, int, int]] = field(default_factory=list)


def _occurrence(start: int, end: int) -> dict[str, Any]:
    return {"s": start, "e": end}


def generated_call(seed: int, turns: int = 14) -> Call:
    """A call whose planted words (``Call.planted``) all lie inside ``Call.spans``."""
    rng = random.Random(seed)
    words: list[dict[str, Any]] = []
    rendered: list[dict[str, Any]] = []
    call = Call({})
    time_ms = 500
    position = 0
    inside_keyword = outside_keyword = None
    spans_words: list[tuple[int, int, str]] = []
    for turn in range(turns):
        speaker = ("Agent", "Caller")[turn % 2]
        words.append({"p": position, "s": time_ms, "e": time_ms, "w": speaker, "m": "turn"})
        position += 1
        turn_start = time_ms
        texts = []
        plant = turn % 3 == 1
        count = rng.randint(4, 12)
        span_at = rng.randint(1, count - 1) if plant else -1
        for index in range(count):
            if index == span_at:
                label = rng.choice(("PCI", "SSN"))
                start = time_ms
                for _ in range(rng.randint(2, 6)):
                    token = f"qz{rng.randint(0, 99999):05d}"
                    call.planted.add(token)
                    end = time_ms + rng.randint(150, 400)
                    words.append({"p": position, "s": time_ms, "e": end, "w": token, "c": 0.9})
                    spans_words.append((time_ms, end, token))
                    texts.append(token)
                    position += 1
                    time_ms = end + rng.randint(20, 120)
                call.spans.append((label, start, time_ms))
            word = rng.choice(OUTSIDE)
            end = time_ms + rng.randint(150, 450)
            words.append({"p": position, "s": time_ms, "e": end, "w": word, "c": 0.8})
            texts.append(word)
            position += 1
            if rng.random() < 0.3:
                words.append({"p": position, "s": end, "e": end, "w": ",", "m": "punc"})
                position += 1
            time_ms = end + rng.randint(30, 300)
        rendered.append(
            {"speaker": speaker, "s": turn_start, "e": time_ms, "text": " ".join(texts)}
        )
        time_ms += rng.randint(100, 900)
    inside = spans_words[0]
    inside_keyword = inside[2]
    outside = next(w for w in words if w.get("m") is None and w["w"] in OUTSIDE)
    outside_keyword = outside["w"]
    detectors = []
    for label in ("PCI", "SSN"):
        occurrences = [_occurrence(s, e) for lab, s, e in call.spans if lab == label]
        detectors.append(
            {
                "detectorId": f"id-{label.lower()}",
                "detectorName": label,
                "detections": [
                    {
                        "detectorClass": 1,
                        "detectorClassLabel": label,
                        "detectedSegments": [{"occurrences": occurrences}],
                    }
                ],
            }
        )

    def mention(start: int, end: int) -> list[dict[str, Any]]:
        return [{"speakerName": "Caller", "occurrences": [_occurrence(start, end)]}]

    srt = "1\n00:00:00,500 --> 00:00:09,000\n" + " ".join(w["w"] for w in words[:40]) + "\n"
    call.doc = {
        "mediaId": f"redaction-{seed}",
        "status": "finished",
        "length": time_ms,
        "transcript": {
            "words": words,
            "turns": rendered,
            "alternateFormats": [
                {
                    "format": "srt",
                    "contentType": "text/srt",
                    "contentEncoding": "Base64",
                    "charset": "utf-8",
                    "data": base64.b64encode(srt.encode()).decode(),
                }
            ],
        },
        "knowledge": {
            "keywords": [
                {"keyword": inside_keyword, "relevance": 0.9, "mentions": mention(*inside[:2])},
                {
                    "keyword": outside_keyword,
                    "relevance": 0.5,
                    "mentions": mention(outside["s"], outside["e"]),
                },
            ],
            "topics": [
                {
                    "topicName": "payment",
                    "relevance": 0.7,
                    "keywords": [
                        {"keyword": inside_keyword, "mentions": mention(*inside[:2])},
                        {
                            "keyword": outside_keyword,
                            "mentions": mention(outside["s"], outside["e"]),
                        },
                    ],
                },
                {
                    "topicName": "secret",
                    "keywords": [{"keyword": inside_keyword, "mentions": mention(*inside[:2])}],
                },
            ],
        },
        "spotting": {
            "groups": [
                {
                    "groupName": "numbers",
                    "spotted": True,
                    "spottedKeywords": [
                        {"keyword": inside_keyword, "mentions": mention(*inside[:2])}
                    ],
                }
            ]
        },
        "entities": [
            {"type": "number", "text": inside_keyword, "s": inside[0], "e": inside[1]},
            {"type": "product", "text": outside_keyword, "s": outside["s"], "e": outside["e"]},
            # no times: removed because its text holds a redacted-only word
            {"type": "number", "text": f"card {inside_keyword}"},
        ],
        "conversation": {
            "speakerVerbNounPairs": [
                {
                    "speakerName": "Caller",
                    "verbNounPairs": [
                        {"s": inside[0], "e": inside[1], "verb": "give", "noun": inside_keyword},
                        {"s": outside["s"], "e": outside["e"], "verb": "need", "noun": "help"},
                    ],
                }
            ]
        },
        "categories": [
            {
                "categoryName": "card-given",
                "categoryValue": 1,
                "categoryMatches": [
                    {
                        "speakerName": "Caller",
                        "occurrences": [
                            {"s": inside[0], "e": inside[1], "exact": inside_keyword},
                            {"s": outside["s"], "e": outside["e"], "exact": outside_keyword},
                        ],
                    }
                ],
            }
        ],
        "prediction": {"detectors": detectors},
    }
    return call
