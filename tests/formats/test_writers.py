"""Writers: the registry, each format's details and options, atomic saving, speed."""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

import pytest
from captions_support import golden_media, load, spoken
from lxml import etree

import vbformats
from vbformats.errors import InvalidInputError, UnknownFormatError
from vbformats.timing import format_srt, format_ttml, format_vtt
from vbformats.writers import get_writer, names, render, save, writer_for_path
from vbformats.writers.base import memoized_clock

TT = "{http://www.w3.org/ns/ttml}"
TTM = "{http://www.w3.org/ns/ttml#metadata}"
XML = "{http://www.w3.org/XML/1998/namespace}"


# --- registry ----------------------------------------------------------------------------------


def test_registry_names_aliases_extensions_and_content_types() -> None:
    assert names()[:6] == ("text", "srt", "vtt", "dfxp", "turns", "json")
    # the word-level outputs of issue #15
    assert names()[6:] == ("vtt-words", "ttml-words", "ass", "ass-karaoke", "words")
    assert get_writer("webvtt") is get_writer("VTT")
    assert get_writer("ttml").name == "dfxp"
    assert get_writer(".srt").name == "srt"
    assert {n: get_writer(n).media_type for n in names()[:6]} == {
        "text": "text/plain",
        "srt": "text/srt",
        "vtt": "text/vtt",
        "dfxp": "application/ttaf+xml",
        "turns": "application/json",
        "json": "application/json",
    }
    expected = {
        "call.txt": "text",
        "call.srt": "srt",
        "call.vtt": "vtt",
        "call.dfxp": "dfxp",
        "call.ttml": "dfxp",
        "CALL.SRT": "srt",
        "call.turns.json": "turns",
        "call.json": "json",
    }
    assert {path: writer_for_path(path).name for path in expected} == expected
    with pytest.raises(UnknownFormatError):
        get_writer("docx")
    with pytest.raises(UnknownFormatError):
        writer_for_path("call.docx")


def test_unknown_format_errors_never_echo_a_token() -> None:
    for call in (
        lambda: get_writer("srt?access_token=s3cr3tvalue"),
        lambda: writer_for_path("/tmp/out.docx?access_token=s3cr3tvalue"),
    ):
        with pytest.raises(UnknownFormatError) as caught:
            call()
        assert "s3cr3tvalue" not in str(caught.value)
        assert "s3cr3tvalue" not in repr(caught.value.args)


def test_top_level_render_and_save_are_the_registry_functions(tmp_path: Path) -> None:
    media = golden_media()
    assert vbformats.render(media, "srt") == render(media, "srt")
    vbformats.save(media, tmp_path / "call.vtt")
    assert (tmp_path / "call.vtt").read_text(encoding="utf-8") == render(media, "vtt")


# --- text --------------------------------------------------------------------------------------


def test_text_paragraph_per_turn_with_labels_and_options() -> None:
    media = load(
        ("Agent", spoken("Hello, how can I help?", 0)),
        ("Caller", spoken("My bill is wrong.", 2000)),
    )
    assert render(media, "text") == ("Agent: Hello, how can I help?\n\nCaller: My bill is wrong.\n")
    assert render(media, "text", {"labels": False}) == (
        "Hello, how can I help?\n\nMy bill is wrong.\n"
    )
    assert render(media, "text", {"one_line": True}) == (
        "Agent: Hello, how can I help? Caller: My bill is wrong.\n"
    )
    assert render(media, "text", {"timestamps": True}).startswith("[00:00:00.000] Agent: Hello")


def test_text_of_mono_and_of_nothing() -> None:
    assert render(load((None, spoken("just me", 0))), "text") == "just me\n"
    assert render(vbformats.load({}), "text") == ""


def test_text_newline_inside_a_word_cannot_split_a_paragraph() -> None:
    media = load(("A", [(0, 100, "one\ntwo"), (100, 200, "three")]), ("B", [(300, 400, "x")]))
    assert render(media, "text") == "A: one two three\n\nB: x\n"


# --- SRT ---------------------------------------------------------------------------------------

