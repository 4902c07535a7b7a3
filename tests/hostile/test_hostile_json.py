"""Hostile and broken JSON: one exception family naming the JSON path, never an unhandled error,
never a hang.

Documented behaviour pinned here:

* duplicate keys: the LAST occurrence wins, at every level (like Python's ``json``), for JSON text;
* NaN / Infinity: refused, whether as JSON literals, as out-of-range numbers (``1e999``) or as
  strings standing for times (``"NaN"``), and as float values in a ``dict`` document;
* ``load(max_bytes=N)`` refuses bigger input before reading it (a 1 GiB file is refused at
  once, without being read);
* nesting deeper than ``vbformats.readers.voicebase.MAX_NESTING`` (100) levels is refused, for
  JSON text and for dicts (even self-referencing ones); never a ``RecursionError``.
"""

from __future__ import annotations

import contextlib
import json
import math
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import documents, property_settings

import vbformats
from vbformats import ApiErrorResponse, InvalidInputError, VBFormatsError
from vbformats.readers.voicebase import MAX_NESTING

WORDS = [
    {"p": 1, "s": 0, "e": 0, "w": "Agent", "m": "turn"},
    {"p": 2, "s": 0, "e": 400, "c": 0.9, "w": "Hello"},
    {"p": 3, "s": 400, "e": 400, "w": ".", "m": "punc"},
]
DOC: dict[str, Any] = {
    "mediaId": "m-1",
    "status": "finished",
    "length": 1000,
    "metadata": {"title": "t", "extended": {"a": [1, {"b": None}]}},
    "transcript": {"confidence": 0.9, "words": WORDS},
    "knowledge": {
        "keywords": [
            {
                "keyword": "hello",
                "relevance": 0.5,
                "mentions": [{"speakerName": "Agent", "occurrences": [{"s": 0, "e": 400}]}],
            }
        ],
        "topics": [],
    },
}


def _error(source: Any, **kwargs: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(source, **kwargs)
    assert isinstance(caught.value, ValueError)
    return caught.value


# --- truncated, not an object ----------------------------------------------------------------


@property_settings(ci_examples=1000)
@given(documents(max_words=30), st.data())
def test_every_truncation_of_a_document_is_an_invalid_input_error(generated, data):
    text = json.dumps(generated.doc, ensure_ascii=data.draw(st.booleans()))
    cut = data.draw(st.integers(1, len(text) - 1))
    truncated = text[:cut]
    source = truncated.encode() if data.draw(st.booleans()) else truncated
    error = _error(source)
    assert error.path == "" or error.path.split(".")[0].split("[")[0] in generated.doc
    assert "JSON" in str(error) or "truncated" in str(error)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('"media"', "a string"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "true"),
    ],
)
def test_a_top_level_that_is_not_an_object_is_refused(text, kind):
    error = _error(text.encode(), format="json")
    assert error.path == ""
    assert f"top level must be a JSON object or array, got {kind}" in str(error)


@pytest.mark.parametrize(
    ("text", "path", "words"),
    [
        ("[]", "", "empty"),
        ("[1, 2]", "[0]", "not a word"),
        ('[{"mediaId": "m"}]', "[0]", "not a word"),
        ('[{"w": "a", "s": 5, "e": 1}]', "[0].e", "before"),
        ('[{"w": "a", "s": 1, "e": 2}, {"w": "b", "s": "x", "e": 3}]', "[1].s", ""),
    ],
)
def test_a_top_level_array_that_is_not_words_is_refused(text, path, words):
    error = _error(text.encode(), format="json")
    assert error.path == path
    assert words in str(error)


@pytest.mark.parametrize("value", [[], [DOC], "x", 1, None, 1.5, True, (1, 2), {1, 2}])
def test_python_objects_that_are_not_documents_are_refused(value):
    with pytest.raises(InvalidInputError):
        vbformats.load(value)


# --- wrong types at every level ----------------------------------------------------------------

WRONG_VALUES = (None, True, 0, -1, 1.5, "", "text", [], [1], {}, {"x": 1}, 2**70, "NaN")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in a document (object keys and array indices)."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*path, index))
    return out


def _json_path(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(doc))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


@property_settings(ci_examples=1000)
@given(st.sampled_from(_paths(DOC)), st.sampled_from(WRONG_VALUES), st.booleans())
def test_a_wrong_type_anywhere_is_refused_with_its_path_or_kept_exactly(path, value, as_text):
    doc = _replace(DOC, path, value)
    source = json.dumps(doc).encode() if as_text else doc
    try:
        media = vbformats.load(source)
    except ApiErrorResponse:
        # a numeric "status" of 400 or more makes the document an error body (documented)
        assert path == ("status",) and isinstance(value, int) and value >= 400
        return
    except InvalidInputError as error:
        # the error names the changed field, one of its ancestors (a union names the parent),
        # or a sibling (a cross-field rule: "s" changed, "e" is now before it)
        where = _json_path(path)
        parent = _json_path(path[:-1])
        assert (
            where.startswith(error.path)
            or error.path.startswith(where)
            or error.path.startswith(parent + ".")
        ), (error.path, where)
        assert str(error).startswith(error.path)
        return
    # accepted: nothing lost, nothing changed
    assert media.to_dict() == doc


