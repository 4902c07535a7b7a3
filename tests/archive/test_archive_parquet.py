"""Parquet datasets: one file per chunk, Hive partitions by day, read back by pandas, pyarrow and
DuckDB with the declared dtypes; the metrics command's Parquet output."""

from __future__ import annotations

import json
import shutil
import sys

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pytest
from archive_support import GOOD, SAMPLES, mixed_folder, namespace, run

import vbformats
from vbformats import frames
from vbformats.commands import batch_frame, batch_metrics
from vbformats.errors import InvalidInputError, MissingDependencyError
from vbformats.frames.export import write_dataset
from vbformats.frames.many import day_of


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory):
    folder = mixed_folder(tmp_path_factory.mktemp("calls"), copies=2)
    # a second day: the same stereo call created on another date
    doc = json.loads((SAMPLES / "stereo_call.json").read_text())
    doc["dateCreated"] = "2025-01-31T23:59:00Z"
    (folder / "zz-later.json").write_text(json.dumps(doc))
    return folder


def _declared(table: str) -> dict[str, str]:
    return {c.name: c.dtype for c in frames.SCHEMAS[table]}


def test_a_dataset_partitioned_by_day_reads_back_everywhere_with_the_declared_dtypes(
    calls, tmp_path
):
    path = tmp_path / "words"
    result = write_dataset(
        "words", calls, path, partition_by="date", files_per_part=4, jobs=2, errors="collect"
    )
    expected = frames.words(calls, errors="collect")
    assert result.rows == len(expected) and len(result.errors) == 4
    days = sorted(p.name for p in path.iterdir())
    loaded = [
        vbformats.load(p)
        for p in calls.iterdir()
        if p.name.startswith(("zz", *[g.stem for g in GOOD]))
    ]
    assert days == sorted({f"date={day_of(m.date_created) or 'unknown'}" for m in loaded})
    assert "date=2025-01-31" in days and "date=unknown" in days
    assert all(f.endswith(".parquet") and "/date=" in f for f in result.files)
    names = {f.rsplit("/", 1)[1] for f in result.files}  # one name per chunk of 4 sources
    assert names <= {f"part-{n:05d}.parquet" for n in range(6)} and len(names) >= 5

    back = pd.read_parquet(path)  # pandas, through pyarrow's dataset reader
    declared = _declared("words")
    for name, dtype in back.dtypes.items():
        if name in declared:
            assert str(dtype) == declared[name], name
    key = ["source", "position"]
    left = (
        back.drop(columns=["date"])
        .astype({"source": str, "media_id": object})
        .sort_values(key)
        .reset_index(drop=True)
    )
    right = (
        expected.astype({"source": str, "media_id": object}).sort_values(key).reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(left[right.columns], right, check_categorical=False)

    table = ds.dataset(path, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(expected)
    assert str(table.schema.field("start_ms").type) == "int64"

    rows = duckdb.sql(
        f"select date::varchar, count(*), count(distinct source) from read_parquet('{path}/**/*.parquet', hive_partitioning = true) group by 1 order by 1"
    ).fetchall()
    later = len(frames.words(SAMPLES / "stereo_call.json"))
    assert ("2025-01-31", later, 1) in rows
    assert sum(count for _, count, _ in rows) == len(expected)
    described = duckdb.sql(
        f"describe select * from read_parquet('{path}/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    kinds = {row[0]: row[1] for row in described}
    assert (
        kinds["start_ms"] == "BIGINT"
        and kinds["is_speech"] == "BOOLEAN"
        and kinds["confidence"] == "DOUBLE"
    )


def test_unpartitioned_dataset_is_one_file_per_chunk_and_refuses_a_full_folder(calls, tmp_path):
    path = tmp_path / "turns"
    result = write_dataset("turns", calls, path, files_per_part=5, errors="collect")
    assert [p.name for p in sorted(path.iterdir())] == [
        f"part-{n:05d}.parquet" for n in range(5)
    ]  # 23 sources / 5
    assert result.rows == len(frames.turns(calls, errors="collect"))
    with pytest.raises(InvalidInputError, match="not empty"):
        write_dataset("turns", calls, path, errors="collect")
    again = write_dataset(
        "turns", calls, path, files_per_part=100, errors="collect", overwrite=True
    )
    assert [p.name for p in path.iterdir()] == ["part-00000.parquet"] and again.rows == result.rows
    with pytest.raises(InvalidInputError, match="partition_by"):
        write_dataset("turns", calls, tmp_path / "x", partition_by="nope")


def test_parquet_needs_its_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"vbformats\[parquet\]"):
        write_dataset("turns", SAMPLES, tmp_path / "x")


def test_metrics_command_writes_parquet_csv_and_json(calls, tmp_path, capsys):
    out = tmp_path / "m.parquet"
    args = namespace(
        batch_metrics,
        [
            str(calls),
            "-o",
            str(out),
            "--compare",
            "--jobs",
            "2",
            "--errors-out",
            str(tmp_path / "e.csv"),
        ],
    )
    assert run(args) == 1
    assert "vbformats: 19 calls measured, 4 of 23 inputs failed" in capsys.readouterr().err
    table = pd.read_parquet(out)
    declared = _declared("call_metrics")
    assert all(str(dtype) == declared.get(name, "category") for name, dtype in table.dtypes.items())
    assert "agent-talk-ratio_reported" in table.columns
    assert len((tmp_path / "e.csv").read_text().splitlines()) == 5
    good = shutil.copytree(
        SAMPLES,
        tmp_path / "good",
        ignore=shutil.ignore_patterns(
            "error_404.json", "failed_media.json", "*.py", "*.md", "*.png"
        ),
    )
    assert run(namespace(batch_metrics, [str(good), "-o", str(tmp_path / "m.json"), "-q"])) == 0
    rows = json.loads((tmp_path / "m.json").read_text())
    assert (
        len(rows) == 8
        and "overtalk-incidents" in rows[0]
        and "overtalk-incidents_reported" not in rows[0]
    )
    assert run(namespace(batch_metrics, [str(good), "--jobs", "1", "-q"])) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.splitlines()[0].startswith("media_id,source,length_ms,two_party,agent,caller")
    with pytest.raises(InvalidInputError, match="binary"):
        run(namespace(batch_metrics, [str(good), "--format", "parquet"]))


def test_frame_command_writes_a_dataset_or_one_table_with_jobs(calls, tmp_path, capsys):
    args = namespace(
        batch_frame,
        [
            str(calls),
            "turns",
            "-o",
            f"{tmp_path}/ds/",
            "--format",
            "parquet",
            "--partition-by",
            "date",
            "--errors",
            "collect",
            "--jobs",
            "2",
        ],
    )
    assert run(args) == 1  # written, some inputs skipped
    assert "vbformats: " in capsys.readouterr().err
    back = pd.read_parquet(tmp_path / "ds")
    assert len(back) == len(frames.turns(calls, errors="collect"))
    one = namespace(
        batch_frame,
        [
            str(SAMPLES / "stereo_call.json"),
            str(SAMPLES / "mono_call.json"),
            "turns",
            "-o",
            str(tmp_path / "t.csv"),
            "--jobs",
            "2",
            "-q",
        ],
    )
    assert run(one) == 0
    written = pd.read_csv(tmp_path / "t.csv")
    assert len(written) == len(
        frames.turns([SAMPLES / "stereo_call.json", SAMPLES / "mono_call.json"])
    )
