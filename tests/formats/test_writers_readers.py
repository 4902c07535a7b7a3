"""Our captions read back by independent readers: the words read equal the words written.

SRT is read by pysrt and by the ``srt`` package, WebVTT by webvtt-py, DFXP by lxml (an XML
parse) and ttconv's TTML reader. A reader's cue is attributed to a speaker by its ``Name: ``
label (or the previous cue's speaker), its ``<v>`` voice, or its ``ttm:agent``; every speaker's
words must come back complete and in order. The expectation is computed from the turns, not
from the writers.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from captions_support import (
    by_speaker,
    expected_by_speaker,
    golden_media,
    load,
    read_dfxp,
    read_srt_package,
    read_srt_pysrt,
    read_vtt,
)
from lxml import etree

import vbformats
from vbformats.captions import build_cues, clean_text
from vbformats.errors import InvalidInputError, VBFormatsError
from vbformats.models.words import WordTable
from vbformats.writers import names, render, save

MODES = ["keep", "split", "merge"]


def _names(media: vbformats.Media) -> set[str]:
    return {t.speaker for t in vbformats.turns(media) if t.speaker}


def _read_all(media: vbformats.Media, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every caption format rendered and read back, by reader."""
    labels = _names(media)
    srt_text = render(media, "srt", options)
    return {
        "pysrt": read_srt_pysrt(srt_text, labels),
        "srt": read_srt_package(srt_text, labels),
        "webvtt-py": read_vtt(render(media, "vtt", options)),
        "ttconv": read_dfxp(render(media, "dfxp", options)),
    }


@pytest.mark.parametrize("mode", MODES)
def test_golden_call_reads_back_word_for_word_in_every_caption_format(mode: str) -> None:
    media = golden_media()
    expected = expected_by_speaker(media)
    for reader, cues in _read_all(media, {"overlap": mode}).items():
        assert by_speaker(cues) == expected, reader


@pytest.mark.parametrize("fmt", ["srt", "vtt", "dfxp"])
@pytest.mark.parametrize("mode", MODES)
def test_times_read_back_are_the_cue_times(fmt: str, mode: str) -> None:
    media = golden_media()
    options = {"overlap": mode}
    cues = build_cues(media, options, labels=fmt == "srt")
    text = render(media, fmt, options)
    read = {
        "srt": lambda: read_srt_pysrt(text, _names(media)),
        "vtt": lambda: read_vtt(text),
        "dfxp": lambda: read_dfxp(text),
    }[fmt]()
    assert [(c.start_ms, c.end_ms) for c in read] == [(c.start_ms, c.end_ms) for c in cues]
    if mode != "keep":  # strictly sequential
        assert all(a.end_ms <= b.start_ms for a, b in itertools.pairwise(read))


def test_pysrt_and_srt_package_agree_on_every_cue() -> None:
    text = render(golden_media(), "srt")
    a = read_srt_pysrt(text, {"Agent", "Caller"})
    b = read_srt_package(text, {"Agent", "Caller"})
    assert a == b
    assert len(a) == text.count(" --> ")


# --- odd characters ----------------------------------------------------------------------------

ODD_WORDS = [
    "AT&T",
    "<b>bold</b>",
    "-->",
    "a-->b",
    "x\ny",  # newline inside a word
    "tab\tbed",
    "cr\r\nlf",
    "\x00nul",
    "vt\x0b",
    "\u2028sep",
    "😀",
    "👩‍💻",
    "e\u0301",
    "日本語",
    "&amp;",
    "WEBVTT",
    "NOTE",
    "00:00:01,000",
    "\ufffeodd\uffff",
    "\x85nel",
]


def _odd_media() -> vbformats.Media:
    agent = [(1000 + 400 * i, 1300 + 400 * i, w) for i, w in enumerate(ODD_WORDS)]
    return load(("Q&A <host>", agent), ("Caller\n2", [(2000, 2500, "ok"), (2500, 2500, ".")]))


def test_odd_characters_survive_every_caption_format_and_reader() -> None:
    media = _odd_media()
    expected = {
        clean_text(name): words for name, words in expected_by_speaker(media).items() if name
    }
    assert expected["Q&A <host>"][:4] == ["AT&T", "<b>bold</b>", "-->", "a-->b"]
    assert "x" in expected["Q&A <host>"] and "y" in expected["Q&A <host>"]
    labels = set(expected)
    srt_text = render(media, "srt")
    for cues in (read_srt_pysrt(srt_text, labels), read_srt_package(srt_text, labels)):
        assert by_speaker(cues) == expected
    vtt_text = render(media, "vtt")
    assert "-->" not in "".join(vtt_text.split(" --> "))  # only the timing arrows
    assert by_speaker(read_vtt(vtt_text)) == expected
    assert by_speaker(read_dfxp(render(media, "dfxp"))) == expected


