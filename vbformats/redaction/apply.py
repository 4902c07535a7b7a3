"""Transcript and analytics redaction of a loaded document (:func:`vbformats.redaction.redact`).

**Transcript.** Every speech word and keypad tone (DTMF: a keyed card number is PCI) whose span
``[s, e)`` overlaps a region ``[s, e)`` of a chosen detector becomes the replacement, one
replacement per word: times, speaker markers, punctuation and confidence are kept, so the word
count, turns and caption timing are unchanged. A zero-length word or region counts as 1 ms long.

**Analytics** (what the README's "Redaction" section lists): an item is *removed* when its
time span overlaps a region, or when its text holds a *redacted-only* word (a word that was
redacted and does not appear unredacted anywhere in the transcript, so an item without times
cannot keep it either):

* keyword occurrences (``knowledge.keywords``, each topic's keywords, ``spotting`` groups'
  spotted keywords, ``categories`` matches) in a region are removed; a keyword, topic keyword or
  spotted keyword left with no occurrence is removed, a topic left with no keyword is removed,
  and a spotting group left with no spotted keyword says ``"spotted": false``; categories stay
  (their names are your rules) with the occurrences outside the regions;
* entities and verb-noun pairs in a region are removed;
* VoiceBase's rendered turns (``transcript.turns[].text``) keep their times; their redacted
  words are *masked* (replaced like the words);
* detection occurrences keep their times (they are the regions), their ``exact`` text is masked;
* the alternate formats (the service's SRT/WebVTT/DFXP/text renderings) are removed: they hold
  the words as they were; render the redacted Media with the writers instead. A document
  whose only words are in them (a transcript-only response) first gets its words from them
  (times estimated, :func:`vbformats.formats.alternate.media_from_alternate_format`), so they
  are redacted, not lost;
* a vendor's own result (RingCentral's utterances) is dropped: the redacted Media is the
  VoiceBase-shaped document only.

Sentiment values, metrics and voice activity hold no words and are kept. What was redacted is
noted in the document under :data:`NOTE_KEY` (read with :func:`redaction_note`), so it survives
``to_dict()`` / ``load()``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from pydantic import BaseModel

from vbformats.errors import InvalidInputError
from vbformats.models.media import Keyword, Media, Mention, Occurrence
from vbformats.models.words import DTMF, SPEECH, WordTable

__all__ = [
    "NOTE_KEY",
    "Region",
    "Regions",
    "add_note",
    "detector_regions",
    "mask_text",
    "normalize_token",
    "redact_media",
    "redaction_note",
    "replace_words",
    "with_words",
    "without_alternates",
]

#: The document key (top level) holding the list of content filters applied here.
NOTE_KEY = "vbformatsContentFilters"

_ALIASES = {"numbers": "number", "ssns": "ssn", "emails": "email", "phones": "phone"}
_TOKEN = re.compile(r"[^\s]+")
_EDGE = re.compile(r"^[^\w@]+|[^\w@]+$")


class Region(NamedTuple):
    """One detected region: ``[start_ms, end_ms)`` of one detector's detection class."""

    detector: str
    label: str | None
    start_ms: int
    end_ms: int


class Regions:
    """The union of regions, for fast "does ``[s, e)`` overlap any?" questions."""

    def __init__(self, regions: Iterable[Region]) -> None:
        spans = sorted((r.start_ms, max(r.end_ms, r.start_ms + 1)) for r in regions)
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [span[0] for span in merged]
        self._ends = [span[1] for span in merged]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def overlaps(self, start_ms: int | None, end_ms: int | None) -> bool:
        """``[start_ms, end_ms)`` overlaps a region (``False`` when ``start_ms`` is None)."""
        if start_ms is None:
            return False
        end = max(end_ms if end_ms is not None else start_ms, start_ms + 1)
        at = bisect.bisect_left(self._starts, end) - 1
        return at >= 0 and self._ends[at] > start_ms


