"""RingCentral AI API results → :class:`~vbformats.models.media.Media`.

Every envelope generation is accepted (see :mod:`vbformats.models.ringcentral`): 2023+
(``jobId``, ``api``, times, ``status``, ``response``), 2022 (``{status, response}``) and the bare
speaker-identification ``{"utterances": [...]}``. The result kind comes from ``api`` when present,
otherwise from the keys of ``response``. A job without a result raises
:class:`~vbformats.errors.JobInProgressError`; a failed one (``status: "Fail"`` or a
``response.errors`` list) raises :class:`~vbformats.errors.JobFailedError` carrying every
``errorCode`` / ``message`` / ``parameterName``.

The result becomes a VoiceBase-shaped :class:`Media` (so every writer, frame and metric works on
it) plus the RingCentral extension at ``media.ringcentral`` (:class:`RingCentralResult`: envelope,
typed result, payload as read). ``media.to_dict()`` is the VoiceBase-shaped document of the
converted result; ``media.ringcentral.to_dict()`` is the RingCentral payload.

How each kind maps (the rules the issue left open are decided here):

* **Times**: seconds → integer ms with :func:`~vbformats.timing.seconds_to_ms` (rounded).
* **Speech-to-text words**: from ``utterances[].wordTimings`` when any utterance has them;
  else the top-level ``words`` are given to the utterance whose span holds the word's midpoint
  (same speaker preferred, else the nearest utterance); without utterances, ``words`` against
  ``transcript``. Utterances are taken in time order (stable), never merged across speakers:
  crosstalk from channel-separated audio stays two speakers' overlapping turns.
* **Punctuated text, times from the words**: each utterance text (or ``transcript``) is split
  into tokens; a token's letters and digits are aligned to the lower-case words (a windowed
  greedy diff, linear time). An aligned word is emitted with the text's casing (``"Rachel"``)
  and its own times; trailing punctuation becomes a ``m="punc"`` token at the word's end
  (``s = e``, ``c = 1.0``), as VoiceBase writes it. Where the two differ:
  same number of tokens and words → paired in order (times exact); a different number
  (inverse text normalisation: ``"100 %"`` for *one hundred percent*, ``"J O H N S O N"``) →
  the text tokens share the words' span in proportion to their length; text tokens without any
  word → spread over the gap around them; words absent from the text → kept as recognised.
  Tokens whose times were spread are flagged in ``media.words.estimated``. So text, SRT, WebVTT
  and DFXP read like the utterance text while every cue time comes from the word list.
* **Speakers**: a turn marker (``m="turn"``, ``w`` = name, ``s``/``e`` = the turn's span,
  ``c = 1.0``) before the first token of each change of speaker id. Names: the caller's
  ``speakers`` map, else ``"Speaker 0"`` for ordinal ids (one to three digits), the id itself for
  enrolled / extension ids and for every speaker-identification id, ``"Unknown"`` for
  ``UserNotIdentified`` and for tokens without an id in an otherwise diarized result. A result
  without any speaker id gets no marker (one speaker-less turn, like a mono VoiceBase file).
* **Word confidence**: the word's, else its utterance's; never a segment confidence of
  diarization or identification (the latter is not 0..1).
* **Diarize / identify**: ``transcript.voiceActivity`` per speaker (no words).
* **Interaction analytics**: utterance insights as speech-to-text utterances (estimated word
  times when ``wordTimings`` is absent) plus ``voiceActivity`` from the utterance spans;
  ``KeyPhrases`` → ``knowledge.keywords`` grouped case-insensitively (``relevance`` = the
  highest occurrence confidence, a stand-in; each mention's speaker is the utterance holding the
  occurrence's midpoint, else none); ``Topics`` → ``knowledge.topics`` (``relevance`` =
  confidence). Emotions, speaker insights, summaries and unknown insights stay in the extension
  (and the :mod:`vbformats.frames_ringcentral` tables); nothing is forced into VoiceBase's
  numeric sentiment or metric fields.
* **Summarize, punctuate, legacy emotion**: no transcript; extension only.
* ``mediaId`` = ``jobId``, ``status`` = ``"finished"`` for ``Success``, ``dateCreated`` /
  ``dateFinished`` / ``expiresOn`` = the job times, ``length`` only from the legacy
  ``audio_duration`` (RingCentral does not report the media length; the last word's end is not it).

Nothing here prints or logs a URL; error messages built from payload text are redacted.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import msgspec
from pydantic import TypeAdapter, ValidationError

from vbformats.errors import (
    InvalidInputError,
    JobFailedError,
    JobInProgressError,
    LossyConversionWarning,
)
from vbformats.models.base import raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.ringcentral import (
    Diarization,
    EmotionSegment,
    Interaction,
    PunctuateOutput,
    ResultKind,
    RingCentralError,
    RingCentralResult,
    RingCentralWord,
    SpeechToText,
    SummaryOutput,
    Utterance,
    default_speaker_name,
)
from vbformats.models.words import WordTable, words_from_json
from vbformats.redaction import redact
from vbformats.timing import seconds_to_ms

__all__ = [
    "ENVELOPE_KEYS",
    "decode",
    "is_ringcentral",
    "media_from_ringcentral",
    "result_kind",
    "sniff_json",
]

logger = logging.getLogger("vbformats.ringcentral")

#: Top-level keys of a job envelope (webhook body = job-status body).
ENVELOPE_KEYS = frozenset(
    {"jobId", "api", "creationTime", "completionTime", "expirationTime", "status", "response"}
)
_NEW_ENVELOPE_KEYS = frozenset({"jobId", "api", "creationTime", "completionTime", "expirationTime"})
# Keys only a VoiceBase document has at its top level.
_VOICEBASE_KEYS = frozenset(
    {
        "mediaId",
        "transcript",
        "transcripts",
        "_links",
        "knowledge",
        "metrics",
        "prediction",
        "spotting",
        "mediaContentType",
        "length",
        "dateCreated",
    }
)
_RC_STATUSES = frozenset({"Success", "Fail", "InProgress"})
_KINDS: frozenset[str] = frozenset(
    {
        "speech-to-text",
        "speaker-diarize",
        "speaker-identify",
        "analyze-interaction",
        "summarize",
        "punctuate",
        "recognize-emotion",
    }
)
_HEAD_BYTES = 8192
_HEAD_B = re.compile(
    rb'"(?:response|jobId|api|utterances)"\s*:|"status"\s*:\s*"(?:Success|Fail|InProgress)"'
)
_HEAD_S = re.compile(
    r'"(?:response|jobId|api|utterances)"\s*:|"status"\s*:\s*"(?:Success|Fail|InProgress)"'
)
_SMALL_VALUE = 1024
_TURN_CONFIDENCE = 1.0
_PUNC_CONFIDENCE = 1.0
# How far (in tokens, each side) the aligner looks for the next agreeing pair.
_ALIGN_WINDOW = 8

_EMOTIONS = TypeAdapter(list[EmotionSegment])


# --- recognising a payload ---------------------------------------------------------------------


def sniff_json(text: bytes | str) -> bool:
    """Cheap check on raw JSON text: is this a RingCentral AI payload?

    Looks for an envelope key in the first 8 KiB; only then scans the top-level keys (no
    objects are built for the large values) and applies :func:`is_ringcentral` to them. A
    VoiceBase document never gets past the first step in practice.
    """
    head = text[:_HEAD_BYTES]
    found = _HEAD_B.search(head) if isinstance(head, bytes) else _HEAD_S.search(head)
    if found is None:
        return False
    try:
        top = msgspec.json.decode(text, type=dict[str, msgspec.Raw])
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return False  # not an object, or invalid JSON: the VoiceBase reader explains
    probe: dict[str, Any] = {}
    for key, raw in top.items():
        data = memoryview(raw).tobytes() if len(raw) <= _SMALL_VALUE else memoryview(raw)[:1]
        if key in ("response", "utterances") or len(raw) > _SMALL_VALUE:
            first = bytes(data[:1])
            probe[key] = [] if first == b"[" else {} if first == b"{" else None
        else:
            try:
                probe[key] = msgspec.json.decode(data)
            except (msgspec.DecodeError, UnicodeDecodeError):  # invalid UTF-8 inside a string
                probe[key] = None
    return is_ringcentral(probe)


def decode(text: bytes | str) -> dict[str, Any]:
    """Decode RingCentral JSON text to a dict.

    Raises:
        InvalidInputError: invalid JSON, or a top level that is not an object.
    """
    try:
        doc = msgspec.json.decode(text)
    except msgspec.DecodeError as error:
        raise InvalidInputError("", f"invalid JSON: {error}") from None
    except UnicodeDecodeError as error:  # msgspec decodes string contents lazily
        raise InvalidInputError("", f"invalid UTF-8 at byte {error.start}") from None
    if not isinstance(doc, dict):
        raise InvalidInputError("", f"top level must be a JSON object, got {type(doc).__name__}")
    return doc


def is_ringcentral(doc: dict[str, Any]) -> bool:
    """Is this parsed document a RingCentral AI payload (any envelope generation)?

    True for: an ``api`` path under ``/ai/``; a ``response`` key (VoiceBase has none); a
    ``jobId`` (a job-status body, or the 202 acknowledgement); a RingCentral status word
    (``Success``/``Fail``/``InProgress``) with only envelope keys; a bare
    ``{"utterances": [...]}``. False whenever a VoiceBase-only key (``mediaId``, ``transcript``...)
    is present.
    """
    if not isinstance(doc, dict):
        return False
    keys = set(doc)
    if keys & _VOICEBASE_KEYS:
        return False
    api = doc.get("api")
    if isinstance(api, str) and api.startswith("/ai/"):
        return True
    if "response" in keys or "jobId" in keys:
        return True
    if keys <= ENVELOPE_KEYS and doc.get("status") in _RC_STATUSES:
        return True
    return (
        "utterances" in keys
        and keys <= {"utterances", "speakerCount"}
        and isinstance(doc["utterances"], list)
    )


def result_kind(api: Any, response: Any) -> ResultKind:
    """The result kind: the last segment of ``api`` when it names one, else from the keys.

    Keys: ``utteranceInsights``/``speakerInsights``/``conversationalInsights`` → interaction;
    ``transcript``/``words`` (or utterances with text) → speech-to-text; ``summaries`` →
    summarize; ``texts`` → punctuate; a list → legacy emotion; text-less ``utterances`` →
    diarize when ``speakerCount`` is present (it is required there), else identify.
    """
    if isinstance(api, str):
        last = api.rstrip("/").rsplit("/", 1)[-1]
        if last in _KINDS:
            return cast(ResultKind, last)
    if isinstance(response, list):
        return "recognize-emotion"
    if not isinstance(response, dict):
        return "unknown"
    keys = set(response)
    if keys & {"utteranceInsights", "speakerInsights", "conversationalInsights"}:
        return "analyze-interaction"
    if keys & {"transcript", "words"}:
        return "speech-to-text"
    if "summaries" in keys:
        return "summarize"
    if "texts" in keys:
        return "punctuate"
    if "utterances" in keys:
        utterances = response["utterances"]
        if isinstance(utterances, list) and any(
            isinstance(u, dict) and "text" in u for u in utterances
        ):
            return "speech-to-text"
        return "speaker-diarize" if "speakerCount" in keys else "speaker-identify"
    return "unknown"


# --- speaker names -----------------------------------------------------------------------------


def _check_speakers(speakers: Any) -> dict[str, str]:
    if speakers is None:
        return {}
    if not isinstance(speakers, Mapping):
        raise InvalidInputError(
            "speakers", f"expected a mapping of speaker id to name, got {type(speakers).__name__}"
        )
    out: dict[str, str] = {}
    for key, name in speakers.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                f"speakers[{str(key)!r}]", "a speaker name must be a non-empty string"
            )
        out[str(key)] = name.strip()
    return out


class _Names:
    """Speaker id → name, remembering every id it was asked about."""

    def __init__(self, given: dict[str, str], kind: str) -> None:
        self.given = given
        self.kind = kind
        self.used: dict[str, str] = {}

    def __call__(self, speaker_id: str | None) -> str | None:
        if speaker_id is None or speaker_id == "":
            return None
        name = self.used.get(speaker_id)
        if name is None:
            name = self.given.get(speaker_id) or default_speaker_name(speaker_id, self.kind)
            self.used[speaker_id] = name
        return name


# --- the conversion ----------------------------------------------------------------------------


def media_from_ringcentral(doc: dict[str, Any], speakers: dict[str, str] | None = None) -> Media:
    """Convert a RingCentral AI payload (any envelope generation) to a :class:`Media`.

    Args:
        doc: The parsed payload (webhook body, job-status body, or a bare result).
        speakers: Speaker id → display name (``{"0": "Agent", "1": "Customer"}``); ids not in
            the map get :func:`default_speaker_name`.

    Returns:
        A VoiceBase-shaped :class:`Media` with ``source_format == "ringcentral"`` and the
        RingCentral extension at ``media.ringcentral``.

    Raises:
        JobInProgressError: the job has no result yet (``InProgress``, any other non-final
            status, or a 202 acknowledgement ``{"jobId": ...}``).
        JobFailedError: ``status: "Fail"`` or ``response.errors``; carries the job id and every
            ``errorCode`` / ``message`` / ``parameterName``.
        InvalidInputError: a malformed payload; the message names the JSON path
            (``response.utterances[2].wordTimings[0].end``).
    """
    if not isinstance(doc, dict):
        raise InvalidInputError("", f"top level must be a JSON object, got {type(doc).__name__}")
    names_given = _check_speakers(speakers)
    keys = set(doc)
    envelope_fields = {key: _optional_str(doc, key) for key in sorted(_NEW_ENVELOPE_KEYS)}
    status = _optional_str(doc, "status")
    job_id = envelope_fields["jobId"]
    envelope: str
    prefix: str
    if keys & ENVELOPE_KEYS:
        envelope = "2023" if keys & _NEW_ENVELOPE_KEYS else "2022"
        response = doc.get("response")
        prefix = "response"
    elif "utterances" in keys:
        envelope, response, prefix = "bare", doc, ""
    else:
        raise InvalidInputError("", "not a RingCentral AI result (no response, no utterances)")

    _check_outcome(status, response, job_id)
    kind = result_kind(envelope_fields["api"], response)
    result = RingCentralResult(
        kind=kind,
        envelope=cast(Any, envelope),
        job_id=job_id,
        api=envelope_fields["api"],
        status=status,
        creation_time=envelope_fields["creationTime"],
        completion_time=envelope_fields["completionTime"],
        expiration_time=envelope_fields["expirationTime"],
        raw=doc,
    )
    _attach_typed_result(result, kind, response, prefix)
    names = _Names(names_given, kind)

    out: dict[str, Any] = {}
    if job_id is not None:
        out["mediaId"] = job_id
    if status is not None and status.lower() == "success":
        out["status"] = "finished"
    if result.creation_time is not None:
        out["dateCreated"] = result.creation_time
    if result.completion_time is not None:
        out["dateFinished"] = result.completion_time
    if result.expiration_time is not None:
        out["expiresOn"] = result.expiration_time

    table: WordTable | None = None
    transcript: dict[str, Any] = {}
    if result.speech_to_text is not None:
        stt = result.speech_to_text
        table = _build_words(_stt_segments(stt, names), names)
        if stt.confidence is not None:
            transcript["confidence"] = stt.confidence
        if stt.audio_duration is not None:
            out["length"] = seconds_to_ms(stt.audio_duration)
    elif result.diarization is not None:
        table = WordTable()
        spans = [
            (names(seg.speaker_id), seg.start_ms, seg.end_ms)
            for seg in result.diarization.utterances
        ]
        transcript["voiceActivity"] = _voice_activity(cast(Any, spans))
    elif result.interaction is not None:
        interaction = result.interaction
        utterances = interaction.utterance_insights or []
        if utterances:
            table = _build_words(_utterance_segments(utterances, [], names), names)
            spans = [(names(u.speaker_id), u.start_ms, u.end_ms) for u in utterances]
            if any(name is not None for name, _, _ in spans):
                transcript["voiceActivity"] = _voice_activity(cast(Any, spans))
        knowledge = _knowledge(interaction, names)
        if knowledge:
            out["knowledge"] = knowledge
    elif kind == "unknown":
        warnings.warn(
            "unrecognised RingCentral result: nothing converted; the payload is kept in "
            "media.ringcentral.raw",
            LossyConversionWarning,
            stacklevel=3,
        )
    if table is not None:
        transcript["words"] = table
    if transcript:
        out["transcript"] = transcript
    _name_insight_speakers(result, names)
    result.speakers = {**names.given, **names.used}

    try:
        media = Media.model_validate(out)
    except ValidationError as error:  # pragma: no cover - the dict is built above
        raise raise_from_validation_error(error) from None
    media.source_format = "ringcentral"
    media.ringcentral = result
    logger.debug(
        "read a RingCentral %s result (%s envelope, job %s): %d tokens",
        kind,
        envelope,
        job_id or "-",
        len(media.words),
    )
    return media


def _optional_str(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInputError(key, f"expected a string, got {type(value).__name__}")


def _check_outcome(status: str | None, response: Any, job_id: str | None) -> None:
    """Raise for a failed job or one without a result yet."""
    lowered = status.lower() if status is not None else None
    errors = response.get("errors") if isinstance(response, dict) else None
    if errors is not None or lowered == "fail":
        raise _failure(status, errors, job_id)
    if response is None:
        if lowered == "success":
            raise InvalidInputError("response", "a finished job (status 'Success') has no result")
        raise JobInProgressError(job_id, status)
    if lowered not in (None, "success"):
        # The spec knows only Success and Fail; the docs add InProgress. Anything else is not a
        # final result, whatever it carries.
        raise JobInProgressError(job_id, status)


def _failure(status: str | None, errors: Any, job_id: str | None) -> JobFailedError:
    entries = errors if isinstance(errors, list) else [] if errors is None else [errors]
    details: list[tuple[str | None, str | None, str | None]] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            try:
                error = RingCentralError.model_validate(entry)
            except ValidationError as problem:
                raise _invalid(problem, f"response.errors[{index}]") from None
            message = redact(error.message) if error.message is not None else None
            details.append((error.error_code, message, error.parameter_name))
        elif entry is not None:
            details.append((None, redact(str(entry)), None))
    parts = []
    for code, message, parameter in details:
        text = message or "no message"
        if code:
            text = f"{code}: {text}"
        if parameter:
            text += f" (parameter {parameter})"
        parts.append(text)
    summary = "; ".join(parts) or "the job failed without error details"
    codes = tuple(code for code, _, _ in details if code)
    return JobFailedError(redact(summary), status or "Fail", codes, None, job_id, tuple(details))


_MODELS: dict[str, Any] = {
    "speech-to-text": SpeechToText,
    "speaker-diarize": Diarization,
    "speaker-identify": Diarization,
    "analyze-interaction": Interaction,
    "summarize": SummaryOutput,
    "punctuate": PunctuateOutput,
}
_ATTRIBUTES = {
    "speech-to-text": "speech_to_text",
    "speaker-diarize": "diarization",
    "speaker-identify": "diarization",
    "analyze-interaction": "interaction",
    "summarize": "summary",
    "punctuate": "punctuation",
}


def _attach_typed_result(result: RingCentralResult, kind: str, response: Any, prefix: str) -> None:
    try:
        if kind == "recognize-emotion":
            result.emotions = _EMOTIONS.validate_python(response)
        elif kind in _MODELS:
            setattr(result, _ATTRIBUTES[kind], _MODELS[kind].model_validate(response))
    except ValidationError as error:
        raise _invalid(error, prefix) from None


def _invalid(error: ValidationError, prefix: str) -> InvalidInputError:
    """Our error for pydantic's, with the word index a msgspec-checked word list adds."""
    problem = raise_from_validation_error(error, prefix)
    first = error.errors(include_url=False)[0]
    path = problem.path
    at = (first.get("ctx") or {}).get("at") if first["type"] == "ringcentral_words" else None
    if at:
        path += str(at)
    message = problem.problem.removeprefix("Value error, ")
    return InvalidInputError(path, redact(message))


