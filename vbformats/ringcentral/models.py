"""RingCentral AI API results: the models of the RingCentral extension of :class:`Media`.

RingCentral's (deprecated, 2026-04-28) Artificial Intelligence API posts one JSON envelope per
job to a webhook, and serves the same envelope from ``GET /ai/status/v1/jobs/{jobId}``::

    {"jobId": "...", "api": "/ai/audio/v1/async/speech-to-text", "creationTime": "...",
     "completionTime": "...", "expirationTime": "...", "status": "Success", "response": {...}}

Older results have only ``{"status", "response"}`` (2022) or no envelope at all
(``{"utterances": [...]}``, speaker identification in 2022). :mod:`vbformats.ringcentral.reader`
reads every generation into a :class:`~vbformats.models.media.Media` and keeps everything that
VoiceBase has no field for in a :class:`RingCentralResult` at ``media.ringcentral``.

Units: every ``start`` / ``end`` on these models is **seconds from the start of the media**, as
RingCentral sends it (a float or an int); the ``start_ms`` / ``end_ms`` properties give integer
milliseconds rounded with :func:`vbformats.timing.seconds_to_ms` (8.12 s is 8120 ms, never 8119).
Confidences are 0..1, except speaker identification's (about 25..37 in published results; the
scale is undocumented), which is why a segment's confidence is never copied into a word's.

The models are tolerant the way the service is loose: unknown keys are kept (and dumped back by
``to_dict()``), insight ``name`` is an open set, and an insight ``value`` may be a string, an
int, a float or anything JSON (``"58:42"``, ``5``, ``93.11``). Their ``repr`` never shows an
access token (see :func:`vbformats.secrets.redact`).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, ClassVar, Literal

import msgspec
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from vbformats.models.base import WireFloat
from vbformats.models.vendor import VendorResult
from vbformats.ringcentral.dialect import ResultKind
from vbformats.secrets import redact
from vbformats.timing import seconds_to_ms

__all__ = [
    "ConversationalInsight",
    "Diarization",
    "EmotionSegment",
    "InsightValue",
    "Interaction",
    "PunctuateOutput",
    "Question",
    "RingCentralError",
    "RingCentralModel",
    "RingCentralResult",
    "RingCentralWord",
    "SpeakerInsight",
    "SpeakerInsightValue",
    "SpeakerInsights",
    "SpeakerSegment",
    "SpeechToText",
    "Summary",
    "SummaryOutput",
    "Utterance",
    "UtteranceInsight",
    "default_speaker_name",
    "number_of",
    "parse_talk_listen",
]

_ORDINAL = re.compile(r"[0-9]{1,3}")


def default_speaker_name(speaker_id: str, kind: str = "speech-to-text") -> str:
    """The default display name of a RingCentral speaker id.

    ``"0"`` → ``"Speaker 0"`` (diarization ordinals: one to three digits);
    ``"UserNotIdentified"`` → ``"Unknown"``; an enrolled or extension id (``"62295327016"``,
    ``"JohnDoe"``), and every id of a speaker-identification result, is its own name.
    """
    if speaker_id == "UserNotIdentified":
        return "Unknown"
    if kind != "speaker-identify" and _ORDINAL.fullmatch(speaker_id):
        return f"Speaker {speaker_id}"
    return speaker_id


def _id_to_str(value: Any) -> Any:
    # Speaker ids are strings on the wire ("0", "62295327016"); accept a bare number too (not a
    # boolean, and not one too large to be an id: those stay as they are and are refused)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**18:
        return str(value)
    if isinstance(value, float) and value == value and abs(value) < 1e18:
        return str(int(value)) if value.is_integer() else str(value)
    return value


#: A speaker id: ``"0"``, ``"1"`` (diarization ordinals), an enrolled or extension id, or
#: ``"UserNotIdentified"``. Numbers are accepted and turned into strings.
SpeakerId = Annotated[str | None, BeforeValidator(_id_to_str)]

#: Seconds from the media start (>= 0).
Seconds = Annotated[WireFloat, Field(ge=0, le=1e9)]


class RingCentralModel(BaseModel):
    """Base of the RingCentral models: camelCase aliases, unknown keys kept, redacted repr.

    Lighter than :class:`~vbformats.models.base.WireModel` on purpose: a RingCentral result has
    one utterance model per sentence, and WireModel's round-trip bookkeeping (private
    attributes) costs about 40 µs per instance with pydantic 2.13. ``to_dict()`` dumps the
    wire keys of what was set; the exact payload is ``RingCentralResult.raw``.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
        allow_inf_nan=False,
    )

    def to_dict(self) -> dict[str, Any]:
        """The wire form (camelCase keys) of the fields that were set, extra keys included."""
        result: dict[str, Any] = self.model_dump(by_alias=True, exclude_unset=True)
        return result

    def __repr_args__(self) -> Any:
        # Only the fields that were set, so a repr of a big result stays readable.
        for name, value in super().__repr_args__():
            if name is None or name in self.model_fields_set or name in (self.model_extra or {}):
                yield name, value

    def __repr__(self) -> str:
        return redact(super().__repr__())

    def __str__(self) -> str:
        return redact(super().__str__())


