"""The RingCentral ACE tables: the insights of an ACE record and its speakers.

The turns, words (estimated), cues and metrics of an ACE record are in the ordinary tables (the
record is converted to the same model, :mod:`vbformats.ringcentral.ace`). These tabulate what
ACE gives and VoiceBase has no field for:

* ``ace_insights`` — one row per value of every insight but ``Transcript``, unknown names
  included (``insight`` says which);
* one table per documented insight, the same columns without ``insight``: ``ace_summary``,
  ``ace_next_steps``, ``ace_highlights`` (``Highlights`` or ``HighLights``),
  ``ace_bulleted_summary``, ``ace_ai_score``, ``ace_sentiment``, ``ace_call_notes``, ``ace_qna``;
* ``ace_speakers`` — one row per ``speakerInfo`` entry, with the name used and the role.

A source that is not an ACE record gives no rows. Times are integer ms rounded from ACE's
seconds; ``Summary``'s ``0``–``1`` s span is a placeholder the service sends, kept as sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import Column, Table, columns, empty, frame_from_rows, register
from vbformats.frames.core import table_function as _table_function
from vbformats.models.media import Media
from vbformats.ringcentral.ace import AceInsightValue, AceResult
from vbformats.roles import media_roles, role_of_name
from vbformats.timing import seconds_to_ms

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["INSIGHT_TABLES", "SCHEMAS", "ace_insights", "ace_speakers"]

_VALUE_COLUMNS = """
    index         Int64     position in the insight's list, from 0
    value         string    `value` as text (`AIScore` "7" stays "7"; other JSON as JSON)
    value_number  Float64   `value` when it is a number or a numeric string (`AIScore`)
    section       string    `section` (`BulletedSummary`), when sent
    start_ms      Int64     `start`, ms (rounded from seconds; missing when not sent)
    end_ms        Int64     `end`, ms (rounded from seconds; missing when not sent)
    speaker_id    string    ACE `speakerId` as sent (missing when none)
    speaker       category  display name (`speakers=` map, else `speakerInfo` name ...)
    role          category  `agent` / `caller` / missing (the recording owner is the agent)
    extra         string    any other keys of the value, as a JSON object
"""

#: Documented insight name → its table (matched case-insensitively: ``HighLights`` too).
INSIGHT_TABLES: dict[str, str] = {
    "Summary": "ace_summary",
    "NextSteps": "ace_next_steps",
    "Highlights": "ace_highlights",
    "BulletedSummary": "ace_bulleted_summary",
    "AIScore": "ace_ai_score",
    "Sentiment": "ace_sentiment",
    "CallNotes": "ace_call_notes",
    "QnA": "ace_qna",
}

#: Every table's columns, in order.
SCHEMAS: dict[str, tuple[Column, ...]] = {
    "ace_insights": columns(
        "\n    insight       category  insight name as sent (`Summary`, `NextSteps`, unknown names)"
        + _VALUE_COLUMNS
    ),
    **{table: columns(_VALUE_COLUMNS) for table in INSIGHT_TABLES.values()},
    "ace_speakers": columns(
        """
        speaker_id    string    ACE `speakerId`
        speaker       category  the display name used for turns and tables
        role          category  `agent` / `caller` / missing
        name          string    `name` as sent
        account_id    string    `accountId`
        extension_id  string    `extensionId`
        phone_number  string    `phoneNumber`
        owner         boolean   the speaker's `extensionId` is the record's `ownerExtensionId`
        """
    ),
}


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


class _Context:
    def __init__(self, media: Media, result: AceResult, roles: Mapping[str, str] | None):
        self.result = result
        self.assigned = media_roles(media, roles)

    def speaker(self, speaker_id: str | None) -> dict[str, Any]:
        name = self.result.names.get(speaker_id) if speaker_id else None
        return {
            "speaker_id": speaker_id or None,
            "speaker": name,
            "role": role_of_name(name, self.assigned),
        }

    def value_row(self, index: int, value: AceInsightValue) -> dict[str, Any]:
        extra = value.model_extra or {}
        return {
            "index": index,
            "value": _text(value.value),
            "value_number": _number(value.value),
            "section": value.section,
            "start_ms": None if value.start is None else seconds_to_ms(value.start),
            "end_ms": None if value.end is None else seconds_to_ms(value.end),
            **self.speaker(value.speaker_id),
            "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
        }


def _all_rows(context: _Context) -> list[dict[str, Any]]:
    return [
        {"insight": name, **context.value_row(index, value)}
        for name, values in context.result.insights.items()
        for index, value in enumerate(values)
    ]


def _insight_rows(name: str) -> Callable[[_Context], list[dict[str, Any]]]:
    def rows(context: _Context) -> list[dict[str, Any]]:
        values = context.result.insight(name)
        return [context.value_row(index, value) for index, value in enumerate(values)]

    return rows


def _speaker_rows(context: _Context) -> list[dict[str, Any]]:
    result = context.result
    return [
        {
            **context.speaker(speaker.speaker_id),
            "name": speaker.name,
            "account_id": speaker.account_id,
            "extension_id": speaker.extension_id,
            "phone_number": speaker.phone_number,
            "owner": speaker.speaker_id is not None
            and speaker.speaker_id == result.owner_speaker_id,
        }
        for speaker in result.speakers
    ]


def _builder(
    table: str, rows: Callable[[_Context], list[dict[str, Any]]]
) -> Callable[..., pd.DataFrame]:
    def build(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
        result = media.vendor_result
        if not isinstance(result, AceResult):
            return empty(table)  # not an ACE record: the section is absent
        return frame_from_rows(table, rows(_Context(media, result, roles)))

    return build


register(
    Table(
        name="ace_insights",
        summary="one row per value of every RingCentral ACE insight (unknown names included)",
        columns=SCHEMAS["ace_insights"],
        build=_builder("ace_insights", _all_rows),
        doc="""Every insight of the record but ``Transcript`` (which is the turns), in the
        record's order; ``value`` keeps the value as text whatever its type.""",
        family="ringcentral-ace",
    )
)
for _insight, _table in INSIGHT_TABLES.items():
    register(
        Table(
            name=_table,
            summary=f"one row per value of the RingCentral ACE `{_insight}` insight",
            columns=SCHEMAS[_table],
            build=_builder(_table, _insight_rows(_insight)),
            family="ringcentral-ace",
        )
    )
register(
    Table(
        name="ace_speakers",
        summary="one row per RingCentral ACE `speakerInfo` entry, with its name and role",
        columns=SCHEMAS["ace_speakers"],
        build=_builder("ace_speakers", _speaker_rows),
        family="ringcentral-ace",
    )
)

ace_insights = _table_function("ace_insights")
ace_speakers = _table_function("ace_speakers")
