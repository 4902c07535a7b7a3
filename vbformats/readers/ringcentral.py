"""Old home of the RingCentral reader: now :mod:`vbformats.ringcentral` (kept for imports)."""

from vbformats.ringcentral.dialect import *  # noqa: F403
from vbformats.ringcentral.reader import *  # noqa: F403
from vbformats.ringcentral.reader import __all__  # noqa: F401
