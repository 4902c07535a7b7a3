"""The section tables: one per documented VoiceBase section that is not the transcript.

``sentiments``, ``metrics`` (as reported), ``keywords``, ``topics``, ``spotting``,
``categories``, ``classifiers``, ``detections``, ``entities``, ``voice_activity`` and
``metadata``. A speaker named in a section (a keyword mention, a sentiment) gets the role of the
word speaker with the same name (:func:`vbformats.roles.media_roles`, fallbacks included).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import (
    OCCURRENCE_COLUMNS,
    Table,
    columns,
    frame,
    get,
    register,
    rows_frame,
    to_array,
    with_roles,
)
from vbformats.models.media import Media, Mention
from vbformats.roles import media_roles

if TYPE_CHECKING:
    import pandas as pd

__all__: list[str] = []


def _sentiments_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows = [
        (entry.speaker_name, value.s, value.e, value.v)
        for entry in media.speaker_sentiments or []
        for value in entry.sentiment_values
    ]
    return with_roles(
        "sentiments", media_roles(media, roles), ("speaker", "start_ms", "end_ms", "value"), rows
    )


def _metrics_table(media: Media) -> pd.DataFrame:
    rows = [
        (group.metric_group_name, value.metric_name, value.metric_value)
        for group in media.metrics or []
        for value in group.metric_values
    ]
    return rows_frame("metrics", ("group", "metric", "value"), rows)


def _occurrence_rows(mentions: Sequence[Mention]) -> list[tuple[Any, ...]]:
    """(speaker, s, e, exact) per occurrence; one all-missing row when there is none.

    The all-missing row keeps an item that was reported without occurrences (a keyword with
    no mentions, a category that did not match) in the table.
    """
    rows: list[tuple[Any, ...]] = []
    for mention in mentions:
        if not mention.occurrences:
            rows.append((mention.speaker_name, None, None, None))
        for occurrence in mention.occurrences:
            rows.append((mention.speaker_name, occurrence.s, occurrence.e, occurrence.exact))
    return rows or [(None, None, None, None)]


_OCC_NAMES = ("speaker", "start_ms", "end_ms", "exact")


def _keywords_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    found = media.knowledge.keywords if media.knowledge is not None else []
    rows = [
        (keyword.keyword, keyword.relevance, *occurrence)
        for keyword in found
        for occurrence in _occurrence_rows(keyword.mentions)
    ]
    return with_roles(
        "keywords", media_roles(media, roles), ("keyword", "relevance", *_OCC_NAMES), rows
    )


def _topics_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for topic in media.knowledge.topics if media.knowledge is not None else []:
        if not topic.keywords:
            rows.append((topic.topic_name, topic.relevance, None, None, None, None, None, None))
        for keyword in topic.keywords:
            for occurrence in _occurrence_rows(keyword.mentions):
                rows.append(
                    (
                        topic.topic_name,
                        topic.relevance,
                        keyword.keyword,
                        keyword.relevance,
                        *occurrence,
                    )
                )
    names = ("topic", "topic_relevance", "keyword", "keyword_relevance", *_OCC_NAMES)
    return with_roles("topics", media_roles(media, roles), names, rows)


def _spotting_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for group in media.spotting.groups if media.spotting is not None else []:
        head = (group.group_name, group.spotted, group.score)
        if not group.spotted_keywords:
            rows.append((*head, None, None, None, None, None))
        for keyword in group.spotted_keywords:
            for occurrence in _occurrence_rows(keyword.mentions):
                rows.append((*head, keyword.keyword, *occurrence))
    names = ("group", "spotted", "score", "keyword", *_OCC_NAMES)
    return with_roles("spotting", media_roles(media, roles), names, rows)


def _categories_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows = [
        (category.category_name, category.category_value, *occurrence)
        for category in media.categories or []
        for occurrence in _occurrence_rows(category.category_matches)
    ]
    return with_roles("categories", media_roles(media, roles), ("name", "value", *_OCC_NAMES), rows)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _classifiers_table(media: Media) -> pd.DataFrame:
    found = media.prediction.classifiers if media.prediction is not None else []
    rows = [
        (
            c.classifier_id,
            c.classifier_name,
            c.classifier_display_name,
            c.classifier_type,
            c.classifier_version,
            _text_or_none(c.predicted_class),
            c.predicted_class_label,
            c.prediction_score,
        )
        for c in found
    ]
    names = tuple(column.name for column in get("classifiers").columns)
    return rows_frame("classifiers", names, rows)


def _detections_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for detector in media.prediction.detectors if media.prediction is not None else []:
        name = detector.detector_name or detector.detector_display_name or detector.detector_id
        for detection in detector.detections:
            head = (
                name,
                detector.detector_id,
                _text_or_none(detection.detector_class),
                detection.detector_class_label,
            )
            for speaker, start, end, _exact in _occurrence_rows(detection.detected_segments):
                rows.append((*head, speaker, start, end))
    names = (
        "detector",
        "detector_id",
        "detector_class",
        "detector_class_label",
        "speaker",
        "start_ms",
        "end_ms",
    )
    return with_roles("detections", media_roles(media, roles), names, rows)


def _entities_table(media: Media) -> pd.DataFrame:
    rows = [
        (entity.type, entity.text, entity.formatted_text, entity.s, entity.e)
        for entity in media.entities or []
    ]
    names = ("type", "text", "formatted_text", "start_ms", "end_ms")
    return rows_frame("entities", names, rows)


def _voice_activity_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    found = media.transcript.voice_activity if media.transcript is not None else []
    rows = [
        (
            activity.speaker_name,
            occurrence.s,
            occurrence.e,
            None if occurrence.s is None or occurrence.e is None else occurrence.e - occurrence.s,
        )
        for activity in found
        for occurrence in activity.occurrences
    ]
    names = ("speaker", "start_ms", "end_ms", "duration_ms")
    return with_roles("voice_activity", media_roles(media, roles), names, rows)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    """Leaves of ``value`` as ``prefix.key.key`` columns. A key's own dots (and backslashes) are
    escaped with a backslash, so ``{"a.b": 1}`` (column ``extended.a\\.b``) and
    ``{"a": {"b": 2}}`` (``extended.a.b``) never fall on one column."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            part = str(key).replace("\\", "\\\\").replace(".", "\\.")
            _flatten(f"{prefix}.{part}", item, out)
    else:
        out[prefix] = value


