"""RingCentral speech-to-text read by msgspec structs: no pydantic model per utterance.

A 100,000-word result has about 15,000 utterances; validating them as pydantic
:class:`~vbformats.ringcentral.models.Utterance` models took longer than the whole VoiceBase
load of the same words (issue #17, row 5). The reader converts the ``response`` with the
structs below instead (msgspec, in C, ``gc=False``) and builds the pydantic
:class:`~vbformats.ringcentral.models.SpeechToText` only when someone asks for
``media.ringcentral.speech_to_text``.

The structs accept a **subset** of what the pydantic models accept, never more, with the same
values: whenever they refuse a payload (a number sent as a string, a numeric speaker id, an end
before its start, a snake_case key the models accept by name, utterance insights...)
:func:`fast_speech_to_text` returns ``None`` and the reader takes the pydantic path, which
gives the result or the error it always gave. Unknown keys are not kept here; they stay in the
payload (``raw``) and in the pydantic model built from it.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import msgspec

from vbformats.ringcentral.models import RingCentralWord

__all__ = ["FastSpeechToText", "FastUtterance", "fast_speech_to_text"]

#: Seconds as the pydantic models check them: non-negative, at most 1e9 (finite).
_Seconds = Annotated[float, msgspec.Meta(ge=0, le=1e9)]
#: A finite float (pydantic's ``allow_inf_nan=False``); NaN fails both bounds.
_Finite = Annotated[float, msgspec.Meta(ge=-sys.float_info.max, le=sys.float_info.max)]
#: The legacy ``audio_duration``: finite seconds, >= 0.
_Duration = Annotated[float, msgspec.Meta(ge=0, le=sys.float_info.max)]

# keys the pydantic models also accept by field name (populate_by_name): seen → pydantic path
_SNAKE_UTTERANCE = ("speaker_id", "word_timings")
_SNAKE_RESPONSE = ("speaker_count",)


class FastUtterance(msgspec.Struct, rename="camel", kw_only=True, gc=False):
    """A speech-to-text utterance (the fields the conversion reads), seconds as sent."""

    start: _Seconds
    end: _Seconds
    text: str | None = None
    confidence: _Finite | None = None
    speaker_id: str | None = None
    word_timings: list[RingCentralWord] | None = None
    # only to see that it is absent: an utterance with insights takes the pydantic path
    insights: Any = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end before start")


class FastSpeechToText(msgspec.Struct, rename="camel", kw_only=True, gc=False):
    """The ``response`` of speech-to-text (the fields the conversion reads)."""

    transcript: str | None = None
    confidence: _Finite | None = None
    speaker_count: int | None = None
    words: list[RingCentralWord] | None = None
    utterances: list[FastUtterance] | None = None
    audio_duration: _Duration | None = msgspec.field(default=None, name="audio_duration")


def fast_speech_to_text(response: Any) -> FastSpeechToText | None:
    """``response`` (a dict as decoded) as structs, or ``None`` when the pydantic model must
    read it (anything the structs do not accept exactly as the model would)."""
    if not isinstance(response, dict) or any(key in response for key in _SNAKE_RESPONSE):
        return None
    utterances = response.get("utterances")
    if isinstance(utterances, list):
        for utterance in utterances:
            if not isinstance(utterance, dict):
                return None
            for key in _SNAKE_UTTERANCE:
                if key in utterance:
                    return None
    try:
        result = msgspec.convert(response, FastSpeechToText)
    except msgspec.ValidationError:
        return None
    if result.utterances and any(u.insights is not None for u in result.utterances):
        return None
    return result
