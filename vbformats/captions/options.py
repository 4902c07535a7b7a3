"""Caption options: how words are cut into cues (frozen, typos refused, broadcast defaults)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vbformats.errors import InvalidInputError
from vbformats.models.base import raise_from_validation_error

__all__ = ["CaptionOptions", "OverlapMode"]

OverlapMode = Literal["keep", "split", "merge"]


class CaptionOptions(BaseModel):
    """How words are cut into caption cues. Frozen; unknown fields are refused.

    Defaults follow common broadcast subtitling guidelines (BBC, Netflix, DCMP): 42 characters
    by 2 lines, 1–7 s on screen, 20 characters per second.

    Example:
        >>> CaptionOptions(max_chars_per_line=32, overlap="merge").max_lines
        2
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_chars_per_line: int = Field(
        42,
        ge=1,
        description="Most displayed characters on one line (see display_width; a speaker label "
        "added by the SRT writer counts too). A single longer word is written anyway and "
        "reported.",
    )
    max_lines: int = Field(2, ge=1, description="Most lines in one cue.")
    min_duration_ms: int = Field(
        1000,
        ge=0,
        description="Shortest time on screen, ms. Shorter cues are extended into free time only; "
        "where there is none the cue stays short and is reported.",
        json_schema_extra={"cli": "--min-cue-ms"},
    )
    max_duration_ms: int = Field(
        7000,
        ge=1,
        description="Longest time on screen, ms. A single word spoken for longer makes a longer "
        "cue, which is reported.",
        json_schema_extra={"cli": "--max-cue-ms"},
    )
    max_chars_per_second: float = Field(
        20.0,
        gt=0,
        allow_inf_nan=False,
        description="Highest reading speed: displayed characters (spaces and labels included) "
        "divided by the cue's duration in seconds. Met by extending into free time where there "
        "is some; fast speech without pauses is reported.",
        json_schema_extra={"cli": "--max-cps"},
    )
    pause_split_ms: int = Field(
        1500,
        ge=0,
        description="A silence of at least this many ms within a turn always starts a new cue "
        "(0: every silence, however short).",
        json_schema_extra={"cli": "--pause-ms"},
    )
    overlap: OverlapMode = Field(
        "keep",
        description="Overtalk handling: 'keep' (cues of different speakers may overlap in time), "
        "'split' (strictly sequential, cut where the other speaker starts) or 'merge' "
        "(strictly sequential, overlapping cues become one '- ' dialogue cue).",
    )
    include_dtmf: bool = Field(
        False, description="Show DTMF (keypad tone) tokens as words in the captions."
    )

    @model_validator(mode="after")
    def _durations_are_ordered(self) -> CaptionOptions:
        if self.min_duration_ms > self.max_duration_ms:
            raise ValueError(
                f"min_duration_ms ({self.min_duration_ms}) must not exceed "
                f"max_duration_ms ({self.max_duration_ms})"
            )
        return self

    @classmethod
    def coerce(cls, options: Any = None) -> CaptionOptions:
        """Turn ``None``, a dict, or any options model that has these fields into options.

        A writer's options model (which adds fields such as ``labels``) is accepted: only the
        caption fields are read from it. A dict must hold caption fields only.

        Raises:
            InvalidInputError: an unknown option (``options.max_char``) or a bad value.
        """
        if options is None:
            return cls()
        if isinstance(options, CaptionOptions):
            return options
        if isinstance(options, BaseModel):
            data = {k: v for k, v in options.model_dump().items() if k in cls.model_fields}
            return cls.model_validate(data)
        if not isinstance(options, Mapping):
            raise InvalidInputError(
                "options", f"expected CaptionOptions or a dict, got {type(options).__name__}"
            )
        try:
            return cls.model_validate(dict(options))
        except ValidationError as error:
            raise raise_from_validation_error(error, "options") from None
