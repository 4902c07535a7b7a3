"""Writing a table: CSV, Parquet (the ``parquet`` extra) or JSON, atomically; and many sources
as a Parquet dataset (one file per chunk of sources, optionally partitioned by day)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from vbformats.atomic import atomic_path
from vbformats.errors import InvalidInputError, UnknownFormatError, require
from vbformats.secrets import redact

if TYPE_CHECKING:
    import pandas as pd

    from vbformats.models.media import Media

__all__ = [
    "NULL_PARTITION",
    "SAVE_FORMATS",
    "DatasetResult",
    "arrow_table",
    "csv_ready",
    "format_for_path",
    "require_pyarrow",
    "save",
    "to_csv",
    "to_json",
    "with_date",
    "write_dataset",
    "write_part",
]

#: Output formats of :func:`save`, and the file extensions that select them.
SAVE_FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "parquet": (".parquet", ".pq"),
    "json": (".json",),
}


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The :func:`save` format a file name asks for (``csv`` when the extension is unknown)."""
    lower = os.fspath(path).lower()
    for name, extensions in SAVE_FORMATS.items():
        if lower.endswith(extensions):
            return name
    return "csv"


def require_pyarrow() -> None:
    """Raise :class:`~vbformats.errors.MissingDependencyError` (extra ``parquet``) when pyarrow
    is not installed."""
    require("pyarrow", "parquet", "parquet output")


