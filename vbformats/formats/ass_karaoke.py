"""ASS with ``{\\k}`` karaoke tags (``ass-karaoke``): the format lives in
:mod:`vbformats.formats.ass`; this module registers it (one ``FORMAT`` per module)."""

from __future__ import annotations

from vbformats.formats.ass import AssKaraokeFormat

__all__ = ["FORMAT"]

FORMAT = AssKaraokeFormat()
