"""The vbformats exception hierarchy.

Every error the library raises on purpose derives from :class:`VBFormatsError`. Errors about
what a caller passed in (a malformed document, a wrong type, an impossible time, an unknown
format) are also :class:`ValueError`, so ``except ValueError`` keeps working for code that does
not know this library.

All exceptions keep their attributes through ``pickle`` (multiprocessing pools send them between
processes): each class passes its full constructor arguments to ``Exception.__init__`` and
rebuilds from ``self.args`` in ``__reduce__``.

Every message is passed through :func:`vbformats.redaction.redact` when the exception is built,
so no exception can carry an access token, whatever path or URL a caller put in it (issue #5,
#7). That is why this module imports one thing from vbformats: the redaction module, which
itself imports only the standard library.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from vbformats.redaction import redact

__all__ = [
    "ApiErrorResponse",
    "InvalidInputError",
    "JobError",
    "JobFailedError",
    "JobInProgressError",
    "LossyConversionWarning",
    "MediaFailedError",
    "MediaNotReadyError",
    "MissingDependencyError",
    "SourceError",
    "UnknownFormatError",
    "UnrecognizedFormatError",
    "VBFormatsError",
    "require",
]


class VBFormatsError(Exception):
    """Root of every exception raised by vbformats."""


class InvalidInputError(VBFormatsError, ValueError):
    """The input is not a valid document of the expected shape.

    Attributes:
        path: JSON-style path of the offending field (``"transcript.words[1873].s"``), or ``""``
            when the whole document is at fault (invalid JSON, a non-object top level).
        problem: What is wrong, in words.
    """

    def __init__(self, path: str, problem: str) -> None:
        path, problem = redact(str(path)), redact(str(problem))
        super().__init__(path, problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.problem))


class SourceError(InvalidInputError):
    """One source of a many-source job (a table, a batch) failed (``errors="raise"``).

    ``path`` is the source (file path or ``"<item N>"``), ``problem`` the original error's
    message; the original exception is ``__cause__``.
    """

    @property
    def source(self) -> str:
        """The source that failed (same as ``path``)."""
        return self.path


class MissingDependencyError(VBFormatsError, ImportError):
    """An optional dependency is not installed.

    Attributes:
        package: The missing import (``"pyarrow"``).
        extra: The vbformats extra that installs it (``"parquet"``).
        purpose: What needed it (``"parquet output"``).
    """

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(package, extra, purpose)
        self.package = package
        self.extra = extra
        self.purpose = purpose

    def __str__(self) -> str:
        return (
            f"{self.purpose} needs {self.package}, which is not installed: "
            f"pip install 'vbformats[{self.extra}]'"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.package, self.extra, self.purpose))


def require(package: str, extra: str, purpose: str) -> None:
    """Import ``package`` or raise :class:`MissingDependencyError` naming the extra.

    Example::

        >>> require("json", "core", "reading JSON")  # a module that is always there
    """
    import importlib

    try:
        importlib.import_module(package)
    except ImportError:
        raise MissingDependencyError(package, extra, purpose) from None


class UnknownFormatError(VBFormatsError, ValueError):
    """A format name (or file extension) that no writer or reader is registered for.

    Attributes:
        name: The name that was asked for.
        known: The names that are registered.
    """

    def __init__(self, name: str, known: tuple[str, ...] = ()) -> None:
        name = redact(str(name))
        super().__init__(name, known)
        self.name = name
        self.known = tuple(known)

    def __str__(self) -> str:
        hint = f"; known formats: {', '.join(self.known)}" if self.known else ""
        return f"unknown format {self.name!r}{hint}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.known))


class UnrecognizedFormatError(UnknownFormatError):
    """A body that matches no format vbformats reads (no format was named, the file name's
    extension names none, and no format recognises the content).

    Attributes:
        name: The file name (or ``"the input"``).
        known: The readable formats.
        looked_for: What the formats look for (``"the body starts with WEBVTT"``).
    """

    def __init__(
        self, name: str, known: tuple[str, ...] = (), looked_for: tuple[str, ...] = ()
    ) -> None:
        super().__init__(name, known)
        self.args = (self.name, self.known, tuple(looked_for))
        self.looked_for = tuple(looked_for)

    def __str__(self) -> str:
        looked = ""
        if self.looked_for:
            looked = f" (looked for {', '.join(self.looked_for)}, and no extension named one)"
        return (
            f"{self.name} matches no format vbformats reads{looked}; name the format to read "
            "it anyway, e.g. as plain text: --from text (format='text')"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.known, self.looked_for))


class ApiErrorResponse(VBFormatsError, ValueError):
    """The document is an API error body, not a result.

    Raised for VoiceBase error bodies (``{"status": 404, "warnings": ..., "reference": ...}`` or
    ``{"errors": [{"code": ..., "error": ...}]}``).

    Attributes:
        status: HTTP status the body carries, when it carries one.
        codes: Error codes listed in the body (may be empty).
        message: A one-line human summary.
        reference: The service's reference id for support, when present.
    """

    def __init__(
        self,
        message: str,
        status: int | str | None = None,
        codes: tuple[str, ...] = (),
        reference: str | None = None,
    ) -> None:
        message = redact(str(message))
        super().__init__(message, status, codes, reference)
        self.message = message
        self.status = status
        self.codes = tuple(codes)
        self.reference = reference

    def __str__(self) -> str:
        parts = []
        if self.status is not None:
            parts.append(f"status {self.status}")
        if self.codes:
            parts.append("codes " + ", ".join(self.codes))
        head = f"[{'; '.join(parts)}] " if parts else ""
        return f"{head}{self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.status, self.codes, self.reference))


class MediaFailedError(ApiErrorResponse):
    """A media document whose processing failed (``"status": "failed"``)."""


class JobError(NamedTuple):
    """One entry of a failed RingCentral job's ``response.errors`` list."""

    error_code: str | None
    """``"CAI-101"`` ... ``"CAI-110"`` (RingCentral documents no meanings)."""
    message: str | None
    """The service's message (access tokens redacted)."""
    parameter_name: str | None
    """The request parameter at fault (``"contentUri"``), when given."""