def _inferred_array(value: Any) -> Any:
    """One-row nullable array for a ``metadata.extended`` leaf (type taken from the value)."""
    import pandas as pd

    if value is None:
        return pd.array([None], dtype="string")
    if isinstance(value, bool):
        return pd.array([value], dtype="boolean")
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        return pd.array([value], dtype="Int64")
    if isinstance(value, float):
        return pd.array([value], dtype="Float64")
    if isinstance(value, str):
        return pd.array([value], dtype="string")
    # lists, empty objects and integers beyond int64: kept as they are
    return to_array([value], "object", 1)


def _metadata_table(media: Media) -> pd.DataFrame:
    meta = media.metadata
    words = media.words
    data: dict[str, Any] = {
        "media_id": [media.media_id],
        "status": [media.status],
        "date_created": [media.date_created],
        "date_finished": [media.date_finished],
        "media_content_type": [media.media_content_type],
        "length_ms": [media.length],
        "title": [meta.title if meta else None],
        "description": [meta.description if meta else None],
        "external_id": [meta.external_id if meta else None],
        "word_count": [sum(words.is_speech)],
    }
    table = frame("metadata", data, 1)
    if meta is not None and meta.extended:
        leaves: dict[str, Any] = {}
        _flatten("extended", meta.extended, leaves)
        for name, value in leaves.items():
            table[name] = _inferred_array(value)
    return table


register(
    Table(
        name="sentiments",
        summary="one row per `speakerSentiments[].sentimentValues[]` value",
        columns=columns(
            """
            speaker   category  speaker name as the `speakerSentiments` entry gives it
            role      category  `agent` / `caller` / missing (see Roles)
            start_ms  Int64     start of the sentiment value (a turn), ms (`s`)
            end_ms    Int64     end of the sentiment value (a turn), ms (`e`; often missing on
                                occurrences)
            value     Float64   `v`: sentiment, -1 (negative) .. 1 (positive)
            """
        ),
        build=_sentiments_table,
        doc="""One row per ``speakerSentiments[].sentimentValues[]`` entry, in document order.""",
        family="sections",
    )
)

register(
    Table(
        name="metrics",
        summary="one row per reported metric value (`metrics` section, long form)",
        columns=columns(
            """
            group  string   `metricGroupName` (`overtalk`, `talk-time-and-rate`, ...)
            metric  string   `metricName` (the column name `computed_metrics` uses too)
            value  Float64  `metricValue` as reported
            """
        ),
        build=lambda media, roles: _metrics_table(media),
        speakers=False,
        doc="""The reported ``metrics`` section in long form: one row per metric value.""",
        family="sections",
    )
)

register(
    Table(
        name="keywords",
        summary="one row per occurrence of a `knowledge.keywords` keyword",
        columns=columns(
            """
            keyword    string    the keyword (`keyword` / `name`)
            relevance  Float64   0..1
            """,
            OCCURRENCE_COLUMNS,
        ),
        build=_keywords_table,
        doc="""A keyword reported without any occurrence keeps one row with the occurrence
        columns missing, so no keyword is lost.""",
        family="sections",
    )
)

register(
    Table(
        name="topics",
        summary="one row per occurrence of a keyword of a `knowledge.topics` topic",
        columns=columns(
            """
            topic              string    `topicName`
            topic_relevance    Float64   the topic's relevance, 0..1
            keyword            string    a keyword of the topic
            keyword_relevance  Float64   the keyword's relevance, 0..1
            """,
            OCCURRENCE_COLUMNS,
        ),
        build=_topics_table,
        doc="""A topic without keywords, or a keyword without occurrences, keeps one row with
        the missing parts empty.""",
        family="sections",
    )
)

