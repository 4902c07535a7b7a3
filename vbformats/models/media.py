"""The VoiceBase v3 media document (``GET /v3/media/{id}`` and the analytics callback body).

Every documented section is modelled; anything else is kept as an extra key. Times are integer
milliseconds (``s``/``e`` on the wire). Field descriptions come from the v3 documentation
(``shared/reference/voicebase-v3-docs.txt``) and its OpenAPI spec.

Aliases the service uses interchangeably are accepted (``subTopics``/``subtopics``,
``keyword``/``name``, ``predictedClass``/``predictedCategory``, ``predictedClassLabel``/
``predictedCategoryLabel``) and the document's own key is dumped back.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from pydantic import AliasChoices, Field, PrivateAttr, model_validator

from vbformats.errors import InvalidInputError
from vbformats.models.base import WireFloat, WireInt, WireModel
from vbformats.models.vendor import VendorResult
from vbformats.models.words import WordTable
from vbformats.timing import MAX_TIME_MS

__all__ = [
    "AlternateFormat",
    "Category",
    "Classifier",
    "Conversation",
    "Detection",
    "Detector",
    "Encryption",
    "Entity",
    "Keyword",
    "Knowledge",
    "Media",
    "MediaMetadata",
    "Mention",
    "MetricGroup",
    "MetricValue",
    "Occurrence",
    "Prediction",
    "SentimentValue",
    "SpeakerSentiment",
    "SpeakerVerbNounPairs",
    "Spotting",
    "SpottingGroup",
    "Stream",
    "Topic",
    "Transcript",
    "TranscriptTurn",
    "VerbNounPair",
    "VoiceActivity",
]


class _Span(WireModel):
    """Anything with ``s`` and optional ``e`` in ms; refuses ``e`` before ``s``."""

    s: WireInt | None = Field(None, ge=0, le=MAX_TIME_MS, description="Start in ms.")
    e: WireInt | None = Field(
        None, ge=0, le=MAX_TIME_MS, description="End in ms (often absent on occurrences)."
    )

    @model_validator(mode="after")
    def _end_not_before_start(self) -> _Span:
        if self.s is not None and self.e is not None and self.e < self.s:
            raise ValueError(f"end {self.e} ms is before start {self.s} ms")
        return self

    @property
    def start_ms(self) -> int | None:
        """``s`` under its descriptive name."""
        return self.s

    @property
    def end_ms(self) -> int | None:
        """``e`` under its descriptive name."""
        return self.e


class Occurrence(_Span):
    """One occurrence of a keyword, category match, detection or voice activity.

    ``s``/``e`` are milliseconds, also for the older documents that wrote keyword occurrences
    in seconds (:mod:`vbformats.formats.legacy`); those dump back in seconds.
    """

    exact: str | None = Field(None, description="The exact words that matched.")

    # set by the legacy reader: the document wrote this occurrence's times in seconds
    _in_seconds: bool = PrivateAttr(False)

    def mark_seconds(self, originals: dict[str, Any]) -> None:
        """Record that ``s``/``e`` came in seconds as ``originals`` (the values as sent)."""
        self._in_seconds = True
        for key, original in originals.items():
            self._wire_originals[key] = (original, getattr(self, key))

    def _wire_changed(self, out: dict[str, Any]) -> dict[str, Any]:
        if not self._in_seconds:
            return out
        for key in ("s", "e"):
            current = getattr(self, key)
            original = self._wire_originals.get(key)
            if key in out and current is not None and (original is None or original[1] != current):
                out[key] = _ms_as_seconds(current, original[0] if original else "")
        return out


def _ms_as_seconds(ms: int, like: Any) -> Any:
    """``ms`` in seconds, as a string when the document wrote its times as strings."""
    text = f"{ms // 1000}.{ms % 1000:03d}".rstrip("0").rstrip(".")
    return text if isinstance(like, str) else float(text)


class Mention(WireModel):
    """The occurrences of something in one speaker's speech."""

    speaker_name: str | None = None
    occurrences: list[Occurrence] = Field(default_factory=list)


class Keyword(WireModel):
    """A keyword (knowledge or spotting). VoiceBase sends its text as ``keyword`` or ``name``."""

    keyword: str | None = Field(None, validation_alias=AliasChoices("keyword", "name"))
    relevance: WireFloat | None = Field(None, description="0..1, may arrive as a string.")
    mentions: list[Mention] = Field(default_factory=list)


