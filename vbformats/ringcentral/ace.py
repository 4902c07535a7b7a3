"""RingCentral ACE (AI Conversation Expert, "RingSense") insights records.

ACE is what RingCentral points to after the AI API. A record is read from
``GET /ai/ringsense/v1/public/accounts/~/domains/{domain}/records/{sourceRecordId}/insights``
(the session variant answers ``{"records": [...], "paging": {...}}``) or arrives as a push
notification that wraps it: ``{"uuid", "event", "timestamp", "subscriptionId", "ownerId",
"body": {"eventType": "Create", ...the record...}}``. All three load with :func:`vbformats.load`
(:mod:`vbformats.ringcentral.ace_dialect` is the JSON dialect that recognises them).

How a record maps (decisions the service leaves open):

* **Speakers** by name from ``speakerInfo`` (``name``, else the ``phoneNumber``, else
  ``Speaker N`` in ``speakerInfo`` order); a ``speakers=`` map given to ``load`` wins. The
  speaker whose ``extensionId`` is the record's ``ownerExtensionId`` (the RingCentral user who
  owns the recording) is the **agent**; the others are callers (a ``roles=`` override wins).
* **Turns** are the ``Transcript`` utterances (seconds → ms, time order). ACE has **no word
  times and no confidences**: words are estimated the way the caption readers estimate them
  (an utterance's span shared by its words in proportion to their length), every one marked in
  ``media.words.estimated``; a :class:`~vbformats.errors.LossyConversionWarning` says so once.
* **Length** is ``recordingDurationMs``; ``mediaId`` the ``sourceRecordId``; ``dateCreated``
  the ``creationTime``; ``metadata.title`` the ``title``.
* **Insights** other than ``Transcript`` (``Summary``, ``NextSteps``, ``Highlights`` (also
  spelt ``HighLights``), ``BulletedSummary``, ``AIScore``, ``Sentiment``, ``CallNotes``,
  ``QnA`` and any unknown name) are tables (:mod:`vbformats.ringcentral.ace_tables`); their
  values are kept as sent in :class:`AceResult`.
* A session answer with one record is that record; with several, :func:`read_records` gives
  one Media each (``load`` refuses it, naming the count).

``media.to_dict()`` is the VoiceBase-shaped document of the conversion;
``media.vendor_result.to_dict()`` the ACE payload as read.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import Field, JsonValue, ValidationError, model_validator

from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.models.base import WireFloat, raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.vendor import VendorResult
from vbformats.ringcentral.ace_dialect import is_ace
from vbformats.ringcentral.models import RingCentralModel, Seconds, SpeakerId, Utterance

__all__ = [
    "AceInsightValue",
    "AceResult",
    "AceSpeaker",
    "media_from_ace",
    "read_records",
]


class AceSpeaker(RingCentralModel):
    """One entry of ``speakerInfo``."""

    speaker_id: SpeakerId = None
    name: str | None = None
    account_id: str | None = None
    extension_id: str | None = None
    phone_number: str | None = None


class AceInsightValue(RingCentralModel):
    """One value of an insight (``Summary``, ``NextSteps``, ``AIScore`` ...): ``value`` as sent
    (``AIScore``'s is a string, ``"8"``), optional span in seconds, speaker and section."""

    value: JsonValue = None
    start: Seconds | None = None
    end: Seconds | None = None
    speaker_id: SpeakerId = None
    section: str | None = None


class AceTranscriptEntry(RingCentralModel):
    """One ``Transcript`` utterance: ``speakerId``, ``text``, ``start`` / ``end`` in seconds."""

    speaker_id: SpeakerId = None
    text: str | None = None
    start: Seconds
    end: Seconds
    confidence: WireFloat | None = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> AceTranscriptEntry:
        if self.end < self.start:
            raise ValueError(f"end {self.end} s is before start {self.start} s")
        return self


class AceResult(VendorResult):
    """The ACE extension of a :class:`Media` (``media.vendor_result``).

    Attributes:
        record: The record's top-level fields except ``insights`` and ``speakerInfo`` (title,
            domain, ids, times, ``callDirection`` ...), as sent.
        speakers: ``speakerInfo``, typed.
        names: Speaker id → display name, as used for turns and tables.
        owner_speaker_id: The speaker whose ``extensionId`` is ``ownerExtensionId``, if any.
        transcript: The ``Transcript`` utterances, in the record's order.
        insights: Every other insight name → its values, in the record's order.
        event: The push-notification fields around the record (``uuid``, ``event``, ``body``'s
            ``eventType`` ...), when it came as one; else ``None``.
        raw: The payload as read.
    """

    vendor: ClassVar[str] = "ringcentral-ace"

    record: dict[str, Any] = Field(default_factory=dict)
    speakers: list[AceSpeaker] = Field(default_factory=list)
    names: dict[str, str] = Field(default_factory=dict)
    owner_speaker_id: str | None = None
    transcript: list[AceTranscriptEntry] = Field(default_factory=list)
    insights: dict[str, list[AceInsightValue]] = Field(default_factory=dict)
    event: dict[str, Any] | None = None
    raw: Any = None

    def to_dict(self) -> Any:
        """The ACE payload as it was read."""
        return self.raw

    def speaker_ids(self) -> list[str]:
        """The ids of :attr:`names` (``speakerInfo``, then the transcript's)."""
        return list(self.names)

    def speaker_roles(self) -> dict[str, str]:
        """The recording owner's speaker is the agent, the others callers (names as used)."""
        if self.owner_speaker_id is None or self.owner_speaker_id not in self.names:
            return {}
        return {
            name: "agent" if speaker_id == self.owner_speaker_id else "caller"
            for speaker_id, name in self.names.items()
        }

    def insight(self, name: str) -> list[AceInsightValue]:
        """The values of insight ``name``, matched case-insensitively (``Highlights`` is also
        sent as ``HighLights``); ``[]`` when absent."""
        wanted = name.lower()
        return [v for key, values in self.insights.items() if key.lower() == wanted for v in values]


# --- reading ----------------------------------------------------------------------------------


def _records(doc: dict[str, Any]) -> tuple[list[tuple[dict[str, Any], str]], dict[str, Any] | None]:
    """(record, JSON path) pairs and the event fields around them."""
    if "insights" in doc:
        return [(doc, "")], None
    if isinstance(doc.get("records"), list):
        return [(r, f"records[{i}]") for i, r in enumerate(doc["records"])], None
    body = doc["body"]
    event = {key: value for key, value in doc.items() if key != "body"}
    event["eventType"] = body.get("eventType")
    record = {key: value for key, value in body.items() if key != "eventType"}
    return [(record, "body")], event


def read_records(doc: Any, *, speakers: Mapping[str, str] | None = None) -> list[Media]:
    """Every record of an ACE payload (record, session answer or event) as a Media each.

    Raises:
        InvalidInputError: not an ACE payload, or a malformed record (naming the path).
    """
    if not is_ace(doc):
        raise InvalidInputError("", "not a RingCentral ACE insights record, session or event")
    records, event = _records(doc)
    return [
        _read_record(record, path, event, doc, dict(speakers or {})) for record, path in records
    ]


def media_from_ace(doc: Any, speakers: Mapping[str, str] | None = None) -> Media:
    """An ACE record (or a session answer holding one record, or an event) as a Media.

    Raises:
        InvalidInputError: a malformed record (naming the JSON path), or a session answer with
            no record or several (use :func:`read_records`).
    """
    if not is_ace(doc):
        raise InvalidInputError("", "not a RingCentral ACE insights record, session or event")
    records, event = _records(doc)
    if len(records) != 1:
        raise InvalidInputError(
            "records",
            f"this ACE session answer holds {len(records)} records; load reads one: use "
            "vbformats.ringcentral.ace.read_records() for a Media per record",
        )
    record, path = records[0]
    return _read_record(record, path, event, doc, dict(speakers or {}))


def _validate(model: Any, value: Any, path: str) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise raise_from_validation_error(error, path) from None


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _read_record(
    record: dict[str, Any],
    path: str,
    event: dict[str, Any] | None,
    raw: Any,
    given: dict[str, str],
) -> Media:
    if not isinstance(record, dict):
        raise InvalidInputError(path, "an ACE record must be a JSON object")
    insights = record.get("insights")
    if not isinstance(insights, dict):
        raise InvalidInputError(_at(path, "insights"), "expected an object of insight lists")
    info = record.get("speakerInfo") or []
    if not isinstance(info, list):
        raise InvalidInputError(_at(path, "speakerInfo"), "expected a list of speakers")
    speaker_list = [
        _validate(AceSpeaker, s, f"{_at(path, 'speakerInfo')}[{i}]") for i, s in enumerate(info)
    ]
    result = AceResult(
        record={k: v for k, v in record.items() if k not in ("insights", "speakerInfo")},
        speakers=speaker_list,
        event=event,
        raw=raw,
    )
    for name, values in insights.items():
        where = f"{_at(path, 'insights')}.{name}"
        if not isinstance(values, list):
            raise InvalidInputError(where, "expected a list of insight values")
        if name == "Transcript":
            result.transcript = [
                _validate(AceTranscriptEntry, v, f"{where}[{i}]") for i, v in enumerate(values)
            ]
        else:
            result.insights[name] = [
                _validate(AceInsightValue, v, f"{where}[{i}]") for i, v in enumerate(values)
            ]
    result.names = _names(result, given)
    owner = record.get("ownerExtensionId")
    for speaker in speaker_list:
        if owner is not None and speaker.extension_id is not None and speaker.extension_id == owner:
            result.owner_speaker_id = speaker.speaker_id
    return _to_media(result, record, path)


def _names(result: AceResult, given: dict[str, str]) -> dict[str, str]:
    """Speaker id → display name: the caller's map, ``speakerInfo`` name, phone number, else
    ``Speaker N`` (``speakerInfo`` order, then first appearance in the transcript)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    ordered: list[tuple[str, AceSpeaker | None]] = [
        (s.speaker_id, s) for s in result.speakers if s.speaker_id
    ]
    seen = {speaker_id for speaker_id, _ in ordered}
    for entry in result.transcript:
        if entry.speaker_id and entry.speaker_id not in seen:
            seen.add(entry.speaker_id)
            ordered.append((entry.speaker_id, None))
    for number, (speaker_id, speaker) in enumerate(ordered, 1):
        name = given.get(speaker_id)
        if not name and speaker is not None:
            name = (speaker.name or "").strip() or (speaker.phone_number or "").strip()
        name = name or f"Speaker {number}"
        if name in taken:  # two people of the same name stay two speakers
            name = f"{name} ({speaker_id})"
        taken.add(name)
        names[speaker_id] = name
    return names


def _to_media(result: AceResult, record: dict[str, Any], path: str) -> Media:
    from vbformats.ringcentral.aligner import build_words, utterance_segments

    def name_of(speaker_id: str | None) -> str | None:
        return result.names.get(speaker_id) if speaker_id else None

    utterances = [
        Utterance.model_validate(
            {"start": u.start, "end": u.end, "text": u.text, "speakerId": u.speaker_id}
        )
        for u in result.transcript
    ]
    out: dict[str, Any] = {"status": "finished"}
    for key, target in (("sourceRecordId", "mediaId"), ("creationTime", "dateCreated")):
        if isinstance(record.get(key), str):
            out[target] = record[key]
    duration = record.get("recordingDurationMs")
    if duration is not None:
        out["length"] = duration
    if isinstance(record.get("title"), str):
        out["metadata"] = {"title": record["title"]}
    if utterances:
        table = build_words(utterance_segments(utterances, [], name_of), name_of)
        out["transcript"] = {"words": table}
        warnings.warn(
            "ACE records have no word times: word times are estimated from the utterances "
            "(media.words.estimated)",
            LossyConversionWarning,
            stacklevel=4,
        )
    try:
        media = Media.model_validate(out)
    except ValidationError as error:
        raise raise_from_validation_error(error, path) from None
    media.source_format = "ringcentral-ace"
    media.vendor_result = result
    return media
