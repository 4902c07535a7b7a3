"""RingCentral AI API results → :class:`~vbformats.models.media.Media`.

Every envelope generation is accepted (see :mod:`vbformats.ringcentral.models`): 2023+
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
import warnings
from collections.abc import Mapping
from typing import Any, cast

import msgspec
from pydantic import TypeAdapter, ValidationError

from vbformats.errors import (
    InvalidInputError,
    JobFailedError,
    JobInProgressError,
    LossyConversionWarning,
)
from vbformats.gcpause import gc_paused
from vbformats.models.base import raise_from_validation_error
from vbformats.models.media import Media
from vbformats.models.words import WordTable
from vbformats.ringcentral.aligner import build_words, stt_segments, utterance_segments
from vbformats.ringcentral.crosstalk import echoes
from vbformats.ringcentral.dialect import (
    _NEW_ENVELOPE_KEYS,
    ENVELOPE_KEYS,
    decode,
    is_ringcentral,
    result_kind,
    sniff_json,
)
from vbformats.ringcentral.fast_stt import FastSpeechToText, fast_speech_to_text
from vbformats.ringcentral.models import (
    Diarization,
    EmotionSegment,
    Interaction,
    PunctuateOutput,
    RingCentralError,
    RingCentralResult,
    SpeechToText,
    SummaryOutput,
    default_speaker_name,
)
from vbformats.secrets import get_logger, redact
from vbformats.timing import seconds_to_ms

__all__ = [
    "ENVELOPE_KEYS",
    "decode",
    "is_ringcentral",
    "media_from_ringcentral",
    "result_kind",
    "sniff_json",
]

logger = get_logger("vbformats.ringcentral")  # its records are redacted

_EMOTIONS = TypeAdapter(list[EmotionSegment])


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
    with gc_paused():  # a large build without reference cycles (vbformats.gcpause)
        fast = fast_speech_to_text(response) if kind == "speech-to-text" else None
    if fast is not None:
        result._speech_to_text_source = response  # the typed model only when asked for
    else:
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
    if fast is not None or result.speech_to_text is not None:
        stt: SpeechToText | FastSpeechToText = fast or cast(SpeechToText, result.speech_to_text)
        if stt.utterances:
            kept = _without_echoes(result, stt.utterances)
            if len(kept) != len(stt.utterances):
                if isinstance(stt, FastSpeechToText):
                    stt = msgspec.structs.replace(stt, utterances=kept)
                else:
                    stt = stt.model_copy(update={"utterances": kept})
        with gc_paused():
            table = build_words(stt_segments(stt, names), names)
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
        utterances = _without_echoes(result, interaction.utterance_insights or [])
        if utterances:
            table = build_words(utterance_segments(utterances, [], names), names)
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
    result.present_speaker_ids = list(names.used)

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
        redact(job_id) if job_id else "-",  # the filter redacts too; never rely on one
        len(media.words),
    )
    return media


def _without_echoes(result: RingCentralResult, utterances: list[Any]) -> list[Any]:
    """``utterances`` without the cross-talk echoes of another channel (the rule:
    :mod:`vbformats.ringcentral.crosstalk`); their positions go to
    ``result.dropped_utterances``, and a warning says how many."""
    dropped = echoes(utterances)
    if not dropped:
        return utterances
    result.dropped_utterances = dropped
    warnings.warn(
        f"{len(dropped)} utterance(s) left out as cross-talk echoes of another channel "
        "(media.ringcentral.dropped_utterances)",
        LossyConversionWarning,
        stacklevel=4,
    )
    skip = set(dropped)
    return [u for index, u in enumerate(utterances) if index not in skip]


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