def _wanted(names: Iterable[str]) -> set[str]:
    if isinstance(names, str):
        raise InvalidInputError("detections", f"expected a list of names, got the string {names!r}")
    wanted = set()
    for name in names:
        if not isinstance(name, str):
            raise InvalidInputError("detections", f"expected detector names, got {name!r}")
        key = name.strip().lower()
        wanted.add(_ALIASES.get(key, key))
    return wanted


def detector_regions(media: Media, names: Iterable[str]) -> list[Region]:
    """The regions of the detectors named ``names`` (``detectorName`` or
    ``detectorClassLabel``, case-insensitive), in document order."""
    wanted = _wanted(names)
    found: list[Region] = []
    for detector in media.prediction.detectors if media.prediction is not None else []:
        name = detector.detector_name or detector.detector_display_name or detector.detector_id
        for detection in detector.detections:
            label = detection.detector_class_label
            if (name or "").lower() not in wanted and (label or "").lower() not in wanted:
                continue
            for segment in detection.detected_segments:
                for occurrence in segment.occurrences:
                    if occurrence.s is None:
                        continue
                    end = occurrence.e if occurrence.e is not None else occurrence.s
                    found.append(Region(name or label or "", label, occurrence.s, end))
    return found


def normalize_token(token: str) -> str:
    """A token as compared: lower case, leading/trailing punctuation removed."""
    return _EDGE.sub("", token.lower())


def mask_text(text: str, words: set[str], replacement: str) -> str:
    """``text`` with each whitespace-separated token whose normalized form is in ``words``
    replaced by ``replacement`` (the whitespace between tokens kept)."""
    if not words or not text:
        return text
    return _TOKEN.sub(
        lambda match: replacement if normalize_token(match.group(0)) in words else match.group(0),
        text,
    )


def replace_words(table: WordTable, indices: Sequence[int], replacement: str) -> WordTable:
    """A new table with the tokens at ``indices`` reading ``replacement`` (all else kept)."""
    if not indices:
        return table
    dicts = table.to_dicts()
    for index in indices:
        dicts[index] = {**dicts[index], "w": replacement}
    return WordTable.from_dicts(dicts, "transcript.words")


def add_note(media: Media, entry: dict[str, Any], changes: dict[str, Any]) -> Media:
    """A copy of ``media`` with ``changes`` (field updates) and ``entry`` appended to the
    document's :data:`NOTE_KEY` list."""
    notes = [*redaction_note(media), entry]
    update = {**changes, NOTE_KEY: notes}
    if media.source_format in ("transcript", "words"):
        # a transcript-only response or a bare words array has no top level for the note:
        # the filtered document is a full v3 document ({"transcript": ..., the note})
        update["source_format"] = "v3"
    return media.model_copy(update=update)


def redaction_note(media: Media) -> list[dict[str, Any]]:
    """What content filters were applied to ``media`` here, oldest first (``[]`` if none).

    Each entry is a dict: ``kind`` (``"redaction"`` or ``"profanity"``), ``replacement``,
    ``words`` (tokens replaced) and, for a redaction, ``detections`` (the names asked for),
    ``regions`` (``detector``, ``label``, ``s``, ``e`` in ms, ``words``) and ``removed``
    (counts of analytics items removed, by section).
    """
    notes = (media.__pydantic_extra__ or {}).get(NOTE_KEY)
    if not isinstance(notes, list):
        return []
    return [entry for entry in notes if isinstance(entry, dict)]


def with_words(media: Media) -> Media:
    """``media`` itself, or, when it has no words but alternate formats (a transcript-only
    response), a copy with words read from them (times estimated), so a filter has words to
    work on before it removes the alternates."""
    if len(media.words):
        return media
    transcript = media.transcript
    extra = (media.__pydantic_extra__ or {}).get("alternateFormats")
    if not (transcript is not None and transcript.alternate_formats) and not extra:
        return media
    from vbformats.formats.alternate import media_from_alternate_format

    return media_from_alternate_format(media)


