"""Secrets are redacted at the source (issue #11): in every exception's message **and** args
and attributes, in every log record vbformats emits, and in what ``content_uri`` keeps.

The CLI used to redact its own error line, but a library user who logs ``repr(error)`` or
``error.args`` got the token: ``JobInProgressError``/``JobFailedError`` carried ``jobId``,
``errorCode``, ``parameterName`` and ``status`` unredacted, ``ApiErrorResponse`` its error
``code``s, a RingCentral load logged its job id at DEBUG, and a save into a folder whose name
held a token raised a ``FileNotFoundError`` naming it.
"""

from __future__ import annotations

import logging
import pickle
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import vbformats
from vbformats import errors
from vbformats.alignment.report import AlignmentError
from vbformats.errors import (
    ApiErrorResponse,
    JobFailedError,
    JobInProgressError,
    LossyConversionWarning,
    VBFormatsError,
)
from vbformats.metrics.result import UnknownMetricError
from vbformats.ringcentral import content_uri
from vbformats.secrets import RedactingFilter

TOKEN = "U1hvbXBDb2RlX3Rva2VuXzVmMWUyZDNj"
SECRET = f"https://media.example.invalid/r/1/content?access_token={TOKEN}"
MEDIA = "https://media.ringcentral.com/restapi/v1.0/account/~/recording/9/content"


def texts_of(error: BaseException) -> list[str]:
    """Everything an exception shows: str, repr, args, every public attribute, the pickle."""
    shown = [str(error), repr(error), repr(error.args), *(repr(a) for a in error.args)]
    shown += [repr(v) for k, v in vars(error).items() if not k.startswith("_")]
    for name in ("message", "path", "problem", "job_id", "status", "codes", "errors", "known"):
        shown.append(repr(getattr(error, name, None)))
    again = pickle.loads(pickle.dumps(error))
    shown += [str(again), repr(again), repr(again.args)]
    return shown


def assert_clean(error: BaseException) -> None:
    for text in texts_of(error):
        assert TOKEN not in text, text


def _all_classes(root: type) -> list[type]:
    found = []
    for sub in root.__subclasses__():
        found += [sub, *_all_classes(sub)]
    return found


# every class, built with the secret in every argument (the shapes their constructors take)
CONSTRUCTED: dict[str, Any] = {
    "VBFormatsError": lambda: VBFormatsError(SECRET, {"k": [SECRET]}),
    "InvalidInputError": lambda: errors.InvalidInputError(SECRET, SECRET),
    "SourceError": lambda: errors.SourceError(SECRET, SECRET),
    "MissingDependencyError": lambda: errors.MissingDependencyError(SECRET, SECRET, SECRET),
    "UnknownFormatError": lambda: errors.UnknownFormatError(SECRET, (SECRET, "srt")),
    "UnrecognizedFormatError": lambda: errors.UnrecognizedFormatError(
        SECRET, (SECRET, "srt"), (SECRET,)
    ),
    "MediaNotReadyError": lambda: errors.MediaNotReadyError(SECRET, SECRET),
    "ApiErrorResponse": lambda: ApiErrorResponse(SECRET, SECRET, (SECRET,), SECRET),
    "MediaFailedError": lambda: errors.MediaFailedError(SECRET, SECRET, (SECRET,), SECRET),
    "JobFailedError": lambda: JobFailedError(
        SECRET, SECRET, (SECRET,), SECRET, SECRET, ((SECRET, SECRET, SECRET),)
    ),
    "JobInProgressError": lambda: JobInProgressError(SECRET, SECRET),
    "OutputError": lambda: errors.OutputError(SECRET, SECRET, 2),
    "AlignmentError": lambda: AlignmentError(SECRET, 0.5, 0.8),
    "UnknownMetricError": lambda: UnknownMetricError(SECRET, [SECRET]),
}


def test_every_exception_class_is_covered_here():
    import vbformats.alignment
    import vbformats.frames
    import vbformats.metrics
    import vbformats.reports
    import vbformats.ringcentral.reader  # noqa: F401

    ours = [
        cls
        for cls in [VBFormatsError, *_all_classes(VBFormatsError)]
        if cls.__module__.split(".")[0] == "vbformats"  # not the ones tests define
    ]
    assert {cls.__name__ for cls in ours} == set(CONSTRUCTED)


@pytest.mark.parametrize("name", list(CONSTRUCTED))
def test_no_exception_class_keeps_a_token_anywhere(name):
    error = CONSTRUCTED[name]()
    assert_clean(error)
    assert "REDACTED" in str(error) or "REDACTED" in repr(error.args)


def test_a_subclass_defined_elsewhere_is_redacted_too():
    class PluginError(errors.InvalidInputError):
        def __init__(self, detail: str) -> None:
            Exception.__init__(self, detail)  # skips our constructor on purpose
            self.detail = detail

        def __str__(self) -> str:
            return f"plugin failed: {self.detail}"

        def __reduce__(self) -> Any:
            return (PluginError, (self.detail,))

    error = PluginError(SECRET)
    for text in (str(error), repr(error), repr(error.args)):
        assert TOKEN not in text


def test_lossy_conversion_warnings_are_redacted():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn(f"could not use {SECRET}", LossyConversionWarning, stacklevel=1)
    assert TOKEN not in str(caught[0].message) and TOKEN not in repr(caught[0].message.args)


