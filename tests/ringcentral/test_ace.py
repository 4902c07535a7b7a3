"""RingCentral ACE records, sessions and push events (issue #16).

Fixtures in ``tests/data/ace`` are ours, modeled on the documented ``RecordingInsights`` shape
(names, ids and words of our choosing). Expected values are read off the fixture text: times are
the fixture's seconds × 1000, names are its ``speakerInfo`` names.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import vbformats
from vbformats import frames, metrics
from vbformats.cli import main
from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.models.words import SPEECH
from vbformats.ringcentral.ace import AceResult, read_records

ACE = Path(__file__).resolve().parents[1] / "data" / "ace"
TURNS = [
    ("Olu Bakare", 1500, 4250, "Good morning, this is Olu at the help desk."),
    ("Mara Quint", 5000, 7750, "Hi Olu, my laptop will not start."),
    ("Olu Bakare", 8500, 11000, "Let us try a hard reset together."),
    ("Mara Quint", 10600, 11200, "Okay."),
    ("Olu Bakare", 58000, 60500, "Thanks for calling, goodbye."),
]


def _load(name: str, **options: object) -> vbformats.Media:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        return vbformats.load(ACE / name, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["record.json", "session_one.json", "event.json"])
def test_record_session_and_event_read_to_the_same_turns(name: str) -> None:
    media = _load(name)
    assert media.source_format == "ringcentral-ace"
    assert [(t.speaker, t.start_ms, t.end_ms, t.text) for t in vbformats.turns(media)] == TURNS
    assert media.length == 61500
    assert media.media_id == "5510293847"
    assert media.metadata is not None and media.metadata.title.startswith("Call from Mara")


def test_the_event_wrapper_is_kept_apart_from_the_record() -> None:
    result = _load("event.json").vendor_result
    assert isinstance(result, AceResult)
    assert result.event is not None
    assert result.event["subscriptionId"] == "sub-19a8b7c6"
    assert result.event["eventType"] == "Create"
    assert "eventType" not in result.record
    assert result.to_dict() == json.loads((ACE / "event.json").read_text(encoding="utf-8"))


def test_words_are_estimated_and_say_so() -> None:
    with pytest.warns(LossyConversionWarning, match="no word times"):
        media = vbformats.load(ACE / "record.json")
    words = media.words
    assert words.estimated is not None
    speech = [k for k, kind in enumerate(words.kinds) if kind == SPEECH]
    assert speech and all(words.estimated[k] for k in speech)
    # every word lies inside its utterance's span
    assert min(words.start_ms[k] for k in speech) == 1500
    assert max(words.end_ms[k] for k in speech) == 60500


def test_the_recording_owner_is_the_agent_unless_overridden() -> None:
    media = _load("record.json")
    table = frames.turns(media)
    assert list(zip(table["speaker"], table["role"], strict=True))[:2] == [
        ("Olu Bakare", "agent"),
        ("Mara Quint", "caller"),
    ]
    overridden = frames.turns(media, roles={"Mara Quint": "agent", "Olu Bakare": "caller"})
    assert list(overridden["role"])[:2] == ["caller", "agent"]


def test_a_speakers_map_wins_over_speaker_info() -> None:
    media = _load("record.json", speakers={"p-7f3e-2": "Customer"})
    assert [t.speaker for t in vbformats.turns(media)][:2] == ["Olu Bakare", "Customer"]


def test_every_insight_is_a_row_and_each_documented_one_has_its_table() -> None:
    media = _load("record.json")
    table = frames.ace_insights(media)
    assert list(table["insight"]) == [
        "Summary",
        "NextSteps",
        "HighLights",
        "BulletedSummary",
        "BulletedSummary",
        "AIScore",
        "Sentiment",
        "CallNotes",
        "QnA",
        "TalkTrends",
    ]
    assert table.loc[9, "value"] == '{"trend": "flat"}'
    score = frames.ace_ai_score(media)
    assert (score.loc[0, "value"], score.loc[0, "value_number"]) == ("7", 7.0)
    highlights = frames.ace_highlights(media)  # sent as "HighLights"
    assert list(highlights["value"]) == ["Laptop does not start."]
    assert (highlights.loc[0, "start_ms"], highlights.loc[0, "speaker"]) == (5000, "Mara Quint")
    assert list(frames.ace_bulleted_summary(media)["section"]) == ["Issue", "Resolution"]
    steps = frames.ace_next_steps(media)
    assert (steps.loc[0, "role"], steps.loc[0, "end_ms"]) == ("agent", 11000)
    assert list(frames.ace_sentiment(media)["value"]) == ["Neutral"]
    assert frames.ace_call_notes(media).loc[0, "value"].startswith("Notes.\nCaller")
    assert list(frames.ace_qna(media)["speaker"]) == ["Mara Quint"]
    assert list(frames.ace_summary(media)["start_ms"]) == [0]
    speakers = frames.ace_speakers(media)
    assert list(speakers["owner"]) == [True, False]


def test_ace_tables_are_empty_for_other_results() -> None:
    media = vbformats.load(Path(__file__).resolve().parents[2] / "samples" / "stereo_call.json")
    assert frames.ace_insights(media).empty
    assert list(frames.ace_insights(media).columns) == list(
        frames.ace_insights(_load("record.json")).columns
    )


def test_every_output_and_the_turn_metrics_work() -> None:
    media = _load("record.json")
    srt = vbformats.render(media, "srt")
    assert "Olu Bakare: Good morning," in srt
    assert "<v Mara Quint>" in vbformats.render(media, "vtt")
    assert "Mara Quint" in vbformats.render(media, "dfxp")
    assert vbformats.render(media, "text").startswith("Olu Bakare: Good morning")
    result = metrics.compute(media)
    # talk from the utterance spans: agent 2.75 + 2.5 + 2.5 s = 7750 ms; all talk is the union
    # 1.5-4.25, 5-7.75, 8.5-11.2, 58-60.5 s = 10700 ms
    assert result["agent-talk-ratio"] == pytest.approx(7750 / 10700, abs=0.002)
    assert result["caller-talk-ratio"] == pytest.approx((2750 + 600) / 10700, abs=0.002)
    assert result["overtalk-incidents"] == 1  # "Okay." starts 10.6 s, inside 8.5–11.0 s


def test_a_session_with_several_records_is_refused_by_load_and_read_by_read_records() -> None:
    with pytest.raises(InvalidInputError) as caught:
        _load("session_two.json")
    assert "holds 2 records" in str(caught.value) and "read_records" in str(caught.value)
    doc = json.loads((ACE / "session_two.json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        media = read_records(doc)
    assert [m.media_id for m in media] == ["5510293847", "5510293848"]
    assert [t.text for t in vbformats.turns(media[1])] == ["Calling back, the reset worked."]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["insights"]["Transcript"][1].update(start=9.0), "insights.Transcript[1]"),
        (lambda d: d["insights"].update(Summary="x"), "insights.Summary"),
        (lambda d: d.update(speakerInfo={"a": 1}), "speakerInfo"),
        (lambda d: d["insights"]["AIScore"][0].update(start=-1), "insights.AIScore[0].start"),
    ],
)
def test_a_malformed_record_names_the_path(change, path) -> None:
    doc = json.loads((ACE / "record.json").read_text(encoding="utf-8"))
    change(doc)
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert caught.value.path == path


def test_the_command_line_converts_and_tabulates_ace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "call.srt"
    assert main(["convert", str(ACE / "event.json"), "-o", str(out)]) == 0
    assert "Mara Quint: Hi Olu," in out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["frame", str(ACE / "record.json"), "ace_next_steps", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("index,value,")
    assert len(lines) == 2 and "Walk the caller through a hard reset." in lines[1]
