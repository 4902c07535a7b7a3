"""Parallel frames (jobs=) give the serial table; compute_many's table; progress on a terminal
and in a log."""

from __future__ import annotations

import io
import sys

import pandas as pd
import pytest
from archive_support import GOOD, SAMPLES, mixed_folder

import vbformats
from vbformats import frames, metrics
from vbformats.errors import SourceError
from vbformats.metrics.names import EXTENSION_NAMES, METRIC_NAMES
from vbformats.progress import Progress


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory):
    return mixed_folder(tmp_path_factory.mktemp("calls"), copies=2)


@pytest.fixture(scope="module")
def few(tmp_path_factory: pytest.TempPathFactory):
    return mixed_folder(tmp_path_factory.mktemp("few"))  # 13 files: 38 tables twice stay quick


def test_every_table_with_two_jobs_is_the_serial_table(few):
    calls = few
    for table in frames.TABLES:
        serial = frames.build(table, calls, errors="collect")
        parallel = frames.build(table, calls, errors="collect", jobs=2)
        pd.testing.assert_frame_equal(parallel, serial, check_exact=True)
        assert parallel.attrs["errors"] == serial.attrs["errors"], table
        assert len(serial.attrs["errors"]) == 4
        assert len(serial) > 0 or table not in ("words", "turns", "call_metrics"), table
    # the generated public functions take jobs= too, and options pass through
    pd.testing.assert_frame_equal(
        frames.turns(calls, errors="collect", jobs=2, include_dtmf=True),
        frames.turns(calls, errors="collect", include_dtmf=True),
    )


def test_errors_raise_stops_at_the_same_first_bad_file_as_serial(calls):
    with pytest.raises(SourceError) as serial:
        frames.words(calls)
    with pytest.raises(SourceError) as parallel:
        frames.words(calls, jobs=2)
    assert (parallel.value.source, str(parallel.value)) == (serial.value.source, str(serial.value))
    assert type(parallel.value.__cause__) is type(serial.value.__cause__)


def test_compute_many_is_one_typed_row_per_call(calls):
    table = metrics.compute_many(calls, jobs=2, compare=True)
    assert len(table) == len(GOOD) * 2
    assert len(table.attrs["errors"]) == 4  # errors="collect" by default
    declared = {c.name: c.dtype for c in frames.SCHEMAS["call_metrics"]}
    assert list(table.columns[:2]) == ["media_id", "source"]
    for name, dtype in table.dtypes.items():
        assert str(dtype) == declared.get(name, "category"), name
    metric_columns = [c for c in table.columns if c in METRIC_NAMES or c in EXTENSION_NAMES]
    assert metric_columns == [*METRIC_NAMES, *EXTENSION_NAMES]
    # the reported value sits right after its metric
    position = list(table.columns).index("overtalk-ratio")
    assert table.columns[position + 1] == "overtalk-ratio_reported"
    # each row is metrics.compute of that file
    row = table[table.source == str(calls / "stereo_call-001.json")].iloc[0]
    result = metrics.compute(vbformats.load(SAMPLES / "stereo_call.json"))
    for name in METRIC_NAMES:
        value = result[name]
        assert (pd.isna(row[name]) and value is None) or row[name] == pytest.approx(value), name
    reported = {name: value for _, name, value in result.reported}
    assert row["overtalk-incidents_reported"] == reported["overtalk-incidents"]
    assert row["agent"] == "Agent" and row["caller"] == "Caller" and bool(row["two_party"])
    # the same table with one job, and without compare no _reported column
    pd.testing.assert_frame_equal(metrics.compute_many(calls, jobs=1, compare=True), table)
    assert not [
        c for c in metrics.compute_many(GOOD[:2], jobs=1).columns if c.endswith("_reported")
    ]


def test_compute_many_of_one_source_still_names_it_and_rollups_are_a_groupby():
    one = metrics.compute_many(SAMPLES / "stereo_call.json")
    assert one.source.tolist() == [str(SAMPLES / "stereo_call.json")] and len(one) == 1
    table = metrics.compute_many(
        [SAMPLES / "stereo_call.json"] * 3 + [SAMPLES / "verb_noun_pairs.json"], jobs=1
    )
    by_agent = table.groupby("agent", observed=True)[
        ["agent-talk-ratio", "overtalk-incidents", "agent-sentiment"]
    ].mean()
    assert list(by_agent.index) == sorted(set(table.agent.dropna()))
    assert by_agent.loc["Agent", "overtalk-incidents"] == pytest.approx(
        table[table.agent == "Agent"]["overtalk-incidents"].mean()
    )
    with pytest.raises(vbformats.InvalidInputError, match="no option 'silence_ms'"):
        metrics.compute_many(SAMPLES, silence_ms=3)
    with pytest.raises(SourceError):
        metrics.compute_many(SAMPLES, errors="raise", jobs=1)