def without_alternates(media: Media, changes: dict[str, Any]) -> int:
    """Put the removal of a bare transcript's top-level ``alternateFormats`` in ``changes``;
    how many there were."""
    extra = (media.__pydantic_extra__ or {}).get("alternateFormats")
    if not extra:
        return 0
    changes["alternateFormats"] = []
    return len(extra) if isinstance(extra, list) else 1


def _copy(model: Any, **changes: Any) -> Any:
    """``model`` with the fields that really changed replaced (untouched fields stay unset)."""
    update = {key: value for key, value in changes.items() if value != getattr(model, key)}
    return model.model_copy(update=update) if update else model


class _Redactor:
    """One redaction pass: the regions, the redacted-only words, the removal counts."""

    def __init__(self, regions: Regions, masked: set[str], replacement: str) -> None:
        self.regions = regions
        self.masked = masked
        self.replacement = replacement
        self.removed: dict[str, int] = {}

    def count(self, section: str, number: int = 1) -> None:
        if number:
            self.removed[section] = self.removed.get(section, 0) + number

    def has_masked(self, *texts: str | None) -> bool:
        masked = self.masked
        return bool(masked) and any(
            normalize_token(token) in masked for text in texts if text for token in text.split()
        )

    def hit(self, start_ms: int | None, end_ms: int | None, *texts: str | None) -> bool:
        return self.regions.overlaps(start_ms, end_ms) or self.has_masked(*texts)

    def mentions(self, mentions: list[Mention], section: str) -> list[Mention]:
        kept: list[Mention] = []
        for mention in mentions:
            occurrences = [o for o in mention.occurrences if not self.hit(o.s, o.e, o.exact)]
            self.count(section, len(mention.occurrences) - len(occurrences))
            if occurrences or not mention.occurrences:
                kept.append(_copy(mention, occurrences=occurrences))
        return kept

    def keywords(self, keywords: list[Keyword], section: str) -> list[Keyword]:
        kept: list[Keyword] = []
        for keyword in keywords:
            if self.has_masked(keyword.keyword):
                self.count(section)
                continue
            mentions = self.mentions(keyword.mentions, f"{section}Occurrences")
            if mentions or not keyword.mentions:
                kept.append(_copy(keyword, mentions=mentions))
            else:
                self.count(section)
        return kept

    def timed(self, items: list[Any], section: str, *text_fields: str) -> list[Any]:
        kept = [
            item
            for item in items
            if not self.hit(item.s, item.e, *(getattr(item, name) for name in text_fields))
        ]
        self.count(section, len(items) - len(kept))
        return kept