def test_a_wrong_type_message_names_the_full_path():
    error = _error(_replace(DOC, ("transcript", "words", 1, "s"), "soon"))
    assert error.path == "transcript.words[1].s"
    error = _error(_replace(DOC, ("knowledge", "keywords", 0, "mentions", 0, "occurrences"), 5))
    assert error.path == "knowledge.keywords[0].mentions[0].occurrences"
    error = _error(_replace(DOC, ("metadata", "extended"), [1]))
    assert error.path == "metadata.extended"


# --- NaN, Infinity, numbers as strings -------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
@pytest.mark.parametrize(
    "template",
    [
        '{{"length": {}}}',
        '{{"transcript": {{"confidence": {}}}}}',
        '{{"transcript": {{"words": [{{"s": {}, "e": 1, "w": "a"}}]}}}}',
        '{{"knowledge": {{"keywords": [{{"relevance": {}}}]}}}}',
        '{{"metadata": {{"extended": {{"x": {}}}}}}}',
    ],
)
def test_nan_and_infinity_in_json_text_are_refused(literal, template):
    _error(template.format(literal).encode())


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "path",
    [
        ("transcript", "confidence"),
        ("transcript", "words", 1, "c"),
        ("transcript", "words", 1, "s"),
        ("knowledge", "keywords", 0, "relevance"),
    ],
)
def test_nan_and_infinity_in_a_dict_are_refused(value, path):
    doc = json.loads(json.dumps(DOC))
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    error = _error(doc)
    assert error.path == _json_path(path)


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-Infinity", "1e400"])
def test_non_finite_numbers_as_strings_are_refused_for_times(text):
    error = _error(_replace(DOC, ("transcript", "words", 1, "e"), text))
    assert error.path == "transcript.words[1].e"


def test_numbers_as_strings_are_read_and_dumped_back_as_strings():
    doc = _replace(DOC, ("transcript", "words", 1, "s"), "10")
    doc = _replace(doc, ("transcript", "words", 1, "e"), "400.4")
    doc = _replace(doc, ("knowledge", "keywords", 0, "relevance"), "0.953")
    doc = _replace(doc, ("length",), "1000")
    media = vbformats.load(json.dumps(doc))
    assert media.words.start_ms[1] == 10
    assert media.words.end_ms[1] == 400  # 400.4 ms rounds to 400
    assert media.knowledge.keywords[0].relevance == 0.953
    assert media.length == 1000
    assert media.to_dict() == doc


# --- duplicate keys ----------------------------------------------------------------------------


def test_duplicate_keys_last_one_wins_at_every_level():
    text = """{
      "mediaId": "first", "mediaId": "second",
      "metadata": {"title": "a", "title": "b", "extended": {"k": 1, "k": 2}},
      "transcript": {
        "words": [{"s": 0, "e": 1, "w": "lost"}],
        "words": [{"s": 0, "e": 9, "w": "one", "w": "two", "e": 5}],
        "confidence": 0.1, "confidence": 0.2
      },
      "knowledge": {"keywords": [{"keyword": "x", "keyword": "y"}]}
    }"""
    media = vbformats.load(text.encode())
    assert media.media_id == "second"
    assert media.metadata.title == "b"
    assert media.metadata.extended == {"k": 2}
    assert media.words.text == ["two"]
    assert media.words.end_ms == [5]
    assert media.transcript.confidence == 0.2
    assert media.knowledge.keywords[0].keyword == "y"
    assert media.to_dict() == json.loads(text)  # exactly what Python's json module reads


# --- size limit --------------------------------------------------------------------------------


def test_max_bytes_refuses_bigger_input_of_every_kind(tmp_path):
    text = json.dumps(DOC)
    size = len(text.encode())
    path = tmp_path / "call.json"
    path.write_text(text)
    for source in (text.encode(), text, path, str(path), bytearray(text.encode())):
        assert vbformats.load(source, max_bytes=size).to_dict() == DOC
        error = _error(source, max_bytes=size - 1)
        assert f"max_bytes={size - 1}" in str(error)


def test_a_one_gigabyte_file_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:  # sparse: 1 GiB on paper, nothing on disk
        handle.write(b'{"mediaId": "')
        handle.seek(1024**3)
        handle.write(b'"}')
    started = time.perf_counter()
    error = _error(huge, max_bytes=100 * 1024**2)
    assert time.perf_counter() - started < 1
    assert str(1024**3 + 2) in str(error)