register(
    Table(
        name="spotting",
        summary="one row per occurrence of a spotted keyword, per group",
        columns=columns(
            """
            group     string    `groupName`
            spotted   boolean   any keyword of the group was spotted
            score     Float64   the group's score
            keyword   string    a spotted keyword
            """,
            OCCURRENCE_COLUMNS,
        ),
        build=_spotting_table,
        doc="""A group with no spotted keyword keeps one row (``keyword`` missing).""",
        family="sections",
    )
)

register(
    Table(
        name="categories",
        summary="one row per match occurrence of a category",
        columns=columns(
            """
            name      string    `categoryName`
            value     Float64   `categoryValue` (1 matched, 0 not, or a score)
            """,
            OCCURRENCE_COLUMNS,
        ),
        build=_categories_table,
        doc="""A category without matches keeps one row.""",
        family="sections",
    )
)

register(
    Table(
        name="classifiers",
        summary="one row per `prediction.classifiers` entry",
        columns=columns(
            """
            classifier_id          string   `classifierId`
            classifier_name        string   `classifierName`
            display_name           string   `classifierDisplayName`
            classifier_type        string   `classifierType` (`binary`, ...)
            classifier_version     string   `classifierVersion`
            predicted_class        string   `predictedClass` / `predictedCategory`, as text
            predicted_class_label  string   `predictedClassLabel` / `...CategoryLabel`
            prediction_score       Float64  `predictionScore`
            """
        ),
        build=lambda media, roles: _classifiers_table(media),
        speakers=False,
        family="sections",
    )
)

register(
    Table(
        name="detections",
        summary="one row per detected segment of a `prediction.detectors` detection",
        columns=columns(
            """
            detector              string    `detectorName`, else display name, else id
            detector_id           string    `detectorId`
            detector_class        string    `detectorClass`, as text
            detector_class_label  string    `detectorClassLabel` (`PCI`, `ssn`, ...)
            speaker               category  speaker name as the segment gives it
            role                  category  `agent` / `caller` / missing (see Roles)
            start_ms              Int64     start of the detected segment, ms (`s`)
            end_ms                Int64     end of the detected segment, ms (`e`; often missing on
                                            occurrences)
            """
        ),
        build=_detections_table,
        doc="""A detection without segments keeps one row (times missing); a detector without
        detections has no row (it found nothing).""",
        family="sections",
    )
)

register(
    Table(
        name="entities",
        summary="one row per `entities` entry",
        columns=columns(
            """
            type            string  `type` (`person`, `location`, `phone`, `money`, ...)
            text            string  the words as spoken
            formatted_text  string  `formattedText` (`$240.00`), when sent
            start_ms        Int64   start of the entity, ms (`s`)
            end_ms          Int64   end of the entity, ms (`e`; often missing on occurrences)
            """
        ),
        build=lambda media, roles: _entities_table(media),
        speakers=False,
        family="sections",
    )
)

register(
    Table(
        name="voice_activity",
        summary="one row per `transcript.voiceActivity` span",
        columns=columns(
            """
            speaker      category  speaker name as the `voiceActivity` entry gives it
            role         category  `agent` / `caller` / missing (see Roles)
            start_ms     Int64     start of the activity, ms (`s`)
            end_ms       Int64     end of the activity, ms (`e`; often missing on occurrences)
            duration_ms  Int64     `end_ms - start_ms`
            """
        ),
        build=_voice_activity_table,
        family="sections",
    )
)

register(
    Table(
        name="metadata",
        summary="one row per media",
        columns=columns(
            """
            media_id            category  `mediaId`
            status              string    `status` (`finished`, ...)
            date_created        string    `dateCreated` as sent (ISO 8601)
            date_finished       string    `dateFinished` as sent (ISO 8601)
            media_content_type  string    `mediaContentType`
            length_ms           Int64     `length`: media duration, ms
            title               string    `metadata.title`
            description         string    `metadata.description`
            external_id         string    `metadata.externalId`
            word_count          Int64     speech words in the transcript
            extended.*?         inferred  `metadata.extended` flattened, one column per leaf
                                          (`extended.agent`, `extended.call.id`; a dot inside a
                                          key is written `\\.`); nullable dtype inferred from
                                          the values (integers beyond 64 bits stay objects)
            """
        ),
        build=lambda media, roles: _metadata_table(media),
        speakers=False,
        doc="""``extended`` leaves become ``extended.<dotted.path>`` columns after the declared
        ones, with a nullable dtype taken from the value (``string``, ``Int64``, ``Float64``,
        ``boolean``; lists stay objects). Across many files the columns are the union (missing
        where a file lacks the key).""",
        family="sections",
    )
)