# --- words, punctuation and turn markers -------------------------------------------------------


@dataclass
class _TimedWord:
    key: str
    text: str
    start_ms: int
    end_ms: int
    confidence: float | None
    speaker: str | None  # speaker id


@dataclass
class _Segment:
    """Text to align with timed words, inside ``[start_ms, end_ms]``."""

    text: str | None
    words: list[_TimedWord]
    start_ms: int
    end_ms: int
    confidence: float | None
    speaker: str | None  # speaker id of the utterance
    # the whole transcript against all words: speakers come from the words, and text tokens
    # without a word take the speaker of the token before them
    per_word: bool = False


@dataclass
class _Tokens:
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    punc: list[bool] = field(default_factory=list)
    confidence: list[float | None] = field(default_factory=list)
    estimated: list[bool] = field(default_factory=list)
    speaker: list[str | None] = field(default_factory=list)

    def add(
        self,
        text: str,
        start_ms: int,
        end_ms: int,
        confidence: float | None,
        speaker: str | None,
        *,
        punc: bool = False,
        estimated: bool = False,
    ) -> None:
        self.text.append(text)
        self.start.append(start_ms)
        self.end.append(max(end_ms, start_ms))
        self.confidence.append(confidence)
        self.speaker.append(speaker)
        self.punc.append(punc)
        self.estimated.append(estimated)


