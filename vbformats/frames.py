"""DataFrame builders: every section of a result as a tidy pandas table, for one file or many.

One public function per row grain (``words``, ``turns``, ``cues``, ``sentiments``, ``metrics``,
``verb_noun_pairs``, ``keywords``, ``topics``, ``spotting``, ``categories``, ``classifiers``,
``detections``, ``entities``, ``voice_activity``, ``metadata``). Each one:

* has its columns declared once, in :data:`SCHEMAS` (name, dtype, meaning); the docstrings and
  the README tables are generated from / checked against that declaration;
* uses explicit nullable dtypes: ``Int64`` for milliseconds and counts, ``Float64``, ``string``,
  ``boolean``, and ``category`` for speakers, roles, ``media_id`` and ``source``;
* returns a plain ``RangeIndex`` and, when the section is absent, an empty frame with the same
  columns and dtypes.

**One source or many.** A builder accepts a loaded :class:`Media`, a parsed ``dict``, JSON
``bytes``/text, or a path: one table. It also accepts a directory, a glob pattern
(``"calls/*.json"``) or an iterable of any of those: one table for all of them, with two more
columns in front, ``media_id`` and ``source`` (the path, or ``"<item N>"`` for objects passed in
memory). With ``errors="collect"`` a file that cannot be read or tabulated is skipped and
recorded in ``frame.attrs["errors"]`` (a list of ``{"source", "error", "type"}``); the rows of
every good file are kept. On a terminal, reading more than one file shows a progress line on
stderr.

**Speed.** ``words`` is built from the :class:`WordTable`'s columns (Python lists straight into
numpy/pandas arrays), never from one object per word: see ``benchmarks/bench_frames.py``.

**pandas at arm's length.** This is the only module that imports pandas, and only inside
functions, so ``import vbformats`` (and ``import vbformats.frames``) stays light.

Roles (agent / caller) follow :mod:`vbformats.roles`, exactly as the metrics decide them; the
``roles=`` override of every builder is passed through. A speaker named in a section (a keyword
mention, a sentiment) gets the role of the word speaker with the same name (case-insensitive).
A file without named speakers on its words takes its speakers from ``speakerSentiments`` (as
the metrics do), else from ``voiceActivity``, else from the verb-noun pairs.
"""

from __future__ import annotations

import bisect
import gc
import glob
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar

from vbformats.errors import InvalidInputError, VBFormatsError
from vbformats.models.media import Media, Mention
from vbformats.redaction import redact
from vbformats.roles import Role, role_of_name, roles_for_speakers, speaker_order
from vbformats.turns import clean_speaker_name, speaker_of_tokens
from vbformats.turns import turns as _turns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FOLDER_EXTENSIONS",
    "MANY_COLUMNS",
    "SAVE_FORMATS",
    "SCHEMAS",
    "TABLES",
    "Column",
    "MissingDependencyError",
    "SourceError",
    "build",
    "categories",
    "classifiers",
    "cues",
    "detections",
    "dominant_pitch",
    "empty",
    "entities",
    "format_for_path",
    "keywords",
    "metadata",
    "metrics",
    "save",
    "sentiments",
    "spotting",
    "to_csv",
    "to_json",
    "topics",
    "turns",
    "verb_noun_pairs",
    "voice_activity",
    "words",
]

Errors = Literal["raise", "collect"]

#: File extensions a directory source is searched for (non-recursive, hidden files skipped).
FOLDER_EXTENSIONS: tuple[str, ...] = (".json", ".srt", ".vtt", ".dfxp", ".ttml")


# --- errors -----------------------------------------------------------------------------------


class SourceError(InvalidInputError):
    """One source of a many-file table failed (``errors="raise"``).

    ``path`` is the source (file path or ``"<item N>"``), ``problem`` the original error's
    message; the original exception is ``__cause__``.
    """

    @property
    def source(self) -> str:
        """The source that failed (same as ``path``)."""
        return self.path


