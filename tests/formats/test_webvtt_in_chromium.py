"""A real browser reads our WebVTT: headless Chromium's WHATWG parser must see exactly our cues.

For every bundled sample and a set of generated transcripts full of hostile text (``&``, ``<``,
``-->``, tags that are words, control characters, RTL, emoji, combining marks, very long words,
speaker names with markup characters), the WebVTT writer's output is served on 127.0.0.1 with a
page holding one ``<video><track>`` per file (tests/browser/page.html). Chromium loads the
tracks and POSTs back ``track.cues.length`` and, per cue, its id, times, the text of
``getCueAsHTML()`` and the ``<v>`` voice. They must equal the writer's own cues
(``writers.get_writer("vtt").cues(media)``): count, times, text lines, speaker.

Chromium comes from Debian (``apt-get install chromium``, done by .ci/run). Without it the test
is skipped on a developer machine and FAILS in CI (``CI=true``), so CI can never pass silently
without the browser check.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from browser.server import serve
from strategies import HOSTILE_ATOMS, HOSTILE_SPEAKERS, PLAIN_SPEAKERS, fixed_document

import vbformats
from vbformats import writers
from vbformats.errors import VBFormatsError

ROOT = Path(__file__).resolve().parents[2]
PAGE = Path(__file__).resolve().parents[1] / "support" / "browser" / "page.html"
BROWSER_TIMEOUT_S = 90

CHROMIUM_FLAGS = (
    "--headless",
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


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _hostile_documents() -> list[tuple[str, dict[str, Any]]]:
    """Deterministic transcripts with hostile text (generated the way the properties do)."""
    docs = []
    # every hostile atom once, spoken by speakers whose names need escaping
    words: list[dict[str, Any]] = []
    time_ms = 0
    for index, atom in enumerate(HOSTILE_ATOMS):
        if index % 12 == 0:
            name = HOSTILE_SPEAKERS[(index // 12) % len(HOSTILE_SPEAKERS)]
            words.append({"s": time_ms, "e": time_ms, "w": name, "m": "turn"})
        words.append({"s": time_ms, "e": time_ms + 300, "w": f"{atom}x{atom}"})
        time_ms += 350
    words.append({"s": time_ms, "e": time_ms + 900, "w": "W" * 120})  # wider than any line
    docs.append(("every-hostile-atom", {"transcript": {"words": words}}))
    for seed in range(8):
        layout = "stereo" if seed % 4 else "mono"
        count = (40, 200, 600, 1500)[seed % 4]
        docs.append((f"generated-{seed}", fixed_document(seed, count, layout, seed == 7).doc))
    plain = [
        {"s": 0, "e": 0, "w": PLAIN_SPEAKERS[0], "m": "turn"},
        {"s": 0, "e": 400, "w": "Hello"},
        {"s": 400, "e": 400, "w": ",", "m": "punc"},
        {"s": 200, "e": 200, "w": PLAIN_SPEAKERS[1], "m": "turn"},
        {"s": 200, "e": 700, "w": "hi"},
    ]
    docs.append(("overtalk", {"transcript": {"words": plain}}))
    return docs


def _sample_media() -> list[tuple[str, vbformats.Media]]:
    found = []
    for path in sorted((ROOT / "samples").glob("*")):
        if path.suffix not in (".json", ".srt", ".vtt", ".dfxp"):
            continue
        try:
            media = vbformats.load(path)
        except VBFormatsError:
            continue  # error bodies and failed media have no transcript (tested elsewhere)
        if len(media.words):
            found.append((f"sample-{path.name}", media))
    return found


def _expected(media: vbformats.Media) -> list[dict[str, Any]]:
    """What Chromium must report for our WebVTT of ``media``: the writer's own cues."""
    out = []
    for number, cue in enumerate(writers.get_writer("vtt").cues(media), 1):
        names = cue.line_speakers if cue.line_speakers is not None else (cue.speaker,)
        voices = [" ".join(n.split()) for n in names if n is not None and n.strip()]
        out.append(
            {
                "id": str(number),
                "start_ms": cue.start_ms,
                "end_ms": cue.end_ms,
                "text": "\n".join(cue.lines),
                "voices": voices,
            }
        )
    return out


def _run_chromium(chromium: str, url: str, server: Any) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="vbformats-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url]
        # own session: Chromium's helper processes are stopped together with it, by its id
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            result = server.wait_for_result(BROWSER_TIMEOUT_S)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                _, stderr = process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                _, stderr = process.communicate()
        if result is None:
            tail = stderr.decode("utf-8", "replace")[-2000:]
            pytest.fail(f"Chromium did not report within {BROWSER_TIMEOUT_S} s:\n{tail}")
        return result


def test_chromium_reads_exactly_our_webvtt_cues():
    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed: .ci/run must apt-get install chromium")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")

    media_items = _sample_media() + [
        (name, vbformats.load(doc)) for name, doc in _hostile_documents()
    ]
    assert sum(1 for name, _ in media_items if name.startswith("sample-")) >= 3
    files: dict[str, tuple[str, bytes]] = {
        "index.html": ("text/html; charset=utf-8", PAGE.read_bytes())
    }
    manifest = []
    expected: dict[str, list[dict[str, Any]]] = {}
    for index, (name, media) in enumerate(media_items):
        path = f"track-{index}.vtt"
        files[path] = ("text/vtt; charset=utf-8", writers.render(media, "vtt").encode("utf-8"))
        manifest.append({"name": name, "url": path})
        expected[name] = _expected(media)
    files["manifest.json"] = ("application/json", json.dumps(manifest).encode())

    with serve(files) as server:
        raw = _run_chromium(chromium, server.base_url + "index.html", server)
    results = json.loads(raw)
    assert isinstance(results, list), results
    assert [r["name"] for r in results] == [m["name"] for m in manifest]

    total = 0
    for result in results:
        name = result["name"]
        want = expected[name]
        assert result["status"] == "load", name
        assert result["count"] == len(want), name
        # the browser orders cues by start, then by end (later first): compare by cue id
        seen = {cue["id"]: cue for cue in result["cues"]}
        assert len(seen) == len(want), name
        for cue in want:
            got = seen[cue["id"]]
            assert round(got["start"] * 1000) == cue["start_ms"], (name, cue)
            assert round(got["end"] * 1000) == cue["end_ms"], (name, cue)
            # a no-break space is how the writer escapes a colon or dash that readers would take
            # for a speaker label or a dialogue dash (vbformats/formats/labels.py): it shows as
            # a space, and only there
            shown = "\n".join(
                line.rstrip(" ") for line in got["text"].replace("\xa0", " ").split("\n")
            )
            assert shown == cue["text"], (name, cue, got)
            assert got["text"].count("\xa0") <= cue["text"].count(":") + cue["text"].count("-")
            assert got["voices"] == cue["voices"], (name, cue, got)
        total += len(want)
    assert total > 500  # the check covered real volume, not a handful of cues