JOBS: dict[str, dict[str, Any]] = {
    "in progress, token in jobId": {"jobId": SECRET, "status": "InProgress"},
    "in progress, token in status": {"jobId": "j", "status": f"Queued {SECRET}"},
    "failed, token in errorCode": {
        "jobId": "j",
        "status": "Fail",
        "response": {"errors": [{"errorCode": SECRET, "message": "m"}]},
    },
    "failed, token in parameterName": {
        "jobId": "j",
        "status": "Fail",
        "response": {"errors": [{"errorCode": "CAI-101", "parameterName": SECRET}]},
    },
    "failed, token in jobId": {
        "jobId": SECRET,
        "status": "Fail",
        "response": {"errors": [{"errorCode": "CAI-101", "message": "m"}]},
    },
    "failed, token in status": {
        "jobId": "j",
        "status": SECRET,
        "response": {"errors": [{"errorCode": "CAI-101"}]},
    },
    "error body, token in code": {"status": 400, "errors": [{"code": SECRET, "error": "x"}]},
    "error body, token in status": {"status": "failed", "errors": [{"code": "E", "error": "x"}]},
    "error body, token in reference": {"status": 404, "reference": SECRET},
}


@pytest.mark.parametrize("as_text", [False, True])
@pytest.mark.parametrize("case", list(JOBS))
def test_job_and_error_bodies_never_carry_the_token(case, as_text):
    import json

    doc = JOBS[case]
    with pytest.raises(VBFormatsError) as caught:
        vbformats.load(json.dumps(doc) if as_text else doc)
    assert_clean(caught.value)


def test_a_ringcentral_load_logs_nothing_secret_at_debug(caplog):
    doc = {
        "jobId": SECRET,
        "status": "Success",
        "api": "/ai/audio/v1/async/speech-to-text",
        "response": {
            "utterances": [
                {
                    "speakerId": "0",
                    "start": 0.0,
                    "end": 1.0,
                    "text": "hi",
                    "wordTimings": [{"word": "hi", "start": 0.0, "end": 1.0}],
                }
            ]
        },
    }
    with caplog.at_level(logging.DEBUG, logger="vbformats"):
        vbformats.load(doc)
    records = [r for r in caplog.records if r.name.startswith("vbformats")]
    assert records, "the load logs at DEBUG"
    for record in records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in repr(record.args) and TOKEN not in str(record.msg)
    assert TOKEN not in caplog.text


def test_every_vbformats_logger_redacts_its_records():
    import importlib

    for module in (
        "vbformats.ringcentral.reader",
        "vbformats.ringcentral.urls",
        "vbformats.formats",
        "vbformats.frames",
        "vbformats.metrics",
        "vbformats.reports",
    ):
        importlib.import_module(module)
    loggers = [
        logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if name.split(".")[0] == "vbformats" and isinstance(logger, logging.Logger)
    ]
    assert loggers
    for logger in loggers:
        assert any(isinstance(f, RedactingFilter) for f in logger.filters), logger.name


def test_a_save_into_a_folder_named_with_a_token_never_shows_it(tmp_path: Path):
    media = vbformats.load({"transcript": {"words": [{"s": 0, "e": 1, "w": "x"}]}})
    target = tmp_path / f"x?access_token={TOKEN}" / "call.srt"
    with pytest.raises(errors.OutputError) as caught:
        vbformats.save(media, target)
    assert_clean(caught.value)
    assert caught.value.__cause__ is None


# --- content_uri: old tokens in every spelling -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        (f"{MEDIA}?a=1;access_token=OLD", "?a=1&"),
        (f"{MEDIA}?a=1&access_token%3DOLD", "?a=1&"),
        (f"{MEDIA}?access_token%253DOLD&b=2", "?b=2&"),
        (f"{MEDIA}?ACCESS%5FTOKEN%3DOLD", "?"),
        (f"{MEDIA};access_token=OLD?x=1", "?x=1&"),
        (f"{MEDIA};v=2;access_token=OLD", ";v=2?"),
        (f"{MEDIA}/access_token=OLD", "?"),
        (f"{MEDIA}/access_token%3DOLD?x=y;z", "?x=y;z&"),
        (f"{MEDIA}?x=1;access_token=OLD;y=2", "?x=1;y=2&"),
    ],
)
def test_content_uri_removes_old_tokens_however_written(url, kept):
    result = content_uri(url, "NEW")
    assert "OLD" not in result
    assert result == f"{MEDIA}{kept}access_token=NEW"
    assert result.count("access_token") == 1


@pytest.mark.parametrize(
    "url",
    [
        f"{MEDIA}?next=https%3A%2F%2Fx.example%2F%3Faccess_token%3DOLD",  # inside another value
        f"{MEDIA}?refresh_token=OLD",  # another secret
        f"{MEDIA}%3Baccess_token%3DOLD",  # an encoded ';' inside a path segment
    ],
)
def test_content_uri_refuses_a_credential_it_cannot_remove(url):
    with pytest.raises(errors.InvalidInputError) as caught:
        content_uri(url, "NEW")
    assert "OLD" not in str(caught.value) and "NEW" not in str(caught.value)
    assert "credential" in str(caught.value)


def test_content_uri_returns_exactly_one_secret():
    from vbformats.secrets import redact

    url = content_uri(f"{MEDIA}?a=1;access_token=OLD&b=%2F", "tok/en+=")
    assert redact(url) == f"{MEDIA}?a=1&b=%2F&access_token=REDACTED"
    assert url.endswith("access_token=" + quote("tok/en+=", safe=""))