_NOT_ALNUM = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Alignment key: letters and digits, case-folded; a symbol-only token is its own key."""
    return _NOT_ALNUM.sub("", text.casefold()) or text


# the word is everything up to its last letter or digit ([^\W_] is exactly str.isalnum)
_WORD_AND_TRAIL = re.compile(r"(.*[^\W_])(.*)", re.DOTALL)


def _split_text(text: str) -> list[tuple[str, str]]:
    """``"Hi, Rachel."`` → ``[("Hi", ","), ("Rachel", ".")]``: (word, trailing punctuation).

    A chunk without any letter or digit (``"%"``, ``"—"``) is a word of its own, so joining the
    tokens back gives the text's spacing.
    """
    out = []
    match = _WORD_AND_TRAIL.fullmatch
    for chunk in text.split():
        found = match(chunk)
        out.append((chunk, "") if found is None else (found.group(1), found.group(2)))
    return out


# Times repeat (a word's end is often the next word's start): convert each value once.
_ms = functools.lru_cache(maxsize=1 << 16)(seconds_to_ms)


def _timed_words(words: list[RingCentralWord]) -> list[_TimedWord]:
    return [
        _TimedWord(_key(w.word), w.word, _ms(w.start), _ms(w.end), w.confidence, w.speaker_id)
        for w in words
    ]


def _stt_segments(stt: SpeechToText, names: _Names) -> list[_Segment]:
    utterances = stt.utterances or []
    words = stt.words or []
    if utterances:
        return _utterance_segments(utterances, words, names)
    if not words and not stt.transcript:
        return []
    timed = _timed_words(words)
    start = min((w.start_ms for w in timed), default=0)
    end = max((w.end_ms for w in timed), default=0)
    return [_Segment(stt.transcript, timed, start, end, stt.confidence, None, per_word=True)]


def _utterance_segments(
    utterances: list[Utterance], words: list[RingCentralWord], names: _Names
) -> list[_Segment]:
    """One segment per utterance, in time order (stable)."""
    if any(u.word_timings for u in utterances):
        per_utterance = [_timed_words(u.word_timings or []) for u in utterances]
    elif words:
        per_utterance = _assign_words(_timed_words(words), utterances)
    else:
        per_utterance = [[] for _ in utterances]
    order = sorted(range(len(utterances)), key=lambda k: utterances[k].start)
    segments = []
    for k in order:
        utterance = utterances[k]
        segments.append(
            _Segment(
                utterance.text,
                per_utterance[k],
                seconds_to_ms(utterance.start),
                seconds_to_ms(utterance.end),
                utterance.confidence,
                utterance.speaker_id,
            )
        )
    return segments


def _assign_words(words: list[_TimedWord], utterances: list[Utterance]) -> list[list[_TimedWord]]:
    """Give each top-level word to the utterance whose span holds its midpoint.

    Several candidates (crosstalk): the one with the word's own speaker id, else the latest
    starting. None: the nearer of the utterances just before and just after.
    """
    order = sorted(range(len(utterances)), key=lambda k: utterances[k].start)
    starts = [seconds_to_ms(utterances[k].start) for k in order]
    ends = [seconds_to_ms(utterances[k].end) for k in order]
    result: list[list[_TimedWord]] = [[] for _ in utterances]
    for word in words:
        middle = (word.start_ms + word.end_ms) / 2
        index = bisect.bisect_right(starts, middle)
        candidates = [t for t in range(index - 1, max(-1, index - 17), -1) if ends[t] >= middle]
        chosen: int | None = None
        if candidates:
            chosen = candidates[0]
            if word.speaker is not None:
                for t in candidates:
                    if utterances[order[t]].speaker_id == word.speaker:
                        chosen = t
                        break
        else:
            before = index - 1 if index > 0 else None
            after = index if index < len(order) else None
            if before is None:
                chosen = after
            elif after is None:
                chosen = before
            else:
                chosen = before if middle - ends[before] <= starts[after] - middle else after
        assert chosen is not None
        result[order[chosen]].append(word)
    return result


def _align(text_keys: list[str], word_keys: list[str]) -> list[tuple[int, int, int, int]]:
    """Blocks ``(i0, i1, j0, j1)`` covering both sequences in order.

    A block with one token and one word of equal keys is a match; any other block is a
    difference. At a mismatch the best agreeing pair within ``_ALIGN_WINDOW`` tokens each side
    is chosen by :func:`_resync`; none found → a 1:1 pair. Linear in the length of the
    sequences (a bounded amount of work per mismatch).
    """
    blocks = []
    i = j = 0
    n, m = len(text_keys), len(word_keys)
    while i < n and j < m:
        if text_keys[i] == word_keys[j]:
            blocks.append((i, i + 1, j, j + 1))
            i += 1
            j += 1
            continue
        skip = _resync(text_keys, word_keys, i, j)
        di, dj = skip if skip is not None else (1, 1)
        blocks.append((i, i + di, j, j + dj))
        i += di
        j += dj
    if i < n or j < m:
        blocks.append((i, n, j, m))
    return blocks


def _resync(a: list[str], b: list[str], i: int, j: int) -> tuple[int, int] | None:
    """The skip ``(di, dj)`` to the best agreeing pair near a mismatch at ``(i, j)``.

    Each candidate pair within the window costs its skip ``di + dj`` minus twice the length of
    the agreeing run it starts (capped at 3): a pair followed by more agreement wins over a
    nearer lone match of a common word, but a one-word insertion next to another difference
    (``um`` before ``J O N`` / ``jon``) is still found. Ties: the smaller skip.
    """
    n, m = len(a), len(b)
    best: tuple[int, int, int, int] | None = None  # (cost, total, di, dj)
    for di in range(min(_ALIGN_WINDOW, n - i - 1) + 1):
        for dj in range(min(_ALIGN_WINDOW, m - j - 1) + 1):
            if (di == 0 and dj == 0) or a[i + di] != b[j + dj]:
                continue
            run = 1
            while (
                run < 3
                and i + di + run < n
                and j + dj + run < m
                and a[i + di + run] == b[j + dj + run]
            ):
                run += 1
            total = di + dj
            candidate = (total - 2 * run, total, di, dj)
            if best is None or candidate < best:
                best = candidate
    return None if best is None else (best[2], best[3])


def _spread(weights: list[int], start_ms: int, end_ms: int) -> list[tuple[int, int]]:
    """Split ``[start_ms, end_ms]`` into consecutive spans proportional to ``weights``."""
    if end_ms <= start_ms:
        return [(start_ms, start_ms)] * len(weights)
    total = sum(weights)
    width = end_ms - start_ms
    spans = []
    done = 0
    for weight in weights:
        span_start = start_ms + width * done // total
        done += weight
        spans.append((span_start, start_ms + width * done // total))
    return spans


def _emit_segment(tokens: _Tokens, segment: _Segment) -> None:
    words = segment.words
    pieces = _split_text(segment.text) if segment.text else []

    def speaker_of(word: _TimedWord | None) -> str | None:
        if segment.speaker is not None:
            return segment.speaker
        if word is not None and word.speaker is not None:
            return word.speaker
        if not segment.per_word:
            return None
        return tokens.speaker[-1] if tokens.speaker else (words[0].speaker if words else None)

    def emit_text(
        index: int,
        start: int,
        end: int,
        confidence: float | None,
        speaker: str | None,
        estimated: bool,
    ) -> None:
        text, trail = pieces[index]
        tokens.add(text, start, end, confidence, speaker, estimated=estimated)
        if trail:
            tokens.add(trail, end, end, _PUNC_CONFIDENCE, speaker, punc=True)

    last_end = segment.start_ms
    blocks = _align([_key(p[0]) for p in pieces], [w.key for w in words])
    for i0, i1, j0, j1 in blocks:
        di, dj = i1 - i0, j1 - j0
        if di == dj:  # matches, and same-length differences: pair in order, times exact
            for offset in range(di):
                word = words[j0 + offset]
                conf = word.confidence if word.confidence is not None else segment.confidence
                emit_text(i0 + offset, word.start_ms, word.end_ms, conf, speaker_of(word), False)
                last_end = max(last_end, word.end_ms)
        elif di == 0:  # recognised words the text does not have: keep them as recognised
            for word in words[j0:j1]:
                conf = word.confidence if word.confidence is not None else segment.confidence
                tokens.add(word.text, word.start_ms, word.end_ms, conf, speaker_of(word))
                last_end = max(last_end, word.end_ms)
        else:
            if dj:  # the text's tokens share the words' span
                span_start = words[j0].start_ms
                span_end = max(w.end_ms for w in words[j0:j1])
                confs = [w.confidence for w in words[j0:j1] if w.confidence is not None]
                conf = min(confs) if confs else segment.confidence
                speaker = speaker_of(words[j0])
            else:  # text without words: the gap up to the next word (or the segment end)
                span_start = last_end
                span_end = words[j1].start_ms if j1 < len(words) else segment.end_ms
                conf = segment.confidence
                speaker = speaker_of(None)
            span_end = max(span_end, span_start)
            weights = [max(1, len(pieces[i][0])) for i in range(i0, i1)]
            for offset, (start, end) in enumerate(_spread(weights, span_start, span_end)):
                emit_text(i0 + offset, start, end, conf, speaker, True)
            last_end = max(last_end, span_end)


def _build_words(segments: list[_Segment], names: _Names) -> WordTable:
    """Emit every segment's tokens, then number them and insert turn markers."""
    tokens = _Tokens()
    for segment in segments:
        _emit_segment(tokens, segment)
    count = len(tokens.text)
    diarized = any(s is not None for s in tokens.speaker)
    dicts: list[dict[str, Any]] = []
    estimated: list[bool] = []
    index = 0
    position = 1
    while index < count:
        run_end = index + 1
        if diarized:
            speaker = tokens.speaker[index]
            while run_end < count and tokens.speaker[run_end] == speaker:
                run_end += 1
            name = names(speaker) or "Unknown"
            dicts.append(
                {
                    "p": position,
                    "c": _TURN_CONFIDENCE,
                    "s": tokens.start[index],
                    "e": max(tokens.end[index:run_end]),
                    "w": name,
                    "m": "turn",
                }
            )
            estimated.append(False)
            position += 1
        else:
            run_end = count
        for k in range(index, run_end):
            entry: dict[str, Any] = {"p": position}
            if tokens.confidence[k] is not None:
                entry["c"] = float(cast(float, tokens.confidence[k]))
            entry["s"] = tokens.start[k]
            entry["e"] = tokens.end[k]
            entry["w"] = tokens.text[k]
            if tokens.punc[k]:
                entry["m"] = "punc"
            dicts.append(entry)
            estimated.append(tokens.estimated[k])
            position += 1
        index = run_end
    # Encode once and decode through the fast path: compact structs, validated times.
    table = words_from_json(msgspec.json.encode(dicts), "transcript.words")
    if any(estimated):
        table.estimated = estimated
    return table


