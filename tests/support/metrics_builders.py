"""Builders for the metrics tests: documents written token by token, in array order.

Every test draws its timeline in its docstring and builds exactly those tokens with these
helpers, so the expected numbers can be checked by hand against the picture. (No tests here.)
"""

from __future__ import annotations

from typing import Any

import vbformats
from vbformats import metrics

Token = dict[str, Any]


def marker(name: str, at: int = 0, m: str = "turn") -> Token:
    """A speaker marker (``m`` = ``turn`` or ``turn|punc``); its times never matter."""
    return {"s": at, "e": at, "w": name, "m": m}


def word(
    s: int,
    e: int,
    w: str = "w",
    *,
    v: float | None = None,
    frq: list[tuple[float, float]] | None = None,
) -> Token:
    """A speech word (no flags), optionally with voice features ``v`` and ``frq``."""
    token: Token = {"s": s, "e": e, "w": w}
    if v is not None:
        token["v"] = v
    if frq is not None:
        token["frq"] = [{"f": f, "e": energy} for f, energy in frq]
    return token


def punc(s: int, e: int, w: str = ".") -> Token:
    """A punctuation token; may carry a real duration (VoiceBase sometimes gives one)."""
    return {"s": s, "e": e, "w": w, "m": "punc"}


def doc(
    tokens: list[Token],
    *,
    length: int | None = None,
    sentiments: list[tuple[str, list[tuple[int, int, float]]]] | None = None,
    reported: list[tuple[str, list[tuple[str, Any]]]] | None = None,
) -> vbformats.Media:
    """A loaded v3 document with these words (and ``length``, ``speakerSentiments``,
    ``metrics`` when given)."""
    body: dict[str, Any] = {"mediaId": "m-test", "status": "finished"}
    if length is not None:
        body["length"] = length
    body["transcript"] = {"words": tokens}
    if sentiments is not None:
        body["speakerSentiments"] = [
            {"speakerName": name, "sentimentValues": [{"s": s, "e": e, "v": v} for s, e, v in vs]}
            for name, vs in sentiments
        ]
    if reported is not None:
        body["metrics"] = [
            {
                "metricGroupName": group,
                "metricValues": [{"metricName": n, "metricValue": x} for n, x in values],
            }
            for group, values in reported
        ]
    return vbformats.load(body)


def compute(tokens: list[Token], **options: Any) -> metrics.MetricsResult:
    """``metrics.compute(doc(tokens, length=..., sentiments=...), **other options)``."""
    doc_keys = {
        key: options.pop(key) for key in ("length", "sentiments", "reported") if key in options
    }
    return metrics.compute(doc(tokens, **doc_keys), **options)


def worked_check() -> list[Token]:
    """The issue's worked check (length 10000), stereo-style: agent channel first, then caller::

    ms      0    500  1000 1500 2000 2500 3000 ... 10000
    agent   [=========)[==========)                       [0,1000) [1050,2000)
    caller                [=========)[====)               [1500,2500) [2550,3000)
    """
    return [
        marker("Agent"),
        word(0, 1000),
        word(1050, 2000),
        marker("Caller", 1500),
        word(1500, 2500),
        word(2550, 3000),
    ]
