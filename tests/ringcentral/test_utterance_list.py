"""A bare list of RingCentral utterances, and cross-talk echoes between channels in every
RingCentral utterance list (issue #16).

``tests/data/ringcentral_lists/utterances_two_channel.json`` is ours: utterance 1 is channel 1's echo
of utterance 0 (same words, lower case, no punctuation, inside the same span, lower
confidence); utterances 5 and 6 are both speakers saying "Okay." at once (too short to be taken
for an echo); utterance 3 is a backchannel inside utterance 2.
"""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import pytest

import vbformats
from vbformats import frames
from vbformats.errors import InvalidInputError, LossyConversionWarning
from vbformats.ringcentral.crosstalk import echoes

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral_lists"
PATH = DATA / "utterances_two_channel.json"


def _items() -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(PATH.read_text(encoding="utf-8"))
    return items


def test_the_echo_is_left_out_and_said_so() -> None:
    with pytest.warns(LossyConversionWarning, match="1 utterance"):
        media = vbformats.load(PATH)
    assert media.ringcentral.dropped_utterances == [1]
    assert media.ringcentral.to_dict() == _items()
    texts = [t.text for t in vbformats.turns(media)]
    assert texts.count("Thanks for calling the parts desk, this is Ren.") == 1
    assert not any(t.startswith("thanks for calling") for t in texts)


def test_genuine_overlap_is_kept() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        media = vbformats.load(PATH)
    table = frames.turns(media)
    rows = list(
        zip(table["speaker"], table["start_ms"], table["end_ms"], table["text"], strict=True)
    )
    assert rows == [
        ("Speaker 0", 400, 3100, "Thanks for calling the parts desk, this is Ren."),
        ("Speaker 1", 3600, 6200, "Hi Ren, I need a replacement hinge for a cabinet."),
        # the backchannel and the next utterance are one turn of Speaker 0
        ("Speaker 0", 5900, 9500, "Mm-hmm. Sure, what is the model number on the door?"),
        ("Speaker 1", 9900, 11200, "Okay."),
        ("Speaker 0", 9950, 11100, "Okay."),
    ]
    assert media.words.estimated is not None


def test_the_echo_rule() -> None:
    items = _items()
    assert echoes(items) == [1]
    # equal confidence: the later one is the echo
    items[1]["confidence"] = items[0]["confidence"]
    assert echoes(items) == [1]
    # the louder channel wins whichever comes first
    items[1]["confidence"] = 0.99
    assert echoes(items) == [0]
    # a different sentence at the same time is not an echo
    items[1]["text"] = "sorry could you repeat the name of the desk"
    assert echoes(items) == []
    # the same sentence much later is not an echo (spans must overlap by half the shorter)
    items = _items()
    items[1].update(start=2.0, end=4.6)
    assert echoes(items) == []
    # the same speaker repeating himself is not an echo
    items = _items()
    items[1]["speakerId"] = "0"
    assert echoes(items) == []


def test_a_list_from_python_reads_like_the_text_and_is_not_changed() -> None:
    items = _items()
    kept = copy.deepcopy(items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        from_list = vbformats.load(items)
        from_text = vbformats.load(PATH)
    assert items == kept
    assert [(t.speaker, t.text) for t in vbformats.turns(from_list)] == [
        (t.speaker, t.text) for t in vbformats.turns(from_text)
    ]


def test_speaker_names_can_be_given() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyConversionWarning)
        media = vbformats.load(PATH, speakers={"0": "Agent", "1": "Customer"})
    assert [t.speaker for t in vbformats.turns(media)][:2] == ["Agent", "Customer"]


@pytest.mark.parametrize(
    ("items", "path"),
    [
        ([{"start": 1, "end": 0.5, "text": "a b c"}], "[0]"),
        ([{"start": 0, "end": 1, "text": "a"}, 7], "[1]"),
        ([{"start": "soon", "end": 1, "text": "a"}], "[0].start"),
    ],
)
def test_a_bad_utterance_names_its_position(items: list[object], path: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(json.dumps(items))
    assert caught.value.path == path


@pytest.mark.parametrize(
    ("api", "key"),
    [
        ("/ai/insights/v1/async/analyze-interaction", "utteranceInsights"),
        ("/ai/audio/v1/async/speech-to-text", "utterances"),
    ],
)
def test_the_same_rule_holds_inside_a_job_envelope(api: str, key: str) -> None:
    doc = {
        "jobId": "0d9e8f7a-0000-4000-8000-0000000000aa",
        "api": api,
        "status": "Success",
        "response": {key: _items()},
    }
    with pytest.warns(LossyConversionWarning, match="cross-talk"):
        media = vbformats.load(doc)
    assert media.ringcentral.dropped_utterances == [1]
    texts = [t.text for t in vbformats.turns(media)]
    assert texts[0] == "Thanks for calling the parts desk, this is Ren."
    assert len(texts) == 5
