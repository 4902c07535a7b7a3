"""A real browser reads our word-timed WebVTT (``vtt-words``): Chromium's WHATWG parser keeps
every cue, and ``getCueAsHTML()`` holds exactly our cue timestamps, in order, each before the
word it times (issue #15).

The same machinery as tests/formats/test_webvtt_in_chromium.py (served on 127.0.0.1, one
``<video><track>`` per file, results POSTed back), with tests/support/browser/words_page.html,
which also walks each cue fragment for its ``timestamp`` processing instructions. Expected
values come from webvtt-py's reading of the same file and from the generated words, never from
the writer. Without Chromium: skipped on a developer machine, FAILS in CI.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import webvtt
from browser.server import serve
from strategies import fixed_document
from test_webvtt_in_chromium import _hostile_documents, _run_chromium, find_chromium

import vbformats
from vbformats import writers

PAGE = Path(__file__).resolve().parents[1] / "support" / "browser" / "words_page.html"
STAMP = re.compile(r"<(\d+):(\d\d):(\d\d)\.(\d{3})>")


def _ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def _documents() -> list[tuple[str, vbformats.Media]]:
    items = [(name, vbformats.load(doc)) for name, doc in _hostile_documents()]
    items += [
        (f"plain-{seed}", vbformats.load(fixed_document(seed, 400, "stereo").doc))
        for seed in (11, 12)
    ]
    sample = Path(__file__).resolve().parents[2] / "samples" / "stereo_call.json"
    items.append(("sample-stereo_call", vbformats.load(sample)))
    return items


def test_chromium_reads_our_word_timestamps():
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed: .ci/run must apt-get install chromium")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")

    files: dict[str, tuple[str, bytes]] = {
        "index.html": ("text/html; charset=utf-8", PAGE.read_bytes())
    }
    manifest = []
    expected: dict[str, list[dict[str, Any]]] = {}
    for index, (name, media) in enumerate(_documents()):
        text = writers.render(media, "vtt-words", {"karaoke_style": index % 2 == 0})
        path = f"track-{index}.vtt"
        files[path] = ("text/vtt; charset=utf-8", text.encode("utf-8"))
        manifest.append({"name": name, "url": path})
        # what an independent parser sees: webvtt-py's cues, their raw text's timestamps
        cues = []
        for caption in webvtt.from_string(text):
            cues.append(
                {
                    "id": caption.identifier,
                    "stamps": [_ms(*m) for m in STAMP.findall(caption.raw_text)],
                    "text": caption.text,
                }
            )
        expected[name] = cues
    files["manifest.json"] = ("application/json", json.dumps(manifest).encode())

    with serve(files) as server:
        raw = _run_chromium(chromium, server.base_url + "index.html", server)
    results = json.loads(raw)
    assert [r["name"] for r in results] == [m["name"] for m in manifest]

    stamps_seen = 0
    for result in results:
        name = result["name"]
        want = {cue["id"]: cue for cue in expected[name]}
        assert result["status"] == "load", name
        assert result["count"] == len(want), name
        for cue in result["cues"]:
            wanted = want[cue["id"]]
            start_ms, end_ms = round(cue["start"] * 1000), round(cue["end"] * 1000)
            stamps = [
                _ms(*re.fullmatch(r"(\d+):(\d\d):(\d\d)\.(\d{3})", p["data"]).groups())
                for p in cue["parts"]
                if p.get("target") == "timestamp"
            ]
            # Chromium keeps a timestamp as a double and prints it back truncated: 1 ms slack
            assert len(stamps) == len(wanted["stamps"]), (name, cue)
            assert all(abs(a - b) <= 1 for a, b in zip(stamps, wanted["stamps"], strict=True))
            # valid per the spec: strictly increasing, strictly inside the cue (our file's values)
            bounds = [start_ms, *wanted["stamps"], end_ms]
            assert all(a < b for a, b in itertools.pairwise(bounds)), (name, cue)
            # every timestamp sits right before a word (text follows it, not a space)
            parts = cue["parts"]
            for position, part in enumerate(parts):
                if part.get("target") == "timestamp":
                    following = next((p["text"] for p in parts[position + 1 :] if "text" in p), "")
                    assert following[:1].strip(), (name, cue)
            stamps_seen += len(stamps)
            shown = "".join(p["text"] for p in parts if "text" in p)
            assert shown.split() == html.unescape(wanted["text"]).split(), (name, cue)
    assert stamps_seen > 500
