"""`vbformats frame` also writes the RingCentral extension tables."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd

from vbformats import frames_ringcentral
from vbformats.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"


def test_frame_command_writes_speaker_insights_like_the_library():
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["frame", str(DATA / "interaction_2024.json"), "speaker_insights"])
    assert code == 0
    from_cli = pd.read_csv(io.StringIO(out.getvalue()))
    expected = frames_ringcentral.speaker_insights(DATA / "interaction_2024.json")
    assert len(expected) > 0
    assert list(from_cli.columns) == list(expected.columns)
    assert len(from_cli) == len(expected)
    assert list(from_cli["insight"].astype(str)) == list(expected["insight"].astype(str))


def test_frame_command_on_a_folder_of_ringcentral_results_adds_sources(tmp_path):
    for name in ("interaction_2024.json", "stt_diarized_2024.json"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["frame", str(tmp_path), "utterances"])
    assert code == 0
    table = pd.read_csv(io.StringIO(out.getvalue()))
    assert list(table.columns[:2]) == ["media_id", "source"]
    assert {Path(s).name for s in table["source"]} == {
        "interaction_2024.json",
        "stt_diarized_2024.json",
    }


def test_speaker_option_names_ringcentral_speakers_in_convert_and_info(capsys):
    source = str(DATA / "stt_diarized_2024.json")
    assert (
        main(["convert", source, "--to", "text", "--speaker", "0=Agent", "--speaker", "1=Customer"])
        == 0
    )
    text = capsys.readouterr().out
    assert "Agent: " in text and "Customer: " in text and "Speaker 0" not in text
    assert main(["info", source, "--speaker", "1=Customer"]) == 0
    summary = capsys.readouterr().out
    assert "Customer" in summary and "Speaker 0" in summary


def test_speaker_option_without_equals_is_a_one_line_error(capsys):
    assert main(["info", str(DATA / "stt_diarized_2024.json"), "--speaker", "Agent"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vbformats: error: --speaker") and err.count("\n") == 1