SRT_BLOCK = re.compile(
    r"^(\d+)\n(\d{2,}:\d\d:\d\d,\d{3}) --> (\d{2,}:\d\d:\d\d,\d{3})\n(.+)$", re.S
)


def test_srt_blocks_are_numbered_from_one_and_well_formed() -> None:
    text = render(golden_media(), "srt")
    blocks = text.split("\n\n")
    assert blocks[-1] == ""
    numbers = []
    for block in blocks[:-1]:
        match = SRT_BLOCK.match(block)
        assert match, block
        numbers.append(int(match.group(1)))
        assert all(match.group(4).split("\n"))
    assert numbers == list(range(1, len(numbers) + 1))


def test_srt_labels_option() -> None:
    media = load(("Agent", spoken("hi there", 0)))
    assert render(media, "srt") == "1\n00:00:00,000 --> 00:00:01,000\nAgent: hi there\n\n"
    assert render(media, "srt", {"labels": False}) == (
        "1\n00:00:00,000 --> 00:00:01,000\nhi there\n\n"
    )


def test_srt_label_counts_against_the_line_width() -> None:
    media = load(("Customer", spoken("aaaa bbbb cccc dddd eeee ffff gggg hhhh", 0)))
    (first, *_) = render(media, "srt", {"max_chars_per_line": 24}).split("\n\n")
    lines = first.split("\n")[2:]
    assert lines[0].startswith("Customer: ")
    assert max(map(len, lines)) <= 24


# --- WebVTT ------------------------------------------------------------------------------------


def test_vtt_header_voice_on_every_cue_and_escaping() -> None:
    media = load(
        ("Q&A <1>", [(0, 300, "a<b"), (300, 600, "c&d"), (600, 900, "e>f")]),
        ("Q&A <1>", [(5000, 5300, "again")]),
    )
    assert render(media, "vtt") == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:01.000\n<v Q&amp;A &lt;1&gt;>a&lt;b c&amp;d e&gt;f\n\n"
        "2\n00:00:05.000 --> 00:00:06.000\n<v Q&amp;A &lt;1&gt;>again\n\n"
    )
    assert render(media, "vtt", {"cue_numbers": False}).split("\n")[2].startswith("00:00:00.000")


def test_vtt_mono_has_no_voice_span() -> None:
    assert render(load((None, spoken("plain", 0))), "webvtt") == (
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.000\nplain\n\n"
    )


def test_vtt_dialogue_cue_closes_one_voice_span_per_line() -> None:
    media = load(
        ("A", spoken("so the plan is to ship it", 0, step=400)),
        ("B", spoken("sounds good", 1000, step=400)),
    )
    text = render(media, "vtt", {"overlap": "merge"})
    assert "<v A>- so the plan is to ship it</v>\n<v B>- sounds good</v>" in text


# --- DFXP --------------------------------------------------------------------------------------


def test_dfxp_is_ttml1_with_agents_declared_once_and_referenced() -> None:
    text = render(golden_media(), "dfxp", {"lang": "es-MX"})
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{TT}tt"
    assert root.get(f"{XML}lang") == "es-MX"
    agents = root.findall(f"{TT}head/{TT}metadata/{TTM}agent")
    assert [(a.get(f"{XML}id"), a.get("type"), a.findtext(f"{TTM}name")) for a in agents] == [
        ("speaker1", "person", "Agent"),
        ("speaker2", "person", "Caller"),
    ]
    paragraphs = root.findall(f"{TT}body/{TT}div/{TT}p")
    assert len(paragraphs) == 8
    assert {p.get(f"{TTM}agent") for p in paragraphs} == {"speaker1", "speaker2"}
    assert paragraphs[0].get("begin") == "00:00:00.500"
    assert paragraphs[0].findall(f"{TT}br")  # two lines


def test_dfxp_language_tag_is_validated() -> None:
    media = golden_media()
    with pytest.raises(InvalidInputError, match=r"options\.lang"):
        render(media, "dfxp", {"lang": "english please"})
    assert 'xml:lang=""' in render(media, "dfxp", {"lang": ""})


def test_dfxp_mono_declares_no_agent() -> None:
    root = etree.fromstring(render(load((None, spoken("hi", 0))), "dfxp").encode())
    assert root.findall(f".//{TTM}agent") == []
    assert root.find(f".//{TT}p").get(f"{TTM}agent") is None


