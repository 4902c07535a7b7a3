"""Secret redaction: access and bearer tokens never reach a repr, log, error or CLI output.

A RingCentral ``contentUri`` for a call recording is the media URL plus
``?access_token=<token>``: a bearer credential. vbformats builds such URLs
(:func:`vbformats.ringcentral.content_uri`) and reads results that might carry them, so every
place that prints text passes it through :func:`redact` first: model reprs, exception messages,
CLI error lines, log records (:class:`RedactingFilter`).

What is replaced by ``REDACTED`` (names compared case-insensitively):

* the value of any parameter whose name ends in ``token`` (``access_token``, ``refresh_token``,
  ``id_token``, ``token``...), or is ``bearer``, ``client_secret``, ``password`` or ``secret``,
  in a query string or a fragment (``?access_token=…``, ``#access_token=…``), in JSON or a
  Python repr (``"access_token": "…"``, also with its quotes escaped, as when a JSON fragment
  is a string inside JSON: ``\\"access_token\\": \\"…\\"``), or written ``name: value``;
* the same when the URL is percent-encoded once or twice (``access_token%3D…``,
  ``access_token%253D…``, as when a URL is itself a query parameter) or JSON-escaped
  (``access_token\\u003d…``);
* ``Authorization`` header values (``Authorization: Bearer …``, ``Basic …`` or a bare token)
  and any ``Bearer <token>``;
* the password of ``user:password@`` in a URL.

Every logger vbformats logs to comes from :func:`get_logger`, which gives it a
:class:`RedactingFilter`: a log record is redacted before any handler (yours, pytest's caplog)
sees it, whatever its arguments hold.

A value ends at ``&``, ``#``, whitespace, a quote, ``<``, ``>``, a backslash, or an encoded
``&``/``#`` (``%26``, ``%23``, ``%2526``, ``%2523``). Redaction is idempotent. Over-redaction
(a harmless parameter called ``page_token``) is accepted; a leaked credential is not.
"""

from __future__ import annotations

import logging
import re

__all__ = ["REDACTED", "RedactingFilter", "get_logger", "redact"]

#: What a secret value is replaced with.
REDACTED = "REDACTED"

# A name: letters/digits/'.'/'-' and '_' (possibly percent-encoded as %5F) ending in a secret
# word. "token" as a suffix covers access_token, refresh_token, id_token, token.
_NAME = r"(?<![A-Za-z0-9])(?:[A-Za-z0-9.\-]|_|%5[Ff])*(?:token|secret|bearer|password)"
_PLAIN_END = r"""&#\s"'<>\\"""
# Each way of writing "name<separator>value" has its own end of value: inside quotes the value
# runs to the closing quote; in a raw query to '&' or '#'; in a URL percent-encoded once (a URL
# inside a query parameter) to '%26' or '%23' ('%26' in a raw query is part of the value); twice
# encoded to '%2526' or '%2523'.
_FORMS = (
    # in JSON or a repr, its quotes possibly escaped once or more (JSON inside a JSON string,
    # then quoted again in a message: {\\"access_token\\": \\"...\\"})
    (r"""\\*["']\s*[:=]\s*\\*["']""", r"""[^"'\\]+"""),
    (r"\s*[:=]\s*", rf"[^{_PLAIN_END}]+"),
    (r"\\u003[dD]", rf"[^{_PLAIN_END}]+"),
    (r"%3[Dd]", rf"(?:(?!%26|%23)[^{_PLAIN_END}])+"),
    (r"%253[Dd]", rf"(?:(?!%2526|%2523)[^{_PLAIN_END}])+"),
)
_PARAMS = tuple(re.compile(rf"(?i)({_NAME})({sep})({value})") for sep, value in _FORMS)
_AUTHORIZATION = re.compile(
    r"""(?i)(authorization\\*["']?\s*[:=]\s*\\*["']?)(?:(bearer|basic|token|digest)\s+)?"""
    r"""([^\s"'<>\\]+)"""
)
_BEARER = re.compile(r"""(?i)(?<![A-Za-z0-9])(bearer\s+)[^\s"'<>\\]+""")
_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^/\s:@\"'<>]+:)[^@\s/\"'<>]+@")


def _param(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}{REDACTED}"


def _authorization(match: re.Match[str]) -> str:
    scheme = f"{match.group(2)} " if match.group(2) else ""
    return f"{match.group(1)}{scheme}{REDACTED}"


def redact(text: str) -> str:
    """Replace token values in URLs, JSON, headers and log text with ``REDACTED``.

    Args:
        text: Any text: a URL, a repr, an exception message, a log line.

    Returns:
        The text with every secret value replaced (see the module docstring for what counts).
        Text without secrets comes back unchanged.

    Example:
        >>> redact("https://media.ringcentral.com/r/1/content?access_token=U1h2&x=1")
        'https://media.ringcentral.com/r/1/content?access_token=REDACTED&x=1'
    """
    if not text:
        return text
    text = _AUTHORIZATION.sub(_authorization, text)
    text = _BEARER.sub(rf"\g<1>{REDACTED}", text)
    for pattern in _PARAMS:
        text = pattern.sub(_param, text)
    return _USERINFO.sub(rf"\g<1>{REDACTED}@", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts secrets from every record it sees.

    vbformats never logs a URL with its token; install this on your own handlers so that code
    around it (HTTP clients that log request URLs) does not either::

        handler.addFilter(RedactingFilter())

    The record's message is formatted with its arguments, redacted, and stored back with the
    arguments cleared.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always keeps the record."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let logging report it as usual
            return True
        record.msg = redact(message)
        record.args = None
        return True


def get_logger(name: str) -> logging.Logger:
    """The logger ``name`` (a ``vbformats`` child), with a :class:`RedactingFilter` attached.

    Every module of vbformats that logs takes its logger from here, so every record vbformats
    emits is redacted at the source (a filter on a logger applies to the records logged on it,
    not to those of its children: each logger gets its own).
    """
    logger = logging.getLogger(name)
    if not any(isinstance(entry, RedactingFilter) for entry in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger


# the package's own logger (where users attach handlers) redacts what is logged on it directly
get_logger("vbformats")
