"""A dask frame's partitions fetched to the caller (:func:`vbformats.dask.compute`).

On a ``distributed`` client each partition is packed to bytes on the worker that holds it
(:func:`vbformats.frames.many.dumps_frame`), fetched as soon as its task ends, so moving the
rows overlaps the work still running, and unpacked here with the collector paused; otherwise
``dask.compute`` on the configured scheduler. Needs the ``dask`` extra (the callers check).
"""

from __future__ import annotations

from typing import Any

__all__ = ["client_in_use", "computed", "gathered"]


def client_in_use() -> Any:
    """The ``distributed`` client the computation would run on, or ``None`` (no client, or
    dask configured for another scheduler)."""
    try:
        import dask.base
        from distributed import default_client
    except ImportError:
        return None
    try:
        client = default_client()
    except ValueError:  # no client started
        return None
    return client if dask.base.get_scheduler() == client.get else None


def computed(collections: list[Any], client: Any = None, packed: int = 0) -> list[Any]:
    """``dask.compute(*collections)`` as a list; on a ``distributed`` ``client`` each result is
    fetched as soon as its task ends, so moving the rows to this process overlaps the work
    still running (``dask.compute`` waits for every task, then fetches them all), and the first
    ``packed`` results, frames packed on the workers by
    :func:`vbformats.frames.many.dumps_frame`, are unpacked as they arrive."""
    import dask

    if client is None:
        return list(dask.compute(*collections))
    from distributed import as_completed

    from vbformats.frames.many import loads_frame
    from vbformats.gcpause import gc_paused

    futures = client.compute(collections)
    position = {future.key: n for n, future in enumerate(futures)}
    done: dict[str, Any] = {}
    # the parts unpickle here: millions of `frequencies` tuples would start collection after
    # collection (see vbformats.gcpause); none of them is in a cycle
    try:
        with gc_paused():
            for future, result in as_completed(futures, with_results=True):
                unpack = position[future.key] < packed
                done[future.key] = loads_frame(result) if unpack else result
    except BaseException:  # a failed partition or Ctrl-C: the rest stop rather than run on
        client.cancel(futures)
        raise
    return [done[future.key] for future in futures]


def gathered(table: Any, *others: Any) -> tuple[Any, ...]:
    """Compute ``table``'s partitions and ``others`` in one pass, concatenating the partitions
    here, in the caller, with dask's own concat (categoricals unioned as dask does). On a
    ``distributed`` client each partition is packed to bytes by a task of its own on the
    worker that holds it (:func:`vbformats.frames.many.dumps_frame`: a words table's
    ``frequencies`` pickle in a third of the time), so what travels is the bytes."""
    import dask
    from dask.dataframe.methods import concat

    from vbformats.frames.many import dumps_frame

    delayed = table.to_delayed()
    client = client_in_use()
    sent = [dask.delayed(dumps_frame, pure=True)(part) for part in delayed] if client else delayed
    results = computed([*sent, *others], client, packed=len(sent) if client else 0)
    parts, rest = results[: len(delayed)], results[len(delayed) :]
    frame = concat(parts) if parts else table._meta.copy()
    return (frame, *rest)
