"""Old home of the writer base classes: now :mod:`vbformats.formats.base` (kept for imports)."""

from vbformats.formats.base import CaptionFormat as CaptionWriter
from vbformats.formats.base import Format as Writer
from vbformats.formats.base import NoOptions
from vbformats.timing import memoized_clock

__all__ = ["CaptionWriter", "NoOptions", "Writer", "memoized_clock"]
