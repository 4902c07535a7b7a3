"""A dict and the same document as JSON text give the same result (issue #11).

The RingCentral dialect used to look for its envelope keys in the first 8 KiB of JSON text
only: a payload with more than 8 KiB of other keys in front loaded as RingCentral from a dict
but as an empty VoiceBase document from text. It now judges the top-level keys of the one scan
the JSON format makes anyway, exactly as it judges a dict. (The property over generated
documents is in test_hostile_entry_points.py.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vbformats
from vbformats import VBFormatsError
from vbformats.ringcentral.dialect import is_ringcentral, sniff_json

DATA = Path(__file__).resolve().parents[1] / "data" / "ringcentral"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PAYLOADS = sorted(p for p in DATA.glob("*.json") if isinstance(json.loads(p.read_text()), dict))


def outcome(source: Any) -> tuple[str, Any]:
    """What loading gives, comparable across dict and text: the document and words, or the
    error's type and message."""
    try:
        media = vbformats.load(source)
    except VBFormatsError as error:
        return type(error).__name__, str(error)
    ringcentral = media.ringcentral.kind if media.ringcentral is not None else None
    return "ok", (media.source_format, ringcentral, media.to_dict(), media.words.to_dicts())


@pytest.mark.filterwarnings("ignore::vbformats.LossyConversionWarning")  # unknown result kinds
@pytest.mark.parametrize("pad", [8 * 1024, 9000, 100_000, 2_000_000])
@pytest.mark.parametrize("path", PAYLOADS, ids=[p.name for p in PAYLOADS])
def test_a_payload_behind_large_other_keys_is_still_ringcentral(path, pad):
    doc = json.loads(path.read_text())
    padded = {"aaaNotes": "x" * pad, "aaaMore": {"k": ["y" * 100] * (pad // 200)}, **doc}
    text = json.dumps(padded)
    # (a bare {"utterances": [...]} with other keys is no longer one: for a dict and for text)
    expected = is_ringcentral(padded)
    assert expected == (path.name != "identify_bare_2022.json")
    assert sniff_json(text) is expected and sniff_json(text.encode()) is expected
    from_dict, from_text, from_bytes = outcome(padded), outcome(text), outcome(text.encode())
    assert from_dict == from_text == from_bytes
    if from_dict[0] == "ok" and expected:
        assert from_dict[1][0] == "ringcentral"


def test_a_voicebase_document_behind_large_other_keys_stays_voicebase():
    doc = json.loads((SAMPLES / "stereo_call.json").read_text())
    padded = {"aaaNotes": "x" * 50_000, **doc}
    from_dict, from_text = outcome(padded), outcome(json.dumps(padded))
    assert from_dict == from_text
    assert from_dict[1][0] == "v3" and len(from_dict[1][3]) == len(doc["transcript"]["words"])


@pytest.mark.filterwarnings("ignore::vbformats.LossyConversionWarning")
@pytest.mark.parametrize(
    "doc",
    [
        {"status": []},  # unhashable: used to be a TypeError for a dict only
        {"status": {"a": 1}},
        {"status": ["Success"], "jobId": 5},
        {"jobId": None},
        {"api": ["/ai/"], "status": "Success"},
        {"api": "/ai/x", "response": 5},
        {"utterances": {"a": 1}},
        {"utterances": [], "speakerCount": "2"},
        {"response": None, "mediaId": "m"},
        {"status": "Success", "creationTime": 5},
        {"status": "InProgress"},
    ],
)
def test_odd_envelopes_give_the_same_result_from_a_dict_and_from_text(doc):
    assert outcome(doc) == outcome(json.dumps(doc)) == outcome(json.dumps(doc).encode())


def test_is_ringcentral_answers_the_same_for_the_split_top_level():
    from vbformats.formats.json import split_top

    for path in [*PAYLOADS, *sorted(SAMPLES.glob("*.json"))]:
        text = path.read_bytes()
        doc = json.loads(text)
        if isinstance(doc, dict):
            assert is_ringcentral(split_top(text)) == is_ringcentral(doc), path.name
