"""The RingCentral tables: what RingCentral gives and VoiceBase has no field for.

The words, turns, cues, keywords, topics and voice activity of a RingCentral result are in the
ordinary tables (the result is converted to the same model). These tabulate the RingCentral
extension (``media.ringcentral``), declared and registered with the table core
(:mod:`vbformats.frames.core`), so they are ``vbformats.frames.<name>`` and
``vbformats frame INPUT <name>`` like every other table:

* ``speaker_insights`` — one row per speaker per speaker insight (``Pace`` with ``wpm``,
  ``TalkToListenRatio`` split into talk / listen percentages, ``QuestionsAsked``, ``Energy``,
  any unknown name), whatever the value's type;
* ``questions`` — one row per question of ``QuestionsAsked``;
* ``conversational_insights`` — one row per value of every conversational insight
  (``KeyPhrases`` per occurrence, ``Topics``, summaries, any unknown name);
* ``summaries`` — one row per summary text, from analyze-interaction's ``*Summary*`` insights
  and from the summarize API;
* ``utterances`` — one row per utterance (interaction's utterance insights, or the
  speech-to-text utterances) with its emotion label.

A source that is not a RingCentral result gives no rows. Speaker names come from the reader's
naming (``speakers=`` map, else ``Speaker 0`` ...); roles (``agent`` / ``caller``) from
:func:`vbformats.roles.media_roles`. Times are integer ms rounded from RingCentral's seconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import (
    MANY_COLUMNS,
    Column,
    Table,
    columns,
    empty,
    frame_from_rows,
    register,
    table_function,
)
from vbformats.models.media import Media
from vbformats.ringcentral.models import (
    InsightValue,
    RingCentralResult,
    SpeakerInsightValue,
    number_of,
    parse_talk_listen,
)
from vbformats.roles import media_roles, role_of_name

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

#: Every table's columns, in order. Many-source tables add :data:`MANY_COLUMNS` in front.
SCHEMAS: dict[str, tuple[Column, ...]] = {
    "speaker_insights": columns(
        """
        insight         category  insight `name` (`Pace`, `TalkToListenRatio`, ...)
        speaker_id      string    RingCentral `speakerId` as sent (missing when none)
        speaker         category  display name (`speakers=` map, else `Speaker 0`, the id...)
        role            category  `agent` / `caller` / missing (see Roles)
        value           string    `value` as text (numbers as written, other JSON as JSON)
        value_number    Float64   `value` when it is a number or a numeric string
        talk_pct        Float64   talk share, percent, from a `"58:42"` value
        listen_pct      Float64   listen share, percent, from a `"58:42"` value
        wpm             Float64   words per minute (`wpm`, `Pace`)
        question_count  Int64     number of listed `questions` (`QuestionsAsked`)
        extra           string    any other keys of the value, as a JSON object
        """
    ),
    "questions": columns(
        """
        speaker_id  string    RingCentral `speakerId` as sent (missing when none)
        speaker     category  display name (`speakers=` map, else `Speaker 0`, the id...)
        role        category  `agent` / `caller` / missing (see Roles)
        index       Int64     position in the speaker's `questions` list, from 0
        text        string    the question as RingCentral quotes it
        start_ms    Int64     `start`, ms (rounded from seconds)
        end_ms      Int64     `end`, ms (rounded from seconds)
        """
    ),
    "conversational_insights": columns(
        """
        insight       category  insight `name` (`KeyPhrases`, `Topics`, ...)
        index         Int64     position in the insight's `values`, from 0
        text          string    `value` (or `sentence`) as text
        value_number  Float64   `value` when it is a number
        start_ms      Int64     `start`, ms (rounded from seconds)
        end_ms        Int64     `end`, ms (rounded from seconds)
        confidence    Float64   `confidence`, 0..1
        speaker_id    string    RingCentral `speakerId` as sent (missing when none)
        speaker       category  display name (`speakers=` map, else `Speaker 0`, the id...)
        role          category  `agent` / `caller` / missing (see Roles)
        group_id      string    `groupId` (paragraph of `AbstractiveSummaryLong`)
        extra         string    any other keys of the value, as a JSON object
        """
    ),
    "summaries": columns(
        """
        origin      category  `analyze-interaction` or `summarize`
        summary     category  `ExtractiveSummary`, `AbstractiveSummaryLong`, ...
        index       Int64     position in the summary's `values`, from 0
        group_id    string    `groupId` (paragraph index), when sent
        text        string    the summary text
        start_ms    Int64     `start`, ms (rounded from seconds)
        end_ms      Int64     `end`, ms (rounded from seconds)
        confidence  Float64   `confidence`, 0..1
        speaker_id  string    RingCentral `speakerId` as sent (missing when none)
        speaker     category  display name (`speakers=` map, else `Speaker 0`, the id...)
        role        category  `agent` / `caller` / missing (see Roles)
        """
    ),
    "utterances": columns(
        """
        index               Int64     position in the result's utterance list, from 0
        speaker_id          string    RingCentral `speakerId` as sent (missing when none)
        speaker             category  display name (`speakers=` map, else `Speaker 0`, the id...)
        role                category  `agent` / `caller` / missing (see Roles)
        start_ms            Int64     `start`, ms (rounded from seconds)
        end_ms              Int64     `end`, ms (rounded from seconds)
        text                string    the punctuated utterance text
        confidence          Float64   `confidence`, 0..1
        word_count          Int64     number of `wordTimings` (missing when not sent)
        emotion             category  the `Emotion` insight's label
        emotion_confidence  Float64   the `Emotion` insight's confidence
        insights            string    every other utterance insight, as a JSON list
        """
    ),
}


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
        self.assigned = media_roles(media, roles)

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
                    "value_number": number_of(value.value)
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


def _builder(
    table: str, rows: Callable[[_Context], list[dict[str, Any]]]
) -> Callable[..., pd.DataFrame]:
    def build(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
        result = media.ringcentral
        if result is None:
            return empty(table)  # not a RingCentral result: the section is absent
        return frame_from_rows(table, rows(_Context(media, result, roles)))

    return build


_SUMMARIES = {
    "speaker_insights": "one row per speaker per speaker insight of analyze-interaction results",
    "questions": "one row per question listed by the `QuestionsAsked` speaker insight",
    "conversational_insights": "one row per value of every conversational insight, unknown "
    "names included",
    "summaries": "one row per summary text (analyze-interaction `*Summary*` insights and the "
    "summarize API)",
    "utterances": "one row per RingCentral utterance, with its `Emotion` label",
}
_DOCS = {
    "speaker_insights": """The value is kept as text in ``value`` whatever its type (``"medium"``,
    ``5``, ``93.11``, ``"58:42"``), and parsed where it means something: ``value_number``,
    ``talk_pct`` / ``listen_pct``, ``wpm``, ``question_count``; keys nobody named go to
    ``extra``.""",
    "questions": "",
    "conversational_insights": """``KeyPhrases`` gives one row per occurrence (the grouped form is
    the ``keywords`` table); ``Topics`` one per topic with its whole span.""",
    "summaries": """Analyze-interaction insights whose name contains ``Summary``
    (``AbstractiveSummaryLong`` paragraphs by ``group_id``) and summarize-API summaries.
    Summarize-API times echo the request's and may be placeholders; ``speakerId: ""`` is no
    speaker.""",
    "utterances": """Interaction utterance insights, else speech-to-text utterances, in the
    result's order.""",
}
_ROWS: dict[str, Callable[[_Context], list[dict[str, Any]]]] = {
    "speaker_insights": _speaker_insight_rows,
    "questions": _question_rows,
    "conversational_insights": _conversational_rows,
    "summaries": _summary_rows,
    "utterances": _utterance_rows,
}
for _table, _rows in _ROWS.items():
    register(
        Table(
            name=_table,
            summary=_SUMMARIES[_table],
            columns=SCHEMAS[_table],
            build=_builder(_table, _rows),
            doc=_DOCS[_table],
            family="ringcentral",
        )
    )

speaker_insights = table_function("speaker_insights")
questions = table_function("questions")
conversational_insights = table_function("conversational_insights")
summaries = table_function("summaries")
utterances = table_function("utterances")
