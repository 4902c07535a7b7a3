"""Overtalk: when agent and caller talk at the same time, and who started it.

``A`` = union of the agent's talk segments, ``C`` = the caller's, ``O = A ∩ C``
(one character = 500 ms)::

    seconds   0 1 2 3 4 5 6
    agent  A  [====)  [==)        A = [0, 2500) [4000, 5500)
    caller C    [===)[====)       C = [1000, 3000) [3500, 6000)
    O           [==)  [==)        O = [1000, 2500) [4000, 5500): 2 incidents
                #1    #2
    #1: agent segment started at 0, caller's at 1000 -> the caller interrupted the agent
    #2: caller segment started at 3500, agent's at 4000 -> the agent interrupted the caller

* ``overtalk-incidents`` = number of maximal intervals of ``O``;
  ``overtalk-ratio`` = ``|O| / L``.
* For an incident starting at ``t0``, take the agent segment and the caller segment containing
  ``t0``: the one that **started later** belongs to the interrupter (equal starts: neither).
  ``agent-overtalk-incidents`` / ``caller-overtalk-incidents`` count the incidents each
  interrupter caused; ``agent-overtalk-ratio`` / ``caller-overtalk-ratio`` = their total
  duration / ``L``.
* All six are undefined (``None``) unless the call is two-party; the ratios also when ``L = 0``.

The overlaps of ``A`` and ``C`` come from :func:`vbformats.spans.arrays.overlaps` (two binary
searches over the arrays, ``O((|A| + |C|) log)``), the same pieces as
:func:`vbformats.spans.overlaps` gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vbformats.metrics.base import PreparedCall
from vbformats.roles import Role
from vbformats.spans import arrays as spans

__all__ = ["Incident", "overtalk_metrics"]


@dataclass(frozen=True, slots=True)
class Incident:
    """One overtalk incident: a maximal interval where agent and caller both talk.

    Attributes:
        start_ms: Start of the incident (ms, inclusive).
        end_ms: End (ms, exclusive).
        interrupter: Role whose segment started later (``None`` when both started together).
        interrupted: The other role (``None`` when both started together).
        interrupter_speaker: Speaker name of the interrupter at ``start_ms`` (``None`` with it).
        interrupted_speaker: Speaker name of the interrupted party.
        agent_segment_start_ms: Start of the agent segment containing ``start_ms``.
        caller_segment_start_ms: Start of the caller segment containing ``start_ms``.
    """

    start_ms: int
    end_ms: int
    interrupter: Role | None
    interrupted: Role | None
    interrupter_speaker: str | None
    interrupted_speaker: str | None
    agent_segment_start_ms: int
    caller_segment_start_ms: int

    @property
    def duration_ms(self) -> int:
        """``end_ms - start_ms``."""
        return self.end_ms - self.start_ms


def overtalk_metrics(call: PreparedCall) -> tuple[dict[str, int | float | None], list[Incident]]:
    """The six overtalk metrics and the incidents behind them.

    Returns:
        ``(values, incidents)``: values keyed by VoiceBase metric name (``None`` = undefined);
        incidents in time order (empty unless two-party).
    """
    names = (
        "overtalk-incidents",
        "agent-overtalk-incidents",
        "caller-overtalk-incidents",
        "overtalk-ratio",
        "agent-overtalk-ratio",
        "caller-overtalk-ratio",
    )
    if not call.two_party:
        return dict.fromkeys(names), []
    agent = call.role_segment_arrays("agent")
    caller = call.role_segment_arrays("caller")
    starts, ends, in_agent, in_caller = spans.overlaps(agent, caller)
    agent_starts = agent[0][in_agent]
    caller_starts = caller[0][in_caller]
    # the segment that started later belongs to the interrupter; +1 agent, -1 caller, 0 neither
    side = np.sign(agent_starts - caller_starts)
    durations = ends - starts
    roles: dict[int, tuple[Role | None, Role | None]] = {
        1: ("agent", "caller"),
        -1: ("caller", "agent"),
        0: (None, None),
    }
    incidents: list[Incident] = []
    append = incidents.append
    speaker_at = call.speaker_at
    for start, end, who, agent_start, caller_start in zip(
        starts.tolist(),
        ends.tolist(),
        side.tolist(),
        agent_starts.tolist(),
        caller_starts.tolist(),
        strict=True,
    ):
        interrupter, interrupted = roles[who]
        append(
            Incident(
                start,
                end,
                interrupter,
                interrupted,
                speaker_at(interrupter, start) if interrupter is not None else None,
                speaker_at(interrupted, start) if interrupted is not None else None,
                agent_start,
                caller_start,
            )
        )
    length = call.length_ms
    by_agent = side == 1
    by_caller = side == -1
    # ratios count the overlap inside the call window only (a length shorter than the words)
    durations = np.maximum(np.minimum(ends, length) - np.minimum(starts, length), 0)
    values: dict[str, int | float | None] = {
        "overtalk-incidents": len(incidents),
        "agent-overtalk-incidents": int(np.count_nonzero(by_agent)),
        "caller-overtalk-incidents": int(np.count_nonzero(by_caller)),
        "overtalk-ratio": int(durations.sum()) / length if length > 0 else None,
        "agent-overtalk-ratio": (int(durations[by_agent].sum()) / length if length > 0 else None),
        "caller-overtalk-ratio": (int(durations[by_caller].sum()) / length if length > 0 else None),
    }
    return values, incidents
