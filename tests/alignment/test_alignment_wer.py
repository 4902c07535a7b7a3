"""``vbformats.wer``: jiwer's figures (jiwer is the independent check, test-only), the edge
cases, per speaker and per turn, times, tables, normalisation presets."""

from __future__ import annotations

import random

import jiwer
import pytest
from hypothesis import given
from hypothesis import strategies as st

import vbformats
from vbformats.alignment import Normalization, WERResult, wer
from vbformats.alignment.tables import PAIR_COLUMNS, SCORE_COLUMNS
from vbformats.errors import InvalidInputError

# words jiwer and vbformats both read as one word each: no colon (a label), no trailing
# punctuation (vbformats splits it off), contractions, case, non-words of both kinds
VOCABULARY = (  # noqa: SIM905 - one readable block
    "the a cat sat on mat dog ran and it is was I you we they hello okay yes no account "
    "number billing router Dana Okafor THE Cat OKAY can't won't let's isn't it's I'm you're "
    "we'll they've he'd don't CAN'T Won't uh-huh e-mail 4472 $5 [laughter] <unk> [noise] "
    "x[noise]y mm-hmm o'clock"
).split()
PHRASES = ("[laugh loudly]", "<long pause>")


@st.composite
def pairs(draw: st.DrawFn, spaces: bool = True) -> tuple[str, str]:
    pieces = st.sampled_from(VOCABULARY) | st.sampled_from(PHRASES)
    reference = draw(st.lists(pieces, max_size=30))
    hypothesis = list(reference)
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(("sub", "ins", "del", "swap")))
        at = draw(st.integers(0, max(len(hypothesis) - 1, 0)))
        if op == "ins" or not hypothesis:
            hypothesis.insert(at, draw(pieces))
        elif op == "sub":
            hypothesis[at] = draw(pieces)
        elif op == "del":
            del hypothesis[at]
        else:
            hypothesis[at : at + 2] = hypothesis[at : at + 2][::-1]
    if draw(st.booleans()):
        hypothesis = draw(st.lists(pieces, max_size=30))  # unrelated
    separator = draw(st.sampled_from((" ", "  ", "\t", " \n ", "\n\n"))) if spaces else " "
    return separator.join(reference), separator.join(hypothesis)


def _same_as_jiwer(ours: WERResult, theirs: jiwer.WordOutput) -> None:
    assert (ours.hits, ours.substitutions, ours.deletions, ours.insertions) == (
        theirs.hits,
        theirs.substitutions,
        theirs.deletions,
        theirs.insertions,
    )
    assert ours.wer == pytest.approx(theirs.wer, abs=1e-12)
    assert ours.mer == pytest.approx(theirs.mer, abs=1e-12)
    assert ours.wil == pytest.approx(theirs.wil, abs=1e-12)
    assert ours.wip == pytest.approx(theirs.wip, abs=1e-12)


@given(pairs())
def test_standard_is_jiwers_wer_standardize(pair: tuple[str, str]) -> None:
    reference, hypothesis = pair
    theirs = jiwer.process_words(
        reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize
    )
    ours = wer(reference, hypothesis)
    _same_as_jiwer(ours, theirs)
    assert ours.reference == theirs.references[0]
    assert ours.hypothesis == theirs.hypotheses[0]
    # CER: jiwer's over the same normalised words, joined by single spaces
    expected_cer = jiwer.cer(" ".join(theirs.references[0]), " ".join(theirs.hypotheses[0]))
    assert ours.cer == pytest.approx(expected_cer, abs=1e-12)


@given(pairs(spaces=False))
def test_raw_is_jiwers_default(pair: tuple[str, str]) -> None:
    reference, hypothesis = pair
    theirs = jiwer.process_words(reference, hypothesis)
    _same_as_jiwer(wer(reference, hypothesis, normalize=None), theirs)
    _same_as_jiwer(wer(reference, hypothesis, normalize="raw"), theirs)


def test_three_hundred_seeded_pairs_equal_jiwer() -> None:
    # the same check on a fixed sweep, so every run (not only the CI profile) sees hundreds
    rng = random.Random(14)
    for _ in range(300):
        reference = rng.choices(VOCABULARY, k=rng.randint(0, 60))
        hypothesis = [
            rng.choice(VOCABULARY) if rng.random() < 0.15 else word
            for word in reference
            if rng.random() > 0.1
        ]
        for _ in range(rng.randint(0, 5)):
            hypothesis.insert(rng.randint(0, len(hypothesis)), rng.choice(VOCABULARY))
        ref_text, hyp_text = " ".join(reference), " ".join(hypothesis)
        theirs = jiwer.process_words(
            ref_text, hyp_text, jiwer.wer_standardize, jiwer.wer_standardize
        )
        _same_as_jiwer(wer(ref_text, hyp_text), theirs)