class MissingDependencyError(VBFormatsError, ImportError):
    """An optional dependency is not installed.

    Attributes:
        package: The missing import (``"pyarrow"``).
        extra: The vbformats extra that installs it (``"parquet"``).
        purpose: What needed it (``"parquet output"``).
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(package, extra, purpose)
        self.package = package
        self.extra = extra
        self.purpose = purpose

    def __str__(self) -> str:
        return (
            f"{self.purpose} needs {self.package}, which is not installed: "
            f"pip install 'vbformats[{self.extra}]'"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.package, self.extra, self.purpose))


# --- schemas ----------------------------------------------------------------------------------


class Column(NamedTuple):
    """One declared column of a table.

    Attributes:
        name: Column name.
        dtype: pandas dtype name (``Int64``, ``Float64``, ``string``, ``boolean``, ``category``,
            ``object``).
        meaning: One line for the docs (units included).
        optional: Present only when an option asks for it (named in ``meaning``).
    """

    name: str
    dtype: str
    meaning: str
    optional: bool = False


def _speaker_cols(what: str = "") -> tuple[Column, Column]:
    return (
        Column("speaker", "category", f"speaker name as the {what or 'section'} gives it"),
        Column("role", "category", "`agent` / `caller` / missing (see Roles)"),
    )


def _span_cols(what: str) -> tuple[Column, Column]:
    return (
        Column("start_ms", "Int64", f"start of the {what}, ms (`s`)"),
        Column("end_ms", "Int64", f"end of the {what}, ms (`e`; often missing on occurrences)"),
    )


_OCCURRENCE = (
    *_speaker_cols("mention"),
    *_span_cols("occurrence"),
    Column("exact", "string", "the exact words that matched"),
)

#: Every table's columns, in order: name -> (Column, ...). Many-file tables add ``media_id``
#: and ``source`` in front (see :data:`MANY_COLUMNS`).
SCHEMAS: dict[str, tuple[Column, ...]] = {
    "words": (
        Column("position", "Int64", "`p`: the service's token number (may start at 0 or 1)"),
        Column("speaker", "category", "name of the nearest preceding turn marker (array order)"),
        Column("role", "category", "`agent` / `caller` / missing (see Roles)"),
        Column("start_ms", "Int64", "`s`, ms"),
        Column("end_ms", "Int64", "`e`, ms"),
        Column("duration_ms", "Int64", "`e - s`, ms"),
        Column("confidence", "Float64", "`c`, 0..1"),
        Column("text", "string", "`w`: the word, punctuation mark, DTMF digit or speaker name"),
        Column(
            "flags_text", "string", "`m` as sent (`turn`, `punc`, `dtmf`, `|`-joined), or missing"
        ),
        Column("is_turn", "boolean", "a speaker marker (flags include `turn`)"),
        Column("is_punctuation", "boolean", "punctuation (`punc`, not a marker)"),
        Column("is_dtmf", "boolean", "a keypad tone (`dtmf`, not a marker)"),
        Column("is_speech", "boolean", "a spoken word (no flags at all)"),
        Column("volume", "Float64", "`v`: relative voice volume"),
        Column(
            "pitch_hz",
            "Float64",
            "dominant pitch: `f` of the `frq` peak with the largest `e` (f > 0, e > 0; "
            "tie: lower f), Hz",
        ),
        Column("frequencies", "object", "`frq` as a list of `(f_hz, energy)` pairs, or missing"),
        Column("estimated", "boolean", "times were estimated by a reader (caption input)"),
    ),
    "turns": (
        *_speaker_cols("turn marker"),
        Column("start_ms", "Int64", "start of the turn's first speech word, ms"),
        Column("end_ms", "Int64", "largest end of its speech words, ms"),
        Column("duration_ms", "Int64", "`end_ms - start_ms`"),
        Column("text", "string", "the turn's words, punctuation attached"),
        Column("word_count", "Int64", "speech words in the turn"),
        Column(
            "words_per_minute",
            "Float64",
            "`word_count / (duration_ms / 60000)`; missing when the duration is 0",
        ),
    ),
    "cues": (
        Column("index", "Int64", "cue number, from 1 (as in SRT)"),
        Column("speaker", "category", "speaker of the cue (of its first line, for a dialogue cue)"),
        Column("role", "category", "`agent` / `caller` / missing (see Roles)"),
        Column("start_ms", "Int64", "cue start, ms"),
        Column("end_ms", "Int64", "cue end, ms"),
        Column("duration_ms", "Int64", "`end_ms - start_ms`"),
        Column("text", "string", "the displayed lines joined with a newline"),
        Column("lines", "object", "the displayed lines, a list of strings"),
        Column("line_count", "Int64", "number of lines"),
        Column("max_line_chars", "Int64", "displayed width of the longest line, characters"),
        Column("chars", "Int64", "displayed width of all lines together (newlines not counted)"),
        Column(
            "chars_per_second",
            "Float64",
            "reading speed, `chars / (duration_ms / 1000)`; missing when the duration is 0",
        ),
        Column("word_count", "Int64", "speech words shown in the cue"),
        Column("is_dialogue", "boolean", 'a merged two-speaker cue (`overlap="merge"`)'),
        Column(
            "violations",
            "string",
            "the caption limits the cue breaks, `|`-joined (empty string when none)",
        ),
        *(
            Column(f"breaks_{limit}", "boolean", f"the cue breaks `{limit}`")
            for limit in (
                "max_chars_per_line",
                "max_lines",
                "min_duration_ms",
                "max_duration_ms",
                "max_chars_per_second",
            )
        ),
    ),
    "sentiments": (
        *_speaker_cols("`speakerSentiments` entry"),
        *_span_cols("sentiment value (a turn)"),
        Column("value", "Float64", "`v`: sentiment, -1 (negative) .. 1 (positive)"),
    ),
    "metrics": (
        Column("group", "string", "`metricGroupName` (`overtalk`, `talk-time-and-rate`, ...)"),
        Column("name", "string", "`metricName`"),
        Column("value", "Float64", "`metricValue` as reported"),
    ),
    "verb_noun_pairs": (
        *_speaker_cols("pair"),
        *_span_cols("pair"),
        Column("verb", "string", "the verb's lemma (`verb` / `V`)"),
        Column("noun", "string", "the noun's lemma (`noun` / `N`)"),
        Column("verb_negation", "string", "negation of the verb (`verbNeg` / `neg`)"),
        Column("noun_negation", "string", "negation of the noun (`nounNeg` / `noun-neg`)"),
        Column("question", "boolean", "the pair is in a question (missing when not sent)"),
        Column(
            "sentiment",
            "Float64",
            "only with `with_sentiment=True`: the speaker's sentiment value whose span contains "
            "the pair's start (else the one overlapping it most)",
            optional=True,
        ),
    ),
    "keywords": (
        Column("keyword", "string", "the keyword (`keyword` / `name`)"),
        Column("relevance", "Float64", "0..1"),
        *_OCCURRENCE,
    ),
    "topics": (
        Column("topic", "string", "`topicName`"),
        Column("topic_relevance", "Float64", "the topic's relevance, 0..1"),
        Column("keyword", "string", "a keyword of the topic"),
        Column("keyword_relevance", "Float64", "the keyword's relevance, 0..1"),
        *_OCCURRENCE,
    ),
    "spotting": (
        Column("group", "string", "`groupName`"),
        Column("spotted", "boolean", "any keyword of the group was spotted"),
        Column("score", "Float64", "the group's score"),
        Column("keyword", "string", "a spotted keyword"),
        *_OCCURRENCE,
    ),
    "categories": (
        Column("name", "string", "`categoryName`"),
        Column("value", "Float64", "`categoryValue` (1 matched, 0 not, or a score)"),
        *_OCCURRENCE,
    ),
    "classifiers": (
        Column("classifier_id", "string", "`classifierId`"),
        Column("classifier_name", "string", "`classifierName`"),
        Column("display_name", "string", "`classifierDisplayName`"),
        Column("classifier_type", "string", "`classifierType` (`binary`, ...)"),
        Column("classifier_version", "string", "`classifierVersion`"),
        Column("predicted_class", "string", "`predictedClass` / `predictedCategory`, as text"),
        Column("predicted_class_label", "string", "`predictedClassLabel` / `...CategoryLabel`"),
        Column("prediction_score", "Float64", "`predictionScore`"),
    ),
    "detections": (
        Column("detector", "string", "`detectorName`, else display name, else id"),
        Column("detector_id", "string", "`detectorId`"),
        Column("detector_class", "string", "`detectorClass`, as text"),
        Column("detector_class_label", "string", "`detectorClassLabel` (`PCI`, `ssn`, ...)"),
        *_speaker_cols("segment"),
        *_span_cols("detected segment"),
    ),
    "entities": (
        Column("type", "string", "`type` (`person`, `location`, `phone`, `money`, ...)"),
        Column("text", "string", "the words as spoken"),
        Column("formatted_text", "string", "`formattedText` (`$240.00`), when sent"),
        *_span_cols("entity"),
    ),
    "voice_activity": (
        *_speaker_cols("`voiceActivity` entry"),
        *_span_cols("activity"),
        Column("duration_ms", "Int64", "`end_ms - start_ms`"),
    ),
    "metadata": (
        Column("media_id", "category", "`mediaId`"),
        Column("status", "string", "`status` (`finished`, ...)"),
        Column("date_created", "string", "`dateCreated` as sent (ISO 8601)"),
        Column("date_finished", "string", "`dateFinished` as sent (ISO 8601)"),
        Column("media_content_type", "string", "`mediaContentType`"),
        Column("length_ms", "Int64", "`length`: media duration, ms"),
        Column("title", "string", "`metadata.title`"),
        Column("description", "string", "`metadata.description`"),
        Column("external_id", "string", "`metadata.externalId`"),
        Column("word_count", "Int64", "speech words in the transcript"),
        Column(
            "extended.*",
            "inferred",
            "`metadata.extended` flattened, one column per leaf (`extended.agent`, "
            "`extended.call.id`); nullable dtype inferred from the values",
            optional=True,
        ),
    ),
}

#: Columns put in front of every many-file table.
MANY_COLUMNS: tuple[Column, ...] = (
    Column("media_id", "category", "`mediaId` of the file the row comes from (missing if none)"),
    Column("source", "category", 'the file path, or `"<item N>"` for objects passed in memory'),
)

#: Every table name, in documentation order.
TABLES: tuple[str, ...] = tuple(SCHEMAS)

_ROLE_CATEGORIES = ("agent", "caller")


# --- array helpers (pandas imported lazily) ---------------------------------------------------


def _to_array(values: Any, dtype: str, n: int) -> Any:
    """A pandas array of exactly ``dtype`` from a list (``None`` = missing) or an array."""
    import numpy as np
    import pandas as pd

    if values is None:
        values = [None] * n
    if dtype == "category":
        if isinstance(values, pd.Categorical):
            return values
        return pd.Categorical(values)
    if isinstance(values, pd.api.extensions.ExtensionArray) and str(values.dtype) == dtype:
        return values
    if dtype == "Int64":
        try:
            ints = np.array(values, dtype=np.int64)
            return pd.arrays.IntegerArray(ints, np.zeros(len(ints), dtype=bool))
        except TypeError:  # None among them
            floats = np.array(values, dtype=np.float64)
            mask = np.isnan(floats)
            return pd.arrays.IntegerArray(np.where(mask, 0, floats).astype(np.int64), mask)
    if dtype == "Float64":
        floats = np.array(values, dtype=np.float64)  # None -> nan (the wire refuses NaN)
        return pd.arrays.FloatingArray(floats, np.isnan(floats))
    if dtype == "boolean":
        if isinstance(values, np.ndarray) or None not in values:
            bools = np.fromiter(values, dtype=bool, count=len(values))
            return pd.arrays.BooleanArray(bools, np.zeros(len(bools), dtype=bool))
        return pd.array(values, dtype="boolean")
    if dtype == "string":
        return pd.array(values, dtype="string")
    if dtype == "object":
        out = np.empty(len(values), dtype=object)
        # element by element: numpy would turn equal-length lists into a 2-D array
        for index, value in enumerate(values):
            out[index] = value
        return out
    raise AssertionError(f"undeclared dtype {dtype}")  # pragma: no cover


def _role_array(roles: Sequence[Role | None] | None, n: int) -> Any:
    import pandas as pd

    dtype = pd.CategoricalDtype(list(_ROLE_CATEGORIES))
    if roles is None:
        return pd.Categorical([None] * n, dtype=dtype)
    return pd.Categorical(roles, dtype=dtype)


def _speaker_and_role(names: Sequence[str | None], assigned: Mapping[str, Role]) -> tuple[Any, Any]:
    """Speaker categorical and role categorical, computed per distinct speaker (columnar)."""
    import numpy as np
    import pandas as pd

    speaker = pd.Categorical(names)
    index = {"agent": 0, "caller": 1}
    per_category = np.array(
        [index.get(role_of_name(name, assigned) or "", -1) for name in speaker.categories]
        + [-1],  # slot for code -1 (missing speaker)
        dtype=np.int8,
    )
    role = pd.Categorical.from_codes(
        per_category[speaker.codes], dtype=pd.CategoricalDtype(list(_ROLE_CATEGORIES))
    )
    return speaker, role


def _frame(table: str, data: Mapping[str, Any], n: int) -> pd.DataFrame:
    """Assemble ``table``'s declared columns (optional ones only when in ``data``)."""
    import pandas as pd

    columns: dict[str, Any] = {}
    for column in SCHEMAS[table]:
        if column.optional and column.name not in data:
            continue
        if column.name == "role":
            value = data.get("role")
            columns["role"] = value if isinstance(value, pd.Categorical) else _role_array(value, n)
            continue
        columns[column.name] = _to_array(data.get(column.name), column.dtype, n)
    frame: pd.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)
    return frame