def test_a_one_gigabyte_string_value_is_refused_by_the_limit():
    # the limit applies to the whole input: a document holding one enormous string is refused
    # before any parsing (64 MiB here stands for the 1 GB case, to keep the test light)
    big = b'{"mediaId": "' + b"x" * (64 * 1024**2) + b'"}'
    started = time.perf_counter()
    _error(big, max_bytes=16 * 1024**2)
    assert time.perf_counter() - started < 1


# --- deep nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_NESTING, 1_000, 100_000, 1_000_000])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting_in_json_text_is_an_invalid_input_error(depth, opener):
    closer = "]" if opener == "[" else "}"
    text = '{"metadata": {"extended": {"x": ' + opener * depth + "1" * (opener != "[")
    text += closer * depth + "}}}"
    error = _error(text.encode())
    assert f"nested deeper than {MAX_NESTING}" in str(error)


def test_nesting_up_to_the_limit_is_accepted_and_round_trips():
    value: Any = 1
    for _ in range(MAX_NESTING - 4):  # document, metadata, extended, "x" take four levels
        value = [value]
    doc = {"metadata": {"extended": {"x": value}}}
    media = vbformats.load(json.dumps(doc))
    assert media.to_dict() == doc
    assert json.loads(media.to_json()) == doc
    assert vbformats.load(doc).to_dict() == doc


def test_deep_nesting_in_a_word_and_in_a_dict_is_refused():
    deep: Any = []
    for _ in range(5_000):
        deep = [deep]
    words = [{"s": 0, "e": 1, "w": "a", "extra": deep}]
    _error({"transcript": {"words": words}})
    text = '{"transcript": {"words": [{"s": 0, "e": 1, "w": "a", "extra": '
    _error((text + "[" * 5_000 + "]" * 5_000 + "}]}}").encode())
    _error({"metadata": {"extended": {"x": deep}}})


def test_a_self_referencing_dict_is_refused_not_a_recursion_error():
    loop: dict[str, Any] = {}
    loop["again"] = loop
    error = _error({"metadata": {"extended": loop}})
    assert error.path.startswith("metadata.extended.again")


# --- bounded time ------------------------------------------------------------------------------

PATHOLOGICAL = textwrap.dedent(
    """
    import json, time, sys
    import vbformats
    from vbformats import writers, VBFormatsError
    n = 50_000
    # every token a turn marker or a word, all at the same instant, speakers alternating
    words = []
    for i in range(n):
        words.append({"s": 0, "e": 0, "w": f"S{i % 3}", "m": "turn"})
        words.append({"s": 0, "e": 0, "w": "x"})
    cases = {
        "50k one-word turns at one instant": {"transcript": {"words": words}},
        "one 5 MB word": {"transcript": {"words": [{"s": 0, "e": 1, "w": "y" * 5_000_000}]}},
        "100k words of 0 ms": {"transcript": {"words": [
            {"s": i, "e": i, "w": "z"} for i in range(100_000)]}},
        "deep brackets": '{"metadata": {"extended": ' + "[" * 2_000_000 + "]" * 2_000_000 + "}}",
    }
    for name, doc in cases.items():
        started = time.perf_counter()
        try:
            media = vbformats.load(doc if isinstance(doc, dict) else doc.encode())
            for fmt in ("text", "srt", "vtt", "dfxp"):
                writers.render(media, fmt)
        except VBFormatsError:
            pass
        print(name, round(time.perf_counter() - started, 2), flush=True)
    """
)


def test_pathological_inputs_finish_in_bounded_time():
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PATHOLOGICAL],
        capture_output=True,
        text=True,
        timeout=240,  # a hang fails here instead of blocking the suite
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.stdout.splitlines()) == 4
    # each case is linear work on at most ~100,000 tokens: seconds, not minutes
    assert elapsed < 120, result.stdout


# --- never anything but our exceptions --------------------------------------------------------


@property_settings(ci_examples=1000)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_raise_only_our_exceptions(data):
    with contextlib.suppress(VBFormatsError):
        vbformats.load(data, format="json")


@property_settings(ci_examples=300)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=20,
    ).map(lambda v: {"transcript": v} if not isinstance(v, dict) else v)
)
def test_arbitrary_dicts_raise_only_our_exceptions(doc):
    try:
        media = vbformats.load(doc)
    except VBFormatsError:
        return
    media.to_dict()


def test_unknown_word_keys_named_like_word_fields_do_not_change_the_typed_word():
    # a word's unknown key spelled like a Word field name ("flags_text", "confidence") is an
    # unknown key on the wire: the typed Word must agree with the table and the wire dict
    words = [{"s": 0, "e": 1, "w": "hello", "flags_text": "turn", "confidence": 0.5}]
    media = vbformats.load({"transcript": {"words": words}})
    assert media.words.is_turn == [False]
    assert media.words.confidence == [None]
    word = media.words[0]
    assert word.flags_text is None and not word.is_turn and word.is_speech
    assert word.confidence is None
    assert word.model_extra == {"flags_text": "turn", "confidence": 0.5}
    assert media.to_dict() == {"transcript": {"words": words}}
