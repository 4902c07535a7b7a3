"""Old home of the RingCentral models: now :mod:`vbformats.ringcentral.models` (kept for
imports)."""

from vbformats.ringcentral.models import *  # noqa: F403
from vbformats.ringcentral.models import __all__  # noqa: F401
