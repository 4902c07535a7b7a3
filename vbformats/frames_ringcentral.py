"""DataFrames of what RingCentral gives and VoiceBase has no field for.

The words, turns, cues, keywords, topics and voice activity of a RingCentral result are in the
ordinary :mod:`vbformats.frames` tables (the result is converted to the same model). This
module tabulates the RingCentral extension (``media.ringcentral``):

* :func:`speaker_insights` — one row per speaker per speaker insight (``Pace`` with ``wpm``,
  ``TalkToListenRatio`` split into talk / listen percentages, ``QuestionsAsked``, ``Energy``,
  any unknown name), whatever the value's type;
* :func:`questions` — one row per question of ``QuestionsAsked``;
* :func:`conversational_insights` — one row per value of every conversational insight
  (``KeyPhrases`` per occurrence, ``Topics``, summaries, any unknown name);
* :func:`summaries` — one row per summary text, from analyze-interaction's ``*Summary*``
  insights and from the summarize API;
* :func:`utterances` — one row per utterance (interaction's utterance insights, or the
  speech-to-text utterances) with its emotion label.

Conventions are those of :mod:`vbformats.frames`: columns declared once in :data:`SCHEMAS`;
nullable dtypes (``Int64`` for ms and counts, ``Float64``, ``string``, ``category`` for names and
speakers); an empty frame with the same columns when the section is absent (a VoiceBase file, or
a RingCentral result of another kind); one source (a :class:`Media`, a
:class:`RingCentralResult`, a dict, JSON text or a path) gives one table, many (an iterable, a
folder, a glob) give one table with ``media_id`` (the ``jobId``) and ``source`` in front;
``errors="collect"`` skips failing sources and lists them in ``frame.attrs["errors"]``.

Speaker names come from the reader's naming (``speakers=`` map, else ``Speaker 0`` ...); roles
(``agent`` / ``caller``) from :mod:`vbformats.roles` applied to the converted words. Times are
integer ms rounded from RingCentral's seconds. pandas is imported inside the functions only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from vbformats.errors import InvalidInputError, VBFormatsError
from vbformats.models.media import Media
from vbformats.models.ringcentral import (
    InsightValue,
    RingCentralResult,
    SpeakerInsightValue,
    _number,  # one parser of numbers sent as text
    parse_talk_listen,
)
from vbformats.redaction import redact
from vbformats.roles import assign_roles, role_of_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MANY_COLUMNS",
    "SCHEMAS",
    "Column",
    "conversational_insights",
    "empty",
    "questions",
    "speaker_insights",
    "summaries",
    "utterances",
]

Errors = Literal["raise", "collect"]


class Column(NamedTuple):
    """One declared column (the same fields as :class:`vbformats.frames.Column`)."""

    name: str
    dtype: str
    meaning: str
    optional: bool = False


_SPEAKER = (
    Column("speaker_id", "string", "RingCentral `speakerId` as sent (missing when none)"),
    Column("speaker", "category", "display name (`speakers=` map, else `Speaker 0`, the id...)"),
    Column("role", "category", "`agent` / `caller` / missing (see Roles)"),
)
_SPAN = (
    Column("start_ms", "Int64", "`start`, ms (rounded from seconds)"),
    Column("end_ms", "Int64", "`end`, ms (rounded from seconds)"),
)

#: Every table's columns, in order. Many-source tables add :data:`MANY_COLUMNS` in front.
SCHEMAS: dict[str, tuple[Column, ...]] = {
    "speaker_insights": (
        Column("insight", "category", "insight `name` (`Pace`, `TalkToListenRatio`, ...)"),
        *_SPEAKER,
        Column("value", "string", "`value` as text (numbers as written, other JSON as JSON)"),
        Column("value_number", "Float64", "`value` when it is a number or a numeric string"),
        Column("talk_pct", "Float64", 'talk share, percent, from a `"58:42"` value'),
        Column("listen_pct", "Float64", 'listen share, percent, from a `"58:42"` value'),
        Column("wpm", "Float64", "words per minute (`wpm`, `Pace`)"),
        Column("question_count", "Int64", "number of listed `questions` (`QuestionsAsked`)"),
        Column("extra", "string", "any other keys of the value, as a JSON object"),
    ),
    "questions": (
        *_SPEAKER,
        Column("index", "Int64", "position in the speaker's `questions` list, from 0"),
        Column("text", "string", "the question as RingCentral quotes it"),
        *_SPAN,
    ),
    "conversational_insights": (
        Column("insight", "category", "insight `name` (`KeyPhrases`, `Topics`, ...)"),
        Column("index", "Int64", "position in the insight's `values`, from 0"),
        Column("text", "string", "`value` (or `sentence`) as text"),
        Column("value_number", "Float64", "`value` when it is a number"),
        *_SPAN,
        Column("confidence", "Float64", "`confidence`, 0..1"),
        *_SPEAKER,
        Column("group_id", "string", "`groupId` (paragraph of `AbstractiveSummaryLong`)"),
        Column("extra", "string", "any other keys of the value, as a JSON object"),
    ),
    "summaries": (
        Column("origin", "category", "`analyze-interaction` or `summarize`"),
        Column("summary", "category", "`ExtractiveSummary`, `AbstractiveSummaryLong`, ..."),
        Column("index", "Int64", "position in the summary's `values`, from 0"),
        Column("group_id", "string", "`groupId` (paragraph index), when sent"),
        Column("text", "string", "the summary text"),
        *_SPAN,
        Column("confidence", "Float64", "`confidence`, 0..1"),
        *_SPEAKER,
    ),
    "utterances": (
        Column("index", "Int64", "position in the result's utterance list, from 0"),
        *_SPEAKER,
        *_SPAN,
        Column("text", "string", "the punctuated utterance text"),
        Column("confidence", "Float64", "`confidence`, 0..1"),
        Column("word_count", "Int64", "number of `wordTimings` (missing when not sent)"),
        Column("emotion", "category", "the `Emotion` insight's label"),
        Column("emotion_confidence", "Float64", "the `Emotion` insight's confidence"),
        Column("insights", "string", "every other utterance insight, as a JSON list"),
    ),
}

#: Columns put in front of a many-source table.
MANY_COLUMNS: tuple[Column, ...] = (
    Column("media_id", "category", "`jobId` of the result the row comes from"),
    Column("source", "category", 'the file path, or `"<item N>"` for objects passed in memory'),
)

_ROLES = ("agent", "caller")


# --- arrays -----------------------------------------------------------------------------------


def _array(values: list[Any], dtype: str) -> Any:
    import pandas as pd

    if dtype == "category":
        return pd.Categorical(values)
    return pd.array(values, dtype=cast(Any, dtype))


def _frame(columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    data: dict[str, Any] = {}
    for column in columns:
        values = [row.get(column.name) for row in rows]
        if column.name == "role":
            data["role"] = pd.Categorical(values, categories=list(_ROLES))
        else:
            data[column.name] = _array(values, column.dtype)
    frame: pd.DataFrame = pd.DataFrame(data, index=pd.RangeIndex(len(rows)))
    return frame


def empty(table: str, *, many: bool = False) -> pd.DataFrame:
    """An empty frame with ``table``'s columns and dtypes (``many`` adds media_id, source).

    Raises:
        InvalidInputError: unknown table name.
    """
    if table not in SCHEMAS:
        raise InvalidInputError("table", f"unknown table {table!r}; known: {', '.join(SCHEMAS)}")
    return _frame((*MANY_COLUMNS, *SCHEMAS[table]) if many else SCHEMAS[table], [])


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _extra(model: Any, known: tuple[str, ...] = ()) -> str | None:
    extra = {k: v for k, v in (model.model_extra or {}).items() if k not in known}
    return json.dumps(extra, ensure_ascii=False) if extra else None


# --- per-result rows --------------------------------------------------------------------------


class _Context:
    """Speaker naming and roles for one result."""

    def __init__(self, media: Media, result: RingCentralResult, roles: Mapping[str, str] | None):
        self.result = result
        self.assigned = assign_roles(media, roles)

    def speaker(self, speaker_id: str | None) -> dict[str, Any]:
        name = self.result.speaker_name(speaker_id)
        return {
            "speaker_id": speaker_id if speaker_id != "" else None,
            "speaker": name,
            "role": role_of_name(name, self.assigned),
        }


def _speaker_insight_rows(context: _Context) -> list[dict[str, Any]]:
    interaction = context.result.interaction
    block = interaction.speaker_insights if interaction is not None else None
    rows = []
    for insight in block.insights if block is not None else []:
        for value in insight.values:
            rows.append(_speaker_value_row(context, insight.name, value))
    return rows


def _speaker_value_row(
    context: _Context, name: str | None, value: SpeakerInsightValue
) -> dict[str, Any]:
    ratio = parse_talk_listen(value.value)
    extra = value.model_extra or {}
    listed = extra.get("questions")
    return {
        "insight": name,
        **context.speaker(value.speaker_id),
        "value": _json_text(value.value),
        "value_number": value.number,
        "talk_pct": ratio[0] if ratio else None,
        "listen_pct": ratio[1] if ratio else None,
        "wpm": value.wpm,
        "question_count": len(listed) if isinstance(listed, list) else None,
        "extra": _extra(value, ("wpm", "questions")),
    }


def _question_rows(context: _Context) -> list[dict[str, Any]]:
    interaction = context.result.interaction
    block = interaction.speaker_insights if interaction is not None else None
    rows = []
    for insight in block.insights if block is not None else []:
        for value in insight.values:
            for index, question in enumerate(value.questions):
                rows.append(
                    {
                        **context.speaker(value.speaker_id),
                        "index": index,
                        "text": question.text,
                        "start_ms": question.start_ms,
                        "end_ms": question.end_ms,
                    }
                )
    return rows


def _value_row(context: _Context, value: InsightValue) -> dict[str, Any]:
    return {
        "text": value.text,
        "start_ms": value.start_ms,
        "end_ms": value.end_ms,
        "confidence": value.confidence,
        **context.speaker(value.speaker_id),
        "group_id": value.group_id,
    }


def _conversational_rows(context: _Context) -> list[dict[str, Any]]:
    interaction = context.result.interaction
    rows = []
    for insight in interaction.conversational_insights or [] if interaction is not None else []:
        for index, value in enumerate(insight.values):
            rows.append(
                {
                    "insight": insight.name,
                    "index": index,
                    "value_number": _number(value.value)
                    if not isinstance(value.value, str)
                    else None,
                    **_value_row(context, value),
                    "extra": _extra(value),
                }
            )
    return rows


def _summary_rows(context: _Context) -> list[dict[str, Any]]:
    rows = []
    interaction = context.result.interaction
    for insight in interaction.conversational_insights or [] if interaction is not None else []:
        if "summary" not in (insight.name or "").lower():
            continue
        for index, value in enumerate(insight.values):
            rows.append(
                {
                    "origin": "analyze-interaction",
                    "summary": insight.name,
                    "index": index,
                    **_value_row(context, value),
                }
            )
    summary_output = context.result.summary
    for summary in summary_output.summaries if summary_output is not None else []:
        for index, value in enumerate(summary.values):
            rows.append(
                {
                    "origin": "summarize",
                    "summary": summary.name,
                    "index": index,
                    **_value_row(context, value),
                }
            )
    return rows


def _utterance_rows(context: _Context) -> list[dict[str, Any]]:
    result = context.result
    listed = []
    if result.interaction is not None:
        listed = result.interaction.utterance_insights or []
    elif result.speech_to_text is not None:
        listed = result.speech_to_text.utterances or []
    rows = []
    for index, utterance in enumerate(listed):
        emotion = None
        emotion_confidence = None
        others = []
        for insight in utterance.insights or []:
            if insight.name == "Emotion" and emotion is None:
                emotion = _json_text(insight.value)
                emotion_confidence = insight.confidence
            else:
                others.append(insight.to_dict())
        rows.append(
            {
                "index": index,
                **context.speaker(utterance.speaker_id),
                "start_ms": utterance.start_ms,
                "end_ms": utterance.end_ms,
                "text": utterance.text,
                "confidence": utterance.confidence,
                "word_count": None
                if utterance.word_timings is None
                else len(utterance.word_timings),
                "emotion": emotion,
                "emotion_confidence": emotion_confidence,
                "insights": json.dumps(others, ensure_ascii=False) if others else None,
            }
        )
    return rows


_ROWS: dict[str, Callable[[_Context], list[dict[str, Any]]]] = {
    "speaker_insights": _speaker_insight_rows,
    "questions": _question_rows,
    "conversational_insights": _conversational_rows,
    "summaries": _summary_rows,
    "utterances": _utterance_rows,
}


# --- sources ----------------------------------------------------------------------------------


def _sources(source: Any) -> tuple[list[tuple[str, Any]], bool]:
    """(label, item) pairs and whether there are many: the rules of :mod:`vbformats.frames`."""
    if isinstance(source, RingCentralResult):
        return [("<item 0>", source)], False
    if isinstance(source, (list, tuple)):
        # RingCentralResult models are iterable (pydantic): keep them whole
        items = [
            (f"<item {index}>", item)
            for index, item in enumerate(source)
            if isinstance(item, RingCentralResult)
        ]
        if items and len(items) == len(source):
            return items, True
    from vbformats.frames import _resolve

    return _resolve(source)


def _media(item: Any) -> Media:
    if isinstance(item, Media):
        return item
    if isinstance(item, RingCentralResult):
        media = Media(source_format="ringcentral")
        media.ringcentral = item
        return media
    from vbformats.readers import load

    return load(item)


def _build(
    table: str,
    source: Any,
    roles: Mapping[str, str] | None,
    errors: Errors,
) -> pd.DataFrame:
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    items, many = _sources(source)
    rows: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    for label, item in items:
        try:
            media = _media(item)
            result = media.ringcentral
            if result is None:
                continue  # not a RingCentral result: no rows (the section is absent)
            part = _ROWS[table](_Context(media, result, roles))
        except (VBFormatsError, OSError, ValueError) as error:
            if errors == "collect":
                failures.append(
                    {"source": redact(label), "error": str(error), "type": type(error).__name__}
                )
                continue
            if many:
                raise InvalidInputError(label, str(error)) from error
            raise
        if many:
            for row in part:
                row["media_id"] = media.media_id
                row["source"] = label
        rows.extend(part)
    columns = (*MANY_COLUMNS, *SCHEMAS[table]) if many else SCHEMAS[table]
    frame = _frame(columns, rows)
    frame.attrs["errors"] = failures
    return frame


# --- public builders --------------------------------------------------------------------------


def _documented(table: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        lines = ["", f"Columns (``SCHEMAS[{table!r}]``):", ""]
        for column in SCHEMAS[table]:
            lines.append(f"* ``{column.name}`` ({column.dtype}): {column.meaning}")
        function.__doc__ = (function.__doc__ or "") + "\n    ".join(lines) + "\n"
        return function

    return decorate


_ARGS = """
    Args:
        source: One result (a :class:`Media`, :class:`RingCentralResult`, dict, JSON text or
            path) or many (an iterable, a folder of ``.json`` files, a glob): many add
            ``media_id`` and ``source`` in front.
        roles: Role override, e.g. ``{"Speaker 1": "agent"}`` (see :mod:`vbformats.roles`).
        errors: ``"raise"`` (default) or ``"collect"`` (failures in ``frame.attrs["errors"]``).

    Returns:
        The table; empty (same columns and dtypes) when no source has the section.