class Topic(WireModel):
    """A detected topic with its keywords and subtopics (``subTopics`` or ``subtopics``)."""

    topic_name: str | None = None
    relevance: WireFloat | None = None
    subtopics: list[Any] | None = Field(
        None, validation_alias=AliasChoices("subtopics", "subTopics")
    )
    keywords: list[Keyword] = Field(default_factory=list)


class Knowledge(WireModel):
    """Keywords and topics extracted from the transcript."""

    keywords: list[Keyword] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)


class SpottingGroup(WireModel):
    """A keyword-spotting group and whether any of its keywords was spotted."""

    group_name: str | None = None
    spotted: bool | None = None
    score: WireFloat | None = Field(None, description='May arrive as a string ("0.4439").')
    spotted_keywords: list[Keyword] = Field(default_factory=list)


class Spotting(WireModel):
    """Keyword-spotting results."""

    groups: list[SpottingGroup] = Field(default_factory=list)


class Classifier(WireModel):
    """A prediction classifier's result."""

    classifier_id: str | None = None
    classifier_name: str | None = None
    classifier_version: str | None = None
    classifier_display_name: str | None = None
    classifier_type: str | None = None
    predicted_class: WireInt | str | None = Field(
        None, validation_alias=AliasChoices("predictedClass", "predictedCategory")
    )
    predicted_class_label: str | None = Field(
        None, validation_alias=AliasChoices("predictedClassLabel", "predictedCategoryLabel")
    )
    prediction_score: WireFloat | None = None


class Detection(WireModel):
    """One class a detector found, with the segments where it was found."""

    detector_class: WireInt | str | None = None
    detector_class_label: str | None = None
    detected_segments: list[Mention] = Field(default_factory=list)


class Detector(WireModel):
    """A detector (PCI, SSN, PII...) and its detections."""

    detector_id: str | None = None
    detector_name: str | None = None
    detector_version: str | None = None
    detector_display_name: str | None = None
    detector_type: str | None = None
    detections: list[Detection] = Field(default_factory=list)


class Prediction(WireModel):
    """Classifiers and detectors."""

    classifiers: list[Classifier] = Field(default_factory=list)
    detectors: list[Detector] = Field(default_factory=list)


class MetricValue(WireModel):
    """One named metric value."""

    metric_name: str | None = None
    metric_value: WireFloat | None = Field(None, description="May arrive as a string.")


class MetricGroup(WireModel):
    """A metric group (``overtalk``, ``talk-time-and-rate``, ...)."""

    metric_group_name: str | None = None
    metric_values: list[MetricValue] = Field(default_factory=list)


class Category(WireModel):
    """A category and where it matched."""

    category_name: str | None = None
    category_value: WireFloat | None = Field(None, description="1 matched, 0 not (or a score).")
    category_matches: list[Mention] = Field(default_factory=list)


class VerbNounPair(_Span):
    """A verb-noun pair in one speaker's speech."""

    verb: str | None = None
    noun: str | None = None
    verb_neg: str | None = None
    noun_neg: str | None = None
    question: bool | None = None


class SpeakerVerbNounPairs(WireModel):
    """One speaker's verb-noun pairs."""

    speaker_name: str | None = None
    verb_noun_pairs: list[VerbNounPair] = Field(default_factory=list)


class Conversation(WireModel):
    """Conversation analytics."""

    speaker_verb_noun_pairs: list[SpeakerVerbNounPairs] = Field(default_factory=list)


class SentimentValue(_Span):
    """A sentiment value -1..1 over ``[s, e)``."""

    v: WireFloat | None = Field(None, description="Sentiment, -1 (negative) .. 1 (positive).")


class SpeakerSentiment(WireModel):
    """One speaker's sentiment values."""

    speaker_name: str | None = None
    sentiment_values: list[SentimentValue] = Field(default_factory=list)


class Entity(_Span):
    """A named entity (person, location, phone, money, date...)."""

    text: str | None = None
    type: str | None = None
    formatted_text: str | None = None


class VoiceActivity(WireModel):
    """When one speaker (channel) had voice activity."""

    speaker_name: str | None = None
    occurrences: list[Occurrence] = Field(default_factory=list)


class TranscriptTurn(_Span):
    """A speaker turn as VoiceBase renders it (``transcript.turns``)."""

    speaker: str | None = None
    text: str | None = None


