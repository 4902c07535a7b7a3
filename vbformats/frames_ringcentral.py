"""Old home of the RingCentral tables: now :mod:`vbformats.ringcentral.tables`, registered with
:mod:`vbformats.frames` (kept for imports)."""

from vbformats.ringcentral.tables import *  # noqa: F403
from vbformats.ringcentral.tables import __all__  # noqa: F401
