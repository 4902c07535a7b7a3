"""Old home of the span algebra: it now lives in :mod:`vbformats.spans` (kept for imports)."""

from vbformats.spans import *  # noqa: F403
from vbformats.spans import __all__  # noqa: F401
