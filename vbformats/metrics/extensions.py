"""vbformats extensions: metrics VoiceBase does not compute (names start with ``vbformats-``).

Built on the same primitives as the VoiceBase metrics (segments, the ``(s, e, index)`` order,
``L``). A **run** is a maximal sequence of consecutive speech words of one speaker in that
order: another speaker's word, even a one-word backchannel, ends it. One character = 500 ms::

    seconds   0 1 2 3 4 5 6 7 8
    agent     [===)[=)   [==)         words [0,2000) [2500,3500) [5500,7000)
    caller            [)              word  [4000,4500); L = 8000
    runs      [======)[) [==)         agent [0,3500), caller [4000,4500), agent [5500,7000)

* **talk share** of X = ``|X| / Σ|speaker|`` (``|X|`` = X's talk segments' length; shares of all
  speakers sum to 1): agent 4500/5000 = 0.9, caller 0.1;
* **talk time % of call** = ``100 · |X| / L``: agent 56.25, caller 6.25;
* **longest monologue** = longest run of X, ``end − start`` in seconds: agent 3.5 s;
* **patience** = mean gap before X answers, over X's runs that follow another speaker's run:
  ``max(0, run start − previous run end)`` in seconds (talking over someone counts as 0):
  caller 0.5 s, agent 1.0 s;
* **interactivity** = speaker switches (runs − 1) per minute of ``L``: 2 / (8000/60000) = 15.

Per-role extension metrics (``vbformats-agent-…``, ``vbformats-caller-…``) are undefined unless
the call is two-party, like VoiceBase's per-role metrics; a role with several speakers counts as
one party (its speakers' words form one run). :class:`SpeakerStats` gives the same figures for
every speaker of any call (mono included).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from vbformats.metrics.base import ROLES, PreparedCall
from vbformats.roles import Role
from vbformats.spans import arrays as spans

__all__ = ["SpeakerStats", "extension_metrics"]


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    """Per-speaker figures (the extensions, for every speaker, and counts).

    Attributes:
        speaker: Speaker name (``None`` in mono files or before the first marker).
        role: ``"agent"``, ``"caller"`` or ``None``.
        word_count: Speech words (zero-length ones included).
        talk_ms: Length of the union of the speaker's talk segments.
        talk_share: ``talk_ms`` / the sum over speakers (``None`` when nobody talks).
        talk_pct_of_call: ``100 * talk_ms / L`` (``None`` when ``L = 0``).
        longest_monologue_ms: Longest run (``None`` without words).
        patience_ms: Mean gap before the speaker answers (``None`` if they never answer).
        segment_count: Number of talk segments.
        streak_count: Number of streaks.
    """

    speaker: str | None
    role: Role | None
    word_count: int
    talk_ms: int
    talk_share: float | None
    talk_pct_of_call: float | None
    longest_monologue_ms: int | None
    patience_ms: float | None
    segment_count: int
    streak_count: int


class _Runs(NamedTuple):
    """Runs of consecutive words with equal keys, in time order, as arrays."""

    keys: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]


def _runs(call: PreparedCall, keys: npt.NDArray[np.int64]) -> _Runs:
    """Runs ``(key, start_ms, end_ms)`` of consecutive words with equal keys, in time order.

    Args:
        call: The prepared call.
        keys: An integer key per word of ``call.order`` (a speaker code, or a party code).
    """
    if not len(keys):
        return _Runs(keys, keys, keys)
    order = call.order_array
    first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return _Runs(
        keys[first],
        call.start_array[order][first],
        np.maximum.reduceat(call.end_array[order], first),
    )


def _monologue_and_patience(
    runs: _Runs, names: Sequence[Hashable]
) -> tuple[dict[Hashable, int], dict[Hashable, float]]:
    """Longest run and mean wait before answering, per key (named by ``names[key]``).

    Runs alternate keys, so every run after the first is an answer: its wait is
    ``max(0, start - previous end)``. Integer sums per key (exact), divided as Python ints.
    """
    count = len(names)
    longest = np.full(count, -1, dtype=np.int64)
    np.maximum.at(longest, runs.keys, runs.ends - runs.starts)
    waits = np.maximum(runs.starts[1:] - runs.ends[:-1], 0)
    answering = runs.keys[1:]
    wait_sums = np.zeros(count, dtype=np.int64)
    np.add.at(wait_sums, answering, waits)
    wait_counts = np.bincount(answering, minlength=count)
    longest_of = {names[key]: value for key, value in enumerate(longest.tolist()) if value >= 0}
    patience_of = {
        names[key]: total / counted
        for key, (total, counted) in enumerate(
            zip(wait_sums.tolist(), wait_counts.tolist(), strict=True)
        )
        if counted
    }
    return longest_of, patience_of


def extension_metrics(
    call: PreparedCall,
) -> tuple[dict[str, float | None], list[SpeakerStats]]:
    """The ``vbformats-*`` metrics and per-speaker figures.

    Returns:
        ``(values, speakers)``: values keyed by extension name (``None`` = undefined); one
        :class:`SpeakerStats` per speaker with words, in speaker order.
    """
    length = call.length_ms
    talk = {name: spans.total(array) for name, array in call.segment_arrays.items()}
    talk_sum = sum(talk.values())

    names_by_code: list[Hashable] = [None] * (max(call.code_of.values(), default=-1) + 1)
    for name, code in call.code_of.items():
        names_by_code[code] = name
    speaker_runs = _runs(call, call.order_codes)
    longest, patience = _monologue_and_patience(speaker_runs, names_by_code)
    speakers = [
        SpeakerStats(
            speaker=name,
            role=call.role_of(name),
            word_count=len(call.word_arrays[name]),
            talk_ms=talk[name],
            talk_share=talk[name] / talk_sum if talk_sum > 0 else None,
            talk_pct_of_call=100
            * spans.clipped_total(call.segment_arrays[name], 0, length)
            / length
            if length > 0
            else None,
            longest_monologue_ms=longest.get(name),
            patience_ms=patience.get(name),
            segment_count=len(call.segment_arrays[name][0]),
            streak_count=len(call.streak_arrays[name][0]),
        )
        for name in call.speakers
    ]

    values: dict[str, float | None] = {}
    if call.two_party:
        # a role is one party: key its speakers' words by role, everyone else by name
        keys: dict[str | None, Hashable] = {
            name: (call.role_of(name) or ("speaker", name)) for name in call.speakers
        }
        parties = list(dict.fromkeys(keys.values()))
        party_of_code = np.zeros(len(names_by_code), dtype=np.int64)
        party_index = {party: index for index, party in enumerate(parties)}  # not .index: n²
        for name in call.speakers:
            party_of_code[call.code_of[name]] = party_index[keys[name]]
        if len(parties) == len(keys):
            # one speaker per party: the runs are the speakers' runs under another key
            role_runs = speaker_runs._replace(keys=party_of_code[speaker_runs.keys])
        else:
            role_runs = _runs(call, party_of_code[call.order_codes])
        role_longest, role_patience = _monologue_and_patience(role_runs, parties)
    for role in ROLES:
        share = pct = monologue = wait = None
        if call.two_party:
            role_talk = spans.total(call.role_segment_arrays(role))
            share = role_talk / talk_sum if talk_sum > 0 else None
            inside = spans.clipped_total(call.role_segment_arrays(role), 0, length)
            pct = 100 * inside / length if length > 0 else None
            role_monologue = role_longest.get(role)
            monologue = role_monologue / 1000 if role_monologue is not None else None
            role_wait = role_patience.get(role)
            wait = role_wait / 1000 if role_wait is not None else None
        values[f"vbformats-{role}-talk-share"] = share
        values[f"vbformats-{role}-talk-time-pct-of-call"] = pct
        values[f"vbformats-{role}-longest-monologue"] = monologue
        values[f"vbformats-{role}-patience"] = wait
    switches = max(0, len(speaker_runs.keys) - 1)
    values["vbformats-interactivity"] = switches * 60_000 / length if length > 0 else None
    ordered = {
        name: values[name]
        for name in (
            "vbformats-agent-talk-share",
            "vbformats-caller-talk-share",
            "vbformats-agent-talk-time-pct-of-call",
            "vbformats-caller-talk-time-pct-of-call",
            "vbformats-agent-longest-monologue",
            "vbformats-caller-longest-monologue",
            "vbformats-agent-patience",
            "vbformats-caller-patience",
            "vbformats-interactivity",
        )
    }
    return ordered, speakers