@pytest.mark.parametrize("rate", [0.02, 0.1, 0.4])
def test_long_pairs_equal_jiwer(rate) -> None:
    # long enough for rapidfuzz's block and Hirschberg paths (and the score hint WER passes)
    rng = random.Random(int(rate * 100))
    words = [rng.choice(VOCABULARY[:40]) for _ in range(20000)]
    changed = []
    for word in words:
        roll = rng.random()
        if roll < rate / 2:
            changed.append(rng.choice(VOCABULARY))
        elif roll < rate * 3 / 4:
            continue
        else:
            changed.append(word)
            if roll < rate:
                changed.append(rng.choice(VOCABULARY))
    reference, hypothesis = " ".join(words), " ".join(changed)
    theirs = jiwer.process_words(
        reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize
    )
    _same_as_jiwer(wer(reference, hypothesis), theirs)


@pytest.mark.parametrize(
    ("reference", "hypothesis", "counts", "rates"),
    [
        # counts: hits, S, D, I; rates: wer, mer, wil (worked by hand from the definitions)
        ("", "", (0, 0, 0, 0), (0.0, 0.0, 0.0)),
        ("", "a b", (0, 0, 0, 2), (2.0, 1.0, 1.0)),  # empty reference: WER = insertions
        ("a b", "", (0, 0, 2, 0), (1.0, 1.0, 1.0)),
        ("a b c", "x y z", (0, 3, 0, 0), (1.0, 1.0, 1.0)),
        ("a a a", "a a", (2, 0, 1, 0), (1 / 3, 1 / 3, 1 - (2 / 3) * (2 / 2))),
        ("a b a b", "b a b a", (3, 0, 1, 1), (2 / 4, 2 / 5, 1 - (3 / 4) * (3 / 4))),
        ("the cat sat", "the cat sat", (3, 0, 0, 0), (0.0, 0.0, 0.0)),
    ],
)
def test_edge_cases(reference, hypothesis, counts, rates) -> None:
    result = wer(reference, hypothesis)
    assert (result.hits, result.substitutions, result.deletions, result.insertions) == counts
    assert (result.wer, result.mer, result.wil) == pytest.approx(rates)
    theirs = jiwer.process_words(
        reference, hypothesis, jiwer.wer_standardize, jiwer.wer_standardize
    )
    _same_as_jiwer(result, theirs)


def test_a_media_scores_zero_against_itself_and_its_text(samples_dir) -> None:
    media = vbformats.load(samples_dir / "stereo_call.json")
    for preset in ("standard", "raw", "loose"):
        assert wer(media, media, normalize=preset).wer == 0.0
        assert wer(media, vbformats.render(media, "text"), normalize=preset).wer == 0.0
        assert wer(vbformats.render(media, "srt").encode(), media, normalize=preset).wer == 0.0


def test_loose_ignores_punctuation_hyphens_and_number_formatting() -> None:
    reference = "The account is 4472, it's $5 and uh-huh (really)"
    # "loose" expands contractions like "standard" does: "it's" = "it is"
    hypothesis = "the account is four four seven two it is five dollars and uh huh really"
    assert wer(reference, hypothesis, normalize="loose").wer == 0.0
    assert wer(reference, hypothesis).wer > 0.5
    custom = Normalization(lowercase=False)
    assert wer("Hello there", "hello there", normalize=custom).substitutions == 1
    assert wer("Hello there", "hello there", normalize={"lowercase": True}).wer == 0.0


def _speaker_call() -> vbformats.Media:
    words = []
    clock = 0
    for speaker, text in (
        ("Agent", "hello how can I help"),
        ("Caller", "my router is down"),
        ("Agent", "let me check"),
    ):
        spoken = text.split()
        words.append({"s": clock, "e": clock + 300 * len(spoken), "w": speaker, "m": "turn"})
        for word in spoken:
            words.append({"s": clock, "e": clock + 250, "w": word})
            clock += 300
        clock += 500
    return vbformats.load({"transcript": {"words": words}})


