"""The local detector rules (issue #15): what each default rule finds, what it must not, and a
rule of the user's own, all emitting VoiceBase's ``prediction.detectors[]`` shape."""

from __future__ import annotations

import pytest

import vbformats
from vbformats import redaction
from vbformats.redaction import DEFAULT_RULES, DetectorRule, detect, with_local_detections


def media_of(text: str) -> vbformats.Media:
    """Words 300 ms apart, 250 ms long; ``|Name`` is a turn marker."""
    words = []
    for i, token in enumerate(text.split(" ")):
        if token.startswith("|"):
            words.append({"s": i * 300, "e": i * 300, "w": token[1:], "m": "turn"})
        else:
            words.append({"s": i * 300, "e": i * 300 + 250, "w": token})
    return vbformats.load({"transcript": {"words": words}})


def found(media: vbformats.Media, rules=DEFAULT_RULES) -> dict[str, list[str]]:
    """Label -> the text of each detected span (words inside it, joined)."""
    table = media.words
    out: dict[str, list[str]] = {}
    for detector in detect(media, rules):
        for detection in detector.detections:
            for segment in detection.detected_segments:
                for o in segment.occurrences:
                    inside = [
                        w.text
                        for w in table
                        if not w.is_turn and w.start_ms >= o.s and w.end_ms <= o.e
                    ]
                    out.setdefault(detection.detector_class_label, []).append(" ".join(inside))
    return out


CARD = "four one one one one one one one one one one one one one one one"  # 4111 1111 1111 1111


def test_a_spoken_card_number_with_a_valid_checksum_is_pci_and_a_number():
    hits = found(media_of(f"my card is {CARD} thanks"))
    assert hits["PCI"] == [CARD]
    assert hits["Number"] == [CARD]


def test_a_card_followed_by_its_expiry_is_found_inside_the_longer_run():
    hits = found(media_of(f"it is {CARD} twelve twenty six okay"))
    assert hits["PCI"] == [CARD]
    assert hits["Number"] == [f"{CARD} twelve twenty six"]


def test_written_cards_in_one_or_four_tokens():
    assert found(media_of("card 4111-1111-1111-1111 done"))["PCI"] == ["4111-1111-1111-1111"]
    assert found(media_of("card 4111 1111 1111 1111, done"))["PCI"] == ["4111 1111 1111 1111,"]


def test_a_bad_checksum_is_not_pci():
    hits = found(media_of("card 4111 1111 1111 1112 done"))
    assert "PCI" not in hits
    assert hits["Number"] == ["4111 1111 1111 1112"]


def test_ssn_shape_and_its_impossible_areas():
    assert found(media_of("it's one two three four five six seven eight nine ok"))["SSN"] == [
        "one two three four five six seven eight nine"
    ]
    for impossible in ("six six six", "nine one two", "zero zero zero"):
        hits = found(media_of(f"it's {impossible} four five six seven eight nine ok"))
        assert "SSN" not in hits, impossible
    assert "SSN" not in found(media_of("it's 123 00 6789 ok"))  # group 00


def test_phone_numbers_north_american_plan():
    hits = found(media_of("call five five five two one two three four five six now"))
    assert hits["Phone"] == ["five five five two one two three four five six"]
    assert "SSN" not in hits
    assert found(media_of("call 1 (555) 212-3456 now"))["Phone"] == ["1 (555) 212-3456"]
    # an area code cannot start with 0 or 1
    assert "Phone" not in found(media_of("call 055 521 2345 now"))
    # 11 digits only with the country code 1
    assert "Phone" not in found(media_of("call 255 521 23456 now"))


def test_email_written_and_spoken():
    assert found(media_of("mail jane.doe@example.com please"))["Email"] == ["jane.doe@example.com"]
    spoken = found(media_of("it's jane dot doe at example dot com thanks"))
    assert spoken["Email"] == ["jane dot doe at example dot com"]
    assert found(media_of("write jdoe at mail dot example dot org"))["Email"] == [
        "jdoe at mail dot example dot org"
    ]
    # "at" in ordinary speech, and a domain without a known ending
    assert "Email" not in found(media_of("meet me at the station dot com"))
    assert "Email" not in found(media_of("sam at home dot local"))


def test_near_misses_written_as_one_token_are_not_numbers():
    hits = found(media_of("it costs $49.99 at 3:30 on 08/2024 for 1,000 units"))
    assert hits == {}


def test_spoken_years_and_times_are_numbers_a_documented_limit():
    # "twenty twenty four" reads as 2024: the Number rule finds it (README: limits)
    assert found(media_of("back in twenty twenty four ok"))["Number"] == ["twenty twenty four"]
    # three digits are below the Number rule's minimum of four
    assert found(media_of("at three thirty ok")) == {}


def test_oh_counts_only_inside_a_run_and_a_turn_ends_a_run():
    assert found(media_of("oh I see four one oh two")) == {"Number": ["four one oh two"]}
    assert found(media_of("one two |Caller three four")) == {}


def test_a_user_rule_is_data_and_redact_treats_it_like_the_service():
    rule = DetectorRule("order-id", "Order", kind="token", pattern=r"[A-Z]{2}\d{6}")
    media = media_of("order AB123456 shipped and CD12 not")
    assert found(media, (*DEFAULT_RULES, rule))["Order"] == ["AB123456"]
    local = with_local_detections(media, (*DEFAULT_RULES, rule))
    assert redaction.redact(local, detections=("order",)).words.text == (
        ["order", "[redacted]", "shipped", "and", "CD12", "not"]
    )


def test_local_detections_have_voicebase_shape_and_round_trip():
    media = media_of(f"card {CARD} ok")
    local = with_local_detections(media)
    again = with_local_detections(local)  # idempotent: replaced, not added twice
    assert again.to_dict() == local.to_dict()
    doc = local.to_dict()
    names = [d["detectorName"] for d in doc["prediction"]["detectors"]]
    assert names == [rule.name for rule in DEFAULT_RULES]
    card = doc["prediction"]["detectors"][0]
    assert card["detections"][0]["detectorClassLabel"] == "PCI"
    assert card["detections"][0]["detectedSegments"][0]["occurrences"] == [{"s": 300, "e": 5050}]
    assert vbformats.load(doc).to_dict() == doc
    table = vbformats.frames.build("detections", local)
    assert list(table["detector"]) == ["vbformats-card", "vbformats-number"]


def test_bad_rules_are_clear_errors():
    media = media_of("a b")
    with pytest.raises(vbformats.InvalidInputError, match=r"rules\[0\]"):
        detect(media, ("not a rule",))  # type: ignore[arg-type]
    with pytest.raises(vbformats.InvalidInputError, match="pattern"):
        detect(media, (DetectorRule("x", "X", kind="token", pattern="(["),))
    with pytest.raises(vbformats.InvalidInputError, match="pattern"):
        detect(media, (DetectorRule("x", "X", kind="token"),))
