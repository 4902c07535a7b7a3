"""Older VoiceBase generations: v2-beta answers and early v3 callbacks, read exactly.

Two things changed between the generations, and the document says which one it is:

* **v2-beta** answers (``GET /v2-beta/media/{id}``; their ``_links`` point to ``/v2-beta/``)
  wrap the media in ``{"_links": ..., "media": {...}}``, keep words under
  ``transcripts.latest.words`` and keywords under ``keywords.latest.words``, each keyword with
  ``"t": {speaker: [start, ...]}`` in **seconds** (numbers or strings: ``"34.48"``), and topics
  under ``topics.latest.topics`` with keywords of the same shape; ``streams`` is an object
  (``{"original": url}``), not the v3 list.
* **Early v3 callbacks** (no ``formatVersion`` yet) have the v3 sections but give keyword
  occurrence times in seconds: ``"s": "60.074"``, ``"s": 47.115``.

The rule (:func:`occurrence_seconds`): keyword occurrence times are seconds when the document
is v2-beta (a ``/v2-beta/`` link, the ``media`` wrapper, ``keywords.latest``), or when it has no
``formatVersion`` and some keyword occurrence time is written with a fraction. A document with
``formatVersion`` is v3 and its times are milliseconds, whatever they look like (a fraction there
is an error, as for any millisecond field). Word times are milliseconds in every generation.

Seconds become integer milliseconds, rounded like every seconds field
(:func:`vbformats.timing.seconds_to_ms`: ``"60.074"`` → 60074), and the round trip stays
exact: an unchanged time is dumped as it came (``"60.074"`` stays a string), a changed one in
the document's unit (seconds), and a v2-beta answer is dumped wrapped again, its v2 sections as
they were. The v2-beta keywords and topics
are also offered as ``media.knowledge`` (a derived view for tables and reports; the dump gives
back ``keywords.latest`` and ``topics.latest``, not the view).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vbformats import timing
from vbformats.errors import InvalidInputError

__all__ = [
    "Legacy",
    "occurrence_seconds",
    "prepare",
    "seconds_to_ms",
]

_V2_BETA = "/v2-beta/"
# sections of the media object of a v2-beta answer that are not v3-shaped: kept as sent
_V2_SECTIONS = ("keywords", "topics", "predictions", "streams")
_MEDIA_KEYS = ("mediaId", "status", "transcripts", "keywords", "topics", "metadata")


@dataclass
class Legacy:
    """How an older document was read, to give it back as it came (``Media._legacy``)."""

    generation: str
    """``"v2-beta"`` or ``"v3-early"``."""
    envelope: list[tuple[str, Any]] | None = None
    """The keys of a v2-beta ``{"_links": ..., "media": {...}}`` answer, in order (the value
    at ``"media"`` is a placeholder: the media is dumped from the model)."""
    kept: dict[str, Any] = field(default_factory=dict)
    """v2-beta sections of the media object, kept as sent (not v3-shaped)."""
    order: list[str] = field(default_factory=list)
    """The media object's keys in the order they came."""
    derived_knowledge: bool = False
    """``knowledge`` was built from the v2-beta keywords and topics (not dumped)."""
    seconds: list[tuple[list[int], dict[str, Any]]] = field(default_factory=list)
    """Occurrences read in seconds: (where, original ``s``/``e`` values)."""

    def dump(self, out: dict[str, Any]) -> dict[str, Any]:
        """The document in its own generation's shape, from the v3-shaped dump ``out``."""
        if self.derived_knowledge:
            out.pop("knowledge", None)
        if self.kept or self.order:
            media: dict[str, Any] = {}
            for key in self.order:
                if key in self.kept:
                    media[key] = self.kept[key]
                elif key in out:
                    media[key] = out.pop(key)
            media.update(out)
            out = media
        if self.envelope is None:
            return out
        return {key: (out if key == "media" else value) for key, value in self.envelope}