class JobFailedError(ApiErrorResponse):
    """A RingCentral AI job whose result is a failure (``status: "Fail"``).

    Attributes:
        job_id: The job id (``None`` for 2022 results, which carry none).
        errors: Every entry of ``response.errors`` as a :class:`JobError` (may be empty).
        error_code: The first entry's ``errorCode`` (``None`` when there is none).
        parameter_name: The first entry's ``parameterName`` (``None`` when there is none).
    """

    def __init__(
        self,
        message: str,
        status: int | str | None = None,
        codes: tuple[str, ...] = (),
        reference: str | None = None,
        job_id: str | None = None,
        errors: tuple[tuple[str | None, str | None, str | None], ...] = (),
    ) -> None:
        super().__init__(message, status, codes, reference)
        self.job_id = job_id
        self.errors = tuple(JobError(*entry) for entry in errors)
        self.args = (message, status, self.codes, reference, job_id, self.errors)

    @property
    def error_code(self) -> str | None:
        """The first error's code."""
        return self.errors[0].error_code if self.errors else None

    @property
    def parameter_name(self) -> str | None:
        """The first error's parameter name."""
        return self.errors[0].parameter_name if self.errors else None

    def __str__(self) -> str:
        head = super().__str__()
        return f"job {self.job_id}: {head}" if self.job_id else head

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.message, self.status, self.codes, self.reference, self.job_id, self.errors),
        )


class MediaNotReadyError(VBFormatsError, ValueError):
    """The document is a result that is not finished yet: it has no transcript to convert.

    Raised for a VoiceBase media document whose ``status`` is ``accepted``, ``scheduled``,
    ``running`` (or any other non-final status) and that holds no transcript, and for a
    RingCentral job that has no result yet (:class:`JobInProgressError`). Fetch the result
    again once it is finished.

    Attributes:
        media_id: The media id (VoiceBase) or job id (RingCentral), when the document has one.
        status: The status the document reports (``None`` when it reports none, e.g. the
            ``{"jobId": ...}`` body of RingCentral's 202 answer).
    """

    #: What the id is called in the message.
    noun = "media"

    def __init__(self, media_id: str | None, status: str | None) -> None:
        media_id = None if media_id is None else redact(str(media_id))
        status = None if status is None else redact(str(status))
        super().__init__(media_id, status)
        self.media_id = media_id
        self.status = status

    def __str__(self) -> str:
        who = f"{self.noun} {self.media_id}" if self.media_id else f"this {self.noun}"
        if self.status is None:
            state = "was accepted but reports no status yet"
        else:
            state = f"is not finished (status {self.status!r})"
        return f"{who} {state}: it has no result to convert yet; fetch it again when finished"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.media_id, self.status))


class JobInProgressError(MediaNotReadyError):
    """A RingCentral AI job envelope that has no result yet (``status: "InProgress"``, or the
    bare ``{"jobId": ...}`` of the 202 answer to a job request).

    Attributes:
        job_id: The job id, when the envelope carries one (also ``media_id``).
        status: The job status string (``None`` for a 202 answer, which carries none).
    """

    noun = "job"

    def __init__(self, job_id: str | None, status: str | None) -> None:
        super().__init__(job_id, status)
        self.job_id = self.media_id


class LossyConversionWarning(UserWarning):
    """Something was dropped or approximated, but processing continued.

    Examples: a word with ``e < s`` skipped by a metric, a caption limit that the words made
    impossible to respect.
    """
