"""The ``call_metrics`` table: one row per call, every metric computed here as a column.

What :func:`vbformats.metrics.compute_many` returns for a folder of calls (and
``vbformats.frames.call_metrics(source)`` for one): the call's length, who the agent and the
caller are, then VoiceBase's 44 metrics in the documentation's order and the ``vbformats-*``
extensions, each a ``Float64`` column named exactly as the metric (``overtalk-incidents``,
``agent-talk-ratio``...: the names of the docs and of ``result["..."]``). With
``compare=True`` each VoiceBase metric has ``<metric>_reported`` right after it: the value the
document itself reported (the underscore keeps the suffix apart from the hyphenated metric
names). Undefined values are missing (``<NA>``), or 0 with ``compat=True``.

Rollups are a ``groupby`` on this table (see the README, "Archives"): it carries the ``agent``
and ``caller`` names (or a ``metadata.extended`` value with ``agent_key=`` / ``caller_key=``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.computed import _METRICS_OPTIONS
from vbformats.frames.core import Column, Table, columns, register
from vbformats.metrics.names import EXTENSION_NAMES, GROUPS

if TYPE_CHECKING:
    import pandas as pd

    from vbformats.models.media import Media

__all__ = ["CALL_COLUMNS", "extended_value"]

#: The columns before the metrics.
CALL_COLUMNS = columns(
    """
    length_ms     Int64     the call length `L` the metrics used, ms
    two_party     boolean   both roles (agent and caller) are filled
    agent         category  the agent's speaker name (or the `agent_key` metadata value)
    caller        category  the caller's speaker name (or the `caller_key` metadata value)
    speech_words  Int64     speech words of the call
    """
)


def _metric_columns() -> tuple[Column, ...]:
    out: list[Column] = []
    for group, names in GROUPS:
        for name in names:
            out.append(Column(name, "Float64", f"`{group}` metric; missing when undefined"))
            out.append(
                Column(
                    f"{name}_reported",
                    "Float64",
                    "the value the document reported (with `compare=True`; missing when it "
                    "did not report one)",
                    optional=True,
                )
            )
    out += [
        Column(name, "Float64", "`vbformats-extensions` metric; missing when undefined")
        for name in EXTENSION_NAMES
    ]
    return tuple(out)


def extended_value(media: Media, key: str | None) -> str | None:
    """The ``metadata.extended`` value at a dotted ``key`` (``"agent.id"``) as text, or
    ``None`` when the key (or the section) is not there."""
    if not key or media.metadata is None or not media.metadata.extended:
        return None
    value: Any = media.metadata.extended
    for part in str(key).removeprefix("extended.").split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return None if value is None or isinstance(value, (dict, list)) else str(value)


def _build(media: Media, roles: Mapping[str, str] | None, **options: Any) -> pd.DataFrame:
    from vbformats.frames.many import rows_table

    return rows_table("call_metrics", [_row(media, roles, **options)])


def _row(media: Media, roles: Mapping[str, str] | None, **options: Any) -> dict[str, Any]:
    from vbformats.metrics import compute

    compare = bool(options.pop("compare", False))
    agent_key = options.pop("agent_key", None)
    caller_key = options.pop("caller_key", None)
    result = compute(media, roles=roles, **options)
    values = result.values
    by_role = {role: speaker for speaker, role in result.roles.items()}
    data: dict[str, Any] = {
        "length_ms": result.length_ms,
        "two_party": result.two_party,
        "agent": extended_value(media, agent_key) or by_role.get("agent"),
        "caller": extended_value(media, caller_key) or by_role.get("caller"),
        "speech_words": sum(speaker.word_count for speaker in result.speakers),
    }
    for name, value in values.items():
        data[name] = None if value is None else float(value)
    for name, value in result.extensions.items():
        data[name] = value
    if compare:
        reported: dict[str, float | None] = {}
        for _, reported_name, value in result.reported:
            if reported_name in values and reported_name not in reported:
                reported[str(reported_name)] = value
        for name in values:
            data[f"{name}_reported"] = reported.get(name)
    return data


register(
    Table(
        name="call_metrics",
        summary="one row per call: every metric computed here as a column (`metrics.compute_many`)",
        columns=(*CALL_COLUMNS, *_metric_columns()),
        build=_build,
        row=_row,
        options={
            **_METRICS_OPTIONS,
            "compare": "Add ``<metric>_reported`` after each VoiceBase metric: the value the "
            "document reported.",
            "agent_key": "Fill ``agent`` from this ``metadata.extended`` key (``agentId``, "
            "``agent.id``) instead of the speaker name.",
            "caller_key": "Fill ``caller`` from this ``metadata.extended`` key.",
        },
        speakers=True,
        doc="The columns are the metrics' names as VoiceBase spells them (see "
        "Conversation metrics); ``compute_many`` is this table over many sources.",
        family="metrics",
    )
)
