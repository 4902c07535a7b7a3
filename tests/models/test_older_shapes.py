"""Shapes people keep on disk beyond the v3 document (issue #16, inputs).

* a bare words array (``transcript.words`` saved alone);
* v2-beta answers (the ``media`` wrapper, ``transcripts.latest``, ``keywords.latest`` with
  ``t`` times in seconds, a ``streams`` object) and early v3 callbacks (keyword occurrence times
  in seconds, as strings or floats, no ``formatVersion``);
* media that is not finished (``accepted``, ``running``...): ``MediaNotReadyError`` in the
  library and in every command;
* VoiceBase answers that are not one media result (a media collection, a definition).

The fixtures in ``tests/data/older`` were written by hand from the documentation's description
of each generation (our own ids, words and times). Expected values below are worked out from
the fixture text (seconds × 1000), not taken from the library.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import vbformats
from vbformats.cli import main
from vbformats.errors import InvalidInputError, MediaFailedError, MediaNotReadyError
from vbformats.frames import keywords

OLDER = Path(__file__).resolve().parents[1] / "data" / "older"


def _doc(name: str) -> object:
    return json.loads((OLDER / name).read_text(encoding="utf-8"))


# --- bare words arrays ------------------------------------------------------------------------


def test_a_bare_words_array_with_turn_markers_reads_as_a_two_speaker_transcript() -> None:
    media = vbformats.load(OLDER / "words_array_stereo.json")
    assert media.source_format == "words"
    assert [(t.speaker, t.text, t.start_ms, t.end_ms) for t in vbformats.turns(media)] == [
        ("Agent", "Hello, support", 500, 1300),
        ("Caller", "Hi there", 2000, 2700),
    ]
    srt = vbformats.render(media, "srt")
    assert "Agent: Hello, support" in srt and "Caller: Hi there" in srt


def test_a_bare_words_array_without_markers_is_mono() -> None:
    media = vbformats.load(OLDER / "words_array_mono.json")
    assert [(t.speaker, t.text) for t in vbformats.turns(media)] == [(None, "Plain words only.")]
    assert vbformats.render(media, "text") == "Plain words only.\n"


@pytest.mark.parametrize("name", ["words_array_stereo.json", "words_array_mono.json"])
def test_a_bare_words_array_dumps_back_to_the_same_array(name: str, tmp_path: Path) -> None:
    original = _doc(name)
    from_text = vbformats.load(OLDER / name)
    from_list = vbformats.load(copy.deepcopy(original))
    assert json.loads(from_text.to_json()) == original
    assert from_list.to_wire() == original
    assert from_text.to_dict() == {"transcript": {"words": original}}
    out = tmp_path / "words.json"
    assert main(["convert", str(OLDER / name), "--to", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == original


# --- v2-beta and early v3 ---------------------------------------------------------------------


def test_a_v2_beta_answer_is_unwrapped_and_its_keywords_are_milliseconds() -> None:
    media = vbformats.load(OLDER / "v2beta_media.json")
    assert media.media_id == "5f1c2a9e-7d4b-4c1a-9e0f-2b8d6a4c3e71"
    assert media.status == "finished"
    assert [t.text for t in vbformats.turns(media)] == [
        "Thanks for calling.",
        "My subscription lapsed.",
    ]
    table = keywords(media)
    rows = list(zip(table["keyword"], table["speaker"], table["start_ms"], strict=True))
    # "t": {"caller": ["3.3", "61.25"], "agent": [12.5]} and {"agent": ["45.019"]}
    assert rows == [
        ("subscription", "caller", 3300),
        ("subscription", "caller", 61250),
        ("subscription", "agent", 12500),
        ("renewal", "agent", 45019),
    ]
    assert [t.topic_name for t in media.knowledge.topics] == ["Subscriptions"]
    assert media.knowledge.topics[0].keywords[0].mentions[0].occurrences[0].s == 3300


def test_a_v2_beta_answer_dumps_back_exactly_wrapped_with_its_v2_sections() -> None:
    original = _doc("v2beta_media.json")
    media = vbformats.load(OLDER / "v2beta_media.json")
    assert media.to_dict() == original
    assert json.loads(media.to_json()) == original
    # the derived knowledge view is not dumped; the v2 sections come back as sent
    assert "knowledge" not in media.to_dict()["media"]
    assert vbformats.load(copy.deepcopy(original)).to_dict() == original


def test_early_v3_callback_occurrences_in_seconds_become_milliseconds() -> None:
    media = vbformats.load(OLDER / "v3_early_callback.json")
    assert media.source_format == "v3-early"
    times = [
        [o.s for mention in keyword.mentions for o in mention.occurrences]
        for keyword in media.knowledge.keywords
    ]
    # "8.41", "52.907" (strings); 31.255, 70 (numbers): the document is in seconds throughout
    assert times == [[8410, 52907], [31255, 70000]]
    assert media.knowledge.topics[0].keywords[0].mentions[0].occurrences[0].s == 8410
    # word times were milliseconds in every generation
    assert list(media.words.start_ms) == [8410, 8900]


def test_early_v3_round_trip_is_exact_and_a_changed_time_is_dumped_in_seconds() -> None:
    original = _doc("v3_early_callback.json")
    media = vbformats.load(OLDER / "v3_early_callback.json")
    assert json.loads(media.to_json()) == original
    assert vbformats.load(copy.deepcopy(original)).to_dict() == original
    first = media.knowledge.keywords[0].mentions[0].occurrences
    first[0].s = 9125
    media.knowledge.keywords[1].mentions[0].occurrences[0].s = 31000
    dumped = media.to_dict()["knowledge"]["keywords"]
    assert dumped[0]["mentions"][0]["occurrences"] == [{"s": "9.125"}, {"s": "52.907"}]
    assert dumped[1]["mentions"][0]["occurrences"] == [{"s": 31.0}, {"s": 70}]


def test_the_caller_dict_is_not_changed_by_reading_seconds() -> None:
    original = _doc("v3_early_callback.json")
    kept = copy.deepcopy(original)
    vbformats.load(original)
    assert original == kept


def test_a_document_with_format_version_keeps_milliseconds() -> None:
    doc = {
        "formatVersion": "3.0.7",
        "mediaId": "m",
        "knowledge": {"keywords": [{"keyword": "x", "mentions": [{"occurrences": [{"s": 70}]}]}]},
    }
    assert vbformats.load(doc).knowledge.keywords[0].mentions[0].occurrences[0].s == 70
    # without formatVersion, whole numbers alone do not make a document older: milliseconds
    del doc["formatVersion"]
    assert vbformats.load(doc).source_format == "v3"
    doc["formatVersion"] = "3.0.7"
    doc["knowledge"]["keywords"][0]["mentions"][0]["occurrences"][0]["s"] = "60.074"
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert caught.value.path == "knowledge.keywords[0].mentions[0].occurrences[0].s"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("soon", "seconds"),
        (-1.5, ">= 0"),
        ("1e300", "largest"),
        ("nan", "finite"),
        (True, "seconds"),
    ],
)
def test_a_bad_time_in_seconds_names_its_path(value: object, problem: str) -> None:
    doc = _doc("v3_early_callback.json")
    assert isinstance(doc, dict)
    doc["knowledge"]["keywords"][1]["mentions"][0]["occurrences"][1]["s"] = value
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert caught.value.path == "knowledge.keywords[1].mentions[0].occurrences[1].s"
    assert problem in caught.value.problem


# --- media that is not finished ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["accepted", "scheduled", "running", "queued"])
def test_media_that_is_not_finished_raises_media_not_ready(status: str) -> None:
    with pytest.raises(MediaNotReadyError) as caught:
        vbformats.load({"mediaId": "7c1d", "status": status, "metadata": {}})
    assert caught.value.media_id == "7c1d"
    assert caught.value.status == status
    assert isinstance(caught.value, ValueError)
    assert f"media 7c1d is not finished (status {status!r})" in str(caught.value)


def test_a_v2_beta_post_answer_is_not_ready() -> None:
    with pytest.raises(MediaNotReadyError) as caught:
        vbformats.load(OLDER / "v2beta_accepted.json")
    assert caught.value.status == "accepted"


def test_a_running_document_that_has_a_transcript_is_read() -> None:
    doc = {"mediaId": "m", "status": "running", "transcript": {"words": []}}
    assert vbformats.load(doc).status == "running"


@pytest.mark.parametrize("status", ["expired", "cancelled", "exceededretries"])
def test_final_failure_statuses_raise_media_failed(status: str) -> None:
    with pytest.raises(MediaFailedError) as caught:
        vbformats.load({"mediaId": "m", "status": status})
    assert caught.value.status == status


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{path}", "--to", "srt"],
        ["metrics", "{path}"],
        ["info", "{path}"],
        ["frame", "{path}", "turns"],
    ],
)
def test_every_command_reports_media_not_ready(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "running.json"
    path.write_text(json.dumps({"mediaId": "9f2e", "status": "running"}), encoding="utf-8")
    code = main([part.format(path=path) for part in argv])
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert "media 9f2e is not finished (status 'running')" in err


def test_a_ringcentral_202_answer_says_it_has_no_status_yet() -> None:
    with pytest.raises(MediaNotReadyError) as caught:
        vbformats.load({"jobId": "4d0c9a1e-0000-4000-8000-00000000abcd"})
    message = str(caught.value)
    assert "status None" not in message
    assert "job 4d0c9a1e-0000-4000-8000-00000000abcd was accepted but reports no status" in message


# --- answers that are not one media result ----------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({"media": []}, "media collection"),
        ({"_links": {"self": {"href": "/v3/media"}}, "media": [{"mediaId": "a"}]}, "1 media"),
        (
            {"_links": {"self": {"href": "/v3/definition/vocabularies/ours"}}, "terms": []},
            "definition",
        ),
        ({"groupName": "ours", "keywords": ["a", "b"]}, "keyword-spotting group"),
        (
            {"categories": [{"categoryName": "greeting", "categoryDescription": "says hi"}]},
            "category definitions",
        ),
    ],
)
def test_answers_that_are_not_a_media_result_say_what_they_are(doc: dict, words: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert words in str(caught.value)
    assert "not" in str(caught.value) and "media result" in str(caught.value)


def test_category_results_are_not_mistaken_for_definitions() -> None:
    doc = {"categories": [{"categoryName": "greeting", "categoryValue": 1}]}
    assert vbformats.load(doc).categories[0].category_value == 1


def test_malformed_json_names_line_and_column() -> None:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(b'{\n  "mediaId": "m",\n  "words": [1, 2,],\n}')
    assert "trailing comma" in str(caught.value)
    assert "at line 3, column" in str(caught.value)
