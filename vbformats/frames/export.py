"""Writing a table: CSV, Parquet (the ``parquet`` extra) or JSON, atomically."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from vbformats.atomic import atomic_path
from vbformats.errors import UnknownFormatError, require

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SAVE_FORMATS",
    "csv_ready",
    "format_for_path",
    "require_pyarrow",
    "save",
    "to_csv",
    "to_json",
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