def test_per_speaker_and_per_turn_add_up_to_the_totals() -> None:
    reference = _speaker_call()
    result = wer(reference, "oh hello how I help my new router is down let me check it")
    totals = (result.hits, result.substitutions, result.deletions, result.insertions)
    for parts in (list(result.per_speaker.values()), [turn.score for turn in result.per_turn]):
        assert (
            tuple(
                sum(getattr(p, name) for p in parts)
                for name in ("hits", "substitutions", "deletions", "insertions")
            )
            == totals
        )
        assert sum(p.words for p in parts) == result.reference_words
    agent, caller = result.per_speaker["Agent"], result.per_speaker["Caller"]
    # agent: "oh" inserted before the first word (counts for it), "can" deleted; "it" after
    # "check" is the agent's again; caller: "new" inserted
    assert (agent.words, agent.hits, agent.deletions, agent.insertions) == (8, 7, 1, 2)
    assert (caller.words, caller.hits, caller.insertions) == (4, 4, 1)
    assert caller.wer == 0.25
    turns = result.per_turn
    assert [(t.number, t.speaker, t.start_ms, t.end_ms) for t in turns] == [
        (0, "Agent", 0, 1450),
        (1, "Caller", 2000, 3150),  # words at 2000, 2300, 2600, 2900, each 250 ms
        (2, "Agent", 3700, 4550),
    ]


def test_pairs_carry_words_as_written_times_and_speakers() -> None:
    reference = _speaker_call()
    result = wer(reference, "Hello, how can I help? My router is DOWN. Let me check")
    steps = [(p.op, p.reference, p.hypothesis, p.start_ms, p.speaker) for p in result.pairs]
    assert steps[0] == ("equal", "hello", "hello", 0, "Agent")
    assert result.pairs[0].hypothesis_text == "Hello"
    assert result.pairs[0].hypothesis_start_ms is None  # plain text has no times
    assert steps[8] == ("equal", "down", "down", 2900, "Caller")
    assert result.wer == 0.0


def test_frames_have_declared_nullable_dtypes() -> None:
    result = wer(_speaker_call(), "hello how I help my new router is down let me check")
    frame = result.frame()
    assert [str(t) for t in frame.dtypes] == [c.dtype for c in PAIR_COLUMNS]
    assert list(frame.columns) == [c.name for c in PAIR_COLUMNS]
    assert frame.op.tolist().count("delete") == 1 and frame.op.tolist().count("insert") == 1
    assert frame.loc[frame.op == "insert", "reference"].isna().all()
    speakers = result.speakers_frame()
    assert [str(t) for t in speakers.dtypes] == ["category"] + [c.dtype for c in SCORE_COLUMNS]
    assert speakers.set_index("speaker").loc["Caller", "insertions"] == 1
    turns = result.turns_frame()
    assert turns.start_ms.dtype == "Int64" and turns.turn.tolist() == [0, 1, 2]
    empty = wer("", "").frame()
    assert len(empty) == 0 and [str(t) for t in empty.dtypes] == [c.dtype for c in PAIR_COLUMNS]


def test_to_dict_and_repr() -> None:
    result = wer(_speaker_call(), "hello how can I help my router is down let me check")
    data = result.to_dict(per_speaker=True, per_turn=True)
    assert data["wer"] == 0.0 and data["cer"] == 0.0 and data["reference_words"] == 12
    assert [row["speaker"] for row in data["speakers"]] == ["Agent", "Caller"]
    assert [row["turn"] for row in data["turns"]] == [0, 1, 2]
    assert repr(result).startswith("WERResult(wer=0.0000")


def test_files_go_through_load(tmp_path) -> None:
    path = tmp_path / "reference.txt"
    path.write_text("Agent: the cat sat\n\nCaller: on the mat\n", encoding="utf-8")
    result = wer(str(path), "the cat sat on a mat")
    assert result.substitutions == 1 and set(result.per_speaker) == {"Agent", "Caller"}
    assert result.per_speaker["Caller"].substitutions == 1


def test_bad_normalisation_and_input_types() -> None:
    with pytest.raises(InvalidInputError) as caught:
        wer("a", "a", normalize="fuzzy")
    assert caught.value.path == "normalize" and "standard" in caught.value.problem
    with pytest.raises(InvalidInputError) as caught:
        wer(3.5, "a")
    assert caught.value.path == "reference"
