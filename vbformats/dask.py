"""Scale-out on Dask: every table as a ``dask.dataframe``, metrics and convert as Dask pipelines.

Needs the ``dask`` extra (``pip install 'vbformats[dask]'``: ``dask[dataframe]`` and
``distributed``) and, for Parquet, the ``parquet`` extra; without them each function raises
:class:`~vbformats.errors.MissingDependencyError` naming the extra.

Three lines in a notebook, on any cluster (or none: the local scheduler)::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")            # or Client() for a local cluster
    words = vbformats.dask.frame("s3://bucket/calls/*.json", "words")

* **sources**: a glob, a folder or a path, or a list of these; local paths (expanded exactly as
  :func:`vbformats.sources.expand` does, so the ``source`` column is the same as
  ``frames.build``'s) or any fsspec URL (``file://``, ``s3://``, ``gs://``, ``memory://``...
  with the filesystem package installed; ``storage_options`` is passed to fsspec). The file
  list is made once, here; each partition's task reads its files' bytes through fsspec on the
  worker, so only paths travel to the cluster;
* **partitions**: one per chunk of ``files_per_partition`` files, built by the same function as
  the pandas builders' parts (:func:`vbformats.frames.many.build_part`), with ``media_id`` and
  ``source`` in front;
* **meta from the declarations**: the table's declared columns and dtypes (the optional ones the
  options ask for), no file read to guess them; categorical columns have unknown categories
  (``role``'s are always ``agent`` and ``caller``). ``metadata``'s ``extended.*`` columns depend
  on the files: name the ones you want with ``extra_columns={"extended.agent": "string"}``;
* **errors**: ``"raise"`` fails the computation with :class:`~vbformats.errors.SourceError`
  naming the file; ``"collect"`` skips bad files in each partition, and
  :func:`frame_with_errors` gives their records as a ``dask.bag`` computed from the same tasks.

``frame(...).compute()`` has the rows of ``frames.build(table, sources)`` in the same order and
with the same columns and dtypes; its index restarts in every partition
(``.reset_index(drop=True)`` gives the pandas builders' ``RangeIndex``), and a categorical's
categories come in order of appearance rather than sorted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vbformats.errors import InvalidInputError, require

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_FILES_PER_PARTITION",
    "compute",
    "compute_with_errors",
    "convert",
    "frame",
    "frame_with_errors",
    "list_sources",
    "metrics",
    "to_parquet",
]

#: Files per partition (a partition of ``words`` for 32 calls of 3,000 words is ~120,000 rows).
DEFAULT_FILES_PER_PARTITION = 32


def _require(parquet: bool = False) -> None:
    require("dask.dataframe", "dask", "vbformats.dask")
    require("fsspec", "dask", "vbformats.dask")
    if parquet:
        require("pyarrow", "parquet", "Parquet output")


def _is_url(text: str) -> bool:
    return "://" in text


def list_sources(
    sources: Any, storage_options: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """``(label, location)`` of every file ``sources`` names, in order.

    Local paths, folders and globs are expanded by :func:`vbformats.sources.expand` (label =
    the path); a URL (``proto://...``) through its fsspec filesystem: a glob matches files, a
    folder lists its result files (sorted, hidden ones skipped, not recursive); its label is
    the full URL.

    Raises:
        InvalidInputError: ``sources`` is not a path, URL or list of them.
        MissingDependencyError: fsspec is not installed (extra ``dask``).
    """
    from vbformats.sources import expand, folder_extensions

    if isinstance(sources, (str, os.PathLike)):
        listed = [os.fspath(sources)]
    elif isinstance(sources, Sequence) and not isinstance(sources, (bytes, bytearray)):
        listed = [os.fspath(item) for item in sources]
    else:
        raise InvalidInputError(
            "sources", "pass a path, a glob, a URL or a list of them (not documents in memory)"
        )
    out: list[tuple[str, str]] = []
    local: list[str] = []

    def flush() -> None:
        if local:
            out.extend((label, item) for label, item in expand(list(local))[0])
            local.clear()

    for text in listed:
        if not _is_url(text):
            local.append(text)
            continue
        flush()
        require("fsspec", "dask", "reading URLs")
        import fsspec

        fs, path = fsspec.core.url_to_fs(text, **(storage_options or {}))
        if any(char in path for char in "*?["):
            found = sorted(p for p in fs.glob(path) if fs.isfile(p))
        elif fs.isdir(path):
            extensions = folder_extensions()
            found = sorted(
                p
                for p in fs.ls(path, detail=False)
                if not os.path.basename(p).startswith(".")
                and p.lower().endswith(extensions)
                and fs.isfile(p)
            )
        else:
            found = [path]
        out.extend((fs.unstrip_protocol(p), fs.unstrip_protocol(p)) for p in found)
    flush()
    return out


class _Loader:
    """Reads one location on a worker: local paths as ``vbformats.load`` does, URLs through
    fsspec (bytes, then the format from the content and the name)."""

    def __init__(self, storage_options: Mapping[str, Any] | None) -> None:
        self.storage_options = dict(storage_options or {})

    def __call__(self, label: str, item: Any) -> Any:
        from vbformats.frames.many import as_media

        if not (isinstance(item, str) and _is_url(item)):
            return as_media(item)
        import fsspec

        from vbformats import formats
        from vbformats.sources import DEFAULT_MAX_BYTES

        try:
            with fsspec.open(item, "rb", **self.storage_options) as handle:
                data = handle.read(DEFAULT_MAX_BYTES + 1)
        except OSError as error:
            raise InvalidInputError("", f"cannot read {label!r}: {error}") from None
        if len(data) > DEFAULT_MAX_BYTES:
            raise InvalidInputError("", f"{label!r} is larger than {DEFAULT_MAX_BYTES} bytes")
        return formats.detect(data, item).read(data, item)


def _meta(
    table: str,
    roles: Mapping[str, str] | None,
    options: Mapping[str, Any],
    extra: Mapping[str, str],
) -> pd.DataFrame:
    """The empty frame of the declared columns (those the options ask for), unknown
    categories; nothing is read."""
    import pandas as pd
    from dask.dataframe.utils import clear_known_categories

    from vbformats.frames import core
    from vbformats.frames.many import with_sources

    declared = core.get(table)
    names = [column.name for column in declared.columns]
    try:
        # the builder on an empty document: which optional columns these options give
        shape = declared.build(_empty_media(), roles, **dict(options)).columns
    except Exception:  # a builder that needs a section: the required columns
        shape = [column.name for column in declared.columns if not column.optional]
    data = {
        column.name: None
        for column in declared.columns
        if column.name in shape and column.dtype != "inferred"
    }
    meta = core.frame(table, data, 0)
    meta = meta[[name for name in names if name in meta.columns]]
    meta = with_sources(meta, [], [], [])
    for name, dtype in extra.items():
        meta[name] = pd.Series([], dtype=dtype)
    unknown = [
        name
        for name in meta.columns
        if isinstance(meta[name].dtype, pd.CategoricalDtype) and name != "role"
    ]
    result: pd.DataFrame = clear_known_categories(meta, cols=unknown)
    return result


def _empty_media() -> Any:
    from vbformats.models.media import Media

    return Media()


def _conform(frame: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly ``meta``'s columns (extra ``extended.*`` dropped, asked-for ones
    added as missing or cast to their declared dtype)."""
    import pandas as pd

    # an empty categorical's categories are objects, a filled one's strings: dask refuses to
    # put those together, so empty ones get string categories too
    text = pd.Index(["x"]).dtype
    out = {}
    for name in meta.columns:
        dtype = meta[name].dtype
        if name in frame.columns:
            column = frame[name]
            if isinstance(dtype, pd.CategoricalDtype):
                if len(column.cat.categories) == 0:
                    column = column.cat.set_categories(pd.Index([], dtype=text))
            elif column.dtype != dtype:
                column = column.astype(dtype)
            out[name] = column
        elif isinstance(dtype, pd.CategoricalDtype):
            empty = pd.Categorical([None] * len(frame), categories=pd.Index([], dtype=text))
            out[name] = pd.Series(empty, index=frame.index)
        else:
            out[name] = pd.Series([None] * len(frame), index=frame.index, dtype=dtype)
    result: pd.DataFrame = pd.DataFrame(out, index=frame.index)
    return result


def _partition(
    table: str,
    items: list[tuple[str, Any]],
    errors: str,
    roles: Mapping[str, str] | None,
    options: Mapping[str, Any],
    storage_options: Mapping[str, Any] | None,
    meta: pd.DataFrame,
) -> tuple[pd.DataFrame, list[dict[str, str]], list[str | None], list[int]]:
    """One partition (on a worker): its frame, the failures, and each good source's day and
    row count (for a dataset partitioned by date)."""
    from vbformats.frames.many import build_part, raise_failure, with_sources

    part = build_part(
        table,
        items,
        errors=errors,  # type: ignore[arg-type]
        roles=roles,
        options=options,
        loader=_Loader(storage_options),
    )
    if part.error is not None:
        raise_failure(*part.error, True)
    if part.frame is None:
        from vbformats.frames.core import empty

        return _conform(empty(table, many=True), meta), part.failures, [], []
    frame = with_sources(part.frame, part.lengths, part.media_ids, part.labels)
    return _conform(frame, meta), part.failures, part.dates, part.lengths


def _check(table: str, errors: str, options: Mapping[str, Any]) -> None:
    from vbformats.frames import core

    declared = core.get(table)
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    unknown = sorted(set(options) - set(declared.options))
    if unknown:
        raise InvalidInputError(unknown[0], f"the {table} table has no option {unknown[0]!r}")


def _parts(
    sources: Any,
    table: str,
    *,
    files_per_partition: int,
    errors: str,
    roles: Mapping[str, str] | None,
    storage_options: Mapping[str, Any] | None,
    extra_columns: Mapping[str, str] | None,
    options: Mapping[str, Any],
) -> tuple[list[Any], pd.DataFrame]:
    import dask

    from vbformats.batch.pool import chunked

    _check(table, errors, options)
    if files_per_partition < 1:
        raise InvalidInputError(
            "files_per_partition", f"must be at least 1, got {files_per_partition}"
        )
    if roles:
        from vbformats.roles import roles_for_speakers

        roles_for_speakers([], roles)
    meta = _meta(table, roles, options, extra_columns or {})
    located = list_sources(sources, storage_options)
    function = dask.delayed(_partition, pure=True, nout=4)
    parts = [
        function(table, chunk, errors, roles, dict(options), storage_options, meta)
        for chunk in chunked(located, files_per_partition)
    ]
    return parts, meta


def frame_with_errors(
    sources: Any,
    table: str,
    *,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    errors: str = "collect",
    roles: Mapping[str, str] | None = None,
    storage_options: Mapping[str, Any] | None = None,
    extra_columns: Mapping[str, str] | None = None,
    **options: Any,
) -> tuple[Any, Any]:
    """:func:`frame` and a ``dask.bag`` of the skipped sources (``{"source", "error",
    "type"}``), from the same tasks: ``dask.compute(table, bad)`` reads each file once."""
    _require()
    import dask.bag as db
    import dask.dataframe as dd

    parts, meta = _parts(
        sources,
        table,
        files_per_partition=files_per_partition,
        errors=errors,
        roles=roles,
        storage_options=storage_options,
        extra_columns=extra_columns,
        options=options,
    )
    import dask

    # the declared dtypes as they are: dask would otherwise turn object columns (the lists of
    # `frequencies`, `lines`) into strings, in meta and in every partition
    with dask.config.set({"dataframe.convert-string": False}):
        if not parts:
            empty = dd.from_pandas(meta, npartitions=1)
            return empty, db.from_sequence([], npartitions=1)
        frames = [part[0] for part in parts]
        failures = [part[1] for part in parts]
        return (
            dd.from_delayed(frames, meta=meta, verify_meta=False),
            db.from_delayed(failures),
        )


def frame(
    sources: Any,
    table: str,
    *,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    errors: str = "raise",
    roles: Mapping[str, str] | None = None,
    storage_options: Mapping[str, Any] | None = None,
    extra_columns: Mapping[str, str] | None = None,
    **options: Any,
) -> Any:
    """The ``table`` of many sources as a ``dask.dataframe.DataFrame`` (lazy).

    Args:
        sources: A glob, folder, path or URL, or a list of them (see :func:`list_sources`).
        table: A table name (``vbformats.frames.TABLES``).
        files_per_partition: Files per partition (one task each).
        errors: ``"raise"`` (the computation fails on a bad file, naming it) or
            ``"collect"`` (bad files skipped; :func:`frame_with_errors` lists them).
        roles: Role override (as the pandas builders).
        storage_options: Passed to fsspec for URLs (credentials, endpoints).
        extra_columns: Columns beyond the declaration, name → dtype (``metadata``'s
            ``extended.*`` columns: ``{"extended.agent": "string"}``).
        **options: The table's options (as ``vbformats.frames.<table>``).

    Returns:
        A dask DataFrame whose ``meta`` is the declared schema; ``.compute()`` gives the rows
        of ``frames.build(table, sources)`` (see the module docstring for the index).

    Raises:
        MissingDependencyError: the ``dask`` extra is not installed.
        InvalidInputError: unknown table or option, bad ``errors`` or ``files_per_partition``.
    """
    ddf, _ = frame_with_errors(
        sources,
        table,
        files_per_partition=files_per_partition,
        errors=errors,
        roles=roles,
        storage_options=storage_options,
        extra_columns=extra_columns,
        **options,
    )
    return ddf


def metrics(
    sources: Any,
    *,
    compare: bool = False,
    roles: Mapping[str, str] | None = None,
    errors: str = "collect",
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    storage_options: Mapping[str, Any] | None = None,
    **params: Any,
) -> Any:
    """:func:`vbformats.metrics.compute_many` on Dask: the ``call_metrics`` table (one row per
    call) as a dask DataFrame. Arguments as there, plus those of :func:`frame`."""
    return frame(
        sources,
        "call_metrics",
        files_per_partition=files_per_partition,
        errors=errors,
        roles=roles,
        storage_options=storage_options,
        compare=compare,
        **params,
    )


def _write_partition(
    result: tuple[pd.DataFrame, list[dict[str, str]], list[str | None], list[int]],
    folder: str,
    name: str,
    partition_by: str | None,
) -> tuple[list[str], int, list[dict[str, str]]]:
    from vbformats.frames.export import with_date, write_part

    frame, failures, dates, lengths = result
    if frame.empty:
        return [], 0, failures
    frame = frame.reset_index(drop=True)
    if partition_by == "date" and "date" not in frame.columns:
        frame = with_date(frame, dates, lengths)
    return write_part(frame, folder, name, partition_by), len(frame), failures


def to_parquet(
    sources: Any,
    table: str,
    path: str | os.PathLike[str],
    *,
    partition_by: str | None = None,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    errors: str = "raise",
    roles: Mapping[str, str] | None = None,
    storage_options: Mapping[str, Any] | None = None,
    overwrite: bool = False,
    compute: bool = True,
    **options: Any,
) -> Any:
    """Write ``table`` of many sources as a Parquet dataset straight from the cluster.

    Each partition's task builds its rows and writes ``part-NNNNN.parquet`` itself (the rows
    never travel to the client), with the layout of
    :func:`vbformats.frames.export.write_dataset`: Hive folders ``<column>=<value>/`` with
    ``partition_by`` (``"date"``: the day of ``dateCreated``), declared dtypes in the files.
    ``path`` is a folder every worker can write to (a shared or local disk).

    Returns:
        With ``compute`` (default), a :class:`vbformats.frames.export.DatasetResult`; else
        the ``dask.delayed`` that makes it.

    Raises:
        MissingDependencyError: the ``dask`` or ``parquet`` extra is not installed.
        InvalidInputError: as :func:`frame`, or a non-empty ``path`` without ``overwrite``.
    """
    _require(parquet=True)
    import dask

    from vbformats.frames.export import DatasetResult, _prepare_dataset_folder

    folder = os.fspath(path)
    parts, _meta_frame = _parts(
        sources,
        table,
        files_per_partition=files_per_partition,
        errors=errors,
        roles=roles,
        storage_options=storage_options,
        extra_columns=None,
        options=options,
    )
    _prepare_dataset_folder(folder, overwrite)
    write = dask.delayed(_write_partition, pure=True)
    written = [
        write(part, folder, f"part-{n:05d}.parquet", partition_by) for n, part in enumerate(parts)
    ]

    def gather(results: list[tuple[list[str], int, list[dict[str, str]]]]) -> DatasetResult:
        files = [file for done, _, _ in results for file in done]
        return DatasetResult(
            files, sum(rows for _, rows, _ in results), [f for *_, fs in results for f in fs]
        )

    result = dask.delayed(gather, pure=True)(written)
    return result.compute() if compute else result


def compute(table: Any) -> pd.DataFrame:
    """A dask frame of :func:`frame` as one pandas DataFrame, concatenated in the caller.

    Equal to ``table.compute()``, and faster for a large table: dask's ``.compute()`` first
    concatenates every partition into one on a worker and then sends that to the caller, so
    every row is pickled and moved twice. Here each partition travels once, straight from the
    worker that built it, and on a ``distributed`` client it is fetched as soon as its task
    ends, while the others still run (2,000 calls of ``words`` on a 2-worker
    ``LocalCluster``, best of 2: ``.compute()`` 45.0 s, this 30.3 s, ``frames.words(jobs=2)``
    26.6 s). A scheduler set in dask's config (``dask.config.set(scheduler=...)``) is used as
    ``.compute()`` would use it. The index restarts in every partition, as with ``.compute()``.

    Raises:
        MissingDependencyError: the ``dask`` extra is not installed.
        InvalidInputError: ``table`` is not a dask DataFrame.
    """
    _require()
    import dask.dataframe as dd

    if not isinstance(table, dd.DataFrame):
        raise InvalidInputError(
            "table", f"must be a dask DataFrame (vbformats.dask.frame), got {type(table).__name__}"
        )
    from vbformats.batch.dask_fetch import gathered

    frame: pd.DataFrame = gathered(table)[0]
    return frame


def compute_with_errors(table: Any, bad: Any) -> pd.DataFrame:
    """Compute :func:`frame_with_errors`'s pair in one pass: the pandas table (a fresh
    ``RangeIndex``) with the skipped sources in ``.attrs["errors"]``, as ``frames.build``
    gives it (the partitions concatenated in the caller, as :func:`compute` does)."""
    import warnings

    from vbformats.batch.dask_fetch import gathered

    with warnings.catch_warnings():
        # a dataframe and a bag from the same tasks are one graph; dask warns that it merges
        warnings.filterwarnings("ignore", message="Computing mixed collections")
        result, skipped = gathered(table, bad)
    table = result.reset_index(drop=True)
    table.attrs["errors"] = list(skipped)
    frame: pd.DataFrame = table
    return frame


# convert as a Dask bag pipeline lives with the local engine it runs on each worker
from vbformats.batch.dask_convert import convert  # noqa: E402
