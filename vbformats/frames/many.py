"""Tables of one source or many: loading each source once, progress, ``errors="collect"``,
and one table with ``media_id`` and ``source`` in front."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from vbformats.errors import InvalidInputError, SourceError, VBFormatsError
from vbformats.frames.core import empty, get
from vbformats.models.media import Media
from vbformats.models.vendor import VendorResult
from vbformats.roles import roles_for_speakers
from vbformats.secrets import redact
from vbformats.sources import expand

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Errors", "as_media", "build", "concat", "with_sources"]

Errors = Literal["raise", "collect"]


def as_media(item: Any) -> Media:
    """A loaded Media for one source item (a vendor's result object is wrapped as it is)."""
    if isinstance(item, Media):
        return item
    if isinstance(item, VendorResult):
        media = Media(source_format=item.vendor)
        media.vendor_result = item
        return media
    from vbformats.formats import load

    result: Media = load(item)
    return result


class _Progress:
    """``vbformats: 12/340 files`` on stderr, redrawn in place; only on a terminal."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        if enabled is None:
            enabled = total > 1 and _stderr_is_tty()
        self.enabled = enabled
        self.total = total
        self._last = 0.0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return  # redraw at most 10 times a second
        self._last = now
        width = 24
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\rvbformats: [{bar}] {done}/{self.total} files")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stderr
        return False


def with_sources(
    frame: pd.DataFrame,
    frames: Sequence[pd.DataFrame],
    media_ids: Sequence[str | None],
    labels: Sequence[str],
) -> pd.DataFrame:
    """Put ``media_id`` and ``source`` in front (as categoricals built from codes)."""
    import numpy as np
    import pandas as pd

    lengths = np.array([len(part) for part in frames], dtype=np.int64)
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


def build(
    table: str,
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
    roles: Mapping[str, str] | None = None,
    transform: Callable[[Media], Media] | None = None,
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
        progress: Show a progress line on stderr; default: when reading more than one source
            and stderr is a terminal.
        roles: Role override, e.g. ``{"Employee": "agent"}`` (see :mod:`vbformats.roles`).
        transform: Applied to each loaded Media before its table is built (the CLI's
            content filters: :mod:`vbformats.commands.content_filters`).
        **options: Table-specific options (``include_dtmf`` for turns, ``with_sentiment`` for
            verb-noun pairs, ``options`` and ``labels`` for cues).

    Returns:
        The table; ``frame.attrs["errors"]`` is always set (empty when nothing failed).

    Raises:
        InvalidInputError: unknown table or ``errors`` value; with ``errors="raise"``, a bad
            single source raises its own error (``InvalidInputError``, ``MediaFailedError``...)
            and a bad source among many raises :class:`SourceError` naming it.
    """
    declared = get(table)
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    unknown = sorted(set(options) - set(declared.options))
    if unknown:
        allowed = ", ".join(declared.options) or "none"
        raise InvalidInputError(
            unknown[0], f"the {table} table has no option {unknown[0]!r} (options: {allowed})"
        )
    if roles:
        roles_for_speakers([], roles)  # a bad override is the caller's error, not a file's
    builder = declared.build
    items, many = expand(source)
    frames: list[pd.DataFrame] = []
    media_ids: list[str | None] = []
    labels: list[str] = []
    failures: list[dict[str, str]] = []
    bar = _Progress(len(items), progress)
    try:
        for done, (label, item) in enumerate(items, start=1):
            try:
                media = as_media(item)
                if transform is not None:
                    media = transform(media)
                part = builder(media, roles, **options)
            except Exception as error:  # sorted out just below
                if errors == "collect":
                    # every per-source failure is collected: one bad file never aborts a batch
                    failures.append(
                        {
                            "source": redact(label),
                            "error": redact(str(error)),
                            "type": type(error).__name__,
                        }
                    )
                elif not isinstance(error, (VBFormatsError, OSError, ValueError)):
                    raise
                elif many:
                    raise SourceError(label, str(error)) from error
                else:
                    raise
            else:
                frames.append(part)
                media_ids.append(media.media_id)
                labels.append(label)
            bar.update(done)
    finally:
        bar.close()
    result = concat(table, frames)
    if many:
        result = with_sources(result, frames, media_ids, labels)
    result.attrs["errors"] = failures
    return result
