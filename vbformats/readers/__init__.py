"""Old home of :func:`load`: readers are now formats of :mod:`vbformats.formats`, the one
registry (kept so old imports work)."""

from vbformats.formats import load
from vbformats.sources import DEFAULT_MAX_BYTES, Source

__all__ = ["DEFAULT_MAX_BYTES", "Source", "load"]
