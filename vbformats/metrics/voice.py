"""Talk style, tone and volume: pitch and volume from voice features (VoiceBase's 8
``talk-style-tone-and-volume`` metrics).

Per role, over its speech words in time order (``(s, e, index)``):

* **pitch** of a word = ``f`` of its ``frq`` entry with the largest ``e`` among entries with
  ``f > 0`` and ``e > 0`` (tie → the lower ``f``); words without such an entry are skipped;
* **volume** of a word = its ``v``; words without a numeric ``v`` are skipped.

Thirds are taken of the list of words that have the feature: the first and last
``k = ceil(n/3)`` of them (one character = one word with a pitch)::

    agent pitches   120 130 140 150 160 170 180      n = 7, k = 3
    first third     [120 130 140)                    mean 130
    last third                  [160 170 180)        mean 170
    agent-intra-call-change-in-pitch = 170 / 130 = 1.31

* ``*-intra-call-change-in-pitch`` = mean pitch of the last third / of the first third;
* ``*-intra-call-change-in-relative-voice-volume-energy`` = the same with ``v``;
* ``agent-relative-voice-volume-energy`` = mean ``v`` / 4.33, ``caller-…`` = the caller's own
  mean ``v`` / 7.57 (the docs mixing agent and caller there is a typo);
* ``*-voice-dynamism-std-dev-score`` = population standard deviation of ``v``.

All are undefined unless two-party, and when the role has no word with the feature (voice
features were not enabled).
"""

from __future__ import annotations

import numpy as np

from vbformats.metrics.base import ROLES, PreparedCall, mean, thirds
from vbformats.models.words import dominant_pitch
from vbformats.roles import Role

__all__ = ["voice_metrics", "word_pitch"]


#: The pitch (Hz) of one word from its ``frq`` entries ``(f_hz, energy)``: the one pitch rule,
#: :func:`vbformats.models.words.dominant_pitch` (kept under this name for imports).
word_pitch = dominant_pitch


def _features(call: PreparedCall, role: Role) -> tuple[list[float], list[float]]:
    """Pitches and volumes of the role's speech words in time order (words without one are
    skipped).

    Gathers from the table's unboxed ``pitch_hz_array`` and ``volume_array`` columns (the
    rule of :func:`~vbformats.models.words.dominant_pitch`, NaN = none) with numpy: indexing
    Python lists of floats would read 170,000 float objects again for a 100,000-word call. The
    values come back as Python lists so means are the plain left-to-right ``sum`` of the
    definition.
    """
    table = call.table
    indices = call.role_word_array(role)
    features: list[list[float]] = []
    for column in (table.pitch_hz_array, table.volume_array):
        values = np.frombuffer(column, dtype=np.float64)[indices]
        features.append(values[~np.isnan(values)].tolist())
    return features[0], features[1]


def _ratio_of_thirds(values: list[float]) -> float | None:
    first, last = thirds(values)
    first_mean = mean(first)
    last_mean = mean(last)
    if first_mean is None or last_mean is None or first_mean == 0:
        return None
    return last_mean / first_mean


def _pstdev(values: list[float]) -> float | None:
    """Population standard deviation (numpy's two-pass ``std``), ``None`` for no values."""
    if not values:
        return None
    return float(np.std(np.array(values, dtype=np.float64)))


def voice_metrics(call: PreparedCall) -> dict[str, int | float | None]:
    """The 8 talk-style-tone-and-volume metrics, keyed by VoiceBase name (``None`` = undefined)."""
    values: dict[str, int | float | None] = {}
    divisors = {
        "agent": call.params.agent_volume_divisor,
        "caller": call.params.caller_volume_divisor,
    }
    for role in ROLES:
        pitch_change = volume_change = energy = dynamism = None
        if call.two_party:
            pitches, volumes = _features(call, role)
            pitch_change = _ratio_of_thirds(pitches)
            volume_change = _ratio_of_thirds(volumes)
            average = mean(volumes)
            energy = average / divisors[role] if average is not None else None
            dynamism = _pstdev(volumes)
        values[f"{role}-intra-call-change-in-pitch"] = pitch_change
        values[f"{role}-intra-call-change-in-relative-voice-volume-energy"] = volume_change
        values[f"{role}-relative-voice-volume-energy"] = energy
        values[f"{role}-voice-dynamism-std-dev-score"] = dynamism
    return values
