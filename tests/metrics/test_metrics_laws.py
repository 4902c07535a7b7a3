"""Laws of the metrics over generated two-party calls (hypothesis), plus a brute-force model:
the same definitions evaluated on sets of milliseconds, independent of the interval code."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from metrics_builders import doc, marker

from vbformats import metrics

# A turn: speaker, then words as (start, duration, volume, pitch); duration 0 = zero-length.
word_strategy = st.tuples(
    st.integers(0, 300),
    st.integers(0, 40),
    st.sampled_from([None, 2.0, 5.5, 9.0]),
    st.integers(80, 300),
)
turn_strategy = st.tuples(
    st.sampled_from(["Agent", "Caller", "Supervisor"]),
    st.lists(word_strategy, min_size=1, max_size=6, unique_by=lambda w: (w[0], w[1])),
)
call_strategy = st.lists(turn_strategy, min_size=2, max_size=8)


def tokens_of(turns, shuffle_seed=None):
    """Tokens in array order; ``shuffle_seed`` permutes the words inside every turn."""
    rng = random.Random(shuffle_seed)
    tokens = []
    for speaker, words in turns:
        tokens.append(marker(speaker, words[0][0]))
        listed = list(words)
        if shuffle_seed is not None:
            rng.shuffle(listed)
        for start, duration, volume, pitch in listed:
            token = {"s": start, "e": start + duration, "w": "w"}
            if volume is not None:
                token["v"] = volume
                token["frq"] = [{"f": float(pitch), "e": 1.0}, {"f": 2.0 * pitch, "e": 0.4}]
            tokens.append(token)
    return tokens


def by_role_total(result, role):
    return sum(s.duration_ms for s in result.segments if s.role == role)


@given(call_strategy)
def test_overtalk_is_bounded_by_each_partys_talk_time(turns):
    result = metrics.compute(doc(tokens_of(turns), length=400))
    if not result.two_party:
        return
    overtalk = sum(incident.duration_ms for incident in result.incidents)
    assert overtalk <= by_role_total(result, "agent")
    assert overtalk <= by_role_total(result, "caller")
    assert result["overtalk-ratio"] == pytest.approx(overtalk / 400)


@given(call_strategy)
def test_incidents_split_by_interrupter_never_exceed_the_total(turns):
    result = metrics.compute(doc(tokens_of(turns), length=400))
    if not result.two_party:
        return
    total = result["overtalk-incidents"]
    assert result["agent-overtalk-incidents"] + result["caller-overtalk-incidents"] <= total
    assert (
        result["agent-overtalk-ratio"] + result["caller-overtalk-ratio"]
        <= result["overtalk-ratio"] + 1e-12
    )


@given(call_strategy, st.integers(0, 50), st.integers(0, 50))
def test_raising_join_gap_never_increases_the_number_of_segments(turns, gap, extra):
    media = doc(tokens_of(turns))
    fewer = metrics.compute(media, join_gap_ms=gap + extra).segments
    more = metrics.compute(media, join_gap_ms=gap).segments
    assert len(fewer) <= len(more)
    for speaker in {s.speaker for s in more}:
        assert len([s for s in fewer if s.speaker == speaker]) <= len(
            [s for s in more if s.speaker == speaker]
        )


@given(call_strategy, st.integers(0, 2**32))
def test_metrics_are_invariant_to_the_array_order_of_words_within_a_turn(turns, seed):
    sentiments = [("Agent", [(0, 100, 0.5), (200, 300, -0.25)]), ("Caller", [(50, 150, 0.1)])]
    original = metrics.compute(doc(tokens_of(turns), sentiments=sentiments))
    shuffled = metrics.compute(doc(tokens_of(turns, seed), sentiments=sentiments))
    assert shuffled.to_voicebase(extensions=True) == original.to_voicebase(extensions=True)
    assert shuffled.incidents == original.incidents
    assert shuffled.segments == original.segments
    assert shuffled.streaks == original.streaks
    assert shuffled.silences == original.silences
    assert shuffled.speakers == original.speakers


# --- brute force: the definitions on sets of milliseconds ---------------------------------------


def filled(spans, gap):
    """Milliseconds covered by non-empty spans, with holes of at most ``gap`` ms filled."""
    covered = {t for s, e in spans if e > s for t in range(s, e)}
    ordered = sorted(covered)
    out = set(covered)
    for left, right in itertools.pairwise(ordered):
        if 1 < right - left <= gap + 1:
            out.update(range(left + 1, right))
    return out


def runs(points):
    """Maximal runs of consecutive milliseconds as (start, end)."""
    out = []
    for t in sorted(points):
        if out and out[-1][1] == t:
            out[-1][1] = t + 1
        else:
            out.append([t, t + 1])
    return [tuple(r) for r in out]


def run_start(points, t):
    while t - 1 in points:
        t -= 1
    return t


@given(call_strategy, st.integers(0, 20), st.integers(1, 60), st.integers(0, 50))
def test_matches_the_definitions_evaluated_on_sets_of_milliseconds(turns, join, streak, minimum):
    length = 400
    result = metrics.compute(
        doc(tokens_of(turns), length=length),
        join_gap_ms=join,
        streak_gap_ms=streak,
        silence_min_ms=minimum,
    )
    words = {}
    for speaker, listed in turns:
        for start, duration, _, _ in listed:
            words.setdefault(speaker, []).append((start, start + duration))
    talk = {speaker: filled(spans, join) for speaker, spans in words.items()}
    everyone = set().union(*talk.values())

    silent = set(range(length)) - everyone
    assert result["silence-ratio"] == pytest.approx(len(silent) / length)
    assert result["silence-incidents"] == sum(1 for s, e in runs(silent) if e - s > minimum)
    if not result.two_party:
        return
    agent_name = next(n for n, r in result.roles.items() if r == "agent")
    caller_name = next(n for n, r in result.roles.items() if r == "caller")
    agent, caller = talk[agent_name], talk[caller_name]

    overlap = agent & caller
    incidents = runs(overlap)
    assert result["overtalk-incidents"] == len(incidents)
    assert result["overtalk-ratio"] == pytest.approx(len(overlap) / length)
    by_caller = [(s, e) for s, e in incidents if run_start(caller, s) > run_start(agent, s)]
    assert result["caller-overtalk-incidents"] == len(by_caller)
    if everyone:
        assert result["agent-talk-ratio"] == pytest.approx(len(agent) / len(everyone))
    else:
        assert result["agent-talk-ratio"] is None

    # talk rate: streaks are the words with holes below `streak` filled
    streaks = filled(words[agent_name], streak - 1)
    region = streaks - caller
    count = sum(1 for s, e in words[agent_name] if (s + e) // 2 in region)
    expected = count * 60000 / len(region) if region else None
    assert result["agent-talk-rate"] == (pytest.approx(expected) if expected is not None else None)


@given(call_strategy, st.booleans())
def test_speakers_and_roles_agree_with_turns_and_roles_modules(turns, leading_words):
    """The metrics read speakers with a cumulative sum over markers and roles from the sorted
    words; both must agree with vbformats.turns.speaker_of_tokens and vbformats.roles."""
    from vbformats.metrics.base import MetricsParams, PreparedCall
    from vbformats.roles import assign_roles
    from vbformats.turns import speaker_of_tokens

    tokens = tokens_of(turns)
    if leading_words:  # words before the first marker have no speaker
        tokens = [{"s": 5, "e": 9, "w": "w"}, *tokens]
    media = doc(tokens)
    call = PreparedCall(media, MetricsParams())
    expected = speaker_of_tokens(media.words)
    names_by_code = {code: name for name, code in call.code_of.items()}
    got = [names_by_code[code] for code in call.order_codes.tolist()]
    assert got == [expected[index] for index in call.order]
    assert call.roles == assign_roles(media)