class AlternateFormat(WireModel):
    """A transcript in another format (text, SRT, WebVTT, DFXP), usually base64 encoded."""

    format: str | None = None
    content_type: str | None = None
    content_encoding: str | None = Field(None, description="``Base64`` or ``base64`` or absent.")
    charset: str | None = None
    data: str | None = None

    def decoded(self) -> str:
        """The content as text: base64-decoded when ``contentEncoding`` says so (any case).

        Raises:
            InvalidInputError: the data is not valid base64 or not valid in its charset.
        """
        data = self.data or ""
        charset = self.charset or "utf-8"
        if (self.content_encoding or "").lower() == "base64":
            try:
                raw = base64.b64decode(data, validate=False)
            except (binascii.Error, ValueError) as error:
                raise InvalidInputError(
                    "alternateFormats.data", f"invalid base64: {error}"
                ) from None
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError) as error:
                raise InvalidInputError(
                    "alternateFormats.data", f"cannot decode: {error}"
                ) from None
        return data


class Transcript(WireModel):
    """The transcript section: words (columnar), alternate formats, voice activity, turns."""

    confidence: WireFloat | None = None
    words: WordTable = Field(default_factory=WordTable)
    alternate_formats: list[AlternateFormat] = Field(default_factory=list)
    voice_activity: list[VoiceActivity] = Field(default_factory=list)
    turns: list[TranscriptTurn] = Field(default_factory=list)

    def alternate_format(self, name: str) -> str | None:
        """Decoded text of the alternate format called ``name`` (``srt``, ``webvtt``, ``text``,
        ``dfxp``: the service's names, compared case-insensitively), never chosen by position;
        ``None`` if absent. Format aliases (``vtt``, ``ttml``) are resolved by the format
        registry (:func:`vbformats.formats.alternate.media_from_alternate_format`)."""
        wanted = name.lower()
        for alternate in self.alternate_formats:
            if (alternate.format or "").lower() == wanted:
                return alternate.decoded()
        return None


class MediaMetadata(WireModel):
    """Metadata passed through from the upload."""

    title: str | None = None
    description: str | None = None
    external_id: str | None = None
    extended: dict[str, Any] | None = Field(None, description="Free-form, kept as given.")


class Stream(WireModel):
    """A media stream (original, redacted audio...)."""

    status: Any = None
    stream_name: str | None = None
    stream_location: str | None = None


class Encryption(WireModel):
    """Encryption settings of the result."""

    publish_key_id: str | None = None
    public_key_hash: str | None = None


