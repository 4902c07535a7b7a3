"""Old home of the writer registry: every format now lives in :mod:`vbformats.formats`, the one
registry (kept so old imports work)."""

from vbformats.formats import for_path as writer_for_path
from vbformats.formats import get as get_writer
from vbformats.formats import names, render, save
from vbformats.formats.base import Format as Writer

__all__ = ["Writer", "get_writer", "names", "render", "save", "writer_for_path"]
