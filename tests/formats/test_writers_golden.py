"""Golden files: every writer on the hand-made stereo call (tests/support/captions_support.py).

The files in tests/golden/ were checked by eye once (line breaks after punctuation, labels on
the first cue of each turn and after the other speaker's cue, overtalk kept / merged / split,
escaping, times). To rewrite them after a deliberate change, run
``VBFORMATS_UPDATE_GOLDEN=1 python -m pytest tests/formats/test_writers_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from captions_support import golden_media

from vbformats.writers import render

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

CASES = [
    ("stereo_call.txt", "text", None),
    ("stereo_call.one_line.txt", "text", {"one_line": True, "timestamps": True}),
    ("stereo_call.srt", "srt", None),
    ("stereo_call.no_labels.srt", "srt", {"labels": False}),
    ("stereo_call.merge.srt", "srt", {"overlap": "merge"}),
    ("stereo_call.split.srt", "srt", {"overlap": "split"}),
    ("stereo_call.vtt", "webvtt", None),
    ("stereo_call.merge.vtt", "vtt", {"overlap": "merge", "cue_numbers": False}),
    ("stereo_call.dfxp", "dfxp", None),
    ("stereo_call.merge.dfxp", "ttml", {"overlap": "merge", "lang": "en-US"}),
    ("stereo_call.turns.json", "turns", None),
    ("stereo_call.json", "json", {"indent": 1}),
    # issue #15: the word-level outputs (merge: dialogue cues, one voice per line)
    ("stereo_call.words.vtt", "vtt-words", {"karaoke_style": True}),
    ("stereo_call.merge.words.vtt", "vtt-words", {"overlap": "merge"}),
    ("stereo_call.words.ttml", "ttml-words", None),
    ("stereo_call.merge.words.ttml", "ttml-words", {"overlap": "merge"}),
    ("stereo_call.ass", "ass", None),
    ("stereo_call.karaoke.ass", "ass-karaoke", {"overlap": "merge"}),
    ("stereo_call.words.csv", "words", {"table_format": "csv"}),
]


@pytest.mark.parametrize(("filename", "fmt", "options"), CASES, ids=[c[0] for c in CASES])
def test_writer_output_matches_golden_file(filename: str, fmt: str, options: dict | None) -> None:
    rendered = render(golden_media(), fmt, options)
    path = GOLDEN / filename
    if os.environ.get("VBFORMATS_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(rendered, encoding="utf-8", newline="")
    assert rendered == path.read_text(encoding="utf-8")


def test_every_registered_writer_has_a_golden_file() -> None:
    from vbformats.writers import get_writer, names

    covered = {get_writer(fmt).name for _, fmt, _ in CASES}
    assert covered == set(names())
