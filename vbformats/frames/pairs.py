"""The ``verb_noun_pairs`` table, from both documented shapes in one schema.

``conversation.speakerVerbNounPairs[]`` (``verb``, ``noun``, ``verbNeg``, ``nounNeg``,
``question``, ``s``, ``e``) first, then the flat ``noun-verb-pairs`` list (``V``, ``N``, ``neg``,
``noun-neg``, ``question``, ``timestamp{s,e}``, ``speaker``), read at the top level or inside
``conversation``. The flat shape is not modelled (it is kept as an unknown key), so its values are
checked here, naming the path of a bad one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vbformats.errors import InvalidInputError
from vbformats.frames.core import (
    Table,
    columns,
    frame,
    register,
    speaker_and_role,
)
from vbformats.models.media import Media
from vbformats.roles import Role, media_roles, role_of_name
from vbformats.timing import wire_ms

if TYPE_CHECKING:
    import pandas as pd

__all__: list[str] = []


def _wire_ms(value: Any, where: str) -> int | None:
    """A time in ms from JSON (:func:`vbformats.timing.wire_ms`); ``None`` stays."""
    return None if value is None else wire_ms(value, where)


def _wire_text(value: Any, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InvalidInputError(where, f"expected a string, got {value!r}")


def _wire_bool(value: Any, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidInputError(where, f"expected true or false, got {value!r}")


def _noun_verb_rows(value: Any, path: str) -> list[tuple[Any, ...]]:
    """Rows from the flat ``noun-verb-pairs`` shape (``V``, ``N``, ``neg``, ``timestamp``...)."""
    if not isinstance(value, list):
        raise InvalidInputError(path, f"expected an array, got {type(value).__name__}")
    rows = []
    for index, entry in enumerate(value):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict):
            raise InvalidInputError(where, f"expected an object, got {type(entry).__name__}")
        stamp = entry.get("timestamp") or {}
        if not isinstance(stamp, dict):
            raise InvalidInputError(f"{where}.timestamp", "expected an object with s and e")
        start = _wire_ms(stamp.get("s"), f"{where}.timestamp.s")
        end = _wire_ms(stamp.get("e"), f"{where}.timestamp.e")
        if start is not None and end is not None and end < start:
            raise InvalidInputError(
                f"{where}.timestamp.e", f"end {end} ms is before start {start} ms"
            )
        rows.append(
            (
                _wire_text(entry.get("speaker"), f"{where}.speaker"),
                start,
                end,
                _wire_text(entry.get("V"), f"{where}.V"),
                _wire_text(entry.get("N"), f"{where}.N"),
                _wire_text(entry.get("neg"), f"{where}.neg"),
                _wire_text(entry.get("noun-neg"), f"{where}.noun-neg"),
                _wire_bool(entry.get("question"), f"{where}.question"),
            )
        )
    return rows


def _sentiment_lookup(
    media: Media, assigned: Mapping[str, Role]
) -> Callable[[str | None, int | None, int | None], float | None]:
    """Find the sentiment value of the turn a pair occurs in (same speaker or same role)."""
    by_key: dict[Any, list[tuple[int, int, float]]] = {}

    def key(name: str | None) -> Any:
        role = role_of_name(name, assigned)
        return role if role is not None else ("name", (name or "").strip().casefold())

    for entry in media.speaker_sentiments or []:
        for value in entry.sentiment_values:
            if value.s is None or value.v is None:
                continue
            end = value.e if value.e is not None else value.s
            by_key.setdefault(key(entry.speaker_name), []).append((value.s, end, value.v))
    starts: dict[Any, list[int]] = {}
    for k, spans in by_key.items():
        spans.sort(key=lambda span: (span[0], span[1]))  # stable: equal spans keep sent order
        starts[k] = [span[0] for span in spans]

    def lookup(name: str | None, start: int | None, end: int | None) -> float | None:
        spans = by_key.get(key(name))
        if not spans or start is None:
            return None
        stop = end if end is not None else start
        # latest-starting span with s <= start that still covers start
        at = bisect.bisect_right(starts[key(name)], start)
        for s, e, v in reversed(spans[:at]):
            if s <= start < e or s == start == e:
                return v
        # otherwise the span overlapping [start, stop) the most (first on ties)
        best: float | None = None
        best_overlap = 0
        for s, e, v in spans[at : bisect.bisect_left(starts[key(name)], stop)]:
            overlap = min(e, stop) - max(s, start)
            if overlap > best_overlap:
                best, best_overlap = v, overlap
        return best

    return lookup


def _verb_noun_pairs_table(
    media: Media, roles: Mapping[str, str] | None, with_sentiment: bool = False
) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    if media.conversation is not None:
        for entry in media.conversation.speaker_verb_noun_pairs:
            for pair in entry.verb_noun_pairs:
                rows.append(
                    (
                        entry.speaker_name,
                        pair.s,
                        pair.e,
                        pair.verb,
                        pair.noun,
                        pair.verb_neg,
                        pair.noun_neg,
                        pair.question,
                    )
                )
        extra = media.conversation.model_extra or {}
        if "noun-verb-pairs" in extra:
            rows += _noun_verb_rows(extra["noun-verb-pairs"], "conversation.noun-verb-pairs")
    top = media.model_extra or {}
    if "noun-verb-pairs" in top:
        rows += _noun_verb_rows(top["noun-verb-pairs"], "noun-verb-pairs")
    names = (
        "speaker",
        "start_ms",
        "end_ms",
        "verb",
        "noun",
        "verb_negation",
        "noun_negation",
        "question",
    )
    columns: dict[str, Any] = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    assigned = media_roles(media, roles)
    if with_sentiment:
        lookup = _sentiment_lookup(media, assigned)
        columns["sentiment"] = [lookup(row[0], row[1], row[2]) for row in rows]
    columns["speaker"], columns["role"] = speaker_and_role(columns["speaker"], assigned)
    return frame("verb_noun_pairs", columns, len(rows))


register(
    Table(
        name="verb_noun_pairs",
        summary="one row per verb-noun pair, both documented shapes (`with_sentiment=`)",
        columns=columns(
            """
            speaker        category  speaker name as the pair gives it
            role           category  `agent` / `caller` / missing (see Roles)
            start_ms       Int64     start of the pair, ms (`s`)
            end_ms         Int64     end of the pair, ms (`e`; often missing on occurrences)
            verb           string    the verb's lemma (`verb` / `V`)
            noun           string    the noun's lemma (`noun` / `N`)
            verb_negation  string    negation of the verb (`verbNeg` / `neg`)
            noun_negation  string    negation of the noun (`nounNeg` / `noun-neg`)
            question       boolean   the pair is in a question (missing when not sent)
            sentiment?     Float64   only with `with_sentiment=True`: the speaker's sentiment value
                                     whose span contains the pair's start (else the one overlapping
                                     it most)
            """
        ),
        build=_verb_noun_pairs_table,
        options={
            "with_sentiment": "Add a ``sentiment`` column: the sentiment value of the turn the "
            "pair is in."
        },
        doc="""With ``with_sentiment=True`` a ``sentiment`` column holds the value of the same
        speaker's (or, when names differ, the same role's) ``speakerSentiments`` span that
        contains the pair's start, else the one overlapping the pair most, else missing.""",
        family="sections",
    )
)
