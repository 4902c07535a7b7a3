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

One sweep over ``A`` and ``C`` (:func:`vbformats.intervals.overlaps`), ``O(|A| + |C|)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from vbformats.intervals import overlaps
from vbformats.metrics.base import PreparedCall
from vbformats.roles import Role

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
    agent = call.role_segments("agent")
    caller = call.role_segments("caller")
    incidents: list[Incident] = []
    for start, end, i, j in overlaps(agent, caller):
        agent_start = agent[i][0]
        caller_start = caller[j][0]
        interrupter: Role | None
        interrupted: Role | None
        if caller_start > agent_start:
            interrupter, interrupted = "caller", "agent"
        elif agent_start > caller_start:
            interrupter, interrupted = "agent", "caller"
        else:
            interrupter = interrupted = None
        incidents.append(
            Incident(
                start_ms=start,
                end_ms=end,
                interrupter=interrupter,
                interrupted=interrupted,
                interrupter_speaker=(
                    call.speaker_at(interrupter, start) if interrupter is not None else None
                ),
                interrupted_speaker=(
                    call.speaker_at(interrupted, start) if interrupted is not None else None
                ),
                agent_segment_start_ms=agent_start,
                caller_segment_start_ms=caller_start,
            )
        )
    length = call.length_ms
    total = sum(incident.duration_ms for incident in incidents)
    by_agent = [incident for incident in incidents if incident.interrupter == "agent"]
    by_caller = [incident for incident in incidents if incident.interrupter == "caller"]
    values: dict[str, int | float | None] = {
        "overtalk-incidents": len(incidents),
        "agent-overtalk-incidents": len(by_agent),
        "caller-overtalk-incidents": len(by_caller),
        "overtalk-ratio": total / length if length > 0 else None,
        "agent-overtalk-ratio": (
            sum(i.duration_ms for i in by_agent) / length if length > 0 else None
        ),
        "caller-overtalk-ratio": (
            sum(i.duration_ms for i in by_caller) / length if length > 0 else None
        ),
    }
    return values, incidents