def redact_media(
    media: Media, *, detections: Iterable[str], replacement: str = "[redacted]"
) -> Media:
    """:func:`vbformats.redaction.redact` for a Media (see there and the module docstring)."""
    if not isinstance(media, Media):
        raise InvalidInputError("media", f"expected a Media or a str, got {type(media).__name__}")
    if not isinstance(replacement, str):
        raise InvalidInputError("replacement", f"expected a string, got {replacement!r}")
    names = sorted(_wanted(detections))
    media = with_words(media)
    found = detector_regions(media, names)
    regions = Regions(found)
    table = media.words
    starts, ends, kinds, texts = table.start_ms, table.end_ms, table.kinds, table.text
    hits = [
        i
        for i in range(len(table))
        if kinds[i] in (SPEECH, DTMF) and regions.overlaps(starts[i], ends[i])
    ]
    hit_set = set(hits)
    redacted_words = {normalize_token(texts[i]) for i in hits} - {""}
    kept_words = {
        normalize_token(texts[i])
        for i in range(len(table))
        if kinds[i] in (SPEECH, DTMF) and i not in hit_set
    }
    redactor = _Redactor(regions, redacted_words - kept_words, replacement)
    changes: dict[str, Any] = {}
    if media.transcript is not None:
        transcript = media.transcript
        turns = [
            _copy(turn, text=mask_text(turn.text or "", redacted_words, replacement))
            if turn.text and (turn.s is None or regions.overlaps(turn.s, turn.e))
            else turn
            for turn in transcript.turns
        ]
        redactor.count("alternateFormats", len(transcript.alternate_formats))
        changes["transcript"] = _copy(
            transcript,
            words=replace_words(table, hits, replacement),
            turns=turns,
            alternate_formats=[],
        )
    if media.knowledge is not None:
        topics = []
        for topic in media.knowledge.topics:
            keywords = redactor.keywords(topic.keywords, "topicKeywords")
            if (topic.keywords and not keywords) or redactor.has_masked(topic.topic_name):
                redactor.count("topics")
            else:
                topics.append(_copy(topic, keywords=keywords))
        changes["knowledge"] = _copy(
            media.knowledge,
            keywords=redactor.keywords(media.knowledge.keywords, "keywords"),
            topics=topics,
        )
    if media.spotting is not None:
        groups = []
        for group in media.spotting.groups:
            spotted = redactor.keywords(group.spotted_keywords, "spottedKeywords")
            lost = bool(group.spotted_keywords) and not spotted
            groups.append(
                _copy(group, spotted_keywords=spotted, spotted=False if lost else group.spotted)
            )
        changes["spotting"] = _copy(media.spotting, groups=groups)
    if media.categories is not None:
        changes["categories"] = [
            _copy(c, category_matches=redactor.mentions(c.category_matches, "categoryOccurrences"))
            for c in media.categories
        ]
    if media.entities is not None:
        changes["entities"] = redactor.timed(media.entities, "entities", "text", "formatted_text")
    if media.conversation is not None:
        changes["conversation"] = _copy(
            media.conversation,
            speaker_verb_noun_pairs=[
                _copy(s, verb_noun_pairs=redactor.timed(s.verb_noun_pairs, "verbNounPairs", *_VN))
                for s in media.conversation.speaker_verb_noun_pairs
            ],
        )
    if media.prediction is not None:
        changes["prediction"] = _copy(
            media.prediction,
            detectors=[_mask_exact(d, regions, replacement) for d in media.prediction.detectors],
        )
    if media.vendor_result is not None:
        changes["vendor_result"] = None
        redactor.count("vendorResult")
    redactor.count("alternateFormats", without_alternates(media, changes))
    entry = {
        "kind": "redaction",
        "replacement": replacement,
        "detections": names,
        "words": len(hits),
        "regions": [
            {
                "detector": region.detector,
                "label": region.label,
                "s": region.start_ms,
                "e": region.end_ms,
                "words": sum(1 for i in hits if _overlap(region, starts[i], ends[i])),
            }
            for region in found
        ],
        "removed": redactor.removed,
    }
    changes = {key: value for key, value in changes.items() if value is not getattr(media, key)}
    return add_note(media, entry, changes)


_VN = ("verb", "noun", "verb_neg", "noun_neg")


def _overlap(region: Region, start_ms: int, end_ms: int) -> bool:
    return (
        region.start_ms < max(end_ms, start_ms + 1)
        and max(region.end_ms, region.start_ms + 1) > start_ms
    )


def _mask_exact(model: BaseModel, regions: Regions, replacement: str) -> Any:
    """A detector with the ``exact`` text of its occurrences in the regions masked."""
    detector: Any = model
    detections = []
    for detection in detector.detections:
        segments = []
        for segment in detection.detected_segments:
            occurrences = [
                _copy(o, exact=replacement)
                if isinstance(o, Occurrence) and o.exact and regions.overlaps(o.s, o.e)
                else o
                for o in segment.occurrences
            ]
            segments.append(_copy(segment, occurrences=occurrences))
        detections.append(_copy(detection, detected_segments=segments))
    return _copy(detector, detections=detections)
