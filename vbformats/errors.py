"""The vbformats exception hierarchy.

Every error the library raises on purpose derives from :class:`VBFormatsError`. Errors about
what a caller passed in (a malformed document, a wrong type, an impossible time, an unknown
format) are also :class:`ValueError`, so ``except ValueError`` keeps working for code that does
not know this library.

All exceptions keep their attributes through ``pickle`` (multiprocessing pools send them between
processes): each class passes its full constructor arguments to ``Exception.__init__`` and
rebuilds from ``self.args`` in ``__reduce__``.

Secrets are redacted **at the source** (issue #5, #7, #11): every string an exception is built
from (message, path, job id, error codes, status, parameter names, known names...) goes through
:func:`vbformats.secrets.redact` before it is stored, so an access token can reach neither an
attribute, nor ``args``, nor ``str``/``repr``. The root class enforces it for every subclass,
including ones defined outside this module: ``args`` is redacted when read, ``repr`` and every
``__str__`` (a subclass's own too, wrapped by ``__init_subclass__``) are redacted when built.
That is why this module imports one thing from vbformats: the secrets module, which itself
imports only the standard library. :class:`LossyConversionWarning` redacts its message too.
"""

from __future__ import annotations

import errno as errno_codes
import functools
from collections.abc import Callable
from typing import Any, NamedTuple

from vbformats.secrets import redact

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
    "OutputError",
    "SourceError",
    "UnknownFormatError",
    "UnrecognizedFormatError",
    "VBFormatsError",
    "require",
    "scrub",
]


def scrub(value: Any) -> Any:
    """``value`` with every string in it redacted (:func:`~vbformats.secrets.redact`),
    through tuples (named tuples keep their type), lists and dicts; other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, tuple):
        items = [scrub(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    return value


def _redacting(method: Callable[[Any], str]) -> Callable[[Any], str]:
    @functools.wraps(method)
    def redacted(self: Any) -> str:
        return redact(method(self))

    redacted.__vbformats_redacting__ = True  # type: ignore[attr-defined]
    return redacted


class VBFormatsError(Exception):
    """Root of every exception raised by vbformats.

    No instance carries an access token: the constructor arguments are redacted, ``args`` is
    redacted when read, and ``str``/``repr`` (a subclass's own ``__str__`` included) are
    redacted when built.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*scrub(args))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("__str__")
        if own is not None and not getattr(own, "__vbformats_redacting__", False):
            cls.__str__ = _redacting(own)  # type: ignore[method-assign]

    @property
    def args(self) -> tuple[Any, ...]:
        """The constructor arguments, redacted."""
        value: tuple[Any, ...] = scrub(BaseException.args.__get__(self))  # type: ignore[attr-defined]
        return value

    @args.setter
    def args(self, value: Any) -> None:
        BaseException.args.__set__(self, scrub(tuple(value)))  # type: ignore[attr-defined]

    def __str__(self) -> str:
        return redact(super().__str__())

    def __repr__(self) -> str:
        return redact(super().__repr__())


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
        package, extra, purpose = redact(str(package)), redact(str(extra)), redact(str(purpose))
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
        known = tuple(redact(str(entry)) for entry in known)
        super().__init__(name, known)
        self.name = name
        self.known = known

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
        self.looked_for = tuple(redact(str(entry)) for entry in looked_for)
        self.args = (self.name, self.known, self.looked_for)

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
        status = redact(status) if isinstance(status, str) else status
        codes = tuple(redact(str(code)) for code in codes)
        reference = None if reference is None else redact(str(reference))
        super().__init__(message, status, codes, reference)
        self.message = message
        self.status = status
        self.codes = codes
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
        self.job_id = None if job_id is None else redact(str(job_id))
        self.errors = tuple(
            JobError(*(None if part is None else redact(str(part)) for part in entry))
            for entry in errors
        )
        self.args = (
            self.message,
            self.status,
            self.codes,
            self.reference,
            self.job_id,
            self.errors,
        )

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


class OutputError(VBFormatsError, OSError):
    """An output file could not be written (``save``, ``frames.save``, every ``-o``).

    Also an :class:`OSError`, so ``except OSError`` keeps working; unlike the raw error it names
    the path the caller gave, never the hidden temporary file beside it.

    Attributes:
        path: The output path as given (redacted).
        problem: What went wrong, in words (``"folder 'out' does not exist"``).
        errno: The operating system's error number, when there is one (``errno``, ``strerror``
            and ``filename`` are set as on any :class:`OSError`).
    """

    def __init__(self, path: str, problem: str, errno: int | None = None) -> None:
        path, problem = redact(str(path)), redact(str(problem))
        OSError.__init__(self, errno, problem, path)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"cannot write {self.path!r}: {self.problem}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.problem, self.errno))

    @classmethod
    def from_os_error(cls, path: str, error: OSError) -> OutputError:
        """The :class:`OutputError` for an :class:`OSError` met while writing ``path``."""
        import os

        if error.errno == errno_codes.ENOENT:
            folder = os.path.dirname(path) or "."
            problem = f"folder {folder!r} does not exist"
        else:
            problem = error.strerror or type(error).__name__
        return cls(path, problem, error.errno)


class LossyConversionWarning(UserWarning):
    """Something was dropped or approximated, but processing continued.

    Examples: a word with ``e < s`` skipped by a metric, a caption limit that the words made
    impossible to respect. The message is redacted like every exception's.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__(*scrub(args))