def save(frame: pd.DataFrame, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write a table to ``path`` as CSV, Parquet or JSON.

    Args:
        frame: A table from this module.
        path: Output file. Written to a temporary file beside it and renamed into place, so a
            failure never leaves half a file.
        format: ``"csv"`` (no index; missing values as empty fields), ``"parquet"`` (needs the
            ``parquet`` extra: pyarrow; dtypes kept), or ``"json"`` (an array of row objects,
            missing values as ``null``). Default: from the extension, else CSV.

    Raises:
        UnknownFormatError: ``format`` is not one of these.
        MissingDependencyError: Parquet without pyarrow installed.
    """
    fmt = format or format_for_path(path)
    if fmt not in SAVE_FORMATS:
        raise UnknownFormatError(fmt, tuple(SAVE_FORMATS))
    if fmt == "parquet":
        require_pyarrow()
    with atomic_path(path) as temporary:
        if fmt == "csv":
            csv_ready(frame).to_csv(temporary, index=False)
        elif fmt == "parquet":
            frame.to_parquet(temporary, index=False)
        else:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(to_json(frame))


def to_json(frame: pd.DataFrame) -> str:
    """The table as a JSON array of row objects (missing values ``null``, UTF-8 kept)."""
    text: str = frame.to_json(orient="records", force_ascii=False)
    return text


def to_csv(frame: pd.DataFrame) -> str:
    """The table as CSV text (no index; missing values as empty fields)."""
    text: str = csv_ready(frame).to_csv(index=False)
    return text


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every list, tuple, dict or array cell as JSON text (a CSV cell never
    holds a Python repr such as ``"[(191.274, 1.0)]"``: it holds ``[[191.274,1.0]]``).
    Parquet and JSON keep such cells native. Returns ``frame`` itself when there are none."""
    import json

    import numpy as np

    def cell(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if isinstance(value, (list, tuple, dict)):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return value

    nested = (list, tuple, dict, np.ndarray)
    columns = [
        name
        for name in frame.columns
        if frame[name].dtype == object and frame[name].map(lambda v: isinstance(v, nested)).any()
    ]
    if not columns:
        return frame
    out: pd.DataFrame = frame.copy(deep=False)
    for name in columns:
        out[name] = frame[name].map(cell)
    return out


# --- Parquet datasets -------------------------------------------------------------------------

#: Arrow types of the ``object`` columns (lists), so every file of a dataset has one schema even
#: when a chunk has only missing values there.
_OBJECT_TYPES: dict[str, str] = {"frequencies": "list<list<double>>", "lines": "list<string>"}

#: The partition value of rows whose value is missing (``date=unknown``). Not Hive's
#: ``__HIVE_DEFAULT_PARTITION__``: pyarrow reads that as a null inside the partition column's
#: dictionary, which ``pandas.read_parquet`` then cannot put together ("Cannot yet unify
#: dictionaries with nulls").
NULL_PARTITION = "unknown"


def _object_type(name: str) -> Any:
    import pyarrow as pa

    kind = _OBJECT_TYPES.get(name)
    if kind == "list<list<double>>":
        return pa.list_(pa.list_(pa.float64()))
    if kind == "list<string>":
        return pa.list_(pa.string())
    return None


def arrow_table(frame: pd.DataFrame) -> Any:
    """``frame`` as a ``pyarrow.Table`` with one schema per declared dtype, whatever the chunk:
    categoricals as ``dictionary<int32, string>`` (pandas picks int8 or int16 codes by the
    number of categories, and an all-missing categorical has no value type, which would give
    the files of one dataset different schemas), the list columns typed. The pandas metadata
    stays, so ``pandas.read_parquet`` gives the declared dtypes back.
    """
    import pandas as pd
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for field_ in table.schema:
        dtype = frame[field_.name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            fields.append(field_.with_type(pa.dictionary(pa.int32(), pa.string())))
        elif field_.name in _OBJECT_TYPES and _object_type(field_.name) is not None:
            fields.append(field_.with_type(_object_type(field_.name)))
        else:
            fields.append(field_)
    schema = pa.schema(fields, metadata=table.schema.metadata)
    columns = []
    for column, wanted in zip(table.columns, schema, strict=True):
        if column.type != wanted.type:
            if pa.types.is_dictionary(wanted.type) and pa.types.is_dictionary(column.type):
                column = column.cast(pa.string()).dictionary_encode()
                column = column.cast(wanted.type)
            else:
                column = column.cast(wanted.type)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def _partition_dir(column: str, value: Any) -> str:
    from urllib.parse import quote

    if value is None or (isinstance(value, float) and value != value):
        return f"{column}={NULL_PARTITION}"
    return f"{column}={quote(str(value), safe='')}"


def write_part(
    frame: pd.DataFrame,
    folder: str | os.PathLike[str],
    name: str,
    partition_by: str | None = None,
) -> list[str]:
    """Write one chunk's table into a dataset folder: ``folder/name`` or, partitioned,
    ``folder/<column>=<value>/name`` for each value (Hive layout; the column is in the path,
    not in the file). Atomic per file. Returns the files written.

    Raises:
        MissingDependencyError: pyarrow is not installed (extra ``parquet``).
        InvalidInputError: ``partition_by`` is not a column of ``frame``.
    """
    require_pyarrow()
    import pyarrow.parquet as pq

    root = os.fspath(folder)
    groups: list[tuple[str, pd.DataFrame]]
    if partition_by is None:
        groups = [(root, frame)]
    else:
        if partition_by not in frame.columns:
            raise InvalidInputError(
                "partition_by", f"{partition_by!r} is not a column of this table"
            )
        keys = frame[partition_by].astype(object).where(frame[partition_by].notna(), None)
        groups = []
        for value in dict.fromkeys(keys.tolist()):
            rows = frame[(keys == value) if value is not None else keys.isna()]
            rows = rows.drop(columns=[partition_by]).reset_index(drop=True)
            groups.append((os.path.join(root, _partition_dir(partition_by, value)), rows))
    written = []
    for where, rows in groups:
        os.makedirs(where, exist_ok=True)
        target = os.path.join(where, name)
        with atomic_path(target) as temporary:
            pq.write_table(arrow_table(rows), temporary)
        written.append(target)
    return written


def _prepare_dataset_folder(path: str, overwrite: bool) -> None:
    if os.path.isdir(path):
        existing = [
            os.path.join(where, file)
            for where, _, files in os.walk(path)
            for file in files
            if not file.startswith(".")
        ]
        if existing and not overwrite:
            raise InvalidInputError(
                "path", f"{redact(repr(path))} is not empty (overwrite=True replaces its files)"
            )
        for file in existing:
            if file.endswith(".parquet"):
                os.unlink(file)
    elif os.path.exists(path):
        raise InvalidInputError("path", f"{redact(repr(path))} is a file, not a folder")
    os.makedirs(path, exist_ok=True)


def _dataset_task(task: tuple[Any, ...]) -> tuple[Any, list[str], int]:
    """Worker: build one chunk's table and write its file(s) right there (nothing but the
    file names and the failures travel back)."""
    from vbformats.frames.many import with_sources

    job, items, folder, name, partition_by = task
    part = job(items)
    files: list[str] = []
    rows = 0
    if part.frame is not None:
        frame = with_sources(part.frame, part.lengths, part.media_ids, part.labels)
        if partition_by == "date" and "date" not in part.frame.columns:
            frame = with_date(frame, part.dates, part.lengths)
        files = write_part(frame, folder, name, partition_by)
        rows = len(frame)
    part.frame = None  # the rows stay in the file
    return part, files, rows


def with_date(frame: pd.DataFrame, dates: list[str | None], lengths: list[int]) -> pd.DataFrame:
    """``frame`` with a ``date`` column (``YYYY-MM-DD`` of each row's source ``dateCreated``)
    after ``source``: what ``partition_by="date"`` partitions by."""
    import numpy as np
    import pandas as pd

    values = np.repeat(np.array(dates, dtype=object), np.array(lengths, dtype=np.int64))
    out = frame.copy(deep=False)
    position = list(out.columns).index("source") + 1 if "source" in out.columns else 0
    out.insert(position, "date", pd.array(values, dtype="string"))
    result: pd.DataFrame = out
    return result


class DatasetResult(NamedTuple):
    """What :func:`write_dataset` wrote: the files, the rows, the skipped sources."""

    files: list[str]
    rows: int
    errors: list[dict[str, str]]


def write_dataset(
    table: str,
    sources: Any,
    path: str | os.PathLike[str],
    *,
    partition_by: str | None = None,
    files_per_part: int = 100,
    jobs: int | None = 1,
    errors: str = "raise",
    roles: Any = None,
    progress: bool | None = None,
    overwrite: bool = False,
    transform: Callable[[Media], Media] | None = None,
    speakers: Mapping[str, str] | None = None,
    **options: Any,
) -> DatasetResult:
    """Write ``table`` for many sources as a Parquet dataset: one file per chunk of sources.

    Each chunk of ``files_per_part`` sources becomes ``part-NNNNN.parquet`` (``media_id`` and
    ``source`` in front, the declared dtypes in the files' pandas metadata), written by the
    worker that built it (``jobs``), so the rows never pass through this process. With
    ``partition_by`` the files go into Hive folders ``<column>=<value>/``: ``"date"`` is the
    day of each source's ``dateCreated`` (``date=2024-03-01``; ``date=unknown`` when
    missing), any other name a column of the table. pandas (``pd.read_parquet(path)``),
    pyarrow (``pyarrow.dataset.dataset(path, partitioning="hive")``) and DuckDB
    (``read_parquet('path/**/*.parquet', hive_partitioning = true)``) read it.

    Args:
        table: A table name (``frames.TABLES``).
        sources: A folder, a glob, or an iterable of sources (see ``frames.build``).
        path: The dataset folder (created; must be empty unless ``overwrite``).
        partition_by: ``"date"`` or a column of the table.
        files_per_part: Sources per file.
        jobs: Worker processes (``None``: one per CPU).
        errors: ``"raise"`` or ``"collect"`` (bad sources skipped and listed in the result).
        roles: Role override.
        progress: As in ``frames.build``.
        overwrite: Replace the ``.parquet`` files of a non-empty ``path``.
        transform: Applied to each loaded Media before its rows are built (must pickle).
        speakers: Names for RingCentral speaker ids (as in ``frames.build``).
        **options: The table's options.

    Returns:
        A :class:`DatasetResult` (files written in order, rows, skipped sources).

    Raises:
        MissingDependencyError: pyarrow is not installed (extra ``parquet``).
        InvalidInputError: a bad table, option or ``path``; with ``errors="raise"`` the first
            bad source (:class:`~vbformats.errors.SourceError`).
    """
    from vbformats.batch.pool import WorkerPool, chunked, resolve_jobs
    from vbformats.frames.core import get
    from vbformats.frames.many import PartJob, raise_failure
    from vbformats.progress import Progress
    from vbformats.sources import expand

    require_pyarrow()
    declared = get(table)
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    unknown = sorted(set(options) - set(declared.options))
    if unknown:
        raise InvalidInputError(unknown[0], f"the {table} table has no option {unknown[0]!r}")
    if files_per_part < 1:
        raise InvalidInputError("files_per_part", f"must be at least 1, got {files_per_part}")
    columns = {column.name for column in declared.columns} | {"date", "media_id", "source"}
    if partition_by is not None and partition_by not in columns:
        raise InvalidInputError(
            "partition_by", f"{partition_by!r} is neither 'date' nor a column of {table}"
        )
    job = PartJob(table, errors, roles, options, transform, speakers)  # type: ignore[arg-type]
    workers = resolve_jobs(jobs)
    folder = os.fspath(path)
    items, _many = expand(sources)
    _prepare_dataset_folder(folder, overwrite)
    chunks = list(chunked(items, files_per_part))
    workers = min(workers, max(1, len(chunks)))
    tasks = (
        (job, chunk, folder, f"part-{n:05d}.parquet", partition_by)
        for n, chunk in enumerate(chunks)
    )
    files: list[str] = []
    failures: list[dict[str, str]] = []
    rows = 0
    with Progress(len(items), progress) as bar, WorkerPool(workers, window=workers * 2) as pool:
        for part, written, count in pool.map(_dataset_task, tasks):
            files += written
            rows += count
            failures += part.failures
            bar.update(part.count)
            if part.error is not None:
                label, error = part.error
                raise_failure(label, error, True)
    return DatasetResult(files, rows, failures)
