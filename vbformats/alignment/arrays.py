"""Small numpy helpers shared by the aligner's passes."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["BIG", "Codes", "backward", "forward", "runs"]

#: "No value" for minimum searches over int64 ms.
BIG = int(np.iinfo(np.int64).max)


class Codes(dict[Any, int]):
    """Speaker name → small int code (names in ``self.names``), assigned on first sight."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str | None] = []

    def __missing__(self, name: Any) -> int:
        self.names.append(name)
        code = self[name] = len(self.names) - 1
        return code

    def of(self, names: list[Any]) -> np.ndarray:
        """The codes of ``names``, as an int64 array."""
        return np.fromiter(map(self.__getitem__, names), dtype=np.int64, count=len(names))

    def of_runs(self, names: list[Any], turn: np.ndarray) -> np.ndarray:
        """:meth:`of` for names constant over runs of equal ``turn`` numbers: one lookup per
        run instead of per token."""
        if not len(turn):
            return np.zeros(0, dtype=np.int64)
        starts = np.flatnonzero(np.diff(turn, prepend=turn[0] - 1))
        codes = self.of([names[k] for k in starts.tolist()])
        return np.repeat(codes, np.diff(np.append(starts, len(turn))))


def forward(mask: np.ndarray) -> np.ndarray:
    """For each position, the last index ``<=`` it where ``mask`` is true (-1 if none)."""
    index = np.where(mask, np.arange(len(mask)), -1)
    return np.maximum.accumulate(index) if len(index) else index


def backward(mask: np.ndarray) -> np.ndarray:
    """For each position, the first index ``>=`` it where ``mask`` is true (``len`` if none)."""
    n = len(mask)
    index = np.where(mask, np.arange(n), n)
    return np.minimum.accumulate(index[::-1])[::-1] if n else index


def runs(mask: np.ndarray, shortest: int) -> list[tuple[int, int]]:
    """``(first, last)`` of every run of ``True`` at least ``shortest`` long."""
    if not len(mask):
        return []
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    starts, stops = edges[0::2], edges[1::2]
    keep = stops - starts >= shortest
    return [(int(a), int(b) - 1) for a, b in zip(starts[keep], stops[keep], strict=True)]