def _name_insight_speakers(result: RingCentralResult, names: _Names) -> None:
    """Name the speakers that appear only in insights or summaries too."""
    if result.interaction is not None:
        insights = result.interaction.speaker_insights
        for speaker_insight in insights.insights if insights is not None else []:
            for speaker_value in speaker_insight.values:
                names(speaker_value.speaker_id)
        for conversational in result.interaction.conversational_insights or []:
            for value in conversational.values:
                names(value.speaker_id)
    if result.summary is not None:
        for summary in result.summary.summaries:
            for value in summary.values:
                names(value.speaker_id)


# --- voice activity and knowledge --------------------------------------------------------------


def _voice_activity(spans: list[tuple[str | None, int, int]]) -> list[dict[str, Any]]:
    """Group ``(name, s, e)`` spans per speaker (first appearance order), each sorted by ``s``."""
    grouped: dict[str, list[tuple[int, int]]] = {}
    for name, start, end in spans:
        grouped.setdefault(name or "Unknown", []).append((start, end))
    return [
        {"speakerName": name, "occurrences": [{"s": s, "e": e} for s, e in sorted(occurrences)]}
        for name, occurrences in grouped.items()
    ]


def _knowledge(interaction: Interaction, names: _Names) -> dict[str, Any]:
    utterances = sorted(interaction.utterance_insights or [], key=lambda u: u.start)
    starts = [seconds_to_ms(u.start) for u in utterances]

    def speaker_at(start_ms: int | None, end_ms: int | None) -> str | None:
        if start_ms is None:
            return None
        middle = (start_ms + (end_ms if end_ms is not None else start_ms)) / 2
        index = bisect.bisect_right(starts, middle)
        for t in range(index - 1, max(-1, index - 17), -1):
            if seconds_to_ms(utterances[t].end) >= middle:
                return names(utterances[t].speaker_id)
        return None

    keywords: dict[str, dict[str, Any]] = {}
    topics: list[dict[str, Any]] = []
    for insight in interaction.conversational_insights or []:
        if insight.name == "KeyPhrases":
            for value in insight.values:
                text = value.text
                if text is None:
                    continue
                entry = keywords.setdefault(
                    text.casefold(), {"keyword": text, "relevance": None, "mentions": {}}
                )
                if value.confidence is not None:
                    best = entry["relevance"]
                    entry["relevance"] = (
                        value.confidence if best is None else max(best, value.confidence)
                    )
                occurrence: dict[str, Any] = {}
                if value.start_ms is not None:
                    occurrence["s"] = value.start_ms
                if value.end_ms is not None and (
                    value.start_ms is None or value.end_ms >= value.start_ms
                ):
                    occurrence["e"] = value.end_ms
                occurrence["exact"] = text
                speaker = speaker_at(value.start_ms, value.end_ms)
                entry["mentions"].setdefault(speaker, []).append(occurrence)
        elif insight.name == "Topics":
            for value in insight.values:
                if value.text is None:
                    continue
                topic: dict[str, Any] = {"topicName": value.text}
                if value.confidence is not None:
                    topic["relevance"] = value.confidence
                topic["keywords"] = []
                topics.append(topic)
    knowledge: dict[str, Any] = {}
    if keywords:
        out = []
        for entry in keywords.values():
            keyword: dict[str, Any] = {"keyword": entry["keyword"]}
            if entry["relevance"] is not None:
                keyword["relevance"] = entry["relevance"]
            mentions = []
            for speaker, occurrences in entry["mentions"].items():
                mention: dict[str, Any] = {}
                if speaker is not None:
                    mention["speakerName"] = speaker
                mention["occurrences"] = occurrences
                mentions.append(mention)
            keyword["mentions"] = mentions
            out.append(keyword)
        knowledge["keywords"] = out
    if topics:
        knowledge["topics"] = topics
    return knowledge
