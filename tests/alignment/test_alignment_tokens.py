"""The aligner's plain-text tokeniser reads text exactly as the text reader does, and the
``str`` rule (text unless an existing file path)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.alignment.tokens import is_file_path, resolve, stream_from_media, stream_from_text
from vbformats.errors import InvalidInputError

_PIECES = st.sampled_from(
    [
        "hello", "Dana", "it's", "O'Neil", "4472", "$5", "uh-huh", "(really)", "\"yes\"",
        "...", "—", "a.b.", "Mr.", "okay,", "done!", "why?", "x:y", "10:30", "100%",
        "Agent:", "Caller:", "Dr. Öz:", "李雷:", "- ", "-5", "[laughter]", "<unk>", "’tis",
        "\t", "  ", "\n", "\n\n", "\r\n", "\n \n", "\u00a0", "\u2003", ":", ";", "»",
    ]
)  # fmt: skip


@st.composite
def texts(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(_PIECES | st.just(" "), max_size=60)))


def _reader_view(text: str) -> list[tuple[str, bool, str | None]]:
    media = vbformats.load(text.encode("utf-8"), format="text")
    table = media.words
    out = []
    speaker = None
    for word in table:
        if word.is_turn:
            speaker = word.text
            continue
        out.append((word.text, word.is_punctuation, speaker))
    return out


@given(texts())
def test_tokens_equal_the_text_reader(text: str) -> None:
    stream = stream_from_text(text)
    assert list(zip(stream.text, stream.punc, stream.speaker, strict=True)) == _reader_view(text)


@given(texts())
def test_turn_numbers_rise_by_one_at_each_label_and_never_fall(text: str) -> None:
    stream = stream_from_text(text)
    for before, after in zip(stream.turn, stream.turn[1:], strict=False):
        assert after - before in (0, 1)
    # a speaker change always starts a turn
    for k in range(1, len(stream)):
        if stream.speaker[k] != stream.speaker[k - 1]:
            assert stream.turn[k] == stream.turn[k - 1] + 1


def test_every_label_starts_a_turn_also_for_the_same_speaker() -> None:
    # our text writer prints two turns of one speaker as two labelled paragraphs
    stream = stream_from_text("Agent: Hello.\n\nAgent: Still me.\n\nmore of it\n\nCaller: Hi.")
    assert stream.speaker == ["Agent"] * 5 + ["Agent"] * 3 + ["Caller"] * 2
    assert stream.turn == [0, 0, 1, 1, 1, 1, 1, 1, 2, 2]


def test_crlf_and_bom_are_read_like_the_reader() -> None:
    text = "\ufeffAgent: Hi, Dana.\r\n\r\nCaller: Hello!\r\n"
    stream = stream_from_text(text)
    assert stream.text == ["Hi", ",", "Dana", ".", "Hello", "!"]
    assert stream.speaker == ["Agent"] * 4 + ["Caller"] * 2


def test_media_stream_is_turns_in_time_order_with_markers(samples_dir) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    stream = stream_from_media(media)
    turns = vbformats.turns(media)
    assert stream.source == [i for turn in turns for i in turn.token_indices]
    assert [
        stream.speaker[k]
        for k in range(len(stream))
        if k == 0 or stream.turn[k] != stream.turn[k - 1]
    ] == [turn.speaker for turn in turns]
    table = media.words
    for number, marker in enumerate(stream.markers):
        assert table.is_turn[marker]
        assert table.text[marker] == turns[number].speaker


def test_a_str_is_text_unless_it_names_an_existing_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "fixed.txt"
    path.write_text("Agent: Hello there.\n", encoding="utf-8")
    loaded = resolve(str(path), "edited")
    assert isinstance(loaded, vbformats.Media)
    assert [w.text for w in loaded.words] == ["Agent", "Hello", "there", "."]
    # a file name that does not exist is text: one word
    assert resolve(str(tmp_path / "missing.txt"), "edited") == str(tmp_path / "missing.txt")
    # an existing file name alone in the working folder counts as a path
    monkeypatch.chdir(tmp_path)
    assert is_file_path("fixed.txt")
    assert not is_file_path("fixed.txt\nmore")  # more than one line: text
    assert not is_file_path("")
    assert not is_file_path(str(tmp_path))  # a folder is not a file


def test_other_types_are_refused_with_the_argument_name() -> None:
    with pytest.raises(InvalidInputError) as caught:
        resolve(42, "edited")
    assert caught.value.path == "edited"
    assert "int" in caught.value.problem