class Media(WireModel):
    """A VoiceBase v3 media document, callback body or transcript-only response.

    Load with :func:`vbformats.load`. ``to_dict()`` / ``to_json()`` give back the document read.
    ``length`` is the media duration in milliseconds.
    """

    media_id: str | None = None
    status: str | None = None
    date_created: str | None = None
    date_finished: str | None = None
    media_content_type: str | None = None
    length: WireInt | None = Field(None, ge=0, le=MAX_TIME_MS, description="Media duration in ms.")
    metadata: MediaMetadata | None = None
    transcript: Transcript | None = None
    knowledge: Knowledge | None = None
    spotting: Spotting | None = None
    prediction: Prediction | None = None
    metrics: list[MetricGroup] | None = None
    categories: list[Category] | None = None
    conversation: Conversation | None = None
    speaker_sentiments: list[SpeakerSentiment] | None = None
    entities: list[Entity] | None = None
    streams: list[Stream] | None = None
    encryption: Encryption | None = None
    warnings: Any = None
    errors: Any = None
    job: Any = Field(None, alias="_job", description="Job details (kept as sent).")
    links: Any = Field(None, alias="_links", description="HAL links (kept as sent).")

    # Which wire shape this came from: "v3", "v2" (transcripts.latest.words), "transcript" (a
    # transcript-only response: the transcript object at the top level), or the name of a
    # foreign reader ("srt", "vtt", "dfxp", "text", "ringcentral"); older VoiceBase generations
    # are "v2-beta" and "v3-early" (vbformats.formats.legacy), a bare words array "words".
    # Not part of the wire form.
    source_format: str = Field("v3", exclude=True)
    # "alternateFormats[srt]" when the document had no words and load read them from that
    # alternate format (vbformats.formats.alternate.words_from_alternates); not wire form
    words_from: str | None = Field(None, exclude=True)
    # A vendor's own result (RingCentral's AI API: the job envelope, the typed result and the
    # payload as read), for everything VoiceBase has no field for. Not part of the wire form:
    # to_dict() of such a Media is the VoiceBase-shaped document of the converted result.
    vendor_result: VendorResult | None = Field(None, exclude=True)

    # how an older VoiceBase generation was read (vbformats.formats.legacy.Legacy), to dump
    # it back in its own shape; None for v3 documents
    _legacy: Any = PrivateAttr(None)

    @property
    def ringcentral(self) -> Any:
        """The RingCentral extension (``RingCentralResult``) of a RingCentral result, else
        ``None``: :attr:`vendor_result` when its vendor is ``"ringcentral"``."""
        result = self.vendor_result
        return result if result is not None and result.vendor == "ringcentral" else None

    @ringcentral.setter
    def ringcentral(self, value: Any) -> None:
        self.vendor_result = value

    @property
    def words(self) -> WordTable:
        """The transcript's words (an empty table when there is no transcript)."""
        return self.transcript.words if self.transcript is not None else WordTable()

    def to_dict(self) -> dict[str, Any]:
        """The wire form: equal to the document read (unknown keys and original aliases too)."""
        return self._wire_dict(None)

    def _wire_dict(self, words: Any) -> dict[str, Any]:
        """:meth:`to_dict` with ``words`` in place of the word dicts (``None``: the dicts)."""
        transcript = self.transcript
        has_words = transcript is not None and "words" in transcript.model_fields_set
        if not has_words:
            out = super().to_dict()
        else:
            # The words are spliced in after the dump: pydantic would walk every word dict
            # again (1-2 s for 100,000 words), while WordTable.to_dicts builds them in C.
            out = self.model_dump(
                by_alias=True, exclude_unset=True, exclude={"transcript": {"words"}}
            )
            if "transcript" in out:  # a v2 document's transcript is not part of its wire form
                out["transcript"]["words"] = self.words.to_dicts() if words is None else words
        if self.source_format == "v2":
            _restore_v2_shape(out, self.words)
        elif self.source_format == "transcript":
            # a transcript-only response is the transcript object itself
            bare: dict[str, Any] = out.get("transcript", {})
            return bare
        if self._legacy is not None:
            restored: dict[str, Any] = self._legacy.dump(out)
            return restored
        return out

    def to_wire(self) -> dict[str, Any] | list[Any]:
        """The document exactly as read: :meth:`to_dict`, except that a bare words array
        (``source_format == "words"``) is that array again (``to_dict`` wraps it as
        ``{"transcript": {"words": [...]}}`` so that it is always a dict)."""
        if self.source_format == "words":
            return self.words.to_dicts()
        return self.to_dict()

    def _repr_html_(self) -> str:
        from vbformats.reports.notebook import media_html

        return media_html(self)

    def to_json(self, indent: int | None = None) -> str:
        """The wire form as JSON text (UTF-8, non-ASCII kept; ``indent`` spaces per level).

        A string holding a lone surrogate (possible in a dict passed in, impossible in UTF-8)
        is written as a ``\\uXXXX`` escape, so the text always encodes as UTF-8.
        """
        import json

        import msgspec

        errors = (msgspec.EncodeError, UnicodeEncodeError, TypeError, OverflowError)
        encoded: bytes | None = None
        if self._legacy is None and self.source_format != "v2":
            # the words as JSON text, spliced in whole: the same bytes as encoding the
            # document's dicts, without a dict for every word at once (issue #17, row 7)
            try:
                words = self.words.to_json_bytes()
                if self.source_format == "words":
                    encoded = words
                elif self.transcript is not None and "words" in self.transcript.model_fields_set:
                    encoded = msgspec.json.encode(self._wire_dict(msgspec.Raw(words)))
            except errors:
                encoded = None  # a lone surrogate: the escaping path below
        if encoded is None:
            document = self.to_wire()
            try:
                encoded = msgspec.json.encode(document)
            except errors:
                return json.dumps(document, ensure_ascii=True, indent=indent)
        if indent is not None:
            encoded = msgspec.json.format(encoded, indent=indent)
        return encoded.decode("utf-8")


def _restore_v2_shape(out: dict[str, Any], words: WordTable) -> None:
    """Put words back under ``transcripts.latest.words`` for a legacy v2 document."""
    out.pop("transcript", None)
    transcripts = dict(out.get("transcripts") or {})
    transcripts["latest"] = {**(transcripts.get("latest") or {}), "words": words.to_dicts()}
    out["transcripts"] = transcripts
