"""The knowledge section and the timeline events that come from analytics sections.

Everything here is read through ``vbformats.frames`` (the RingCentral tables included) (one
row grain per table, NA for what is missing), each table built once per report. A table the
input lacks gives no :class:`~vbformats.reports.model.Table` at all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from vbformats import frames
from vbformats.models.media import Media
from vbformats.reports.model import Cell, Marker, Table
from vbformats.reports.options import ReportOptions
from vbformats.reports.text import clean, duration, number

if TYPE_CHECKING:  # pragma: no cover
    from vbformats.reports.gather import _TurnLookup

__all__ = ["MAX_LINKS", "Knowledge"]

#: Most timestamps listed in one cell ("+N more" after them).
MAX_LINKS = 20

Find = Callable[[str | None], int | None]


def _records(frame: Any) -> list[dict[str, Any]]:
    from vbformats.reports.gather import records

    return records(frame)


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


class Knowledge:
    """The analytics sections of one call, each table read once.

    Args:
        media: The call.
        options: Report options (roles).
    """

    def __init__(self, media: Media, options: ReportOptions) -> None:
        self.media = media
        self.options = options

    def _table(self, name: str, roles: bool = True) -> list[dict[str, Any]]:
        builder = getattr(frames, name)
        frame = builder(self.media, roles=self.options.roles) if roles else builder(self.media)
        return _records(frame)

    @cached_property
    def keywords(self) -> list[dict[str, Any]]:
        return self._table("keywords") if self.media.knowledge is not None else []

    @cached_property
    def topics(self) -> list[dict[str, Any]]:
        return self._table("topics") if self.media.knowledge is not None else []

    @cached_property
    def spotting(self) -> list[dict[str, Any]]:
        return self._table("spotting") if self.media.spotting is not None else []

    @cached_property
    def categories(self) -> list[dict[str, Any]]:
        return self._table("categories") if self.media.categories is not None else []

    @cached_property
    def classifiers(self) -> list[dict[str, Any]]:
        return self._table("classifiers", False) if self.media.prediction is not None else []

    @cached_property
    def detections(self) -> list[dict[str, Any]]:
        return self._table("detections") if self.media.prediction is not None else []

    @cached_property
    def entities(self) -> list[dict[str, Any]]:
        return self._table("entities", False) if self.media.entities is not None else []

    @cached_property
    def verb_noun_pairs(self) -> list[dict[str, Any]]:
        return self._table("verb_noun_pairs")

    def _ringcentral(self, name: str) -> list[dict[str, Any]]:
        if self.media.ringcentral is None:
            return []
        from vbformats import frames

        return _records(frames.build(name, self.media, roles=self.options.roles))

    # --- what the timeline and the transcript mark ----------------------------------------

    def highlight_spans(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """``(spotted keyword spans, detection spans)`` to highlight in the transcript."""

        def spans(rows: list[dict[str, Any]]) -> list[tuple[int, int]]:
            return [
                (row["start_ms"], row["end_ms"] if row["end_ms"] is not None else row["start_ms"])
                for row in rows
                if row["start_ms"] is not None
            ]

        spotted = [row for row in self.spotting if row["keyword"] is not None]
        return spans(spotted), spans(self.detections)

    def markers(self, find: Find, lookup: _TurnLookup) -> list[Marker]:
        """Detections, spotted keywords and matched categories as timeline events."""
        out: list[Marker] = []

        def add(kind: str, row: dict[str, Any], label: str) -> None:
            start = row["start_ms"]
            if start is None:
                return
            end = row["end_ms"] if row["end_ms"] is not None else start
            lane = find(row.get("speaker"))
            out.append(Marker(kind, start, end, lane, clean(label), lookup.turn_at(start, lane)))

        for row in self.detections:
            label = row["detector_class_label"] or row["detector"] or "detection"
            add("detection", row, f"Detected: {label}")
        for row in self.spotting:
            if row["keyword"] is not None:
                add("keyword", row, f"Spotted: {row['keyword']}")
        for row in self.categories:
            add("category", row, f"Category: {row['name']}")
        return out

    # --- the tables -----------------------------------------------------------------------

    def tables(self, find: Find, lookup: _TurnLookup) -> list[Table]:
        """Every knowledge table the input has, in report order."""

        def times(rows: list[dict[str, Any]]) -> Cell:
            found = sorted(
                (row["start_ms"], find(row.get("speaker")))
                for row in rows
                if row.get("start_ms") is not None
            )
            links = tuple((start, lookup.turn_at(start, lane)) for start, lane in found)
            more = len(links) - MAX_LINKS
            return Cell(f"+{more} more" if more > 0 else "", links[:MAX_LINKS])

        def speakers(rows: list[dict[str, Any]]) -> Cell:
            names: list[str] = []
            for row in rows:
                name = row.get("speaker")
                if name is not None and clean(name) not in names:
                    names.append(clean(name))
            return Cell(", ".join(names))

        def text(value: Any) -> Cell:
            return Cell(clean(value) if value is not None else "")

        def keywords(rows: list[dict[str, Any]]) -> Cell:
            listed = dict.fromkeys(clean(r["keyword"]) for r in rows if r["keyword"] is not None)
            return Cell(", ".join(listed))

        def num(value: Any, digits: int = 2) -> Cell:
            return Cell(number(value, digits) if value is not None else "", number=True)

        out: list[Table] = []

        def table(
            key: str,
            title: str,
            columns: tuple[str, ...],
            rows: list[tuple[Cell, ...]],
            note: str | None = None,
        ) -> None:
            if rows:
                out.append(Table(key, title, columns, rows, note))

        def grouped(
            key: str,
            title: str,
            columns: tuple[str, ...],
            rows: list[dict[str, Any]],
            by: str,
            cells: Callable[[Any, list[dict[str, Any]]], tuple[Cell, ...]],
        ) -> None:
            table(key, title, columns, [cells(k, group) for k, group in _grouped(rows, by).items()])

        def spotted(row: dict[str, Any]) -> Cell:
            return Cell("yes", tone="good") if row["spotted"] else Cell("no")

        def matched(row: dict[str, Any]) -> Cell:
            if (row["value"] or 0) > 0:
                return Cell("matched", tone="good")
            return Cell("not matched", tone="bad")

        def mentions(rows: list[dict[str, Any]]) -> Cell:
            return num(sum(1 for r in rows if r["start_ms"] is not None))

        grouped(
            "keywords",
            "Keywords",
            ("Keyword", "Relevance", "Mentions", "Speakers", "Mentioned at"),
            self.keywords,
            "keyword",
            lambda k, rows: (
                text(k),
                num(rows[0]["relevance"], 3),
                mentions(rows),
                speakers(rows),
                times(rows),
            ),
        )
        grouped(
            "topics",
            "Topics",
            ("Topic", "Relevance", "Keywords", "Mentioned at"),
            self.topics,
            "topic",
            lambda k, rows: (
                text(k),
                num(rows[0]["topic_relevance"], 3),
                keywords(rows),
                times(rows),
            ),
        )
        grouped(
            "spotting",
            "Spotted keywords",
            ("Group", "Spotted", "Score", "Keywords", "Spotted at"),
            self.spotting,
            "group",
            lambda k, rows: (
                (text(k), spotted(rows[0]), num(rows[0]["score"], 3), keywords(rows), times(rows))
            ),
        )
        grouped(
            "categories",
            "Categories",
            ("Category", "Matched", "Value", "Matches", "Matched at"),
            self.categories,
            "name",
            lambda k, rows: (
                (text(k), matched(rows[0]), num(rows[0]["value"]), mentions(rows), times(rows))
            ),
        )
        table(
            "classifiers",
            "Classifiers",
            ("Classifier", "Type", "Predicted", "Score"),
            [
                (
                    text(r["display_name"] or r["classifier_name"] or r["classifier_id"]),
                    text(r["classifier_type"]),
                    text(r["predicted_class_label"] or r["predicted_class"]),
                    num(r["prediction_score"], 3),
                )
                for r in self.classifiers
            ],
        )
        table(
            "detections",
            "Detections",
            ("Detector", "Class", "Speaker", "Duration", "At"),
            [
                (
                    text(r["detector"]),
                    text(r["detector_class_label"] or r["detector_class"]),
                    text(r["speaker"]),
                    text(
                        duration(r["end_ms"] - r["start_ms"])
                        if r["end_ms"] is not None and r["start_ms"] is not None
                        else None
                    ),
                    times([r]),
                )
                for r in self.detections
            ],
        )
        table(
            "entities",
            "Entities",
            ("Type", "Text", "Formatted", "At"),
            [
                (text(r["type"]), text(r["text"]), text(r["formatted_text"]), times([r]))
                for r in self.entities
            ],
        )
        table(
            "verb_noun_pairs",
            "Verb-noun pairs",
            ("Speaker", "Verb", "Noun", "Question", "At"),
            [
                (
                    text(r["speaker"]),
                    text(" ".join(clean(p) for p in (r["verb_negation"], r["verb"]) if p)),
                    text(" ".join(clean(p) for p in (r["noun_negation"], r["noun"]) if p)),
                    text("yes" if r["question"] else ("no" if r["question"] is False else "")),
                    times([r]),
                )
                for r in self.verb_noun_pairs
            ],
        )
        self._ringcentral_tables(table, times, text, num)
        return out

    def _ringcentral_tables(self, table: Any, times: Any, text: Any, num: Any) -> None:
        if self.media.ringcentral is None:
            return

        def cells(row: dict[str, Any], *keys: str) -> tuple[Cell, ...]:
            # "@": the row's time; "#name": a number; any other key: text
            return tuple(
                times([row])
                if key == "@"
                else num(row[key[1:]])
                if key[0] == "#"
                else text(row[key])
                for key in keys
            )

        def rows(name: str, *keys: str, keep: Callable[[dict[str, Any]], bool] = bool) -> list[Any]:
            return [cells(row, *keys) for row in self._ringcentral(name) if keep(row)]

        table(
            "rc_summaries",
            "Summaries (RingCentral)",
            ("Summary", "Text", "Speaker", "At"),
            rows("summaries", "summary", "text", "speaker", "@"),
        )
        table(
            "rc_speaker_insights",
            "Speaker insights (RingCentral)",
            ("Insight", "Speaker", "Value"),
            rows("speaker_insights", "insight", "speaker", "value"),
        )
        table(
            "rc_questions",
            "Questions asked (RingCentral)",
            ("Speaker", "Question", "At"),
            rows("questions", "speaker", "text", "@"),
        )
        shown_elsewhere = ("KeyPhrases", "Topics")
        table(
            "rc_insights",
            "Other insights (RingCentral)",
            ("Insight", "Text", "Value", "Speaker", "At"),
            rows(
                "conversational_insights",
                *("insight", "text", "#value_number", "speaker", "@"),
                keep=lambda r: (
                    r["insight"] not in shown_elsewhere and "Summary" not in str(r["insight"])
                ),
            ),
        )
        table(
            "rc_emotions",
            "Utterance emotions (RingCentral)",
            ("Speaker", "Emotion", "Confidence", "Text", "At"),
            rows(
                "utterances",
                *("speaker", "emotion", "#emotion_confidence", "text", "@"),
                keep=lambda r: r["emotion"] is not None,
            ),
        )
