"""The transcript tables: ``words`` (one row per token), ``turns`` and ``cues``.

``words`` is built from the :class:`~vbformats.models.words.WordTable`'s columns (Python lists
straight into numpy/pandas arrays), never from one object per word: see
``benchmarks/bench_frames.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vbformats.frames.core import (
    Table,
    columns,
    frame,
    register,
    speaker_and_role,
)
from vbformats.gcpause import gc_paused
from vbformats.models.media import Media
from vbformats.roles import media_roles
from vbformats.turns import speaker_of_tokens
from vbformats.turns import turns as split_turns

if TYPE_CHECKING:
    import pandas as pd

__all__: list[str] = []


def _words_table(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    with gc_paused():
        return _words_columns(media, roles)


def _words_columns(media: Media, roles: Mapping[str, str] | None) -> pd.DataFrame:
    import numpy as np

    table = media.words
    n = len(table)
    speaker, role = speaker_and_role(speaker_of_tokens(table), media_roles(media, roles))
    starts = np.array(table.start_ms, dtype=np.int64)
    ends = np.array(table.end_ms, dtype=np.int64)
    frequencies = table.frequency_pairs
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
    return frame("words", data, n)


def _turns_table(
    media: Media, roles: Mapping[str, str] | None, include_dtmf: bool = False
) -> pd.DataFrame:
    found = split_turns(media, include_dtmf=include_dtmf)
    names = [turn.speaker for turn in found]
    speaker, role = speaker_and_role(names, media_roles(media, roles))
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
    return frame("turns", data, len(found))


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
    speaker, role = speaker_and_role([cue.speaker for cue in found], media_roles(media, roles))
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
    return frame("cues", data, len(found))


register(
    Table(
        name="words",
        summary="one row per token of `transcript.words`, array order (markers, punctuation "
        "and DTMF included)",
        columns=columns(
            """
            position        Int64     `p`: the service's token number (may start at 0 or 1)
            speaker         category  name of the nearest preceding turn marker (array order)
            role            category  `agent` / `caller` / missing (see Roles)
            start_ms        Int64     `s`, ms
            end_ms          Int64     `e`, ms
            duration_ms     Int64     `e - s`, ms
            confidence      Float64   `c`, 0..1
            text            string    `w`: the word, punctuation mark, DTMF digit or speaker name
            flags_text      string    `m` as sent (`turn`, `punc`, `dtmf`, `|`-joined), or missing
            is_turn         boolean   a speaker marker (flags include `turn`)
            is_punctuation  boolean   punctuation (`punc`, not a marker)
            is_dtmf         boolean   a keypad tone (`dtmf`, not a marker)
            is_speech       boolean   a spoken word (no flags at all)
            volume          Float64   `v`: relative voice volume
            pitch_hz        Float64   dominant pitch: `f` of the `frq` peak with the largest `e` (f
                                      > 0, e > 0; tie: lower f), Hz
            frequencies     object    `frq` as a tuple of `(f_hz, energy)` pairs, or missing
            estimated       boolean   times were estimated by a reader (caption input)
            """
        ),
        build=_words_table,
        doc="""Built column by column from the :class:`WordTable` (no object per word).""",
        family="transcript",
    )
)

register(
    Table(
        name="turns",
        summary="one row per speaker turn, time order",
        columns=columns(
            """
            speaker           category  speaker name as the turn marker gives it
            role              category  `agent` / `caller` / missing (see Roles)
            start_ms          Int64     start of the turn's first speech word, ms
            end_ms            Int64     largest end of its speech words, ms
            duration_ms       Int64     `end_ms - start_ms`
            text              string    the turn's words, punctuation attached
            word_count        Int64     speech words in the turn
            words_per_minute  Float64   `word_count / (duration_ms / 60000)`; missing when the
                                        duration is 0
            """
        ),
        build=_turns_table,
        options={"include_dtmf": "Keep keypad tones in the turns' text (never in ``word_count``)."},
        family="transcript",
    )
)

register(
    Table(
        name="cues",
        summary="one row per caption cue, as the caption engine cuts them (`options=`, `labels=`)",
        columns=columns(
            """
            index                        Int64     cue number, from 1 (as in SRT)
            speaker                      category  speaker of the cue (of its first line, for a
                                                   dialogue cue)
            role                         category  `agent` / `caller` / missing (see Roles)
            start_ms                     Int64     cue start, ms
            end_ms                       Int64     cue end, ms
            duration_ms                  Int64     `end_ms - start_ms`
            text                         string    the displayed lines joined with a newline
            lines                        object    the displayed lines, a list of strings
            line_count                   Int64     number of lines
            max_line_chars               Int64     displayed width of the longest line, characters
            chars                        Int64     displayed width of all lines together (newlines
                                                   not counted)
            chars_per_second             Float64   reading speed, `chars / (duration_ms / 1000)`;
                                                   missing when the duration is 0
            word_count                   Int64     speech words shown in the cue
            is_dialogue                  boolean   a merged two-speaker cue (`overlap="merge"`)
            violations                   string    the caption limits the cue breaks, `|`-joined
                                                   (empty string when none)
            breaks_max_chars_per_line    boolean   the cue breaks `max_chars_per_line`
            breaks_max_lines             boolean   the cue breaks `max_lines`
            breaks_min_duration_ms       boolean   the cue breaks `min_duration_ms`
            breaks_max_duration_ms       boolean   the cue breaks `max_duration_ms`
            breaks_max_chars_per_second  boolean   the cue breaks `max_chars_per_second`
            """
        ),
        build=_cues_table,
        options={
            "options": "Caption options: :class:`vbformats.captions.CaptionOptions`, a dict of its "
            "fields, or ``None`` for the defaults (42 characters by 2 lines, 1-7 s, 20 characters "
            "per second). The ``breaks_*`` columns and ``violations`` are judged against these.",
            "labels": 'Plan ``"Name: "`` speaker labels as the SRT writer shows them; the lines, '
            "widths and reading speed then include the labels.",
        },
        doc="""As the caption engine cuts them, with the limits each breaks.""",
        family="transcript",
    )
)