class _Timed(RingCentralModel):
    """Something with optional ``start`` / ``end`` seconds."""

    start: Seconds | None = Field(None, description="Start, seconds from the media start.")
    end: Seconds | None = Field(None, description="End, seconds from the media start.")

    @property
    def start_ms(self) -> int | None:
        """``start`` in integer ms (rounded, never truncated); ``None`` when absent."""
        return None if self.start is None else seconds_to_ms(self.start)

    @property
    def end_ms(self) -> int | None:
        """``end`` in integer ms (rounded, never truncated); ``None`` when absent."""
        return None if self.end is None else seconds_to_ms(self.end)


class _Span(_Timed):
    """A required ``[start, end]`` span in seconds with ``end >= start``."""

    start: Seconds = Field(description="Start, seconds from the media start.")
    end: Seconds = Field(description="End, seconds from the media start (>= start).")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> _Span:
        if self.end < self.start:
            raise ValueError(f"end {self.end} s is before start {self.start} s")
        return self


class RingCentralError(RingCentralModel):
    """One entry of ``response.errors`` of a failed job (``status: "Fail"``)."""

    error_code: str | None = Field(None, description='``"CAI-101"`` ... ``"CAI-110"``.')
    message: str | None = None
    parameter_name: str | None = Field(None, description="The request parameter at fault.")


#: Seconds as msgspec checks them: non-negative and finite (at most about 31 years).
_StructSeconds = Annotated[float, msgspec.Meta(ge=0, le=1e9)]


class RingCentralWord(
    msgspec.Struct, rename="camel", frozen=True, kw_only=True, omit_defaults=True
):
    """A timed word (``words[]`` item or ``wordTimings[]`` item), ``start``/``end`` in seconds.

    RingCentral words are lower case and unpunctuated (``"rachel"``); casing and punctuation
    live only in the utterance text. A msgspec struct rather than a pydantic model, as
    VoiceBase words are (:mod:`vbformats.models.words`): a result can hold 100,000 of them twice
    (``words`` and ``wordTimings``). Unknown keys of a word are not kept here (they are in
    ``RingCentralResult.raw``).
    """

    word: str
    start: _StructSeconds
    end: _StructSeconds
    confidence: WireFloat | None = None
    speaker_id: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} s is before start {self.start} s")

    @property
    def start_ms(self) -> int:
        """``start`` in integer ms (rounded, never truncated)."""
        return seconds_to_ms(self.start)

    @property
    def end_ms(self) -> int:
        """``end`` in integer ms (rounded, never truncated)."""
        return seconds_to_ms(self.end)


_WORD_LIST = list[RingCentralWord]


