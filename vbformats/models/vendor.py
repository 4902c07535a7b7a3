"""The generic slot through which a vendor's result rides along a :class:`Media`.

A VoiceBase document is the model's own shape. Results of other services (RingCentral's AI API
today) are converted to that shape so every writer, table and metric works on them; what the
vendor sends and VoiceBase has no field for travels in ``media.vendor_result``, an instance of a
:class:`VendorResult` subclass that the vendor's wing defines (``vbformats.ringcentral``). The
core never imports a wing: it only knows this base class.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel

__all__ = ["VendorResult"]


class VendorResult(BaseModel):
    """Base class of a vendor's extension of :class:`~vbformats.models.media.Media`.

    Subclasses set :attr:`vendor` (``"ringcentral"``) and keep the payload as read, so
    :meth:`to_dict` can give it back exactly.
    """

    vendor: ClassVar[str] = ""
    """Short lower-case name of the vendor (``media.source_format`` of its results)."""

    def to_dict(self) -> Any:
        """The vendor's payload as it was read (JSON: a dict, or a list)."""
        raise NotImplementedError

    def speaker_ids(self) -> list[str] | None:
        """The speaker ids the result has (what a ``speakers=`` map can name), in first-seen
        order; ``None`` when the vendor names speakers otherwise. Default: ``None``."""
        return None

    def speaker_roles(self) -> dict[str, str]:
        """Speaker name → ``"agent"`` / ``"caller"`` where the vendor's result says who is who
        (RingCentral ACE: the recording owner is the agent). Used by
        :func:`vbformats.roles.media_roles` before its rules; an explicit ``roles=`` wins.
        Default: nothing known."""
        return {}