def _rows_frame(table: str, names: Sequence[str], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """Frame from row tuples in ``names`` order (small sections without a speaker column)."""
    columns: dict[str, Any] = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return _frame(table, columns, len(rows))


def empty(table: str, *, many: bool = False) -> pd.DataFrame:
    """An empty frame with ``table``'s columns and dtypes (``many`` adds media_id and source).

    Raises:
        InvalidInputError: unknown table name.
    """
    _check_table(table)
    frame = _frame(table, {}, 0)
    if many:
        frame = _with_sources(frame, [], [], [])
    return frame


def _check_table(table: str) -> None:
    if table not in SCHEMAS:
        raise InvalidInputError("table", f"unknown table {table!r}; tables: {', '.join(TABLES)}")


# --- roles per media --------------------------------------------------------------------------


def _section_speakers(media: Media) -> Iterator[tuple[str | None, list[int | None]]]:
    """(speaker name, start times) of every speaker-named entry outside the words."""
    if media.transcript is not None:
        for activity in media.transcript.voice_activity:
            yield activity.speaker_name, [o.s for o in activity.occurrences]
    if media.conversation is not None:
        for pairs in media.conversation.speaker_verb_noun_pairs:
            yield pairs.speaker_name, [p.s for p in pairs.verb_noun_pairs]
    for entry in (media.model_extra or {}).get("noun-verb-pairs") or []:
        if isinstance(entry, dict) and isinstance(entry.get("speaker"), str):
            stamp = entry.get("timestamp")
            start = stamp.get("s") if isinstance(stamp, dict) else None
            yield entry["speaker"], [start if isinstance(start, int) else None]
    mentions: list[Mention] = []
    if media.knowledge is not None:
        for keyword in media.knowledge.keywords:
            mentions += keyword.mentions
        for topic in media.knowledge.topics:
            for keyword in topic.keywords:
                mentions += keyword.mentions
    if media.spotting is not None:
        for group in media.spotting.groups:
            for keyword in group.spotted_keywords:
                mentions += keyword.mentions
    for category in media.categories or []:
        mentions += category.category_matches
    if media.prediction is not None:
        for detector in media.prediction.detectors:
            for detection in detector.detections:
                mentions += detection.detected_segments
    for mention in mentions:
        yield mention.speaker_name, [o.s for o in mention.occurrences]


def _roles_of(media: Media, roles: Mapping[str, str] | None) -> dict[str, Role]:
    """Speaker -> role for one file, as :mod:`vbformats.metrics` decides it.

    From the words' speakers. A file without named speakers on its words takes them from
    ``speakerSentiments`` (earliest value first, then document order: the metrics' rule), and
    without those from every other section that names speakers (voice activity, verb-noun
    pairs, keyword / topic / spotting / category mentions, detections), earliest start first.
    """
    order = speaker_order(media)
    if order:
        return roles_for_speakers(order, roles)
    first: dict[str, tuple[float, int]] = {}

    def see(name: str | None, starts: Iterable[int | None], position: int) -> None:
        if name is None:
            return
        name = clean_speaker_name(name)
        known = [s for s in starts if s is not None]
        key = (float(min(known)) if known else math.inf, position)
        if name not in first or key < first[name]:
            first[name] = key

    for position, sentiment in enumerate(media.speaker_sentiments or []):
        see(sentiment.speaker_name, (v.s for v in sentiment.sentiment_values), position)
    if not first:
        for position, (name, starts) in enumerate(_section_speakers(media)):
            see(name, starts, position)
    return roles_for_speakers(sorted(first, key=first.__getitem__), roles)


# --- words ------------------------------------------------------------------------------------


def dominant_pitch(peaks: Sequence[tuple[float, float]] | None) -> float | None:
    """Dominant pitch of a word, Hz: ``f`` of the peak with the largest energy.

    Only peaks with ``f > 0`` and ``e > 0`` count (the metrics' rule, issue #4); equal energies
    pick the lower frequency. The words frame's ``pitch_hz`` column is this rule applied to every
    token, read from the table's cached ``WordTable.pitch_hz_array``.

    Args:
        peaks: ``(f_hz, energy)`` pairs (a word's ``frq``), or ``None``.

    Returns:
        The frequency in Hz, or ``None`` when no peak qualifies.
    """
    if not peaks:
        return None
    best_f: float | None = None
    best_e = 0.0
    for f, e in peaks:
        if f > 0 and e > 0 and (e > best_e or (e == best_e and best_f is not None and f < best_f)):
            best_f, best_e = f, e
    return best_f


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building columns.

    Building a column of per-token lists (``frequencies``) allocates hundreds of thousands of
    containers; each allocation burst makes the collector rescan the whole heap (the word table
    included). None of them can form a cycle, so pausing it is safe, and it makes the words
    table of a 100,000-word call 2-4x faster. The previous state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _words_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    with _gc_paused():
        return _words_columns(media, roles)


def _words_columns(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    import numpy as np

    table = media.words
    n = len(table)
    speaker, role = _speaker_and_role(speaker_of_tokens(table), _roles_of(media, roles))
    starts = np.array(table.start_ms, dtype=np.int64)
    ends = np.array(table.end_ms, dtype=np.int64)
    frequencies = table.frequencies
    # the table's unboxed columns, NaN = missing (read as NA by _to_array): the pitch rule is
    # the metrics' (WordTable.pitch_hz, same as dominant_pitch), computed from the structs in
    # one pass with the volumes
    pitch = np.frombuffer(table.pitch_hz_array, dtype=np.float64)
    volume = np.frombuffer(table.volume_array, dtype=np.float64)
    estimated = table.estimated
    data: dict[str, Any] = {
        "position": table.position,
        "speaker": speaker,
        "role": role,
        "start_ms": starts,
        "end_ms": ends,
        "duration_ms": ends - starts,
        "confidence": table.confidence,
        "text": table.text,
        "flags_text": table.flags_text,
        "is_turn": table.is_turn,
        "is_punctuation": table.is_punctuation,
        "is_dtmf": table.is_dtmf,
        "is_speech": table.is_speech,
        "volume": volume,
        "pitch_hz": pitch,
        "frequencies": frequencies,
        "estimated": np.zeros(n, dtype=bool) if estimated is None else estimated,
    }
    return _frame("words", data, n)


# --- turns ------------------------------------------------------------------------------------


def _turns_table(
    media: Media, roles: Mapping[str, str] | None, include_dtmf: bool = False
) -> pd.DataFrame:
    found = _turns(media, include_dtmf=include_dtmf)
    names = [turn.speaker for turn in found]
    speaker, role = _speaker_and_role(names, _roles_of(media, roles))
    counts = [turn.word_count for turn in found]
    durations = [turn.end_ms - turn.start_ms for turn in found]
    data = {
        "speaker": speaker,
        "role": role,
        "start_ms": [turn.start_ms for turn in found],
        "end_ms": [turn.end_ms for turn in found],
        "duration_ms": durations,
        "text": [turn.text for turn in found],
        "word_count": counts,
        "words_per_minute": [
            count / (duration / 60000) if duration > 0 else None
            for count, duration in zip(counts, durations, strict=True)
        ],
    }
    return _frame("turns", data, len(found))


# --- cues -------------------------------------------------------------------------------------


_CUE_LIMITS = (
    "max_chars_per_line",
    "max_lines",
    "min_duration_ms",
    "max_duration_ms",
    "max_chars_per_second",
)


def _cues_table(
    media: Media,
    roles: Mapping[str, str] | None,
    options: Any = None,
    labels: bool = False,
) -> pd.DataFrame:
    from vbformats.captions import build_cues, display_width

    found = build_cues(media, options, labels=labels)
    broken: dict[int, set[str]] = {}
    for violation in found.violations:
        broken.setdefault(violation.cue_index, set()).add(violation.limit)
    is_speech = media.words.is_speech
    lines = [cue.display_lines() for cue in found]
    widths = [[display_width(line) for line in shown] for shown in lines]
    chars = [sum(w) for w in widths]
    durations = [cue.end_ms - cue.start_ms for cue in found]
    speaker, role = _speaker_and_role([cue.speaker for cue in found], _roles_of(media, roles))
    data: dict[str, Any] = {
        "index": list(range(1, len(found) + 1)),
        "speaker": speaker,
        "role": role,
        "start_ms": [cue.start_ms for cue in found],
        "end_ms": [cue.end_ms for cue in found],
        "duration_ms": durations,
        "text": ["\n".join(shown) for shown in lines],
        "lines": lines,
        "line_count": [len(shown) for shown in lines],
        "max_line_chars": [max(w, default=0) for w in widths],
        "chars": chars,
        "chars_per_second": [
            c * 1000 / d if d > 0 else None for c, d in zip(chars, durations, strict=True)
        ],
        "word_count": [sum(is_speech[i] for i in cue.token_indices) for cue in found],
        "is_dialogue": [cue.is_dialogue for cue in found],
        "violations": [
            "|".join(limit for limit in _CUE_LIMITS if limit in broken.get(index, ()))
            for index in range(len(found))
        ],
    }
    for limit in _CUE_LIMITS:
        data[f"breaks_{limit}"] = [limit in broken.get(i, ()) for i in range(len(found))]
    return _frame("cues", data, len(found))


# --- sections ---------------------------------------------------------------------------------


def _with_roles(
    table: str,
    media: Media,
    roles: Mapping[str, str] | None,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
) -> pd.DataFrame:
    """Rows whose ``speaker`` column is set; adds the role column and builds the frame."""
    columns: dict[str, Any] = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    speaker, role = _speaker_and_role(columns["speaker"], _roles_of(media, roles))
    columns["speaker"], columns["role"] = speaker, role
    return _frame(table, columns, len(rows))


def _sentiments_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows = [
        (entry.speaker_name, value.s, value.e, value.v)
        for entry in media.speaker_sentiments or []
        for value in entry.sentiment_values
    ]
    return _with_roles("sentiments", media, roles, ("speaker", "start_ms", "end_ms", "value"), rows)


def _metrics_table(media: Media) -> pd.DataFrame:
    rows = [
        (group.metric_group_name, value.metric_name, value.metric_value)
        for group in media.metrics or []
        for value in group.metric_values
    ]
    return _rows_frame("metrics", ("group", "name", "value"), rows)


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
    return _with_roles("keywords", media, roles, ("keyword", "relevance", *_OCC_NAMES), rows)


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
    return _with_roles("topics", media, roles, names, rows)


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
    return _with_roles("spotting", media, roles, names, rows)


def _categories_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    rows = [
        (category.category_name, category.category_value, *occurrence)
        for category in media.categories or []
        for occurrence in _occurrence_rows(category.category_matches)
    ]
    return _with_roles("categories", media, roles, ("name", "value", *_OCC_NAMES), rows)


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
    names = tuple(column.name for column in SCHEMAS["classifiers"])
    return _rows_frame("classifiers", names, rows)


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
    return _with_roles("detections", media, roles, names, rows)


def _entities_table(media: Media) -> pd.DataFrame:
    rows = [
        (entity.type, entity.text, entity.formatted_text, entity.s, entity.e)
        for entity in media.entities or []
    ]
    names = ("type", "text", "formatted_text", "start_ms", "end_ms")
    return _rows_frame("entities", names, rows)


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
    return _with_roles("voice_activity", media, roles, names, rows)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, out)
    else:
        out[prefix] = value


def _inferred_array(value: Any) -> Any:
    """One-row nullable array for a ``metadata.extended`` leaf (type taken from the value)."""
    import pandas as pd

    if value is None:
        return pd.array([None], dtype="string")
    if isinstance(value, bool):
        return pd.array([value], dtype="boolean")
    if isinstance(value, int):
        return pd.array([value], dtype="Int64")
    if isinstance(value, float):
        return pd.array([value], dtype="Float64")
    if isinstance(value, str):
        return pd.array([value], dtype="string")
    return _to_array([value], "object", 1)  # lists, empty objects: kept as they are


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
    frame = _frame("metadata", data, 1)
    if meta is not None and meta.extended:
        leaves: dict[str, Any] = {}
        _flatten("extended", meta.extended, leaves)
        for name, value in leaves.items():
            frame[name] = _inferred_array(value)
    return frame


# --- verb-noun pairs --------------------------------------------------------------------------


def _wire_ms(value: Any, where: str) -> int | None:
    """A time in ms from JSON: int, float (rounded half-up) or numeric string; None stays."""
    if value is None:
        return None
    number: float
    if isinstance(value, bool):
        raise InvalidInputError(where, f"expected a time in ms, got {value!r}")
    if isinstance(value, int):
        result = value
    else:
        try:
            number = float(value.strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            raise InvalidInputError(where, f"expected a time in ms, got {value!r}") from None
        if not math.isfinite(number):
            raise InvalidInputError(where, f"not a finite number: {value!r}")
        result = math.floor(number + 0.5)
    if result < 0:
        raise InvalidInputError(where, f"negative time {value!r} ms")
    return result


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
    assigned = _roles_of(media, roles)
    if with_sentiment:
        lookup = _sentiment_lookup(media, assigned)
        columns["sentiment"] = [lookup(row[0], row[1], row[2]) for row in rows]
    columns["speaker"], columns["role"] = _speaker_and_role(columns["speaker"], assigned)
    return _frame("verb_noun_pairs", columns, len(rows))


# --- sources ----------------------------------------------------------------------------------


def _has_magic(text: str) -> bool:
    return any(char in text for char in "*?[")


def _folder_files(folder: str) -> list[str]:
    names = sorted(
        name
        for name in os.listdir(folder)
        if not name.startswith(".") and name.lower().endswith(FOLDER_EXTENSIONS)
    )
    return [
        os.path.join(folder, name) for name in names if os.path.isfile(os.path.join(folder, name))
    ]


def _expand_path(text: str) -> list[str] | None:
    """Files a directory or glob names; ``None`` when ``text`` is a single path."""
    if os.path.isdir(text):
        return _folder_files(text)
    if _has_magic(text) and not os.path.exists(text):
        return sorted(path for path in glob.glob(text, recursive=True) if os.path.isfile(path))
    return None


def _is_json_text(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip()[:1] in ("{", "[")


def _resolve(source: Any) -> tuple[list[tuple[str, Any]], bool]:
    """(label, item) pairs to read, and whether the input is a collection (many-file table)."""
    if isinstance(source, (Media, dict, bytes, bytearray, memoryview)) or _is_json_text(source):
        return [("<item 0>", source)], False
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        expanded = _expand_path(text)
        if expanded is None:
            return [(text, text)], False
        return [(path, path) for path in expanded], True
    if isinstance(source, Iterable):
        items: list[tuple[str, Any]] = []
        for index, item in enumerate(source):
            if isinstance(item, (str, os.PathLike)) and not _is_json_text(item):
                text = os.fspath(item)
                expanded = _expand_path(text)
                items += [(text, text)] if expanded is None else [(p, p) for p in expanded]
            else:
                items.append((f"<item {index}>", item))
        return items, True
    raise InvalidInputError(
        "", f"cannot read a {type(source).__name__}: pass a Media, path, folder, glob or a list"
    )


class _Progress:
    """``vbformats: 12/340 files`` on stderr, redrawn in place; only on a terminal."""

    def __init__(self, total: int, enabled: bool | None) -> None:
        if enabled is None:
            enabled = total > 1 and _stderr_is_tty()
        self.enabled = enabled
        self.total = total
        self._last = 0.0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return  # redraw at most 10 times a second
        self._last = now
        width = 24
        filled = width * done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\rvbformats: [{bar}] {done}/{self.total} files")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed or replaced stderr
        return False


def _with_sources(
    frame: pd.DataFrame,
    frames: Sequence[pd.DataFrame],
    media_ids: Sequence[str | None],
    labels: Sequence[str],
) -> pd.DataFrame:
    """Put ``media_id`` and ``source`` in front (as categoricals built from codes)."""
    import numpy as np
    import pandas as pd

    lengths = np.array([len(part) for part in frames], dtype=np.int64)
    columns = {}
    for name, values in (("media_id", media_ids), ("source", labels)):
        categories: dict[str, int] = {}
        codes = np.array(
            [-1 if v is None else categories.setdefault(v, len(categories)) for v in values],
            dtype=np.int32,
        )
        columns[name] = pd.Categorical.from_codes(
            np.repeat(codes, lengths), dtype=pd.CategoricalDtype(list(categories))
        )
    rest = frame.drop(columns=["media_id"]) if "media_id" in frame.columns else frame
    front = pd.DataFrame(columns, index=rest.index)
    result: pd.DataFrame = pd.concat([front, rest], axis=1)
    return result


def _concat(table: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-file frames, keeping categoricals categorical (union of categories).

    Each part's categorical columns are first recoded to the union of categories (cheap: codes
    only), because pandas turns categoricals with different categories into objects.
    """
    import pandas as pd

    if not frames:
        return empty(table)
    if len(frames) == 1:
        return frames[0]
    recode: dict[str, Any] = {}
    for name in frames[0].columns:
        if all(
            name in part.columns and isinstance(part[name].dtype, pd.CategoricalDtype)
            for part in frames
        ):
            seen: dict[Any, None] = {}
            for part in frames:
                seen.update(dict.fromkeys(part[name].cat.categories))
            recode[name] = pd.CategoricalDtype(sorted(seen, key=str))
    if recode:
        frames = [
            part.astype({n: d for n, d in recode.items() if part[n].dtype != d}) for part in frames
        ]
    result: pd.DataFrame = pd.concat(frames, ignore_index=True)
    return result


T = TypeVar("T")


def build(
    table: str,
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
    roles: Mapping[str, str] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Build ``table`` for one source or many (what every named builder calls).

    Args:
        table: A name from :data:`TABLES`.
        source: A :class:`Media`, parsed ``dict``, JSON ``bytes``/text or path (one table); or a
            directory (its :data:`FOLDER_EXTENSIONS` files, sorted, not recursive), a glob
            pattern (``**`` recurses) or an iterable of any of these (one table with
            ``media_id`` and ``source`` in front).
        errors: ``"raise"`` stops at the first source that fails; ``"collect"`` skips it and
            records ``{"source", "error", "type"}`` in ``frame.attrs["errors"]``.
        progress: Show a progress line on stderr; default: when reading more than one source
            and stderr is a terminal.
        roles: Role override, e.g. ``{"Employee": "agent"}`` (see :mod:`vbformats.roles`).
        **options: Table-specific options (``include_dtmf`` for turns, ``with_sentiment`` for
            verb-noun pairs, ``options`` and ``labels`` for cues).

    Returns:
        The table; ``frame.attrs["errors"]`` is always set (empty when nothing failed).

    Raises:
        InvalidInputError: unknown table or ``errors`` value; with ``errors="raise"``, a bad
            single source raises its own error (``InvalidInputError``, ``MediaFailedError``...)
            and a bad source among many raises :class:`SourceError` naming it.
    """
    _check_table(table)
    if errors not in ("raise", "collect"):
        raise InvalidInputError("errors", f"must be 'raise' or 'collect', got {errors!r}")
    if roles:
        roles_for_speakers([], roles)  # a bad override is the caller's error, not a file's
    builder = _BUILDERS[table]
    items, many = _resolve(source)
    frames: list[pd.DataFrame] = []
    media_ids: list[str | None] = []
    labels: list[str] = []
    failures: list[dict[str, str]] = []
    bar = _Progress(len(items), progress)
    try:
        for done, (label, item) in enumerate(items, start=1):
            try:
                media = item if isinstance(item, Media) else _load(item)
                part = builder(media, roles, **options)
            except (VBFormatsError, OSError, ValueError) as error:
                if errors == "collect":
                    failures.append(
                        {"source": redact(label), "error": str(error), "type": type(error).__name__}
                    )
                elif many:
                    raise SourceError(label, str(error)) from error
                else:
                    raise
            else:
                frames.append(part)
                media_ids.append(media.media_id)
                labels.append(label)
            bar.update(done)
    finally:
        bar.close()
    result = _concat(table, frames)
    if many:
        result = _with_sources(result, frames, media_ids, labels)
    result.attrs["errors"] = failures
    return result


def _load(item: Any) -> Media:
    from vbformats.readers import load

    return load(item)


# --- public builders --------------------------------------------------------------------------


def _columns_doc(table: str) -> str:
    lines = ["", f"Columns (see also ``SCHEMAS[{table!r}]``):", ""]
    for column in SCHEMAS[table]:
        lines.append(f"* ``{column.name}`` ({column.dtype}): {column.meaning.replace('`', '``')}")
    return "\n".join(f"    {line}" if line else "" for line in lines)


_COMMON_ARGS = (
    (
        "source",
        "One result (a :class:`Media`, dict, JSON bytes/text or a path) or many (a "
        "folder, a glob, an iterable of these): see :func:`build`.",
    ),
    ("roles", 'Role override, e.g. ``{"Employee": "agent"}`` (see :mod:`vbformats.roles`).'),
    (
        "errors",
        '``"raise"`` (default) or ``"collect"`` (bad sources skipped and listed in '
        '``frame.attrs["errors"]``).',
    ),
    ("progress", "Progress line on stderr; default: when reading many sources on a terminal."),
)


def _documented(table: str, **specific: str) -> Callable[[T], T]:
    """Append Args (common + ``specific``), Returns, Raises and the declared columns."""

    def decorate(function: T) -> T:
        import inspect
        import textwrap

        parameters = inspect.signature(function).parameters  # type: ignore[arg-type]
        described = dict(_COMMON_ARGS) | specific
        lines = ["", "Args:"]
        for name in parameters:
            text = textwrap.wrap(f"{name}: {described[name]}", 88, subsequent_indent="    ")
            lines.append("    " + "\n        ".join(text))
        lines += [
            "",
            "Returns:",
            f"    The ``{table}`` table (``media_id`` and ``source`` in front for many sources);",
            '    ``frame.attrs["errors"]`` lists the skipped sources.',
            "",
            "Raises:",
            "    InvalidInputError: a bad source or option (:class:`SourceError` names the file",
            '        among many); with ``errors="collect"`` bad sources are listed instead.',
        ]
        body = "\n".join(f"    {line}" if line else "" for line in lines)
        body += "\n" + _columns_doc(table) + "\n"
        function.__doc__ = (function.__doc__ or "").rstrip() + "\n" + body
        return function

    return decorate


@_documented("words")
def words(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per token of ``transcript.words``, in array order (markers, punctuation included).

    Built column by column from the :class:`WordTable` (no object per word).
    """
    return build("words", source, roles=roles, errors=errors, progress=progress)


@_documented(
    "turns", include_dtmf="Keep keypad tones in the turns' text (never in ``word_count``)."
)
def turns(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    include_dtmf: bool = False,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per speaker turn, in time order (:func:`vbformats.turns`)."""
    return build(
        "turns",
        source,
        roles=roles,
        errors=errors,
        progress=progress,
        include_dtmf=include_dtmf,
    )


@_documented(
    "cues",
    options="Caption options: :class:`vbformats.captions.CaptionOptions`, a dict of its fields, "
    "or ``None`` for the defaults (42 characters by 2 lines, 1-7 s, 20 characters per second). "
    "The ``breaks_*`` columns and ``violations`` are judged against these.",
    labels='Plan ``"Name: "`` speaker labels as the SRT writer shows them; the lines, widths '
    "and reading speed then include the labels.",
)
def cues(
    source: Any,
    *,
    options: Any = None,
    labels: bool = False,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per caption cue, as the caption engine cuts them, with the limits each breaks."""
    return build(
        "cues",
        source,
        roles=roles,
        errors=errors,
        progress=progress,
        options=options,
        labels=labels,
    )


@_documented("sentiments")
def sentiments(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per ``speakerSentiments[].sentimentValues[]`` entry, in document order."""
    return build("sentiments", source, roles=roles, errors=errors, progress=progress)


@_documented("metrics")
def metrics(
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """The reported ``metrics`` section in long form: one row per metric value."""
    return build("metrics", source, errors=errors, progress=progress)


@_documented(
    "verb_noun_pairs",
    with_sentiment="Add a ``sentiment`` column: the sentiment value of the turn the pair is in.",
)
def verb_noun_pairs(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    with_sentiment: bool = False,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per verb-noun pair, from both documented shapes in one schema.

    ``conversation.speakerVerbNounPairs[]`` (``verb``, ``noun``, ``verbNeg``, ``nounNeg``,
    ``question``, ``s``, ``e``) first, then the flat ``noun-verb-pairs`` list (``V``, ``N``,
    ``neg``, ``noun-neg``, ``question``, ``timestamp{s,e}``, ``speaker``), read at the top level
    or inside ``conversation``. With ``with_sentiment=True`` a ``sentiment`` column holds the
    value of the same speaker's (or, when names differ, the same role's) ``speakerSentiments``
    span that contains the pair's start, else the one overlapping the pair most, else missing.
    """
    return build(
        "verb_noun_pairs",
        source,
        roles=roles,
        errors=errors,
        progress=progress,
        with_sentiment=with_sentiment,
    )


@_documented("keywords")
def keywords(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per occurrence of a ``knowledge.keywords`` keyword.

    A keyword reported without any occurrence keeps one row with the occurrence columns
    missing, so no keyword is lost.
    """
    return build("keywords", source, roles=roles, errors=errors, progress=progress)


@_documented("topics")
def topics(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per occurrence of a keyword of a ``knowledge.topics`` topic.

    A topic without keywords, or a keyword without occurrences, keeps one row with the missing
    parts empty.
    """
    return build("topics", source, roles=roles, errors=errors, progress=progress)


@_documented("spotting")
def spotting(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per occurrence of a spotted keyword, per ``spotting.groups`` group.

    A group with no spotted keyword keeps one row (``keyword`` missing).
    """
    return build("spotting", source, roles=roles, errors=errors, progress=progress)


@_documented("categories")
def categories(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per match occurrence of a category; a category without matches keeps one row."""
    return build("categories", source, roles=roles, errors=errors, progress=progress)


@_documented("classifiers")
def classifiers(
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per ``prediction.classifiers`` entry."""
    return build("classifiers", source, errors=errors, progress=progress)


@_documented("detections")
def detections(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per detected segment occurrence of a ``prediction.detectors`` detection.

    A detection without segments keeps one row (times missing); a detector without detections
    has no row (it found nothing).
    """
    return build("detections", source, roles=roles, errors=errors, progress=progress)


@_documented("entities")
def entities(
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per ``entities`` entry, in document order."""
    return build("entities", source, errors=errors, progress=progress)


@_documented("voice_activity")
def voice_activity(
    source: Any,
    *,
    roles: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per ``transcript.voiceActivity[].occurrences[]`` span."""
    return build("voice_activity", source, roles=roles, errors=errors, progress=progress)


@_documented("metadata")
def metadata(
    source: Any,
    *,
    errors: Errors = "raise",
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per media: identity, status, length, upload metadata, ``extended`` flattened.

    ``extended`` leaves become ``extended.<dotted.path>`` columns after the declared ones, with
    a nullable dtype taken from the value (``string``, ``Int64``, ``Float64``, ``boolean``;
    lists stay objects). Across many files the columns are the union (missing where a file
    lacks the key).
    """
    return build("metadata", source, errors=errors, progress=progress)


def _no_roles(function: Callable[[Media], pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    def call(media: Media, roles: Mapping[str, str] | None, **options: Any) -> pd.DataFrame:
        return function(media, **options)

    return call


_BUILDERS: dict[str, Callable[..., pd.DataFrame]] = {
    "words": _words_table,
    "turns": _turns_table,
    "cues": _cues_table,
    "sentiments": _sentiments_table,
    "metrics": _no_roles(_metrics_table),
    "verb_noun_pairs": _verb_noun_pairs_table,
    "keywords": _keywords_table,
    "topics": _topics_table,
    "spotting": _spotting_table,
    "categories": _categories_table,
    "classifiers": _no_roles(_classifiers_table),
    "detections": _detections_table,
    "entities": _no_roles(_entities_table),
    "voice_activity": _voice_activity_table,
    "metadata": _no_roles(_metadata_table),
}


# --- export -----------------------------------------------------------------------------------

#: Output formats of :func:`save`, and the file extensions that select them.
SAVE_FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "parquet": (".parquet", ".pq"),
    "json": (".json",),
}


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The :func:`save` format a file name asks for (``csv`` when the extension is unknown)."""
    lower = os.fspath(path).lower()
    for name, extensions in SAVE_FORMATS.items():
        if lower.endswith(extensions):
            return name
    return "csv"


def _require_pyarrow() -> None:
    try:
        import pyarrow  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        raise MissingDependencyError("pyarrow", "parquet", "parquet output") from None


def save(frame: pd.DataFrame, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write a table to ``path`` as CSV, Parquet or JSON.

    Args:
        frame: A table from this module.
        path: Output file. Written to a temporary file beside it and renamed into place, so a
            failure never leaves half a file.
        format: ``"csv"`` (no index; missing values as empty fields), ``"parquet"`` (needs the
            ``parquet`` extra: pyarrow; dtypes kept), or ``"json"`` (an array of row objects,
            missing values as ``null``). Default: from the extension, else CSV.

    Raises:
        UnknownFormatError: ``format`` is not one of these.
        MissingDependencyError: Parquet without pyarrow installed.
    """
    from vbformats.errors import UnknownFormatError

    fmt = format or format_for_path(path)
    if fmt not in SAVE_FORMATS:
        raise UnknownFormatError(fmt, tuple(SAVE_FORMATS))
    if fmt == "parquet":
        _require_pyarrow()
    from vbformats.atomic import atomic_path

    with atomic_path(path) as temporary:
        if fmt == "csv":
            frame.to_csv(temporary, index=False)
        elif fmt == "parquet":
            frame.to_parquet(temporary, index=False)
        else:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(to_json(frame))


def to_json(frame: pd.DataFrame) -> str:
    """The table as a JSON array of row objects (missing values ``null``, UTF-8 kept)."""
    text: str = frame.to_json(orient="records", force_ascii=False)
    return text


def to_csv(frame: pd.DataFrame) -> str:
    """The table as CSV text (no index; missing values as empty fields)."""
    text: str = frame.to_csv(index=False)
    return text
