"""vbformats.dask on a REAL dask.distributed.LocalCluster (2 worker processes, started once for
the module): every table's .compute() equals the pandas builder on the same files; URLs through
fsspec (file://; memory:// on the local scheduler, since a memory filesystem lives in one
process); errors="collect" per partition; a dataset written from the cluster; metrics and
convert as Dask pipelines; the missing extra named."""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

import dask
import fsspec
import pandas as pd
import pytest
from archive_support import GOOD, SAMPLES, mixed_folder, namespace, run
from distributed import Client, LocalCluster

import vbformats
import vbformats.dask as vbdask
from vbformats import batch, frames
from vbformats.batch import dask_fetch
from vbformats.commands import batch_convert
from vbformats.errors import InvalidInputError, MissingDependencyError, SourceError


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mixed_folder(tmp_path_factory.mktemp("calls"))


def _same(dask_frame: pd.DataFrame, pandas_frame: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        dask_frame.reset_index(drop=True), pandas_frame, check_categorical=False
    )
    for name, dtype in pandas_frame.dtypes.items():
        assert str(dask_frame[name].dtype) == str(dtype), name


def test_every_table_computes_to_the_pandas_table_on_the_cluster(client, calls):
    glob = str(calls / "*")
    extended = {"extended.agentId": "string", "extended.queue": "string"}
    lazy = {}
    for table in frames.TABLES:
        options = {"extra_columns": extended} if table == "metadata" else {}
        lazy[table] = vbdask.frame(glob, table, files_per_partition=3, errors="collect", **options)
        # meta is the declaration: no file was read to make it
        declared = [
            c.name
            for c in frames.SCHEMAS[table]
            if not c.optional and c.dtype != "inferred" and c.name != "media_id"
        ]
        assert list(lazy[table].columns) == [
            "media_id",
            "source",
            *declared,
            *(extended if table == "metadata" else []),
        ]
    computed = dask.compute(*lazy.values())
    for table, result in zip(lazy, computed, strict=True):
        expected = frames.build(table, glob, errors="collect")
        if table == "metadata":
            expected = expected[list(result.columns)]
        _same(result, expected)
    assert lazy["words"].npartitions == 5  # 13 files, 3 per partition


def test_compute_in_the_caller_equals_dask_compute_for_every_table(client, calls):
    # vbdask.compute gathers each partition straight to the caller (no one-partition concat
    # on a worker); rows, dtypes and the unioned categoricals are those of .compute()
    glob = str(calls / "*")
    for table in frames.TABLES:
        lazy = vbdask.frame(glob, table, files_per_partition=3, errors="collect")
        gathered, computed = vbdask.compute(lazy), lazy.compute()
        pd.testing.assert_frame_equal(gathered, computed, check_categorical=False)
        for name, dtype in computed.dtypes.items():
            assert str(gathered[name].dtype) == str(dtype), (table, name)
        _same(gathered, frames.build(table, glob, errors="collect")[list(gathered.columns)])
    roles = vbdask.compute(vbdask.frame(glob, "turns", files_per_partition=2, errors="collect"))
    assert str(roles["role"].dtype) == "category"
    assert set(roles["role"].cat.categories) <= {"agent", "caller"}
    empty = vbdask.compute(vbdask.frame([], "words"))
    assert empty.empty and list(empty.columns) == list(vbdask.frame([], "words").columns)
    with pytest.raises(InvalidInputError, match=r"table.*dask DataFrame.*got DataFrame"):
        vbdask.compute(computed)  # an already computed pandas frame


def test_compute_streams_from_the_client_and_falls_back_to_the_configured_scheduler(client, calls):
    # on the cluster each partition is fetched as its task ends; a bad file still fails the
    # whole computation with the file's name, as .compute() does
    glob = str(calls / "*")
    assert dask_fetch.client_in_use() is client
    streamed = vbdask.compute(vbdask.frame(glob, "words", files_per_partition=2, errors="collect"))
    bad = {
        Path(item["source"]).name
        for item in frames.build("turns", str(calls / "*.json"), errors="collect").attrs["errors"]
    }
    with pytest.raises(SourceError) as failed:  # the first partition to fail, in time
        vbdask.compute(
            vbdask.frame(str(calls / "*.json"), "turns", errors="raise", files_per_partition=1)
        )
    assert Path(str(failed.value).split(": ")[0]).name in bad
    # the partitions still pending were cancelled: the cluster lets go of every task, even
    # while the traceback (which holds the futures) is alive
    deadline = time.monotonic() + 20
    while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
        assert time.monotonic() < deadline, "tasks left on the cluster after a failure"
        time.sleep(0.05)
    # a scheduler set in dask's config wins over the client, as it does for .compute()
    with dask.config.set(scheduler="sync"):
        assert dask_fetch.client_in_use() is None
        local = vbdask.compute(vbdask.frame(glob, "words", files_per_partition=5, errors="collect"))
    pd.testing.assert_frame_equal(
        streamed.reset_index(drop=True), local.reset_index(drop=True), check_categorical=False
    )
    assert len(streamed) == len(frames.words(glob, errors="collect")) > 0