def _hrefs(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 4:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "href" and isinstance(item, str):
                yield item
            else:
                yield from _hrefs(item, depth + 1)
    elif isinstance(value, list):
        for item in value[:50]:
            yield from _hrefs(item, depth + 1)


def _is_v2_beta(doc: dict[str, Any]) -> bool:
    if any(_V2_BETA in href for href in _hrefs(doc.get("_links"))):
        return True
    keywords = doc.get("keywords")
    return isinstance(keywords, dict) and isinstance(keywords.get("latest"), dict)


def _is_envelope(doc: dict[str, Any]) -> bool:
    media = doc.get("media")
    return (
        isinstance(media, dict)
        and any(key in media for key in _MEDIA_KEYS)
        and not any(key in doc for key in ("mediaId", "transcript", "transcripts"))
    )


def seconds_to_ms(value: Any, where: str) -> int:
    """A time in seconds (a number or a numeric string) as integer milliseconds, rounded as
    every seconds field is (:func:`vbformats.timing.seconds_to_ms`: ``"60.074"`` → 60074).

    Raises:
        InvalidInputError: naming ``where``: not a number, negative, not finite, or past the
            largest time.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidInputError(where, f"expected a time in seconds, got {value!r}")
    try:
        seconds = float(value)
    except ValueError:
        raise InvalidInputError(where, f"expected a time in seconds, got {value!r}") from None
    if seconds < 0:
        raise InvalidInputError(where, f"expected a time in seconds >= 0, got {value!r}")
    try:
        return timing.seconds_to_ms(seconds)
    except InvalidInputError as error:
        raise InvalidInputError(where, error.problem) from None


def _occurrence_lists(doc: Any) -> Iterator[tuple[str, list[Any]]]:
    """Every list of keyword occurrences in a v3-shaped document (knowledge and spotting)."""
    if not isinstance(doc, dict):
        return
    keyword_lists: list[tuple[str, Any]] = []
    knowledge = doc.get("knowledge")
    if isinstance(knowledge, dict):
        keyword_lists.append(("knowledge.keywords", knowledge.get("keywords")))
        topics = knowledge.get("topics")
        if isinstance(topics, list):
            for t, topic in enumerate(topics):
                if isinstance(topic, dict):
                    keyword_lists.append((f"knowledge.topics[{t}].keywords", topic.get("keywords")))
    spotting = doc.get("spotting")
    if isinstance(spotting, dict) and isinstance(spotting.get("groups"), list):
        for g, group in enumerate(spotting["groups"]):
            if isinstance(group, dict):
                where = f"spotting.groups[{g}].spottedKeywords"
                keyword_lists.append((where, group.get("spottedKeywords")))
    for where, keywords in keyword_lists:
        if not isinstance(keywords, list):
            continue
        for k, keyword in enumerate(keywords):
            mentions = keyword.get("mentions") if isinstance(keyword, dict) else None
            if not isinstance(mentions, list):
                continue
            for m, mention in enumerate(mentions):
                occurrences = mention.get("occurrences") if isinstance(mention, dict) else None
                # one list per mention, even a missing one, so the model's walk lines up
                yield (
                    f"{where}[{k}].mentions[{m}].occurrences",
                    occurrences if isinstance(occurrences, list) else [],
                )


def _fractional(value: Any) -> bool:
    if isinstance(value, float):
        return not value.is_integer()
    return isinstance(value, str) and "." in value


def occurrence_seconds(doc: dict[str, Any]) -> bool:
    """Whether this (unwrapped) document gives keyword occurrence times in seconds (see the
    module docstring for the rule)."""
    if "formatVersion" in doc:
        return False
    for _, occurrences in _occurrence_lists(doc):
        for occurrence in occurrences:
            if isinstance(occurrence, dict) and (
                _fractional(occurrence.get("s")) or _fractional(occurrence.get("e"))
            ):
                return True
    return False


def _v2_keyword(entry: Any, where: str) -> dict[str, Any]:
    """A v2-beta keyword (``name``, ``t``, ``relevance``) as a v3 keyword."""
    if not isinstance(entry, dict):
        raise InvalidInputError(where, f"expected a keyword object, got {type(entry).__name__}")
    keyword: dict[str, Any] = {"keyword": entry.get("name")}
    if "relevance" in entry:
        keyword["relevance"] = entry["relevance"]
    times = entry.get("t") or {}
    if not isinstance(times, dict):
        raise InvalidInputError(f"{where}.t", "expected an object of speaker → start times")
    mentions = []
    for speaker, starts in times.items():
        if not isinstance(starts, list):
            raise InvalidInputError(f"{where}.t.{speaker}", "expected a list of start times")
        occurrences = [
            {"s": seconds_to_ms(start, f"{where}.t.{speaker}[{i}]")}
            for i, start in enumerate(starts)
        ]
        mentions.append({"speakerName": speaker, "occurrences": occurrences})
    keyword["mentions"] = mentions
    return keyword


def _v2_knowledge(doc: dict[str, Any]) -> dict[str, Any] | None:
    keywords_section = doc.get("keywords")
    topics_section = doc.get("topics")
    words = (
        keywords_section.get("latest", {}).get("words")
        if isinstance(keywords_section, dict) and isinstance(keywords_section.get("latest"), dict)
        else None
    )
    topics = (
        topics_section.get("latest", {}).get("topics")
        if isinstance(topics_section, dict) and isinstance(topics_section.get("latest"), dict)
        else None
    )
    if not isinstance(words, list) and not isinstance(topics, list):
        return None
    knowledge: dict[str, Any] = {}
    if isinstance(words, list):
        base = "keywords.latest.words"
        knowledge["keywords"] = [_v2_keyword(w, f"{base}[{i}]") for i, w in enumerate(words)]
    if isinstance(topics, list):
        converted = []
        for t, topic in enumerate(topics):
            where = f"topics.latest.topics[{t}]"
            if not isinstance(topic, dict):
                raise InvalidInputError(where, "expected a topic object")
            entry: dict[str, Any] = {"topicName": topic.get("name")}
            if "relevance" in topic:
                entry["relevance"] = topic["relevance"]
            keywords = topic.get("keywords") or []
            if not isinstance(keywords, list):
                raise InvalidInputError(f"{where}.keywords", "expected a list of keywords")
            entry["keywords"] = [
                _v2_keyword(k, f"{where}.keywords[{i}]") for i, k in enumerate(keywords)
            ]
            converted.append(entry)
        knowledge["topics"] = converted
    return knowledge


def prepare(doc: dict[str, Any]) -> tuple[dict[str, Any], Legacy | None]:
    """Make an older document v3-shaped for validation (a new dict; ``doc`` is not changed).

    Returns the document to validate and how to give it back (``None`` for a v3 document).
    Occurrence times in seconds are converted here; :func:`finish` marks them on the model.
    """
    envelope: list[tuple[str, Any]] | None = None
    if _is_envelope(doc):
        envelope = [(key, None if key == "media" else value) for key, value in doc.items()]
        inner: dict[str, Any] = dict(doc["media"])
        v2_beta = True
    else:
        inner = doc
        v2_beta = _is_v2_beta(doc)
    legacy = Legacy("v2-beta" if v2_beta else "v3-early", envelope)
    if v2_beta:
        inner = dict(inner)
        legacy.order = list(inner)
        knowledge = _v2_knowledge(inner)
        for key in _V2_SECTIONS:
            value = inner.get(key)
            if key in inner and not (key == "streams" and isinstance(value, list)):
                legacy.kept[key] = inner.pop(key)
        if knowledge is not None and "knowledge" not in inner:
            inner["knowledge"] = knowledge
            legacy.derived_knowledge = True
    if v2_beta or occurrence_seconds(inner):
        inner = _convert_occurrences(inner, legacy)
    if envelope is None and not v2_beta and not legacy.seconds:
        return doc, None
    return inner, legacy


def _convert_occurrences(doc: dict[str, Any], legacy: Legacy) -> dict[str, Any]:
    """A copy of ``doc`` whose keyword occurrence times are milliseconds (the originals go to
    ``legacy.seconds``, in document order)."""
    if legacy.derived_knowledge:
        return doc  # built in milliseconds already
    copied = _copy_occurrence_paths(doc)
    for index, (where, occurrences) in enumerate(_occurrence_lists(copied)):
        for i, occurrence in enumerate(occurrences):
            if not isinstance(occurrence, dict):
                continue
            originals = {
                key: occurrence[key] for key in ("s", "e") if occurrence.get(key) is not None
            }
            if not originals:
                continue
            converted = dict(occurrence)
            for key, value in originals.items():
                converted[key] = seconds_to_ms(value, f"{where}[{i}].{key}")
            occurrences[i] = converted
            legacy.seconds.append(([index, i], originals))
    return copied


def _copy_occurrence_paths(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with every container on the way to an occurrence list copied (the caller's
    dict must not change)."""

    def copy(value: Any, depth: int) -> Any:
        if depth > 8:  # deeper than any occurrence list (spotting: 8 levels down)
            return value
        if isinstance(value, dict):
            return {key: copy(item, depth + 1) for key, item in value.items()}
        if isinstance(value, list):
            return [copy(item, depth + 1) for item in value]
        return value

    out = dict(doc)
    for key in ("knowledge", "spotting"):
        if key in out:
            out[key] = copy(out[key], 0)
    return out


def finish(media: Any, legacy: Legacy) -> None:
    """Mark the occurrences read in seconds on the validated ``media`` (they dump back in
    seconds) and attach ``legacy`` for the dump."""
    if legacy.seconds:
        lists = list(_model_occurrence_lists(media))
        for (list_index, item_index), originals in legacy.seconds:
            occurrence = lists[list_index][item_index]
            occurrence.mark_seconds(originals)
    media._legacy = legacy


def _model_occurrence_lists(media: Any) -> Iterator[list[Any]]:
    """The occurrence lists of the model, in the order of :func:`_occurrence_lists`."""
    keyword_lists: list[list[Any]] = []
    if media.knowledge is not None:
        keyword_lists.append(media.knowledge.keywords)
        keyword_lists.extend(topic.keywords for topic in media.knowledge.topics)
    if media.spotting is not None:
        keyword_lists.extend(group.spotted_keywords for group in media.spotting.groups)
    for keywords in keyword_lists:
        for keyword in keywords:
            for mention in keyword.mentions:
                yield mention.occurrences
