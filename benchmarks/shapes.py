"""The variant generator: calls shaped the way users' calls are (issue #17).

A :class:`Shape` names every dimension of a generated call; :mod:`benchmarks.generate` gives the
named variants. One call is first built as a *structure* (turns → sentences → items with times)
and then written out as a VoiceBase v3 callback or a RingCentral speech-to-text result:

* **layout** ``stereo``: two channels, each turn listed whole and then the next (the array is
  not in time order), replies overlap the end of the previous turn, a backchannel of another
  speaker sits inside 12 % of the turns; ``mono``: one channel, no turn markers, words in time
  order; ``diarized``: turns one after the other (no overlap), as a diarizing recogniser
  returns them, with fillers the recogniser heard but the punctuated text leaves out (2 % of
  the words, ``um``) and numbers the text writes as digits (``twenty five`` → ``25``);
* **turns** of ``words_per_turn`` words (half of them at most 8 words long; a ``long_turns``
  share of 20-40 words instead), split into sentences of 3-16 words ending in ``.`` or ``?``, a
  comma inside some; every sentence starts with a capital letter;
* **speakers**: ``speakers`` names (:func:`benchmarks.vocabulary.speaker_name`); two alternate;
  more are first dealt out once each (so all of them speak, when there are enough turns) and
  then drawn at random, never the same twice in a row. Turn markers are written ``Alice`` or
  ``Alice: `` (half each) when ``mixed_labels``;
* **script** (``ascii``, ``mix``, ``accented``, ``cjk``, see :mod:`benchmarks.vocabulary`);
  ``ascii_twin`` spells every word in ASCII with the same display width;
* ``zero_length``: the share of words with ``s == e`` (recognisers emit them for clipped
  words);
* ``voice``: ``v`` and a 2-3 peak ``frq`` on every VoiceBase speech word.

The structure depends only on the seed, the layout, the script, the turn lengths and the
zero-length share: speaker names, label spelling, the ASCII twin, the voice features and the
vendor are drawn from their own random streams or applied afterwards. So ``crowd2`` and
``crowd20000`` have exactly the same words and times (only the names differ), ``mix`` and
``mix-ascii`` the same words spelled two ways, and ``ringcentral`` and ``ringcentral-vb`` the
same words written by the two vendors.

Sizes: a VoiceBase call has at least ``tokens`` entries in ``transcript.words`` (markers, words,
punctuation: what every reader iterates over); the ``diarized`` layout counts recognised words
instead (``response.words`` of the RingCentral result), so both vendors of one call have the
same size.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from typing import Any

from benchmarks.vocabulary import SCRIPTS, speaker_name, to_ascii

#: Bump when the output of this module changes (cached files carry it in their name).
VERSION = 4

_UNITS = "one two three four five six seven eight nine".split()  # noqa: SIM905
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_FILLERS = ("um", "uh", "hmm")


@dataclass(frozen=True)
class Shape:
    """Every dimension of one generated call (see the module docstring)."""

    layout: str = "stereo"  # stereo | mono | diarized
    vendor: str = "voicebase"  # voicebase | ringcentral
    words_per_turn: tuple[int, int] = (1, 40)
    long_turns: float = 0.0  # share of turns of 20-40 words instead
    speakers: int = 2
    script: str = "ascii"
    ascii_twin: bool = False
    zero_length: float = 0.03
    mixed_labels: bool = True
    voice: bool = True

    def twin(self) -> Shape:
        """The same call spelled in ASCII."""
        return replace(self, ascii_twin=True)


@dataclass
class _Item:
    text: str | None  # as the punctuated text writes it (None: a filler only the words have)
    words: list[tuple[str, int, int]]  # recognised words (lower case) with start/end ms


@dataclass
class _Sentence:
    items: list[_Item] = field(default_factory=list)
    comma_after: int = -1  # index of the item a comma follows
    mark: str = "."


@dataclass
class _Turn:
    sentences: list[_Sentence]
    inside: bool = False  # a backchannel listed after the turn it sits in
    speaker: int = 0
    colon: bool = False


def _number_words(value: int) -> list[str]:
    tens, units = divmod(value, 10)
    return [_TENS[tens - 2], _UNITS[units - 1]]


def _structure(shape: Shape, size: int, seed: int) -> list[_Turn]:
    """Turns in array order, with times; at least ``size`` tokens (or words, diarized)."""
    lo, hi = shape.words_per_turn
    # the stream's name is fixed (renaming it would change every variant's words)
    rng = random.Random(
        f"vbformats-bench-v3-{seed}-{shape.layout}-{shape.script}-{lo}-{hi}-{shape.zero_length}"
        + (f"-{shape.long_turns}" if shape.long_turns else "")
    )
    script = SCRIPTS[shape.script]
    diarized = shape.layout == "diarized"
    stereo = shape.layout == "stereo"
    markers = shape.layout != "mono"
    turns: list[_Turn] = []
    count = 0
    clock = rng.randint(20, 90) * 10

    def pick() -> str:
        if script.foreign and rng.random() < script.foreign_share:
            return rng.choice(script.foreign)
        return rng.choice(script.words)

    def timed(word: str) -> tuple[str, int, int]:
        nonlocal clock
        duration = 0 if rng.random() < shape.zero_length else rng.randint(12, 52) * 10
        start = clock
        clock += duration + rng.choice((0, 0, 1, 3, 6, 12)) * 10
        return word.lower(), start, start + duration

    while count < size:
        turn_start = clock
        if shape.long_turns and rng.random() < shape.long_turns:
            wanted = rng.randint(20, 40)
        elif rng.random() < 0.5:
            wanted = rng.randint(lo, hi)
        else:
            wanted = rng.randint(lo, min(hi, lo + 7))
        sentences: list[_Sentence] = []
        while wanted > 0:
            length = min(wanted, rng.randint(3, 16))
            wanted -= length
            sentence = _Sentence()
            for index in range(length):
                if diarized and rng.random() < 0.02:
                    sentence.items.append(_Item(None, [timed(rng.choice(_FILLERS))]))
                    count += 1
                if diarized and rng.random() < 0.005:
                    value = rng.randint(2, 9) * 10 + rng.randint(1, 9)
                    words = [timed(w) for w in _number_words(value)]
                    sentence.items.append(_Item(str(value), words))
                    count += 2
                else:
                    word = pick()
                    sentence.items.append(_Item(word, [timed(word)]))
                    count += 1
                if index == length // 2 and length > 8 and rng.random() < 0.4:
                    sentence.comma_after = len(sentence.items) - 1
                    count += 0 if diarized else 1
            sentence.mark = script.question if rng.random() < 0.2 else script.full_stop
            count += 0 if diarized else 1
            clock += rng.randint(15, 70) * 10
            sentences.append(sentence)
        turns.append(_Turn(sentences))
        count += 1 if markers and not diarized else 0
        end = max(w[2] for s in sentences for item in s.items for w in item.words)
        if stereo and rng.random() < 0.12 and count < size:
            saved = clock
            clock = rng.randint(turn_start // 10, max(turn_start, end - 400) // 10) * 10
            word = rng.choice(script.backchannels)
            backchannel = _Sentence([_Item(word, [timed(word)])], mark="")
            clock = saved
            turns.append(_Turn([backchannel], inside=True))
            count += 2
        if stereo:
            clock = max(0, end + rng.randint(-90, 150) * 10)
        else:
            clock = end + rng.randint(2, 150) * 10
    _assign_speakers(turns, shape, seed)
    return turns


def _assign_speakers(turns: list[_Turn], shape: Shape, seed: int) -> None:
    """Speaker of every turn and the spelling of its marker, from their own random stream."""
    rng = random.Random(f"vbformats-bench-speakers-{seed}-{shape.speakers}")
    count = shape.speakers
    deal = list(range(count))
    rng.shuffle(deal)
    previous = -1
    main_index = 0
    for turn in turns:
        if turn.inside:
            host = previous
            other = (host + 1) % count if count == 2 else rng.randrange(count - 1)
            if count != 2 and other >= host:
                other += 1
            turn.speaker = other
        elif count == 1:
            turn.speaker = 0
        elif count == 2:
            turn.speaker = main_index % 2
        elif main_index < count:
            turn.speaker = deal[main_index]
        else:
            choice = rng.randrange(count - 1)
            turn.speaker = choice + 1 if choice >= previous else choice
        if not turn.inside:
            previous = turn.speaker
            main_index += 1
        turn.colon = shape.mixed_labels and rng.random() < 0.5


def _number(value: float) -> str:
    """Three decimals, trailing zeros trimmed the way JSON encoders print floats."""
    text = f"{value:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _seconds(ms: int) -> str:
    whole, rest = divmod(ms, 1000)
    return str(whole) if rest == 0 else f"{whole}.{rest:03d}".rstrip("0")


class _Spell:
    """Word → its spelling in this call (ASCII twin or not) and its JSON string literal."""

    def __init__(self, twin: bool) -> None:
        self.twin = twin
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        literal = self.cache.get(text)
        if literal is None:
            literal = self.cache[text] = json.dumps(
                to_ascii(text) if self.twin else text, ensure_ascii=False
            )
        return literal


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def voicebase_text(shape: Shape, size: int, seed: int) -> tuple[str, dict[str, Any]]:
    """A VoiceBase v3 callback of this shape, as JSON text, and its facts (see ``meta``)."""
    turns = _structure(shape, size, seed)
    voice = random.Random(f"vbformats-bench-voice-{seed}")
    spell = _Spell(shape.ascii_twin)
    names = [speaker_name(k, shape.speakers) for k in range(shape.speakers)]
    parts: list[str] = []
    speech = 0
    used: set[int] = set()

    def word(text: str, start: int, end: int) -> None:
        nonlocal speech
        head = (
            f'{{"p":{len(parts)},"c":{_number(voice.uniform(0.35, 1.0))},"s":{start},'
            f'"e":{end},"w":{spell(text)}'
        )
        if shape.voice:
            base = voice.uniform(95.0, 260.0)
            peaks = [f'{{"e":1,"f":{_number(base)}}}']
            for _ in range(voice.randint(1, 2)):
                base *= voice.uniform(1.7, 2.3)
                peaks.append(f'{{"e":{_number(voice.uniform(0.05, 0.95))},"f":{_number(base)}}}')
            head += f',"v":{_number(voice.uniform(2.0, 30.0))},"frq":[{",".join(peaks)}]'
        parts.append(head + "}")
        speech += 1

    def punctuation(mark: str, at: int) -> None:
        parts.append(f'{{"p":{len(parts)},"c":1.0,"s":{at},"e":{at},"w":{spell(mark)},"m":"punc"}}')

    for turn in turns:
        items = [item for sentence in turn.sentences for item in sentence.items]
        if shape.layout != "mono":
            used.add(turn.speaker)
            label = names[turn.speaker] + (": " if turn.colon else "")
            _, first_start, first_end = items[0].words[0]
            parts.append(
                f'{{"p":{len(parts)},"c":1.0,"s":{first_start},"e":{first_end},'
                f'"w":{json.dumps(label)},"m":"turn"}}'
            )
        for sentence in turn.sentences:
            for index, item in enumerate(sentence.items):
                start, end = item.words[0][1], item.words[-1][2]
                if item.text is None:  # a filler: VoiceBase writes what it heard
                    word(item.words[0][0], start, end)
                else:
                    word(_capital(item.text) if index == 0 else item.text, start, end)
                if index == sentence.comma_after:
                    punctuation(SCRIPTS[shape.script].comma, end)
            if sentence.mark:
                punctuation(sentence.mark, sentence.items[-1].words[-1][2])
    length = max(w[2] for t in turns for s in t.sentences for i in s.items for w in i.words)
    body = ",\n".join(parts)
    text = (
        "{"
        f'"mediaId":"bench-{size}-{seed}","status":"finished",'
        '"dateCreated":"2024-03-01T10:00:00Z","dateFinished":"2024-03-01T10:05:00Z",'
        f'"mediaContentType":"audio/x-wav","length":{length + 1000},'
        '"metadata":{"extended":{"callId":"c-1","queue":"billing"}},'
        f'"x-benchmark":{{"generator":{VERSION},"seed":{seed}}},'
        '"knowledge":{"keywords":[{"keyword":"billing","relevance":"0.91","mentions":'
        f'[{{"speakerName":{json.dumps(names[0])},"occurrences":[{{"s":1200,"e":1800,'
        '"exact":"billing"}]}]}],"topics":[]},'
        '"metrics":[{"metricGroupName":"overtalk","metrics":[{"metricName":"overtalk-ratio",'
        '"metricValue":0.04}]}],'
        '"transcript":{"confidence":0.87,"engineRevision":"bench",'
        f'"words":[\n{body}\n]}}}}\n'
    )
    meta = {
        "tokens": len(parts),
        "words": speech,
        "turns": sum(1 for t in turns if shape.layout != "mono"),
        "speakers": len(used),
    }
    return text, meta


def ringcentral_text(shape: Shape, size: int, seed: int) -> tuple[str, dict[str, Any]]:
    """A RingCentral speech-to-text job result (2023+ envelope, diarized): top-level
    ``words`` (lower case, no punctuation, with ``speakerId``) and one utterance per sentence
    (punctuated, cased ``text``, no ``wordTimings``), as JSON text, and its facts."""
    turns = _structure(shape, size, seed)
    confidence = random.Random(f"vbformats-bench-confidence-{seed}")
    spell = _Spell(shape.ascii_twin)
    words: list[str] = []
    utterances: list[str] = []
    texts: list[str] = []
    script = SCRIPTS[shape.script]
    used: set[int] = set()
    for turn in turns:
        used.add(turn.speaker)
        speaker = f'"speakerId":"{turn.speaker}"'
        for sentence in turn.sentences:
            tokens: list[str] = []
            for index, item in enumerate(sentence.items):
                for text, start, end in item.words:
                    words.append(
                        f'{{"word":{spell(text)},"start":{_seconds(start)},"end":{_seconds(end)},'
                        f'"confidence":{_number(confidence.uniform(0.35, 1.0))},{speaker}}}'
                    )
                if item.text is not None:
                    token = _capital(item.text) if not tokens else item.text
                    if index == sentence.comma_after:
                        token += script.comma
                    tokens.append(token)
            if tokens:
                tokens[-1] += sentence.mark
            text = " ".join(tokens)
            literal = json.dumps(to_ascii(text) if shape.ascii_twin else text, ensure_ascii=False)
            texts.append(literal[1:-1])
            first, last = sentence.items[0].words[0][1], sentence.items[-1].words[-1][2]
            utterances.append(
                f'{{{speaker},"start":{_seconds(first)},"end":{_seconds(last)},'
                f'"confidence":0.85,"text":{literal}}}'
            )
    text = (
        '{"jobId":"bench-' + f'{size}-{seed}",'
        '"api":"/ai/audio/v1/async/speech-to-text",'
        '"creationTime":"2024-03-01T10:00:00.000Z","completionTime":"2024-03-01T10:04:00.000Z",'
        '"expirationTime":"2024-03-08T10:00:00.000Z","status":"Success",'
        f'"response":{{"confidence":0.87,"speakerCount":{len(used)},'
        f'"transcript":"{" ".join(texts)}",'
        f'"words":[\n{",".join(words)}\n],'
        f'"utterances":[\n{",".join(utterances)}\n]}}}}\n'
    )
    meta = {
        "tokens": len(words),
        "words": len(words),
        "turns": len(turns),
        "utterances": len(utterances),
        "speakers": len(used),
    }
    return text, meta


def generate(shape: Shape, size: int, seed: int) -> tuple[str, dict[str, Any]]:
    """The call of ``shape`` and ``size`` as JSON text, and its facts."""
    if shape.vendor == "ringcentral":
        return ringcentral_text(shape, size, seed)
    return voicebase_text(shape, size, seed)
