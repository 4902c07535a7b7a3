"""Helpers for the report tests (not a test module): inputs, and the real tools they need.

Chromium and LibreOffice come from Debian (.ci/run installs them). Without them a test skips on
a developer machine and FAILS in CI (``CI=true``), like tests/test_browser_webvtt.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import vbformats
from vbformats.errors import VBFormatsError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
RINGCENTRAL = ROOT / "tests" / "data" / "ringcentral"

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--no-proxy-server",
)

# Every kind of text a report must escape or isolate: markup, quotes, entities, comment and
# CDATA openers, control characters, a lone surrogate, bidi overrides, combining marks, emoji.
HOSTILE_NAMES = (
    '<script>alert("name")</script>',
    "\"Quote\" & 'Apos' \u202eEVIL",
)
HOSTILE_WORDS = (
    "<b>bold</b>",
    "</p><img src=x onerror=alert(1)>",
    "&amp;",
    "&lt;",
    "<!--",
    "]]>",
    '"',
    "'",
    "a\x00b\x07c",
    "tab\there",
    "line\nbreak",
    "\u202eoverride",
    "\u05e9\u05dc\u05d5\u05dd",
    "w\u0301",
    "😀",
    # (a lone surrogate is refused at load since issue #11: no report can show one)
    "\ufffelone",
    "javascript:alert(1)",
    "{{x}}",
    "$x$",
    "${y}",
)


def need(tool: str, what: str) -> str:
    """The path of ``tool``; skip without it locally, fail under CI=true."""
    for name in (tool,) if tool != "chromium" else ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{tool} is not installed: .ci/run must apt-get install {what}")
    pytest.skip(f"{tool} is not installed (apt-get install {what}); CI runs this test")


def hostile_document() -> dict[str, Any]:
    """A two-party call whose names, words and analytics hold hostile text."""
    agent, caller = HOSTILE_NAMES
    words: list[dict[str, Any]] = []
    time_ms = 0
    for turn in range(6):
        name = agent if turn % 2 == 0 else caller
        words.append({"s": time_ms, "e": time_ms, "w": name, "m": "turn"})
        for index, atom in enumerate(HOSTILE_WORDS):
            if (index + turn) % 3 == 0:
                words.append({"s": time_ms, "e": time_ms + 250, "w": atom, "c": 0.3})
                time_ms += 300
        words.append({"s": time_ms, "e": time_ms + 250, "w": "okay", "c": 0.95})
        words.append({"s": time_ms + 250, "e": time_ms + 250, "w": ".", "m": "punc"})
        time_ms += 200  # the next speaker starts before this one ends: overtalk
    mention = [{"speakerName": caller, "occurrences": [{"s": 300, "e": 550, "exact": "<b>"}]}]
    return {
        "mediaId": "<img src=x onerror=alert('id')>",
        "status": "finished",
        "length": time_ms + 6000,
        "metadata": {"title": "</title><script>alert(2)</script>", "extended": {"agent": "<i>"}},
        "transcript": {"words": words},
        "knowledge": {
            "keywords": [{"keyword": "<script>kw</script>", "relevance": 0.5, "mentions": mention}],
            "topics": [{"topicName": "&topic;", "relevance": 0.4, "keywords": []}],
        },
        "spotting": {
            "groups": [
                {
                    "groupName": '"><svg onload=alert(3)>',
                    "spotted": True,
                    "score": 0.9,
                    "spottedKeywords": [{"keyword": "<b>", "mentions": mention}],
                }
            ]
        },
        "categories": [
            {"categoryName": "<u>cat</u>", "categoryValue": 1, "categoryMatches": mention}
        ],
        "entities": [{"type": "<t>", "text": "&x;", "s": 300, "e": 550}],
        "speakerSentiments": [
            {"speakerName": agent, "sentimentValues": [{"s": 0, "e": 900, "v": 0.5}]},
            {"speakerName": caller, "sentimentValues": [{"s": 1000, "e": 1900, "v": -0.7}]},
        ],
    }


def sample_inputs() -> list[tuple[str, Any]]:
    """Every bundled sample that loads, and a RingCentral analytics result."""
    found: list[tuple[str, Any]] = []
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix not in (".json", ".srt", ".vtt", ".dfxp"):
            continue
        try:
            vbformats.load(path)
        except VBFormatsError:
            continue  # error bodies and failed media: no report (tested in the CLI tests)
        found.append((path.name, path))
    found.append(("ringcentral-interaction", RINGCENTRAL / "interaction_2024.json"))
    return found
