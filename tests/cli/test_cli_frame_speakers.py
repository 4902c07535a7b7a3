"""``frame --speaker ID=NAME`` (and ``speakers=`` of the table builders): RingCentral speaker ids
named in every table path, as ``convert`` and ``info`` name them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vbformats import frames
from vbformats.cli import main
from vbformats.frames.export import write_dataset

ROOT = Path(__file__).resolve().parents[2]
RC = ROOT / "tests" / "data" / "ringcentral" / "stt_diarized_2024.json"
VOICEBASE = ROOT / "samples" / "stereo_call.json"
NAMES = {"0": "Agent", "1": "Customer"}


def _rc_speaker_ids() -> set[str]:
    """The speaker ids the payload itself uses (read independently of vbformats)."""
    doc = json.loads(RC.read_text(encoding="utf-8"))
    return {str(u["speakerId"]) for u in doc["response"]["utterances"]}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_fixture_has_the_ids_the_test_names():
    assert _rc_speaker_ids() == set(NAMES)


def test_frame_names_ringcentral_speakers_of_one_result(capsys):
    assert main(["frame", str(RC), "turns", "--speaker", "0=Agent", "--speaker", "1=Customer"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows and {row["speaker"] for row in rows} == {"Agent", "Customer"}
    assert {row["role"] for row in rows if row["speaker"] == "Agent"} == {"agent"}


def test_a_speaker_for_a_result_that_names_its_own_is_a_one_line_error(capsys):
    assert main(["frame", str(VOICEBASE), "turns", "--speaker", "0=Agent"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--speaker" in err and "named in it" in err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_over_many_inputs_one_mapping_names_the_ringcentral_calls_only(tmp_path, capsys, jobs):
    shutil.copy(RC, tmp_path / "rc.json")
    shutil.copy(VOICEBASE, tmp_path / "vb.json")
    argv = ["frame", str(tmp_path), "turns", "--speaker", "0=Agent", "--speaker", "1=Customer"]
    assert main([*argv, "--jobs", jobs]) == 0
    rows = _rows(capsys.readouterr().out)
    rc_speakers = {row["speaker"] for row in rows if row["source"].endswith("rc.json")}
    vb_speakers = {row["speaker"] for row in rows if row["source"].endswith("vb.json")}
    assert rc_speakers == {"Agent", "Customer"}
    assert vb_speakers and not vb_speakers & {"Speaker 0", "Speaker 1"}
    assert vb_speakers == set(frames.turns(VOICEBASE)["speaker"].dropna())


def test_the_builders_take_speakers_serial_parallel_and_into_a_dataset(tmp_path):
    sources = [str(RC), str(VOICEBASE)]
    serial = frames.words(sources, speakers=NAMES)
    pd.testing.assert_frame_equal(frames.words(sources, speakers=NAMES, jobs=2), serial)
    assert set(serial.loc[serial["source"] == str(RC), "speaker"].dropna()) == {"Agent", "Customer"}
    pytest.importorskip("pyarrow")
    write_dataset("words", sources, tmp_path / "words", speakers=NAMES)
    written = pd.read_parquet(tmp_path / "words")
    assert set(written.loc[written["source"] == str(RC), "speaker"].dropna()) == set(NAMES.values())


@pytest.mark.parametrize("bad", [["0", "Agent"], {"0": 1}], ids=["list", "number name"])
def test_speakers_of_the_wrong_shape_are_refused_naming_the_argument(bad, tmp_path):
    with pytest.raises(ValueError, match="speakers"):
        frames.words([str(RC), str(VOICEBASE)], speakers=bad)
    pytest.importorskip("pyarrow")
    with pytest.raises(ValueError, match="speakers"):
        write_dataset("words", [str(RC)], tmp_path / "words", speakers=bad)
    assert not (tmp_path / "words").exists()  # refused before the folder is made


def test_speaker_with_dask_is_refused_before_any_cluster_starts(capsys):
    assert main(["frame", str(RC), "turns", "--speaker", "0=Agent", "--dask"]) == 2
    assert "not available with --dask" in capsys.readouterr().err