def test_no_blank_line_or_arrow_inside_any_vtt_cue() -> None:
    text = render(_odd_media(), "vtt", {"max_chars_per_line": 12})
    blocks = text.split("\n\n")
    assert blocks[0] == "WEBVTT"
    for block in filter(None, blocks[1:]):
        lines = block.split("\n")
        timing = lines.index(next(line for line in lines if " --> " in line))
        assert all("-->" not in line for line in lines[timing + 1 :])
        assert all(line.strip() for line in lines[timing + 1 :])


def test_xml_illegal_characters_still_give_valid_files(tmp_path: Path) -> None:
    media = vbformats.load(
        {
            "transcript": {
                "words": [
                    {"s": 0, "e": 0, "w": "A\x02gent", "m": "turn"},
                    {"s": 0, "e": 500, "w": "bad\ufffex\x01y\x1f"},
                    {"s": 600, "e": 900, "w": "fine"},
                ]
            }
        }
    )
    for fmt in names():
        target = tmp_path / f"out.{fmt}"
        save(media, target, fmt)
        data = target.read_bytes().decode("utf-8")
        if fmt not in ("json", "turns"):  # JSON carries any text, escaped
            assert "\x01" not in data and "\x1f" not in data
    root = etree.fromstring((tmp_path / "out.dfxp").read_bytes())
    assert "".join(root.itertext()).count("badxy") == 1
    reread = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert reread["transcript"]["words"][1]["w"] == "bad\ufffex\x01y\x1f"
    turns = json.loads((tmp_path / "out.turns").read_text(encoding="utf-8"))
    assert turns[0]["text"] == "bad\ufffex\x01y\x1f fine"


def test_a_lone_surrogate_is_refused_at_load_naming_the_field_dict_and_text_alike() -> None:
    # json.loads accepts "\ud800"; UTF-8 cannot hold it, so no dump of it could be read back
    document = {"transcript": {"words": [{"s": 0, "e": 500, "w": "bad\ud800x"}]}}
    with pytest.raises(InvalidInputError, match=r"transcript\.words\[0\]\.w: lone surrogate"):
        vbformats.load(document)
    with pytest.raises(InvalidInputError):
        vbformats.load(json.dumps(document))
    keyed = {"metadata": {"extended": {"k\udc00": 1}}}
    with pytest.raises(InvalidInputError, match=r"metadata\.extended\.k\\udc00 \(a key\)"):
        vbformats.load(keyed)
    with pytest.raises(InvalidInputError, match=r"words\[0\]\.w"):
        WordTable.from_dicts([{"s": 0, "e": 1, "w": "\udfff"}])


def test_times_past_99_hours_read_back() -> None:
    start = 100 * 3_600_000
    media = load(("A", [(start, start + 500, "late"), (start + 600, start + 1000, "word")]))
    text = render(media, "srt")
    assert "100:00:00,000 --> 100:00:01,000" in text
    (cue,) = read_srt_pysrt(text, {"A"})
    assert (cue.start_ms, cue.end_ms) == (start, start + 1000)
    (cue,) = read_vtt(render(media, "vtt"))
    assert cue.start_ms == start
    (cue,) = read_dfxp(render(media, "dfxp"))
    assert cue.start_ms == start


# --- every sample through every writer -----------------------------------------------------------

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def _loadable_samples() -> list[Path]:
    found = []
    for path in sorted(SAMPLES.glob("*")):
        if path.suffix in {".md", ".py"} or not path.is_file():
            continue
        try:
            vbformats.load(path)
        except (VBFormatsError, OSError):
            continue  # error bodies, failed media; and caption bodies until their reader exists
        found.append(path)
    return found


@pytest.mark.parametrize("path", _loadable_samples(), ids=lambda p: p.name)
def test_every_sample_reads_back_through_every_writer(path: Path) -> None:
    media = vbformats.load(path)
    expected = expected_by_speaker(media)
    if not any(expected.values()):  # no words (a transcript-only response): empty captions
        assert render(media, "srt") == ""
        assert render(media, "vtt") == "WEBVTT\n\n"
        assert read_dfxp(render(media, "dfxp")) == []
    for mode in MODES:
        for reader, cues in _read_all(media, {"overlap": mode}).items():
            assert by_speaker(cues) == {k: v for k, v in expected.items() if v}, (reader, mode)
    turns = json.loads(render(media, "turns"))
    assert [t["text"] for t in turns] == [t.text for t in vbformats.turns(media)]
    assert json.loads(render(media, "json")) == media.to_dict()
    text_words = render(media, "text", {"labels": False}).split()
    assert text_words == [w for t in vbformats.turns(media) for w in clean_text(t.text).split()]