# --- turns and json ----------------------------------------------------------------------------


def test_turns_json_is_the_voicebase_turns_shape() -> None:
    media = load(("Agent", spoken("Hi there.", 100)), (None, []), ("Caller", spoken("Yo", 900)))
    assert json.loads(render(media, "turns")) == [
        {"speaker": "Agent", "text": "Hi there.", "s": 100, "e": 700},
        {"speaker": "Caller", "text": "Yo", "s": 900, "e": 1200},
    ]
    assert "\n" not in render(media, "turns", {"indent": None}).rstrip("\n")


def test_json_dump_round_trips_the_document() -> None:
    document = {
        "mediaId": "m-1",
        "status": "finished",
        "futureField": {"kept": [1, "two"]},
        "transcript": {"words": [{"p": 1, "s": 0, "e": 10, "w": "é", "extra": True}]},
    }
    media = vbformats.load(document)
    assert json.loads(render(media, "json")) == document
    assert "é" in render(media, "json")  # UTF-8, not \\u escapes
    with pytest.raises(InvalidInputError):
        render(media.words, "json")


# --- saving ------------------------------------------------------------------------------------


def test_save_infers_the_format_from_the_extension(tmp_path: Path) -> None:
    media = golden_media()
    for name in ("a.srt", "a.vtt", "a.dfxp", "a.txt", "a.turns.json", "a.json"):
        save(media, tmp_path / name)
        fmt = writer_for_path(name).name
        assert (tmp_path / name).read_text(encoding="utf-8") == render(media, fmt)


def test_a_failed_save_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "call.srt"
    target.write_text("old content", encoding="utf-8")
    writer = get_writer("srt")

    def exploding(media, options):
        yield "1\n00:00:00,000 --> 00:00:01,000\npartial"
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "lines", exploding)
    with pytest.raises(RuntimeError):
        save(golden_media(), target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert os.listdir(tmp_path) == ["call.srt"]


# --- timestamps --------------------------------------------------------------------------------


def test_memoized_clock_is_exactly_the_timing_formatters() -> None:
    rng = random.Random(7)
    values = [0, 1, 999, 1000, 59_999, 60_000, 3_599_999, 86_400_000, 360_000_000, 10**11]
    values += [rng.randrange(10**10) for _ in range(20_000)]
    for formatter in (format_srt, format_vtt, format_ttml):
        clock = memoized_clock(formatter)
        assert [clock(v) for v in values] == [formatter(v) for v in values]
    with pytest.raises(InvalidInputError, match="-5"):
        memoized_clock(format_srt)(-5)


# --- speed -------------------------------------------------------------------------------------


def _big_document(words: int) -> dict:
    """A stereo call of ``words`` speech words: alternating turns, punctuation, pauses."""
    rng = random.Random(3)
    vocab = [
        "thank",
        "you",
        "for",
        "calling",
        "the",
        "account",
        "number",
        "is",
        "please",
        "wait",
        "a",
        "moment",
        "I",
        "can",
        "help",
    ]
    out = []
    t = 0
    count = 0
    speaker = "Agent"
    while count < words:
        out.append({"s": t, "e": t, "w": f"{speaker}:", "m": "turn"})
        for _ in range(rng.randint(3, 40)):
            d = rng.randint(80, 600)
            out.append({"s": t, "e": t + d, "w": rng.choice(vocab)})
            t += d + rng.choice([0, 0, 50, 400, 2000])
            count += 1
            if rng.random() < 0.1:
                out.append({"s": t, "e": t, "w": ".", "m": "punc"})
        speaker = "Caller" if speaker == "Agent" else "Agent"
        t -= rng.randint(0, 800)  # overtalk
    return {"transcript": {"words": out}}


def test_a_100000_word_call_renders_srt_quickly() -> None:
    """A regression guard, far above the measured time (see the README's formats section)."""
    media = vbformats.load(_big_document(100_000))
    started = time.process_time()
    text = render(media, "srt")
    elapsed = time.process_time() - started
    assert text.count(" --> ") > 10_000
    assert elapsed < 2.0