def test_agent_key_takes_the_agent_from_the_metadata():
    table = metrics.compute_many([SAMPLES / "stereo_call.json"], jobs=1, agent_key="agentId")
    media = vbformats.load(SAMPLES / "stereo_call.json")
    assert table.agent.tolist() == [str(media.metadata.extended["agentId"])]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_tqdm_bar_on_a_terminal_lines_in_a_log_and_nothing_when_quiet(monkeypatch):
    tty = _Tty()
    with Progress(3, True, stream=tty) as bar:
        for _ in range(3):
            bar.update()
    assert "3/3 files" in tty.getvalue() and "100%|" in tty.getvalue()  # tqdm's bar
    log = io.StringIO()
    with Progress(5, True, stream=log, interval_s=0) as lines:
        for _ in range(5):
            lines.update()
    shown = log.getvalue().splitlines()
    assert shown[0].startswith("vbformats: 1/5 files (20%), ") and "about " in shown[0]
    assert shown[-1].startswith("vbformats: 5/5 files (100%), ") and "\r" not in log.getvalue()
    assert len(shown) == 5
    quiet = _Tty()
    with Progress(5, False, stream=quiet) as off:
        off.update(5)
    assert quiet.getvalue() == ""
    # the library default: a bar on a terminal for many files only
    monkeypatch.setattr(sys, "stderr", _Tty())
    frames.words(GOOD[:3], jobs=2)
    assert "3/3 files" in sys.stderr.getvalue()


def test_a_part_travels_from_a_worker_as_bytes_and_comes_back_equal(few):
    """Parts are pickled in the worker and unpickled in the parent with the collector paused
    (the words table has pairs of numbers per token); nothing changes on the way."""
    import pickle

    from vbformats.frames.many import build_part, pack, unpack
    from vbformats.sources import expand

    items, _ = expand(few)
    part = build_part("words", items, errors="collect")
    original = part.frame.copy()
    assert original["frequencies"].map(lambda v: isinstance(v, tuple)).any()
    travelled = pickle.loads(pickle.dumps(pack(part)))
    assert travelled.frame is None and isinstance(travelled.packed, bytes)
    unpack(travelled)
    assert travelled.packed is None
    pd.testing.assert_frame_equal(travelled.frame, original, check_exact=True)
    first = next(v for v in travelled.frame["frequencies"] if isinstance(v, tuple))
    assert isinstance(first[0], tuple)


def test_packed_frames_keep_every_column_in_place_whatever_the_pairs_hold():
    """``dumps_frame`` sends the number-pair column beside the rest (pickled without the memo)
    and ``loads_frame`` puts it back where it was: first, middle or last, all ``None``, or a
    table without it; values, types (an int energy stays an int) and dtypes unchanged."""
    from vbformats.frames.many import dumps_frame, loads_frame

    pairs = [((100.5, 1), (200.25, 0.5)), None, ((50.0, 0.125),)]
    shapes = {
        "first": pd.DataFrame({"frequencies": pairs, "n": [1, 2, 3]}),
        "middle": pd.DataFrame({"a": ["x", "y", "x"], "frequencies": pairs, "n": [1, 2, 3]}),
        "last": pd.DataFrame({"n": pd.array([1, None, 3], dtype="Int64"), "frequencies": pairs}),
        "all none": pd.DataFrame({"n": [1, 2, 3], "frequencies": [None, None, None]}),
        "without": pd.DataFrame({"n": [1, 2, 3], "text": ["a", "b", "c"]}),
        "index kept": pd.DataFrame({"frequencies": pairs, "n": [1, 2, 3]}, index=[7, 8, 9]),
    }
    for name, frame in shapes.items():
        frame.attrs["errors"] = [{"source": name}]
        back = loads_frame(dumps_frame(frame))
        pd.testing.assert_frame_equal(back, frame, check_exact=True, obj=name)
        assert list(back.columns) == list(frame.columns), name
        assert back.attrs == frame.attrs, name
        if "frequencies" in frame and frame["frequencies"].iloc[0] is not None:
            assert type(back["frequencies"].iloc[0][0][1]) is int, name


def _collector_on_in_worker(_: int) -> bool:
    import gc

    return gc.isenabled()


def test_a_many_source_build_runs_no_collection_and_leaves_the_collector_as_it_found_it(calls):
    """The parts of a folder pile up until the end: a collection of the older generations would
    walk all of them. The parent pauses the collector for the whole build (at most the one
    collection when it comes back on) and restores it; workers forked meanwhile collect as usual."""
    import gc

    from vbformats.batch.pool import WorkerPool
    from vbformats.gcpause import gc_paused

    frames.words(calls, errors="collect")  # imports and first-use caches out of the count
    started: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(count)
    try:
        for jobs in (1, 2):
            started.clear()
            table = frames.words(calls, errors="collect", jobs=jobs)
            assert len(table) > 1000 and gc.isenabled()
            # at most the one collection the first allocation after the pause starts (of
            # whichever generation the counts have reached)
            assert len(started) <= 1, (jobs, started)
    finally:
        gc.callbacks.remove(count)
    gc.disable()
    try:
        frames.words(calls, errors="collect", jobs=2)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
    with gc_paused(), WorkerPool(2) as pool:
        assert list(pool.map(_collector_on_in_worker, range(4))) == [True] * 4