def _validate_words(value: Any, retried: bool = False) -> list[RingCentralWord] | None:
    """A list of word dicts → structs (numbers as strings accepted); errors carry the index."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, RingCentralWord) for v in value):
        return value
    try:
        words: list[RingCentralWord] = msgspec.convert(value, type=_WORD_LIST, strict=False)
        return words
    except msgspec.ValidationError as error:
        if (
            not retried
            and isinstance(value, list)
            and any(
                isinstance(v, dict) and not isinstance(v.get("speakerId"), (str, type(None)))
                for v in value
            )
        ):
            # a numeric speakerId: the only drift the fast path refuses that we accept
            fixed = [
                {**v, "speakerId": _id_to_str(v["speakerId"])}
                if isinstance(v, dict) and "speakerId" in v
                else v
                for v in value
            ]
            return _validate_words(fixed, retried=True)
        problem, found, where = str(error).rpartition(" - at `$")
        if not found:
            problem, where = str(error), ""
        raise PydanticCustomError(
            "ringcentral_words", "{problem}", {"problem": problem, "at": where.rstrip("`")}
        ) from None


def _dump_words(value: list[RingCentralWord] | None) -> Any:
    return None if value is None else msgspec.to_builtins(value)


#: A list of timed words: validated by msgspec, dumped back as camelCase dicts.
Words = Annotated[
    list[RingCentralWord] | None,
    PlainValidator(_validate_words),
    PlainSerializer(_dump_words),
]


class UtteranceInsight(RingCentralModel):
    """An insight on one utterance, e.g. ``{"name": "Emotion", "value": "Fear"}``."""

    name: str | None = None
    value: JsonValue = Field(None, description="A label (str) or any JSON value.")
    confidence: WireFloat | None = None


class Utterance(_Span):
    """A sentence-sized utterance (speech-to-text ``utterances[]``, ``utteranceInsights[]``)."""

    text: str | None = Field(None, description="Punctuated, cased text.")
    confidence: WireFloat | None = None
    speaker_id: SpeakerId = None
    word_timings: Words = Field(
        None, description="Timed words (speech-to-text; interaction only when asked for)."
    )
    insights: list[UtteranceInsight] | None = Field(
        None, description="Utterance insights (``Emotion``; any other name is kept)."
    )

    @property
    def emotion(self) -> str | None:
        """The ``Emotion`` insight's label (``"Neutral"``, ``"Fear"`` ...), if any."""
        for insight in self.insights or ():
            if insight.name == "Emotion" and insight.value is not None:
                return str(insight.value)
        return None


class SpeakerSegment(_Span):
    """A speaker segment without text (speaker diarization and speaker identification).

    ``confidence`` is 0..1 for diarization and on an undocumented scale (about 25..37) for
    identification; it is never used as a word confidence.
    """

    speaker_id: SpeakerId = None
    confidence: WireFloat | None = None


class SpeechToText(RingCentralModel):
    """The ``response`` of ``/ai/audio/v1/async/speech-to-text`` (TranscribedObject)."""

    transcript: str | None = Field(None, description="Whole text, punctuated and cased.")
    confidence: WireFloat | None = Field(None, description="Whole-transcript confidence 0..1.")
    speaker_count: int | None = None
    words: Words = None
    utterances: list[Utterance] | None = Field(None, description="Only when diarized.")
    audio_duration: WireFloat | None = Field(
        None, ge=0, alias="audio_duration", description="Seconds (2022 results only)."
    )


class Diarization(RingCentralModel):
    """The ``response`` of speaker diarization or speaker identification: segments only."""

    speaker_count: int | None = None
    utterances: list[SpeakerSegment] = Field(default_factory=list)


class Question(_Timed):
    """A question listed by the ``QuestionsAsked`` speaker insight."""

    text: str | None = None


_RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$")


def parse_talk_listen(value: Any) -> tuple[float, float] | None:
    """``"58:42"`` → ``(58.0, 42.0)`` (talk and listen percentages); ``None`` otherwise."""
    if not isinstance(value, str):
        return None
    match = _RATIO.match(value)
    if match is None:
        return None
    return float(match.group(1)), float(match.group(2))


