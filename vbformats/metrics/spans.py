"""Old home of the span arrays: they now live in :mod:`vbformats.spans.arrays` (kept for
imports)."""

from vbformats.spans.arrays import *  # noqa: F403
from vbformats.spans.arrays import __all__  # noqa: F401
