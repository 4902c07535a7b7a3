"""Content filters (--redact, --profanity-filter) hold on the many-input paths as on one input:
`convert` over a folder in worker processes and `frame --jobs` give what one call gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from vbformats.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CALLS = ("stereo_call.json", "mono_call.json", "legacy_v2.json")


def _calls(tmp_path: Path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in CALLS:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_convert_of_a_folder_in_workers_redacts_as_one_input_does(tmp_path):
    folder = _calls(tmp_path)
    out = tmp_path / "out"
    argv = [str(folder), "-o", str(out), "--to", "text", "--jobs", "2", "--quiet"]
    assert main(["convert", *argv, "--redact", "pci,ssn,numbers"]) == 0
    redacted_somewhere = False
    for name in CALLS:
        single = tmp_path / f"{name}.txt"
        assert (
            main(
                [
                    "convert",
                    str(folder / name),
                    "-o",
                    str(single),
                    "--redact",
                    "pci,ssn,numbers",
                    "--quiet",
                ]
            )
            == 0
        )
        many = (out / name.replace(".json", ".txt")).read_text(encoding="utf-8")
        assert many == single.read_text(encoding="utf-8")
        redacted_somewhere |= "[redacted]" in many
    assert redacted_somewhere  # the samples hold numbers: the filter really ran


def test_frame_with_jobs_filters_every_file(tmp_path):
    folder = _calls(tmp_path)
    serial, parallel = tmp_path / "serial.csv", tmp_path / "parallel.csv"
    common = ["frame", str(folder), "words", "--redact", "numbers", "--quiet", "--no-progress"]
    assert main([*common, "-o", str(serial)]) == 0
    assert main([*common, "--jobs", "2", "-o", str(parallel)]) == 0
    one, two = pd.read_csv(serial), pd.read_csv(parallel)
    pd.testing.assert_frame_equal(one, two)
    assert (one["text"] == "[redacted]").any()
    plain = tmp_path / "plain.csv"
    assert main(["frame", str(folder), "words", "--quiet", "--no-progress", "-o", str(plain)]) == 0
    assert len(pd.read_csv(plain)) == len(one)  # one replacement per word: no word lost


def test_dask_refuses_the_filters_instead_of_writing_unfiltered_rows(tmp_path, capsys):
    folder = _calls(tmp_path)
    code = main(["frame", str(folder), "words", "--dask", "--redact", "numbers"])
    assert code == 2
    assert "--redact: not available with --dask" in capsys.readouterr().err