"""


@_documented("speaker_insights")
def speaker_insights(
    source: Any, *, roles: Mapping[str, str] | None = None, errors: Errors = "raise"
) -> pd.DataFrame:
    """One row per speaker per speaker insight of analyze-interaction results.

    The value is kept as text in ``value`` whatever its type (``"medium"``, ``5``, ``93.11``,
    ``"58:42"``), and parsed where it means something: ``value_number``, ``talk_pct`` /
    ``listen_pct``, ``wpm``, ``question_count``; keys nobody named go to ``extra``.
    """
    return _build("speaker_insights", source, roles, errors)


speaker_insights.__doc__ = (speaker_insights.__doc__ or "").replace(
    "\n    Columns", _ARGS + "\n    Columns", 1
)


@_documented("questions")
def questions(
    source: Any, *, roles: Mapping[str, str] | None = None, errors: Errors = "raise"
) -> pd.DataFrame:
    """One row per question listed by the ``QuestionsAsked`` speaker insight."""
    return _build("questions", source, roles, errors)


@_documented("conversational_insights")
def conversational_insights(
    source: Any, *, roles: Mapping[str, str] | None = None, errors: Errors = "raise"
) -> pd.DataFrame:
    """One row per value of every conversational insight, unknown names included.

    ``KeyPhrases`` gives one row per occurrence (the grouped form is the ``keywords`` table of
    :mod:`vbformats.frames`); ``Topics`` one per topic with its whole span.
    """
    return _build("conversational_insights", source, roles, errors)


@_documented("summaries")
def summaries(
    source: Any, *, roles: Mapping[str, str] | None = None, errors: Errors = "raise"
) -> pd.DataFrame:
    """One row per summary text: analyze-interaction insights whose name contains ``Summary``
    (``AbstractiveSummaryLong`` paragraphs by ``group_id``) and summarize-API summaries.

    Summarize-API times echo the request's and may be placeholders; ``speakerId: ""`` is no
    speaker.
    """
    return _build("summaries", source, roles, errors)


@_documented("utterances")
def utterances(
    source: Any, *, roles: Mapping[str, str] | None = None, errors: Errors = "raise"
) -> pd.DataFrame:
    """One row per RingCentral utterance (interaction utterance insights, else speech-to-text
    utterances), in the result's order, with the ``Emotion`` label when sent."""
    return _build("utterances", source, roles, errors)


for _function in (questions, conversational_insights, summaries, utterances):
    _function.__doc__ = (_function.__doc__ or "").replace(
        "\n    Columns", _ARGS + "\n    Columns", 1
    )
del _function
