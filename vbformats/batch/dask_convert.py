"""``vbformats.dask.convert``: :func:`vbformats.batch.convert` as a ``dask.bag`` pipeline.

Each partition's task runs the local engine's chunk function (:mod:`vbformats.batch.convert`)
on a worker, which reads its sources (through fsspec for URLs) and writes its files itself.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Mapping, Sequence
from typing import Any

from vbformats.dask import DEFAULT_FILES_PER_PARTITION, _is_url, _Loader, _require, list_sources

__all__ = ["convert"]


def _convert_partition(
    chunk: list[tuple[int, str, Any, list[str]]],
    settings: Any,
    storage_options: Mapping[str, Any] | None,
) -> list[tuple[int, str, int, int, str, str, list[str]]]:
    from vbformats.batch.convert import _convert_chunk

    loader = _Loader(storage_options)
    ready: list[tuple[int, str, Any, list[str]]] = []
    failed: list[tuple[int, str, int, int, str, str, list[str]]] = []
    for index, label, item, outputs in chunk:
        if isinstance(item, str) and _is_url(item):
            try:
                item = loader(label, item)
            except Exception as error:
                from vbformats.batch.convert import one_line

                failed.append(
                    (index, "failed", 0, 0, type(error).__name__, one_line(str(error)), [])
                )
                continue
        ready.append((index, label, item, outputs))
    return sorted(failed + _convert_chunk((settings, ready)), key=operator.itemgetter(0))


def convert(
    sources: Any,
    out_dir: str | os.PathLike[str],
    to: str | Sequence[str] = "srt",
    *,
    options: Mapping[str, Any] | None = None,
    force: bool = False,
    input_format: str | None = None,
    speakers: dict[str, str] | None = None,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    storage_options: Mapping[str, Any] | None = None,
    errors_out: str | os.PathLike[str] | None = None,
) -> Any:
    """:func:`vbformats.batch.convert` as a ``dask.bag`` pipeline (computed here).

    The names are decided on the client (the same ``<stem>.<ext>`` and disambiguation), each
    partition of ``files_per_partition`` sources is converted on a worker, which writes its
    files atomically into ``out_dir`` (a folder every worker sees); resumable like the local
    engine (for local sources). Returns the :class:`~vbformats.batch.BatchSummary`.

    Raises:
        MissingDependencyError: the ``dask`` extra is not installed.
        InvalidInputError: as :func:`vbformats.batch.convert`.
    """
    _require()
    import time

    import dask.bag as db

    from vbformats import formats
    from vbformats.batch.convert import (
        BatchSummary,
        _Settings,
        _targets,
        output_names,
        write_error_report,
    )
    from vbformats.batch.pool import chunked
    from vbformats.secrets import redact

    started = time.perf_counter()
    targets = _targets(to, options)
    located = list_sources(sources, storage_options)
    extensions = [formats.get(name).extensions[0] for name, _ in targets]
    folder = os.fspath(out_dir)
    os.makedirs(folder, exist_ok=True)
    names = output_names([label for label, _ in located], folder, extensions)
    settings = _Settings(tuple(targets), force, input_format, speakers)
    numbered = [
        (index, label, item, outs)
        for index, ((label, item), outs) in enumerate(zip(located, names, strict=True))
    ]
    chunks = list(chunked(numbered, files_per_partition))
    summary = BatchSummary(total=len(numbered), jobs=0)
    if chunks:
        bag = db.from_sequence(chunks, npartitions=len(chunks))
        done = bag.map(_convert_partition, settings, storage_options).compute()
        for results in done:
            for result in results:
                summary.record(redact(numbered[result[0]][1]), result)
    summary.elapsed_s = time.perf_counter() - started
    if errors_out is not None:
        write_error_report(errors_out, summary.failures)
    return summary
