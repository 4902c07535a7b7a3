"""DataFrames of the RingCentral extension: speaker insights, conversational insights, summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import vbformats
from vbformats import frames_ringcentral as fr

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"
INTERACTION = DATA / "interaction_2024.json"
SPEAKERS = {"0": "Agent", "1": "Customer"}
BUILDERS = {
    "speaker_insights": fr.speaker_insights,
    "questions": fr.questions,
    "conversational_insights": fr.conversational_insights,
    "summaries": fr.summaries,
    "utterances": fr.utterances,
}


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples with pandas' missing values turned into None."""
    out = []
    for record in frame[columns].itertuples(index=False):
        out.append(tuple(None if pd.isna(v) else v for v in record))
    return out


@pytest.fixture(scope="module")
def interaction():
    return vbformats.load(INTERACTION, speakers=SPEAKERS)


@pytest.mark.parametrize("table", list(BUILDERS))
def test_declared_columns_and_dtypes(interaction, table):
    frame = BUILDERS[table](interaction)
    assert [c.name for c in fr.SCHEMAS[table]] == list(frame.columns)
    for column in fr.SCHEMAS[table]:
        assert str(frame[column.name].dtype) == column.dtype, column.name
    assert isinstance(frame.index, pd.RangeIndex)
    assert len(frame) > 0
    assert frame.attrs["errors"] == []


@pytest.mark.parametrize("table", list(BUILDERS))
@pytest.mark.parametrize("name", ["stt_plain_2023.json", "diarize_2023.json"])
def test_absent_sections_give_an_empty_typed_frame(table, name):
    frame = BUILDERS[table](DATA / name)
    pd.testing.assert_frame_equal(frame, fr.empty(table))
    assert len(frame) == 0 and list(frame.columns) == [c.name for c in fr.SCHEMAS[table]]


def test_voicebase_media_gives_empty_frames():
    vb = vbformats.load({"mediaId": "m", "transcript": {"words": [{"s": 0, "e": 5, "w": "hi"}]}})
    for table, builder in BUILDERS.items():
        pd.testing.assert_frame_equal(builder(vb), fr.empty(table))


def test_speaker_insights_values_of_every_type(interaction):
    frame = fr.speaker_insights(interaction)
    assert rows(
        frame,
        [
            "insight",
            "speaker_id",
            "speaker",
            "role",
            "value",
            "value_number",
            "talk_pct",
            "listen_pct",
            "wpm",
            "question_count",
            "extra",
        ],
    ) == [
        ("Energy", "0", "Agent", "agent", "88.4", 88.4, None, None, None, None, None),
        ("Energy", "1", "Customer", "caller", "91.05", 91.05, None, None, None, None, None),
        ("Pace", "0", "Agent", "agent", "slow", None, None, None, 101.5, None, None),
        ("Pace", "1", "Customer", "caller", "medium", None, None, None, 143.0, None, None),
        ("TalkToListenRatio", "0", "Agent", "agent", "47:53", None, 47.0, 53.0, None, None, None),
        (
            "TalkToListenRatio",
            "1",
            "Customer",
            "caller",
            "53:47",
            None,
            53.0,
            47.0,
            None,
            None,
            None,
        ),
        ("QuestionsAsked", "0", "Agent", "agent", "1", 1.0, None, None, None, 1, None),
        ("QuestionsAsked", "1", "Customer", "caller", "0", 0.0, None, None, None, 0, None),
        ("Patience", "0", "Agent", "agent", "7", 7.0, None, None, None, None, '{"scale": "1-10"}'),
        ("Patience", "1", "Customer", "caller", "6.5", 6.5, None, None, None, None, None),
    ]


def test_questions(interaction):
    assert rows(fr.questions(interaction), ["speaker", "index", "text", "start_ms", "end_ms"]) == [
        ("Agent", 0, "Of course. Which booking?", 8000, 10500)
    ]


def test_conversational_insights_keep_unknown_names_and_types(interaction):
    frame = fr.conversational_insights(interaction)
    assert rows(
        frame,
        [
            "insight",
            "index",
            "text",
            "value_number",
            "start_ms",
            "end_ms",
            "confidence",
            "speaker",
            "group_id",
            "extra",
        ],
    ) == [
        ("KeyPhrases", 0, "booking", None, 6050, 6600, 0.9, None, None, None),
        ("KeyPhrases", 1, "Friday", None, 6750, 7600, 0.83, None, None, None),
        ("KeyPhrases", 2, "Booking", None, 9300, 10500, 0.95, None, None, None),
        ("KeyPhrases", 3, "friday", None, 10800, 11300, 0.7, None, None, None),
        ("Topics", 0, "hotel reservation change", None, 4400, 12000, 0.88, None, None, None),
        (
            "ExtractiveSummary",
            0,
            "Hello, I need to move my booking to Friday.",
            None,
            4400,
            7600,
            None,
            "Customer",
            None,
            None,
        ),
        (
            "AbstractiveSummaryLong",
            0,
            "A guest calls the hotel to move a booking.",
            None,
            1200,
            7600,
            0.61,
            None,
            "0",
            None,
        ),
        (
            "AbstractiveSummaryLong",
            1,
            "The agent asks which booking is meant.",
            None,
            8000,
            12000,
            0.58,
            None,
            "1",
            None,
        ),
        (
            "AbstractiveSummaryShort",
            0,
            "Guest moves a hotel booking to Friday.",
            None,
            1200,
            12000,
            0.66,
            None,
            None,
            None,
        ),
        ("CallScore", 0, "8", 8.0, 0, 12000, None, None, None, None),
        ("Tasks", 0, "0.5", 0.5, 8000, 10500, None, None, None, '{"assignee": "agent"}'),
    ]


