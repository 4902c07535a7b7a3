"""Speaker roles: name lists, time order, fallback, override (issue #4's role rules)."""

from __future__ import annotations

import pytest

import vbformats
from vbformats.errors import InvalidInputError
from vbformats.roles import (
    AGENT_NAMES,
    CALLER_NAMES,
    assign_roles,
    is_two_party,
    roles_for_speakers,
    speaker_order,
)


def _media(*turns: tuple[str | None, list[tuple[int, int]]]) -> vbformats.Media:
    """A document from (speaker, [(s, e), ...]) runs in array order; speaker None = no marker."""
    words: list[dict[str, object]] = []
    for speaker, spans in turns:
        if speaker is not None:
            first = spans[0][0] if spans else 0
            words.append({"s": first, "e": first, "w": speaker, "m": "turn"})
        for s, e in spans:
            words.append({"s": s, "e": e, "w": "w"})
    return vbformats.load({"transcript": {"words": words}})


def test_name_lists_are_the_documented_ones():
    assert {
        "agent",
        "service",
        "representative",
        "operator",
        "salesperson",
        "callcenter",
        "contactcenter",
    } == AGENT_NAMES
    assert {"caller", "client", "customer", "prospect"} == CALLER_NAMES


def test_named_roles_win_over_time_order_and_case_is_ignored():
    # Customer speaks first (t=0), AGENT second (t=500): names decide, not order.
    media = _media(("Customer", [(0, 400)]), ("AGENT", [(500, 900)]))
    assert assign_roles(media) == {"Customer": "caller", "AGENT": "agent"}
    assert is_two_party(media)


def test_stereo_array_order_is_not_time_order():
    # Array lists Bob's whole channel first, but Ann's first word (100) is earlier than Bob's (200).
    media = _media(("Bob", [(200, 300), (900, 950)]), ("Ann", [(100, 150)]))
    assert speaker_order(media) == ["Ann", "Bob"]
    assert assign_roles(media) == {"Ann": "agent", "Bob": "caller"}


def test_equal_first_start_ties_by_array_index():
    media = _media(("Zed", [(100, 200)]), ("Amy", [(100, 300)]))
    assert speaker_order(media) == ["Zed", "Amy"]
    assert assign_roles(media) == {"Zed": "agent", "Amy": "caller"}


def test_earliest_word_counts_not_first_listed_word():
    # Bob's first listed word is at 5000 but a later-listed one is at 50: he spoke first.
    media = _media(("Ann", [(100, 200)]), ("Bob", [(5000, 5100), (50, 90)]))
    assert speaker_order(media) == ["Bob", "Ann"]


def test_fallback_fills_the_unfilled_role_only():
    # Only a caller name: the agent role goes to the first remaining speaker (Zoe, t=100).
    media = _media(("Customer", [(0, 50)]), ("Xavier", [(300, 400)]), ("Zoe", [(100, 200)]))
    assert assign_roles(media) == {"Customer": "caller", "Zoe": "agent"}
    # Only an agent name: the caller role goes to the first non-agent speaker.
    media = _media(("Bob", [(0, 50)]), ("Operator", [(10, 20)]), ("Cy", [(30, 40)]))
    assert assign_roles(media) == {"Bob": "caller", "Operator": "agent"}


def test_second_agent_name_is_a_fallback_caller():
    # Two agent-named speakers and no caller name: the later one becomes the caller.
    media = _media(("Service", [(500, 600)]), ("Agent", [(0, 100)]))
    assert assign_roles(media) == {"Agent": "agent", "Service": "caller"}


def test_three_speakers_third_gets_no_role():
    media = _media(("A", [(0, 10)]), ("B", [(20, 30)]), ("C", [(40, 50)]))
    assert assign_roles(media) == {"A": "agent", "B": "caller"}


def test_names_are_whole_names_not_prefixes():
    media = _media(("Agent 2", [(0, 10)]), ("Customer", [(20, 30)]), ("Agent", [(40, 50)]))
    assert assign_roles(media) == {"Customer": "caller", "Agent": "agent"}


def test_mono_and_one_speaker_are_not_two_party():
    mono = _media((None, [(0, 100), (200, 300)]))
    assert speaker_order(mono) == []
    assert assign_roles(mono) == {}
    assert not is_two_party(mono)
    single = _media(("Customer", [(0, 100)]))
    assert assign_roles(single) == {"Customer": "caller"}
    assert not is_two_party(single)
    assert assign_roles(vbformats.load({})) == {}


def test_speaker_without_speech_words_takes_no_role():
    media = vbformats.load(
        {
            "transcript": {
                "words": [
                    {"s": 0, "e": 0, "w": "Ghost", "m": "turn"},
                    {"s": 0, "e": 5, "w": ".", "m": "punc"},
                    {"s": 10, "e": 10, "w": "Real", "m": "turn"},
                    {"s": 10, "e": 50, "w": "hi"},
                ]
            }
        }
    )
    assert assign_roles(media) == {"Real": "agent"}


def test_marker_names_are_cleaned_like_turns():
    media = _media((" customer: ", [(0, 10)]), ("Bob", [(20, 30)]))
    assert assign_roles(media) == {"customer": "caller", "Bob": "agent"}


def test_override_fixes_roles_then_rules_fill_the_rest():
    media = _media(("Customer", [(0, 10)]), ("Employee", [(20, 30)]), ("Agent", [(40, 50)]))
    assert assign_roles(media, roles={"Employee": "agent"}) == {
        "Customer": "caller",
        "Employee": "agent",
    }
    # override matched case-insensitively; the caller role then falls to the first other speaker
    assert assign_roles(media, roles={"customer": "agent"}) == {
        "Customer": "agent",
        "Employee": "caller",
    }
    # an override naming nobody in the file is ignored (one override for a whole folder)
    assert assign_roles(media, roles={"Nobody": "caller"}) == {
        "Customer": "caller",
        "Agent": "agent",
    }
    assert is_two_party(media, roles={"Employee": "agent", "Agent": "agent"})


def test_override_with_a_bad_role_names_the_key():
    media = _media(("A", [(0, 10)]))
    with pytest.raises(InvalidInputError) as info:
        assign_roles(media, roles={"A": "boss"})
    assert "roles['A']" in str(info.value)


def test_roles_for_speakers_works_without_words():
    assert roles_for_speakers(["x", "Client", "y"]) == {"x": "agent", "Client": "caller"}
    assert roles_for_speakers([]) == {}


def test_word_table_is_accepted_and_order_is_cached_but_copied():
    media = _media(("B", [(20, 30)]), ("A", [(0, 10)]))
    table = media.words
    order = speaker_order(table)
    order.append("mutated")
    assert speaker_order(table) == ["A", "B"]
    assert assign_roles(table) == {"A": "agent", "B": "caller"}


def test_role_of_name_matches_section_spellings():
    from vbformats.roles import role_of_name

    assigned = {"Alice": "agent", "Customer": "caller"}
    assert role_of_name("Alice", assigned) == "agent"
    assert role_of_name(" alice: ", assigned) == "agent"
    assert role_of_name("CUSTOMER", assigned) == "caller"
    # a role name that is not a speaker of the words has no role: the words decide
    assert role_of_name("agent", assigned) is None
    assert role_of_name("Client", {}) is None
    assert role_of_name("Bob", assigned) is None
    assert role_of_name(None, assigned) is None
