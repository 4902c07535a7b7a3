"""Options of a call or archive report: one frozen model, unknown fields refused."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vbformats.errors import InvalidInputError

__all__ = ["ReportOptions", "coerce_options"]


class ReportOptions(BaseModel):
    """How a report is built. Frozen; a typo in a field name is an error.

    Example:
        >>> ReportOptions(low_confidence=0.6).silence_min_ms
        4000
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    low_confidence: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Speech words with a confidence below this (0..1) are marked in the "
        "transcript.",
    )
    roles: dict[str, str] | None = Field(
        None,
        description='Speaker name -> "agent"/"caller", overriding the name rules '
        "(see vbformats.roles).",
    )
    silence_min_ms: int = Field(
        4000, ge=0, description="Silences longer than this (ms) are marked on the timeline."
    )
    title: str | None = Field(None, description="Report title (default: the media id).")
    transcript: bool = Field(True, description="Include the turn-by-turn transcript.")
    agent_key: str | None = Field(
        None,
        description="Archive report: group calls per agent by this metadata.extended key "
        "(dotted path, e.g. 'agentId') instead of the agent speaker's name.",
    )
    caller_key: str | None = Field(
        None,
        description="Archive report: group calls per caller by this metadata.extended key "
        "instead of the caller speaker's name.",
    )

    @field_validator("roles")
    @classmethod
    def _check_roles(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        for name, role in (value or {}).items():
            if role not in ("agent", "caller"):
                raise ValueError(f"role of {name!r} must be 'agent' or 'caller', got {role!r}")
        return value


def coerce_options(options: ReportOptions | dict[str, Any] | None) -> ReportOptions:
    """``options`` as a :class:`ReportOptions` (a dict is validated; ``None`` = defaults).

    Raises:
        InvalidInputError: an unknown field or a bad value, named as ``options.<field>``.
    """
    if options is None:
        return ReportOptions()
    if isinstance(options, ReportOptions):
        return options
    if not isinstance(options, dict):
        raise InvalidInputError(
            "options", f"expected ReportOptions or a dict, got {type(options).__name__}"
        )
    try:
        return ReportOptions(**options)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInputError(f"options.{where}", first["msg"]) from None
