"""Speaker roles (agent / caller): the one place that decides who is who.

The rules are the ones issue #4 commits to, shared by the metrics and the DataFrame builders:

* **Names.** Agent names: Agent, Service, Representative, Operator, Salesperson, CallCenter,
  ContactCenter. Caller names: Caller, Client, Customer, Prospect. A speaker's (cleaned) name is
  compared to these case-insensitively and as a whole (``"Agent 2"`` is not an agent name).
* **Order.** Speakers are ordered by their earliest speech word: smallest ``s``, ties broken by
  array index. Speakers without any speech word (a marker followed by nothing) and the
  ``None`` speaker (mono files, words before the first marker) take no role.
* **Assignment.** agent = the first speaker whose name is an agent name; caller = the first
  speaker whose name is a caller name; then each unfilled role takes the first remaining
  speaker, agent first.
* **Override.** ``roles={"Employee": "agent"}`` fixes those speakers' roles before the rules
  run; the rules then fill only what is still unfilled, from the speakers not overridden. Keys
  are matched to speaker names exactly, then case-insensitively; keys naming nobody in the file
  are ignored, so one override can be used for a whole folder of calls. Several speakers may be
  given the same role.
* The call is **two-party** ("stereo") when both roles are filled.
* **Vendor knowledge** (:func:`media_roles`). A vendor result that knows who is who
  (RingCentral ACE: the recording owner's extension is the agent) fixes those roles first, like
  an override; an explicit ``roles=`` override wins over it.
* **Fallbacks** (:func:`media_roles`). A document without named speakers on its words (a
  sentiment-only callback, a diarization result) takes its speakers from ``speakerSentiments``
  (earliest value first, then document order), and, for the tables of the sections that name
  speakers, from those sections: voice activity, verb-noun pairs, keyword / topic / spotting /
  category mentions, detections (earliest start first). The metrics stop at the sentiments: they
  are computed from words and sentiments only, and a role taken from a keyword mention would make
  a call "two-party" with no talk in it.

Example::

    >>> from vbformats.roles import roles_for_speakers
    >>> roles_for_speakers(["Bob", "Customer", "Alice"])
    {'Bob': 'agent', 'Customer': 'caller'}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal

from vbformats.errors import InvalidInputError
from vbformats.models.media import Media, Mention
from vbformats.models.words import WordTable
from vbformats.turns import clean_speaker_name, speaker_of_tokens

__all__ = [
    "AGENT_NAMES",
    "CALLER_NAMES",
    "Role",
    "assign_roles",
    "is_two_party",
    "media_roles",
    "role_of_name",
    "roles_for_speakers",
    "speaker_order",
]

Role = Literal["agent", "caller"]

#: Speaker names that mark the agent side (compared lower-cased).
AGENT_NAMES: frozenset[str] = frozenset(
    name.lower()
    for name in (
        "Agent",
        "Service",
        "Representative",
        "Operator",
        "Salesperson",
        "CallCenter",
        "ContactCenter",
    )
)
#: Speaker names that mark the caller side (compared lower-cased).
CALLER_NAMES: frozenset[str] = frozenset(
    name.lower() for name in ("Caller", "Client", "Customer", "Prospect")
)

_ROLES: tuple[Role, Role] = ("agent", "caller")


def speaker_order(source: Media | WordTable) -> list[str]:
    """Named speakers ordered by their earliest speech word (``s``, then array index).

    Args:
        source: A loaded :class:`Media` or its :class:`WordTable`.

    Returns:
        Distinct speaker names (cleaned as :func:`vbformats.turns.clean_speaker_name` does);
        speakers with no speech word and the ``None`` speaker are left out. Empty for mono files.
        Cached on the table.
    """
    table = source.words if isinstance(source, Media) else source
    cached: list[str] | None = table.__dict__.get("_speaker_order")
    if cached is not None:
        return list(cached)
    first: dict[str, tuple[int, int]] = {}
    # one pass in array order; a strict "<" keeps the earlier index when starts are equal
    for index, (name, start, is_speech) in enumerate(
        zip(speaker_of_tokens(table), table.start_ms, table.is_speech, strict=True)
    ):
        if is_speech and name is not None:
            best = first.get(name)
            if best is None or start < best[0]:
                first[name] = (start, index)
    order = sorted(first, key=first.__getitem__)
    table.__dict__["_speaker_order"] = order
    return list(order)


def _check_override(roles: Mapping[str, str]) -> None:
    for name, role in roles.items():
        if not isinstance(name, str):
            raise InvalidInputError("roles", f"speaker names must be strings, got {name!r}")
        if role not in _ROLES:
            raise InvalidInputError(
                f"roles[{name!r}]", f"role must be 'agent' or 'caller', got {role!r}"
            )


def roles_for_speakers(
    speakers: Sequence[str], roles: Mapping[str, str] | None = None
) -> dict[str, Role]:
    """Apply the role rules to speakers already in time order.

    Use this when the speakers come from somewhere other than words (for instance
    ``speakerSentiments`` of a file without a transcript).

    Args:
        speakers: Distinct speaker names, earliest first.
        roles: Explicit override, speaker name -> ``"agent"`` or ``"caller"``.

    Returns:
        Speaker -> role for every speaker that got one, in ``speakers`` order. Speakers left
        without a role (a third speaker, say) are not in the result.

    Raises:
        InvalidInputError: an override role other than ``"agent"``/``"caller"``.
    """
    result: dict[str, Role] = {}
    if roles:
        _check_override(roles)
        folded = {name.lower(): role for name, role in roles.items()}
        for name in speakers:
            role = roles.get(name, folded.get(name.lower()))
            if role is not None:
                result[name] = role  # type: ignore[assignment]  # checked above
    filled = set(result.values())
    remaining = [name for name in speakers if name not in result]
    chosen: dict[Role, str] = {}
    for role, names in (("agent", AGENT_NAMES), ("caller", CALLER_NAMES)):
        if role in filled:
            continue
        for name in remaining:
            if name.lower() in names and name not in chosen.values():
                chosen[role] = name  # type: ignore[index]
                break
    for role in _ROLES:
        if role in filled or role in chosen:
            continue
        for name in remaining:
            if name not in chosen.values():
                chosen[role] = name
                break
    for role, name in chosen.items():
        result[name] = role
    return {name: result[name] for name in speakers if name in result}


def assign_roles(
    source: Media | WordTable, roles: Mapping[str, str] | None = None
) -> dict[str, Role]:
    """Who is the agent and who the caller, from the words' speaker markers.

    Args:
        source: A loaded :class:`Media` or its :class:`WordTable`.
        roles: Explicit override, e.g. ``{"Employee": "agent"}`` (see the module docstring).

    Returns:
        Speaker name -> ``"agent"`` / ``"caller"``, in speaker order; empty for mono files.

    Raises:
        InvalidInputError: an override role other than ``"agent"``/``"caller"``.

    Example::

        >>> assign_roles(vbformats.load("samples/stereo_call.json"))  # doctest: +SKIP
        {'Agent': 'agent', 'Customer': 'caller'}
    """
    return roles_for_speakers(speaker_order(source), roles)


def is_two_party(source: Media | WordTable, roles: Mapping[str, str] | None = None) -> bool:
    """True when both the agent and the caller role are filled (a "stereo" call)."""
    assigned = set(assign_roles(source, roles).values())
    return "agent" in assigned and "caller" in assigned


def role_of_name(name: str | None, assigned: Mapping[str, str]) -> Role | None:
    """The role of a speaker named in another section (sentiments, keywords, verb-noun pairs).

    Sections spell speakers their own way (``"agent"`` in a keyword mention, ``"Agent"`` on the
    words), so the name is matched to ``assigned`` exactly, then cleaned and case-insensitively
    (as :mod:`vbformats.metrics` does). A name matching no assigned speaker has no role, even if
    it is itself a role name: the words decide who is who, the same way everywhere.

    Args:
        name: The speaker name as the section gives it (``None`` gives ``None``).
        assigned: The result of :func:`assign_roles` (or :func:`roles_for_speakers`).

    Returns:
        ``"agent"``, ``"caller"`` or ``None``.
    """
    if name is None:
        return None
    role = assigned.get(name)
    if role is None:
        key = clean_speaker_name(name).casefold()
        for speaker, speaker_role in assigned.items():
            if speaker.casefold() == key:
                role = speaker_role
                break
    return role if role in _ROLES else None


def media_roles(
    media: Media,
    roles: Mapping[str, str] | None = None,
    *,
    order: Sequence[str] | None = None,
    sections: bool = True,
) -> dict[str, Role]:
    """Speaker -> role for one document, every fallback included (see the module docstring).

    Args:
        media: A loaded document.
        roles: Explicit override, e.g. ``{"Employee": "agent"}``.
        order: The named word speakers in speaker order, when the caller has them already
            (the metrics read it off their sorted words); default :func:`speaker_order`.
        sections: Fall back to the speakers named in sections other than ``speakerSentiments``
            (the tables do; the metrics do not).

    Returns:
        Speaker name -> ``"agent"`` / ``"caller"``, in speaker order.

    Raises:
        InvalidInputError: an override role other than ``"agent"``/``"caller"``.
    """
    vendor = media.vendor_result
    if vendor is not None:
        hinted = vendor.speaker_roles()
        if hinted:  # the vendor knows who is who; an explicit override still wins
            roles = {**hinted, **(roles or {})}
    named = speaker_order(media) if order is None else list(order)
    if named:
        return roles_for_speakers(named, roles)
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
    if not first and sections:
        for position, (name, starts) in enumerate(_section_speakers(media)):
            see(name, starts, position)
    return roles_for_speakers(sorted(first, key=first.__getitem__), roles)


def _section_speakers(media: Media) -> Iterator[tuple[str | None, list[int | None]]]:
    """(speaker name, start times) of every speaker-named entry outside words and sentiments."""
    if media.transcript is not None:
        for activity in media.transcript.voice_activity:
            yield activity.speaker_name, [o.s for o in activity.occurrences]
    if media.conversation is not None:
        for pairs in media.conversation.speaker_verb_noun_pairs:
            yield pairs.speaker_name, [p.s for p in pairs.verb_noun_pairs]
    flat = (media.model_extra or {}).get("noun-verb-pairs")
    for entry in flat if isinstance(flat, list) else []:
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
