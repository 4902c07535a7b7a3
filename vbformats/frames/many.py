"""Tables of one source or many: loading each source once, progress, ``errors="collect"``,
worker processes (``jobs=``), and one table with ``media_id`` and ``source`` in front.

The unit of work is a **part** (:func:`build_part`): the table of a chunk of sources, their
media ids, labels and row counts, the failures. A serial build makes one part per source; a
parallel one (``jobs > 1``) sends chunks of *paths* to worker processes
(:class:`vbformats.batch.pool.WorkerPool`), each of which loads its files and returns its
part, and the parent puts the parts together in input order. Both end in the same
:func:`concat` (categories the union, sorted), so a parallel table has the same rows, order,
columns and dtypes as the serial one; :mod:`vbformats.dask` builds its partitions with the same
function.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from vbformats.errors import InvalidInputError, SourceError, VBFormatsError
from vbformats.frames.core import empty, get
from vbformats.gcpause import gc_paused
from vbformats.models.media import Media
from vbformats.models.vendor import VendorResult
from vbformats.roles import roles_for_speakers
from vbformats.secrets import redact
from vbformats.sources import expand

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Errors",
    "Part",
    "PartJob",
    "as_media",
    "build",
    "build_part",
    "concat",
    "dumps_frame",
    "loads_frame",
    "with_sources",
]

Errors = Literal["raise", "collect"]


def as_media(item: Any, speakers: Mapping[str, str] | None = None) -> Media:
    """A loaded Media for one source item (a vendor's result object is wrapped as it is);
    ``speakers`` names RingCentral speaker ids (ignored by results that name their own)."""
    if isinstance(item, Media):
        return item
    if isinstance(item, VendorResult):
        media = Media(source_format=item.vendor)
        media.vendor_result = item
        return media
    from vbformats.formats import load

    result: Media = load(item, speakers=dict(speakers) if speakers else None)
    return result


def with_sources(
    frame: pd.DataFrame,
    frames: Sequence[pd.DataFrame] | Sequence[int],
    media_ids: Sequence[str | None],
    labels: Sequence[str],
) -> pd.DataFrame:
    """Put ``media_id`` and ``source`` in front (as categoricals built from codes).

    ``frames`` are the per-source frames ``frame`` was concatenated from, or their lengths.
    """
    import numpy as np
    import pandas as pd

    lengths = np.array(
        [part if isinstance(part, int) else len(part) for part in frames], dtype=np.int64
    )
    columns = {}
    for name, values in (("media_id", media_ids), ("source", labels)):
        categories: dict[str, int] = {}
        codes = np.array(
            [-1 if v is None else categories.setdefault(v, len(categories)) for v in values],
            dtype=np.int32,
        )
        columns[name] = pd.Categorical.from_codes(
            np.repeat(codes, lengths), dtype=pd.CategoricalDtype(list(categories))
        )
    rest = frame.drop(columns=["media_id"]) if "media_id" in frame.columns else frame
    front = pd.DataFrame(columns, index=rest.index)
    result: pd.DataFrame = pd.concat([front, rest], axis=1)
    return result


def concat(table: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-file frames, keeping categoricals categorical (union of categories).

    Each part's categorical columns are first recoded to the union of categories (cheap: codes
    only), because pandas turns categoricals with different categories into objects.
    """
    import pandas as pd

    if not frames:
        return empty(table)
    if len(frames) == 1:
        return frames[0]
    recode: dict[str, Any] = {}
    for name in frames[0].columns:
        if all(
            name in part.columns and isinstance(part[name].dtype, pd.CategoricalDtype)
            for part in frames
        ):
            seen: dict[Any, None] = {}
            for part in frames:
                seen.update(dict.fromkeys(part[name].cat.categories))
            recode[name] = pd.CategoricalDtype(sorted(seen, key=str))
    if recode:
        frames = [
            part.astype({n: d for n, d in recode.items() if part[n].dtype != d}) for part in frames
        ]
    result: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return result


@dataclass
class Part:
    """The table of a chunk of sources (see the module docstring).

    Attributes:
        frame: The good sources' rows (their frames concatenated), ``None`` when none was good.
        media_ids, labels, lengths: One entry per good source, in order.
        dates: The day each good source was created (``dateCreated``'s ``YYYY-MM-DD``), or
            ``None``; what a dataset partitioned by ``date`` uses.
        failures: ``{"source", "error", "type"}`` per failed source (``errors="collect"``).
        error: With ``errors="raise"``: the first failure, ``(label, exception)``; the chunk
            stops there.
        count: Sources of the chunk that were looked at.
    """

    frame: pd.DataFrame | None = None
    packed: bytes | None = None  # the frame pickled in a worker (see pack / unpack)
    media_ids: list[str | None] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    dates: list[str | None] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    error: tuple[str, BaseException] | None = None
    count: int = 0


def day_of(timestamp: str | None) -> str | None:
    """``"2024-03-01"`` of an ISO 8601 timestamp (``"2024-03-01T10:00:00Z"``); ``None`` for
    anything else."""
    if not timestamp or len(timestamp) < 10:
        return None
    day = timestamp[:10]
    digits = day[:4] + day[5:7] + day[8:10]
    return day if day[4] == day[7] == "-" and digits.isdigit() else None


@gc_paused()  # a chunk's frames are held until its end (see vbformats.gcpause)
def build_part(
    table: str,
    items: Sequence[tuple[str, Any]],
    *,
    errors: Errors = "raise",
    roles: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
    loader: Callable[[str, Any], Media] | None = None,
    transform: Callable[[Media], Media] | None = None,
    speakers: Mapping[str, str] | None = None,
) -> Part:
    """Build ``table`` for ``(label, item)`` pairs: one :class:`Part`.

    Args:
        table: A registered table name.
        items: ``(label, item)`` pairs (:func:`vbformats.sources.expand`).
        errors: ``"collect"`` records a failed source and goes on; ``"raise"`` stops at the
            first and returns it in :attr:`Part.error` (the caller raises it).
        roles: Role override.
        options: The table's options.
        loader: ``(label, item) -> Media`` (default :func:`as_media` of the item).
        transform: Applied to each loaded Media before its table is built (the CLI's
            content filters).
        speakers: RingCentral speaker id -> name, for the default loader.
    """
    from vbformats.batch.pool import stop_requested

    declared = get(table)
    builder = declared.build
    part = Part()
    frames: list[pd.DataFrame] = []
    rows: list[dict[str, Any]] = []
    for label, item in items:
        if stop_requested():
            break
        part.count += 1
        try:
            media = loader(label, item) if loader is not None else as_media(item, speakers)
            if transform is not None:
                media = transform(media)
            if declared.row is not None:
                rows.append(declared.row(media, roles, **(options or {})))
            else:
                built = builder(media, roles, **(options or {}))
        except Exception as error:  # sorted out by the caller (collect, raise, SourceError)
            if errors == "collect":
                # every per-source failure is collected: one bad file never aborts a batch
                part.failures.append(
                    {
                        "source": redact(label),
                        "error": redact(str(error)),
                        "type": type(error).__name__,
                    }
                )
                continue
            part.error = (label, error)
            break
        part.media_ids.append(media.media_id)
        part.labels.append(label)
        part.dates.append(day_of(media.date_created))
        if declared.row is not None:
            part.lengths.append(1)
            continue
        frames.append(built)
        part.lengths.append(len(built))
    if rows:
        part.frame = rows_table(table, rows)
    elif frames:
        part.frame = concat(table, frames)
    return part


def rows_table(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The frame of a one-row-per-source table from its rows: the declared columns (an
    optional one when the rows have it), in order."""
    from vbformats.frames.core import frame

    data = {
        column.name: [row.get(column.name) for row in rows]
        for column in get(table).columns
        if not column.optional or column.name in rows[0]
    }
    return frame(table, data, len(rows))


def _checked_speakers(speakers: Mapping[str, str]) -> dict[str, str]:
    """``speakers`` as a plain dict of strings (it travels to workers).

    Raises:
        InvalidInputError: not a mapping of strings to strings.
    """
    if not isinstance(speakers, Mapping):
        raise InvalidInputError(
            "speakers", f"expected a mapping of id to name, got {type(speakers).__name__}"
        )
    for key, name in speakers.items():
        if not isinstance(key, str) or not isinstance(name, str):
            raise InvalidInputError(
                f"speakers[{key!r}]", f"ids and names must be strings, got {name!r}"
            )
    return dict(speakers)


def raise_failure(label: str, error: BaseException, many: bool) -> None:
    """Raise a source's failure the way ``errors="raise"`` does: a library error of one of
    many sources as :class:`SourceError` naming it (the original as ``__cause__``), anything
    else (and the error of a single source) as it is."""
    if not isinstance(error, (VBFormatsError, OSError, ValueError)) or not many:
        raise error
    raise SourceError(label, str(error)) from error


# Object columns whose cells are only numbers, tuples of numbers or None (a words table's
# ``frequencies``: (f_hz, energy) pairs per token): pickled without the memo. Nothing in them
# is shared or cyclic, so the memo only costs: it took about 3x the dumps time of the values.
_NUMBER_TUPLE_COLUMNS = ("frequencies",)


def dumps_frame(frame: pd.DataFrame) -> bytes:
    """``frame`` as bytes for the trip from a worker, :func:`loads_frame`'s inverse.

    The :data:`_NUMBER_TUPLE_COLUMNS` travel beside the rest, pickled without the memo
    (``Pickler.fast``); every other column is pickled as usual (shared strings stay shared).
    """
    loose = [
        (frame.columns.get_loc(name), name)
        for name in _NUMBER_TUPLE_COLUMNS
        if name in frame.columns and frame[name].dtype == object
    ]
    columns = []
    for at, name in loose:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: these cells are numbers, never shared, never cyclic
        pickler.dump(frame[name].to_numpy())
        columns.append((at, name, buffer.getvalue()))
    rest = frame.drop(columns=[name for _, name in loose]) if loose else frame
    return pickle.dumps((rest, columns), protocol=pickle.HIGHEST_PROTOCOL)


def loads_frame(packed: bytes) -> pd.DataFrame:
    """The frame :func:`dumps_frame` packed (our own worker's bytes), unpickled with the
    collector paused: a words table's pairs are millions of tuples, none in a cycle, that
    would start collection after collection."""
    import pandas as pd

    with gc_paused():
        rest, columns = pickle.loads(packed)
        frame: pd.DataFrame = rest
        for at, name, raw in columns:  # in column order, so each lands where it was
            values = pd.Series(pickle.loads(raw), index=frame.index, dtype=object)
            frame.insert(at, name, values)
    return frame


def pack(part: Part) -> Part:
    """In a worker: the part with its frame packed to bytes (:func:`dumps_frame`) for the trip
    to the parent.

    The pool's result thread would unpickle a frame with the collector on, and a words table's
    ``frequencies`` (pairs per token) made it collect again and again: 3-4x the
    unpickling time, all of it in the parent, the one process every part goes through.
    :func:`unpack` unpickles the bytes there with the collector paused.
    """
    if part.frame is not None:
        part.packed = dumps_frame(part.frame)
        part.frame = None
    return part


def unpack(part: Part) -> Part:
    """In the parent: the frame :func:`pack` packed, back as :attr:`Part.frame`."""
    if part.packed is not None:
        part.frame = loads_frame(part.packed)
        part.packed = None
    return part


@dataclass(frozen=True)
class PartJob:
    """What every chunk of one many-source build shares (it travels to the workers with each
    chunk, so ``transform`` must pickle); calling it builds one chunk's :class:`Part`."""

    table: str
    errors: Errors = "raise"
    roles: Mapping[str, str] | None = None
    options: Mapping[str, Any] | None = None
    transform: Callable[[Media], Media] | None = None
    speakers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.speakers is not None:
            object.__setattr__(self, "speakers", _checked_speakers(self.speakers))

    def __call__(self, items: Sequence[tuple[str, Any]]) -> Part:
        return build_part(
            self.table,
            items,
            errors=self.errors,
            roles=self.roles,
            options=self.options,
            transform=self.transform,
            speakers=self.speakers,
        )


def _part_task(task: tuple[PartJob, list[tuple[str, Any]]]) -> Part:
    """Worker: the part of one chunk, packed when it goes back to a parent process."""
    from vbformats.batch.pool import in_worker

    job, items = task
    part = job(items)
    return pack(part) if in_worker() else part


def build(
    table: str,
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
    roles: Mapping[str, str] | None = None,
    transform: Callable[[Media], Media] | None = None,
    jobs: int | None = 1,
    speakers: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Build ``table`` for one source or many (what every named builder calls).

    Args:
        table: A name from :data:`TABLES`.
        source: A :class:`Media`, parsed ``dict``, JSON ``bytes``/text or path (one table); or a
            directory (its :data:`FOLDER_EXTENSIONS` files, sorted, not recursive), a glob
            pattern (``**`` recurses) or an iterable of any of these (one table with
            ``media_id`` and ``source`` in front).
        errors: ``"raise"`` stops at the first source that fails; ``"collect"`` skips it and
            records ``{"source", "error", "type"}`` in ``frame.attrs["errors"]``.
        progress: ``True`` shows progress on stderr (a bar on a terminal, a line every few
            seconds otherwise); ``False`` nothing; default: the bar when reading more than one
            source and stderr is a terminal.
        roles: Role override, e.g. ``{"Employee": "agent"}`` (see :mod:`vbformats.roles`).
        transform: Applied to each loaded Media before its table is built (the CLI's
            content filters: :mod:`vbformats.commands.content_filters`).
        jobs: Worker processes for many sources (``None``: one per CPU; default 1, this
            process). The table is the same as a serial build's: rows, order, dtypes.
        speakers: Names for RingCentral speaker ids, e.g. ``{"0": "Agent"}``, as
            :func:`vbformats.load` takes them; results that name their speakers (VoiceBase,
            captions) and ids a result does not have are left alone, so one mapping serves a
            whole folder.
        **options: Table-specific options (``include_dtmf`` for turns, ``with_sentiment`` for
            verb-noun pairs, ``options`` and ``labels`` for cues).

    Returns:
        The table; ``frame.attrs["errors"]`` is always set (empty when nothing failed).

    Raises:
        InvalidInputError: unknown table, ``errors`` or ``jobs`` value; with
            ``errors="raise"``, a bad single source raises its own error
            (``InvalidInputError``, ``MediaFailedError``...) and a bad source among many raises
            :class:`SourceError` naming it.
    """
    from vbformats.batch.pool import WorkerPool, chunk_size, chunked, resolve_jobs
    from vbformats.progress import Progress

    declared = get(table)
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    workers = resolve_jobs(jobs)
    unknown = sorted(set(options) - set(declared.options))
    if unknown:
        allowed = ", ".join(declared.options) or "none"
        raise InvalidInputError(
            unknown[0], f"the {table} table has no option {unknown[0]!r} (options: {allowed})"
        )
    if roles:
        roles_for_speakers([], roles)  # a bad override is the caller's error, not a file's
    items, many = expand(source)
    workers = max(1, min(workers, len(items))) if many else 1
    frames: list[pd.DataFrame] = []
    lengths: list[int] = []
    media_ids: list[str | None] = []
    labels: list[str] = []
    failures: list[dict[str, str]] = []
    # one source per task in this process (progress per file), unless the table is made of
    # one row per source: then a chunk's rows make one frame (2,000 one-row frames to put
    # together cost more than computing them)
    serial = 64 if declared.row is not None else 1
    size = chunk_size(len(items), workers) if workers > 1 else serial
    job = PartJob(table, errors, roles, options, transform, speakers)
    tasks = ((job, chunk) for chunk in chunked(items, size))
    # the parts pile up here until the end: with the collector on, every collection of the
    # oldest generation walks all of them (see vbformats.gcpause)
    with gc_paused(), Progress(len(items), progress) as bar, WorkerPool(workers) as pool:
        for part in map(unpack, pool.map(_part_task, tasks)):
            if part.frame is not None:
                frames.append(part.frame)
            lengths += part.lengths
            media_ids += part.media_ids
            labels += part.labels
            failures += part.failures
            bar.update(part.count)
            if part.error is not None:
                raise_failure(*part.error, many)
        result = concat(table, frames)
        if many:
            result = with_sources(result, lengths, media_ids, labels)
    result.attrs["errors"] = failures
    return result