def test_summaries_from_both_apis(interaction):
    frame = fr.summaries([interaction, DATA / "summarize_2022.json"])
    assert list(frame.columns[:2]) == ["media_id", "source"]
    assert rows(
        frame, ["media_id", "origin", "summary", "index", "group_id", "text", "start_ms", "speaker"]
    ) == [
        (
            "c0ffee12-7a7b-11ef-8d2e-00163e7a0b21",
            "analyze-interaction",
            "ExtractiveSummary",
            0,
            None,
            "Hello, I need to move my booking to Friday.",
            4400,
            "Customer",
        ),
        (
            "c0ffee12-7a7b-11ef-8d2e-00163e7a0b21",
            "analyze-interaction",
            "AbstractiveSummaryLong",
            0,
            "0",
            "A guest calls the hotel to move a booking.",
            1200,
            None,
        ),
        (
            "c0ffee12-7a7b-11ef-8d2e-00163e7a0b21",
            "analyze-interaction",
            "AbstractiveSummaryLong",
            1,
            "1",
            "The agent asks which booking is meant.",
            8000,
            None,
        ),
        (
            "c0ffee12-7a7b-11ef-8d2e-00163e7a0b21",
            "analyze-interaction",
            "AbstractiveSummaryShort",
            0,
            None,
            "Guest moves a hotel booking to Friday.",
            1200,
            None,
        ),
        (
            None,
            "summarize",
            "Extractive",
            0,
            None,
            "The river trail closes at dusk for repairs.",
            0,
            None,
        ),
        (
            None,
            "summarize",
            "Extractive",
            1,
            None,
            "Visitors should use the east gate until May.",
            0,
            None,
        ),
        (
            None,
            "summarize",
            "AbstractiveShort",
            0,
            None,
            "Trail repairs change park access.",
            None,
            "Speaker 2",
        ),
    ]
    assert list(frame["source"].astype(str))[-1] == str(DATA / "summarize_2022.json")
    assert frame["source"].astype(str).iloc[0] == "<item 0>"


def test_utterances_with_emotions(interaction):
    frame = fr.utterances(interaction)
    assert rows(
        frame,
        [
            "index",
            "speaker",
            "role",
            "start_ms",
            "end_ms",
            "word_count",
            "emotion",
            "emotion_confidence",
            "insights",
        ],
    ) == [
        (0, "Agent", "agent", 1200, 4000, None, "Neutral", 0.62, None),
        (1, "Customer", "caller", 4400, 7600, 9, "Anticipation", 0.48, None),
        (
            2,
            "Agent",
            "agent",
            8000,
            10500,
            None,
            "Joy",
            0.55,
            '[{"name": "Politeness", "value": 0.8}]',
        ),
        (3, "Customer", "caller", 10500, 12000, None, None, None, None),
    ]
    # speech-to-text utterances too
    stt = fr.utterances(DATA / "stt_diarized_2024.json")
    assert list(stt["text"]) == [
        "Maple Street Library, Dana speaking.",
        "Hi, Dana! I need to renew 2 books.",
        "Sure. What's the card number?",
    ]
    assert list(stt["word_count"]) == [5, 8, 5]


def test_folder_with_failures_collected(tmp_path):
    for name in ("interaction_2024.json", "fail_2022.json", "in_progress_2024.json"):
        (tmp_path / name).write_text((DATA / name).read_text())
    (tmp_path / "notes.txt").write_text("not a result")
    frame = fr.speaker_insights(tmp_path, errors="collect")
    assert len(frame) == 10
    assert set(frame["source"].astype(str)) == {str(tmp_path / "interaction_2024.json")}
    failed = {(Path(e["source"]).name, e["type"]) for e in frame.attrs["errors"]}
    assert failed == {
        ("fail_2022.json", "JobFailedError"),
        ("in_progress_2024.json", "JobInProgressError"),
    }
    with pytest.raises(vbformats.InvalidInputError) as caught:
        fr.speaker_insights(tmp_path)
    assert caught.value.path.endswith("fail_2022.json")


def test_sources_of_every_kind_give_the_same_rows(interaction):
    expected = fr.speaker_insights(vbformats.load(INTERACTION))
    text = INTERACTION.read_text()
    for source in (
        INTERACTION,
        str(INTERACTION),
        text,
        text.encode(),
        json.loads(text),
        vbformats.load(INTERACTION).ringcentral,
    ):
        frame = fr.speaker_insights(source)
        pd.testing.assert_frame_equal(frame.drop(columns=["role"]), expected.drop(columns=["role"]))
    # roles come from the converted words; a bare RingCentralResult has none
    assert fr.speaker_insights(interaction.ringcentral)["role"].isna().all()
    assert fr.speaker_insights(interaction, roles={"Customer": "agent"})["role"].iloc[1] == "agent"


def test_bad_arguments():
    with pytest.raises(vbformats.InvalidInputError):
        fr.empty("nope")
    with pytest.raises(vbformats.InvalidInputError):
        fr.summaries(DATA / "summarize_2022.json", errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(vbformats.InvalidInputError):
        fr.summaries(42)


def test_importing_vbformats_does_not_import_pandas():
    import subprocess
    import sys

    code = (
        "import sys, vbformats, vbformats.ringcentral, vbformats.frames_ringcentral; "
        "print('pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_readme_lists_every_table_and_column_in_order():
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section:ringcentral -->")[1].split(
        "<!-- /section:ringcentral -->"
    )[0]
    for table, columns in fr.SCHEMAS.items():
        (row,) = [line for line in section.splitlines() if line.startswith(f"| `{table}` |")]
        listed = [
            name
            for name in re.findall(r"`([^`]+)`", row.split("|")[3])
            if re.fullmatch(r"[a-z_]+", name)
        ]
        assert listed == [c.name for c in columns], table