def test_options_and_file_urls_and_the_errors_bag(client, calls):
    urls = [f"file://{path}" for path in sorted(calls.iterdir())]
    table, bad = vbdask.frame_with_errors(
        urls, "verb_noun_pairs", with_sentiment=True, files_per_partition=4
    )
    result = vbdask.compute_with_errors(table, bad)  # one pass, dask's merge warning silenced
    skipped = result.attrs["errors"]
    expected = frames.build(
        "verb_noun_pairs",
        [str(p) for p in sorted(calls.iterdir())],
        errors="collect",
        with_sentiment=True,
    )
    assert "sentiment" in result.columns
    assert result.source.astype(str).str.startswith("file://").all()
    pd.testing.assert_frame_equal(
        result.drop(columns=["source"]).reset_index(drop=True),
        expected.drop(columns=["source"]),
        check_categorical=False,
    )
    assert sorted(Path(item["source"]).name for item in skipped) == sorted(
        Path(item["source"]).name for item in expected.attrs["errors"]
    )
    assert {item["type"] for item in skipped} >= {"MediaFailedError", "InvalidInputError"}
    with pytest.raises(SourceError, match=r"error_404\.json: \[status 404"):  # the first bad file
        vbdask.frame(str(calls / "*.json"), "turns", errors="raise").compute()


def test_a_memory_filesystem_through_fsspec_on_the_local_scheduler():
    memory = fsspec.filesystem("memory")
    for path in GOOD[:3]:
        memory.pipe(f"/vbf-test/{path.name}", path.read_bytes())
    with dask.config.set(scheduler="sync"):
        result = vbdask.frame("memory://vbf-test/*", "turns", files_per_partition=2).compute()
        listed = vbdask.frame("memory://vbf-test/", "turns").compute()
    expected = frames.turns([str(p) for p in sorted(GOOD[:3], key=lambda p: p.name)])
    pd.testing.assert_frame_equal(
        result.drop(columns=["source"]).reset_index(drop=True),
        expected.drop(columns=["source"]),
        check_categorical=False,
    )
    assert sorted(set(result.source.astype(str))) == sorted(
        f"memory:///vbf-test/{p.name}" for p in GOOD[:3]
    )
    assert len(listed) == len(result)


def test_metrics_and_a_dataset_straight_from_the_cluster(client, calls, tmp_path):
    table = vbdask.metrics(str(calls / "*"), compare=True, files_per_partition=4).compute()
    _same(table, vbformats.metrics.compute_many(calls, jobs=1, compare=True))
    result = vbdask.to_parquet(
        str(calls / "*"),
        "words",
        tmp_path / "ds",
        partition_by="date",
        errors="collect",
        files_per_partition=4,
    )
    assert result.rows == len(frames.words(calls, errors="collect")) and len(result.errors) == 4
    back = pd.read_parquet(tmp_path / "ds")
    assert len(back) == result.rows and str(back.start_ms.dtype) == "Int64"


def test_convert_as_a_dask_bag_writes_the_local_engines_files(client, calls, tmp_path):
    summary = vbdask.convert(str(calls / "*"), tmp_path / "dask", "srt,text", files_per_partition=4)
    local = batch.convert(calls, tmp_path / "local", "srt,text", jobs=1)
    assert (summary.converted, summary.failed, summary.written) == (
        local.converted,
        local.failed,
        local.written,
    )
    names = sorted(os.listdir(tmp_path / "local"))
    assert names == sorted(os.listdir(tmp_path / "dask"))
    for name in names:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    again = vbdask.convert(str(calls / "*"), tmp_path / "dask", "srt,text")
    assert again.skipped == local.converted  # resumable on the cluster too
    # the command's --scheduler switch, on this cluster
    args = namespace(
        batch_convert,
        [
            str(calls),
            "-o",
            str(tmp_path / "cli"),
            "--to",
            "vtt",
            "--scheduler",
            client.scheduler.address,
            "-q",
        ],
    )
    assert run(args) == 1
    assert len(os.listdir(tmp_path / "cli")) == local.converted


def test_a_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(MissingDependencyError, match=r"vbformats\[dask\]"):
        vbdask.frame(str(SAMPLES), "words")


def test_frame_and_metrics_commands_on_the_cluster_write_the_local_tables(
    client, calls, tmp_path, capsys
):
    address = client.scheduler.address
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for command, extra in (("frame", ["turns", "--errors", "collect"]), ("metrics", [])):
            local = tmp_path / f"{command}-local.csv"
            remote = tmp_path / f"{command}-remote.csv"
            assert run(_args(command, calls, extra, local)) == 1
            assert run(_args(command, calls, [*extra, "--scheduler", address], remote)) == 1
            assert remote.read_bytes() == local.read_bytes(), command
            assert len(remote.read_text().splitlines()) > 9
    # the command line prints every warning: dask's own is not the user's business
    assert not [w for w in caught if "mixed collections" in str(w.message)]
    assert "failed" in capsys.readouterr().err
    # a dataset written by the workers, from the command line
    args = _args("frame", calls, ["words", "--errors", "collect", "--scheduler", address], None)
    args.output, args.format, args.partition_by = f"{tmp_path}/ds/", "parquet", "date"
    assert run(args) == 1
    back = pd.read_parquet(tmp_path / "ds")
    assert len(back) == len(frames.words(calls, errors="collect"))
    assert sorted(p.name for p in (tmp_path / "ds").iterdir())[0].startswith("date=")


def _args(command: str, calls: Path, extra: list[str], out: Path | None):
    from vbformats.cli import build_parser

    argv = [command, str(calls), *extra, "-q"] + (["-o", str(out)] if out else [])
    return build_parser().parse_args(argv)


def test_a_notebook_lambda_that_uses_the_package_runs_on_the_cluster(client):
    """A function defined in a notebook is pickled by value with its globals; ``vbformats`` among
    them must travel by name (the lazy package is a module subclass, which cloudpickle's
    module reducer, chosen by exact type, did not cover: "cannot pickle '_Package' object")."""
    paths = [str(path) for path in GOOD[:2]]
    media_ids = client.gather(client.map(lambda path: vbformats.load(path).media_id, paths))
    assert media_ids == [vbformats.load(path).media_id for path in paths]
