"""VoiceBase answers that are not one finished media result, refused with what they are.

An API error body (:class:`~vbformats.errors.ApiErrorResponse`), failed media
(:class:`~vbformats.errors.MediaFailedError`), media still being processed
(:class:`~vbformats.errors.MediaNotReadyError`), a media collection and the definition
documents (vocabularies, keyword groups, categories): each check takes the parsed top level
and raises, or returns when the document may be a result.
"""

from __future__ import annotations

import re
from typing import Any

from vbformats.errors import (
    ApiErrorResponse,
    InvalidInputError,
    MediaFailedError,
    MediaNotReadyError,
)
from vbformats.models.words import WordTable
from vbformats.secrets import redact

__all__ = [
    "FAILED_STATUSES",
    "FINISHED_STATUSES",
    "check_error_body",
    "check_finished",
    "check_not_a_result",
]


#: Statuses of a media document whose processing failed for good (``VbTaskStatusEnum``).
FAILED_STATUSES = frozenset({"failed", "exceededretries", "expired", "cancelled", "canceled"})
#: The status of a finished media document.
FINISHED_STATUSES = frozenset({"finished", "completed", "complete", "success"})
_RESULT_KEYS = ("transcript", "transcripts", "words", "alternateFormats")


def check_finished(doc: dict[str, Any], words: WordTable | None) -> None:
    """Refuse a media document that is not finished and holds no transcript (``accepted``,
    ``scheduled``, ``running``...): converting it would give an empty caption file and a
    silence ratio of 1.0. A document that has a transcript is read whatever its status."""
    status = doc.get("status")
    if not isinstance(status, str) or words is not None:
        return
    state = status.strip().lower()
    if state in FINISHED_STATUSES or state in FAILED_STATUSES or state.isdigit():
        return
    if any(key in doc for key in _RESULT_KEYS):
        return
    media_id = doc.get("mediaId")
    raise MediaNotReadyError(media_id if isinstance(media_id, str) else None, status)


def check_not_a_result(doc: dict[str, Any]) -> None:
    """Refuse VoiceBase answers that are not one media result: a media collection
    (``GET /v3/media``: ``{"media": [...]}``) and definitions (vocabularies, keyword groups,
    classifiers, categories...), each saying what it is."""
    media = doc.get("media")
    if isinstance(media, list) and not any(key in doc for key in ("mediaId", "transcript")):
        raise InvalidInputError(
            "media",
            f"this is a media collection (GET /v3/media) listing {len(media)} media, not one "
            "media result: load each item (or GET /v3/media/{mediaId}) instead",
        )
    links = doc.get("_links")
    own = links.get("self") if isinstance(links, dict) else None
    href = own.get("href") if isinstance(own, dict) else None
    if isinstance(href, str) and "/definition/" in href:
        raise InvalidInputError(
            "_links.self.href",
            f"this is a VoiceBase definition ({redact(href)}), not a media result",
        )
    categories = doc.get("categories")
    if (
        set(doc) <= {"categories", "_links"}
        and isinstance(categories, list)
        and categories
        and all(
            isinstance(c, dict)
            and "categoryValue" not in c
            and "categoryMatches" not in c
            and ("categoryDescription" in c or "query" in c)
            for c in categories
        )
    ):
        raise InvalidInputError(
            "categories",
            "this is a list of category definitions (names, descriptions, queries), "
            "not a media result",
        )
    if set(doc) <= {"groupName", "keywords", "revision", "_links"} and "groupName" in doc:
        raise InvalidInputError(
            "",
            "this is a keyword-spotting group definition (groupName, keywords), not a media result",
        )


def check_error_body(doc: dict[str, Any]) -> None:
    status = doc.get("status")
    errors = doc.get("errors")
    codes: list[str] = []
    messages: list[str] = []
    if isinstance(errors, list):
        for entry in errors:
            if isinstance(entry, dict):
                if entry.get("code") is not None:
                    codes.append(str(entry["code"]))
                text = entry.get("error") or entry.get("message")
                if text:
                    messages.append(str(text))
            elif entry is not None:
                messages.append(str(entry))
    warnings = doc.get("warnings")
    if isinstance(warnings, dict) and warnings.get("message"):
        messages.append(str(warnings["message"]))
    elif isinstance(warnings, list):
        for entry in warnings:
            if isinstance(entry, dict) and entry.get("message"):
                messages.append(str(entry["message"]))
    reference = doc.get("reference")
    reference_text = redact(str(reference)) if reference is not None else None
    # the service's messages may quote a media URL with its access token
    messages = [redact(message) for message in messages]

    http_status: int | None = None
    if isinstance(status, int) and not isinstance(status, bool):
        http_status = status
    elif isinstance(status, str) and re.fullmatch(r"[0-9]{1,3}", status.strip()):
        # ASCII and at most three digits: an HTTP status, never a 5,000-digit int() call
        http_status = int(status.strip())
    if http_status is not None and http_status >= 400:
        raise ApiErrorResponse(
            "; ".join(messages) or "the service answered with an error",
            http_status,
            tuple(codes),
            reference_text,
        )
    if isinstance(status, str) and status.strip().lower() in FAILED_STATUSES:
        raise MediaFailedError(
            "; ".join(messages) or f"media {doc.get('mediaId', '?')} failed (status {status!r})",
            status.strip().lower(),
            tuple(codes),
            reference_text,
        )
    is_result = any(k in doc for k in ("mediaId", "transcript", "transcripts"))
    if not is_result and isinstance(errors, list) and errors:
        raise ApiErrorResponse(
            "; ".join(messages) or "the service answered with an error",
            http_status,
            tuple(codes),
            reference_text,
        )