def number_of(value: Any) -> float | None:
    """A number sent as a number or a numeric string, else ``None`` (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


class SpeakerInsightValue(RingCentralModel):
    """One speaker's value of a speaker insight.

    ``value`` is typed loosely because RingCentral is: ``"medium"`` (Pace), ``"58:42"``
    (TalkToListenRatio), ``5`` (QuestionsAsked), ``93.11`` (Energy). Extra keys (``wpm``,
    ``questions``, anything else) are kept in ``model_extra``; the properties read them.
    """

    speaker_id: SpeakerId = None
    value: JsonValue = None

    @property
    def wpm(self) -> float | None:
        """Words per minute (``Pace``), when present and numeric."""
        return number_of((self.model_extra or {}).get("wpm"))

    @property
    def questions(self) -> list[Question]:
        """The ``questions`` list (``QuestionsAsked``); entries that are not objects skipped."""
        raw = (self.model_extra or {}).get("questions")
        if not isinstance(raw, list):
            return []
        out = []
        for entry in raw:
            if isinstance(entry, dict):
                try:
                    out.append(Question.model_validate(entry))
                except ValueError:
                    out.append(Question.model_construct(text=_text_of(entry.get("text"))))
        return out

    @property
    def number(self) -> float | None:
        """``value`` as a float when it is a number or a numeric string, else ``None``."""
        return number_of(self.value)

    @property
    def talk_listen(self) -> tuple[float, float] | None:
        """``value`` parsed as ``"talk:listen"`` percentages, else ``None``."""
        return parse_talk_listen(self.value)


def _text_of(value: Any) -> str | None:
    return None if value is None else str(value)


class SpeakerInsight(RingCentralModel):
    """A speaker insight: ``Pace``, ``TalkToListenRatio``, ``QuestionsAsked``, ``Energy`` or any
    other name, with one value per speaker."""

    name: str | None = None
    values: list[SpeakerInsightValue] = Field(default_factory=list)


class SpeakerInsights(RingCentralModel):
    """The ``speakerInsights`` object of interaction analytics."""

    speaker_count: int | None = None
    insights: list[SpeakerInsight] = Field(default_factory=list)


class InsightValue(_Timed):
    """One value of a conversational insight or of a summary.

    ``KeyPhrases`` has one value per occurrence; ``Topics`` spans the whole topic;
    ``AbstractiveSummaryLong`` carries ``groupId`` (paragraph index). The 2024 docs call the
    text ``sentence``; both are accepted (:attr:`text`). Times may be absent or placeholders
    (the summarize API echoes its input's).
    """

    value: JsonValue = None
    sentence: JsonValue = None
    confidence: WireFloat | None = None
    speaker_id: SpeakerId = None
    group_id: Annotated[str | None, BeforeValidator(_id_to_str)] = None

    @property
    def text(self) -> str | None:
        """The text: ``value`` (or ``sentence``) as a string; ``None`` when neither is set."""
        for raw in (self.value, self.sentence):
            if isinstance(raw, str):
                return raw
        for raw in (self.value, self.sentence):
            if raw is not None:
                return json.dumps(raw, ensure_ascii=False)
        return None


class ConversationalInsight(RingCentralModel):
    """A conversational insight (``KeyPhrases``, ``Topics``, ``ExtractiveSummary``,
    ``AbstractiveSummaryLong``, ``AbstractiveSummaryShort``, or any other name)."""

    name: str | None = None
    values: list[InsightValue] = Field(default_factory=list)


class Interaction(RingCentralModel):
    """The ``response`` of ``/ai/insights/v1/async/analyze-interaction`` (InteractionObject)."""

    utterance_insights: list[Utterance] | None = None
    speaker_insights: SpeakerInsights | None = None
    conversational_insights: list[ConversationalInsight] | None = None


class Summary(RingCentralModel):
    """One summary of the summarize API: ``Extractive``, ``AbstractiveLong``... with values."""

    name: str | None = None
    values: list[InsightValue] = Field(default_factory=list)


class SummaryOutput(RingCentralModel):
    """The ``response`` of ``/ai/text/v1/async/summarize``."""

    summaries: list[Summary] = Field(default_factory=list)


class PunctuateOutput(RingCentralModel):
    """The ``response`` of ``/ai/text/v1/async/punctuate``: punctuated texts, input order."""

    texts: list[str] = Field(default_factory=list)


class EmotionSegment(_Span):
    """One window of the legacy emotion API (``recognize-emotion``, 2022–23)."""

    emotion: str | None = None
    confidence: WireFloat | None = None


class RingCentralResult(VendorResult):
    """The RingCentral extension of a :class:`Media` (``media.ringcentral``).

    It holds the job's envelope fields, the typed result, and the payload as read (``raw``), so
    nothing RingCentral sent is lost by the conversion to the VoiceBase-shaped model. Exactly one
    of the result fields is set, according to :attr:`kind`.

    Attributes:
        kind: Which API produced the result (``"speech-to-text"``, ``"speaker-diarize"``, ...).
        envelope: ``"2023"`` (``jobId``/``api``/times), ``"2022"`` (``{status, response}``),
            ``"bare"`` (no envelope: ``{"utterances": [...]}``) or ``"list"`` (a bare list of
            utterances, :mod:`vbformats.ringcentral.utterance_list`).
        job_id, api, status: The envelope fields (``None`` when absent).
        creation_time, completion_time, expiration_time: ISO-8601 UTC strings, as sent.
        speech_to_text, diarization, interaction, summary, punctuation, emotions: The typed
            result (diarization holds speaker identification too).
        speakers: Speaker id → display name for every speaker id of the result (the caller's
            ``speakers`` map first, else :func:`default_speaker_name`), as used for turn
            markers, ``speakerName`` and the DataFrames.
        present_speaker_ids: The speaker ids the result has, in first-seen order (``speakers``
            also holds ids of the caller's map that the result does not have).
        raw: The whole payload as read (a ``dict``; a ``list`` for a bare utterance list), for
            anything the models do not name.
        dropped_utterances: Positions of a bare utterance list's cross-talk echoes, left out of
            the conversion (see :mod:`vbformats.ringcentral.utterance_list`).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    vendor: ClassVar[str] = "ringcentral"

    kind: ResultKind
    envelope: Literal["2023", "2022", "bare", "list"]
    job_id: str | None = None
    api: str | None = None
    status: str | None = None
    creation_time: str | None = None
    completion_time: str | None = None
    expiration_time: str | None = None
    diarization: Diarization | None = None
    interaction: Interaction | None = None
    summary: SummaryOutput | None = None
    punctuation: PunctuateOutput | None = None
    emotions: list[EmotionSegment] | None = None
    speakers: dict[str, str] = Field(default_factory=dict)
    present_speaker_ids: list[str] = Field(default_factory=list)
    raw: Any = Field(default_factory=dict, repr=False)
    dropped_utterances: list[int] = Field(default_factory=list)
    _speech_to_text: SpeechToText | None = PrivateAttr(None)
    _speech_to_text_source: Any = PrivateAttr(None)  # the response, validated on first access

    @property
    def speech_to_text(self) -> SpeechToText | None:
        """The speech-to-text result as a typed model (built from the payload on first access:
        the conversion itself reads it with msgspec structs, :mod:`.fast_stt`)."""
        source = self._speech_to_text_source
        if source is not None:
            self._speech_to_text = SpeechToText.model_validate(source)
            self._speech_to_text_source = None
        return self._speech_to_text

    @speech_to_text.setter
    def speech_to_text(self, value: SpeechToText | None) -> None:
        self._speech_to_text = value
        self._speech_to_text_source = None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RingCentralResult):  # a model not built yet equals a built one
            _ = self.speech_to_text, other.speech_to_text
        return super().__eq__(other)

    def speaker_ids(self) -> list[str]:
        """:attr:`present_speaker_ids`."""
        return list(self.present_speaker_ids)

    def speaker_name(self, speaker_id: str | None) -> str | None:
        """The display name of ``speaker_id`` (``None`` for no id or ``""``)."""
        if speaker_id is None or speaker_id == "":
            return None
        name = self.speakers.get(speaker_id)
        return name if name is not None else default_speaker_name(speaker_id, self.kind)

    def to_dict(self) -> Any:
        """The RingCentral payload exactly as it was read (``raw``: a dict, or the list of a
        bare utterance list)."""
        return self.raw

    def __repr__(self) -> str:
        parts = [f"kind={self.kind!r}", f"envelope={self.envelope!r}"]
        if self.job_id is not None:
            parts.append(f"job_id={self.job_id!r}")
        if self.status is not None:
            parts.append(f"status={self.status!r}")
        return redact(f"RingCentralResult({', '.join(parts)})")

    __str__ = __repr__
