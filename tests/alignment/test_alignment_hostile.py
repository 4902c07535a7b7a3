"""Arbitrary text never breaks ``align`` or ``wer`` (no exception but ours, nothing lost), and
no access token reaches an error, a warning or the CLI's diagnostics."""

from __future__ import annotations

import pickle
import warnings

import pytest
from alignment_support import make_call
from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.alignment import AlignmentError, align_with_report, wer
from vbformats.cli import main
from vbformats.errors import LossyConversionWarning

TOKEN = "eyJhbGciOiJSUzI1NiJ9.s3cr3tT0k3nValue"
# no control characters: the text reader (the independent check) refuses them as binary
hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from("\n\t\r"),
    max_size=200,
) | st.lists(
    st.sampled_from(
        [
            "Agent:",
            "- ",
            "\n\n",
            "[x",
            "y]",
            "<",
            ">",
            "4472",
            "four",
            "oh",
            "and",
            "—",
            "ǅ",
            "\u200d",
            "İ",
        ]
    ),
    max_size=40,
).map(" ".join)


@given(
    st.builds(
        make_call, seed=st.integers(0, 2**32 - 1), turns=st.integers(0, 6), odd=st.just(True)
    ),
    hostile_text,
)
def test_any_text_aligns_without_losing_a_word(doc, text) -> None:
    media = vbformats.load(doc)
    result = align_with_report(media, text, on_mismatch="ignore")
    expected = vbformats.load(text.encode("utf-8"), format="text")
    want = [w.text for w in expected.words if not w.is_turn]
    got = [w.text for w in result.media.words if not w.is_turn and w.flags_text != "dtmf"]
    assert got == want
    assert vbformats.load(result.media.to_dict()).words.to_dicts() == result.media.words.to_dicts()
    vbformats.render(result.media, "srt")


@given(hostile_text, hostile_text, st.sampled_from(["standard", "raw", "loose"]))
def test_any_text_scores(reference, hypothesis, preset) -> None:
    result = wer(reference, hypothesis, normalize=preset)
    assert result.reference_words == result.hits + result.substitutions + result.deletions
    assert result.hypothesis_words == result.hits + result.substitutions + result.insertions
    assert result.wer >= 0 and 0 <= result.mer <= 1 and 0 <= result.wil <= 1 and result.cer >= 0
    assert sum(score.errors for score in result.per_speaker.values()) == (
        result.substitutions + result.deletions + result.insertions
    )
    assert len(result.frame()) == len(result.pairs)


def _foreign_text() -> str:
    words = " ".join(f"zq{k}" for k in range(30))
    return f"Agent: please use access_token={TOKEN} now {words}"


def test_tokens_never_reach_errors_warnings_or_the_cli(tmp_path, capsys) -> None:
    media = vbformats.load(make_call(5, turns=4))
    with pytest.raises(AlignmentError) as caught:
        vbformats.align(media, _foreign_text())
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)
    assert TOKEN not in str(pickle.loads(pickle.dumps(caught.value)))
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        report = align_with_report(media, _foreign_text(), on_mismatch="warn").report
    assert [w.category for w in seen] == [LossyConversionWarning]
    assert TOKEN not in str(seen[0].message) and "REDACTED" in str(seen[0].message)
    assert TOKEN not in str(report)
    call = tmp_path / "call.json"
    call.write_text(media.to_json(), encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(_foreign_text(), encoding="utf-8")
    code = main(
        ["align", str(call), str(edited), "-o", str(tmp_path / "out.json"), "--on-mismatch", "warn"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert TOKEN not in err and "REDACTED" in err
