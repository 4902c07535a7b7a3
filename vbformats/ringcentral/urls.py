"""RingCentral media URLs: the ``contentUri`` of a recording, built safely.

Reading results needs nothing from here: :func:`vbformats.load` recognises RingCentral payloads
by itself. An integration that still submits jobs, or audits stored requests, needs
:func:`content_uri`: the media URL with ``access_token`` set correctly whatever the URL already
holds.

The URL returned by :func:`content_uri` **is a bearer credential**: send it in the request body
and do not log or store it (the results RingCentral posts back never echo it).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from vbformats.errors import InvalidInputError
from vbformats.secrets import get_logger, redact

__all__ = ["DEFAULT_ALLOWED_HOSTS", "content_uri"]

logger = get_logger("vbformats.ringcentral")  # its records are redacted

#: The only host where RingCentral accepts ``access_token`` in the query string.
DEFAULT_ALLOWED_HOSTS: tuple[str, ...] = ("media.ringcentral.com",)

_TOKEN_PARAMETER = "access_token"


def content_uri(
    url: str,
    access_token: str,
    *,
    allowed_hosts: Iterable[str] | None = DEFAULT_ALLOWED_HOSTS,
) -> str:
    """The ``contentUri`` for a RingCentral-hosted recording: ``url`` with ``access_token`` set.

    RingCentral's media server accepts the OAuth access token as an ``access_token`` query
    parameter (and nothing else: the AI API cannot send headers when it fetches the media).
    The documentation only ever appends ``?access_token=`` to a URL without a query; this does
    it properly for any URL:

    * the existing query is kept byte for byte, in order, except for old tokens;
    * every old token is removed (an ``access_token`` written in any way a server or an old
      tool could read it; the name is compared case-insensitively after percent-decoding, once
      or twice):

      - a query parameter ``access_token=…``, also with the ``=`` encoded
        (``access_token%3D…``, ``access_token%253D…``) or the name encoded
        (``access%5Ftoken=…``), and also after a ``;`` (``?a=1;access_token=…``, the old
        HTML separator);
      - a path parameter (``…/content;access_token=…``);
      - a whole path segment (``…/content/access_token=…``);

      the new token is appended last, as the one ``access_token`` query parameter;
    * the token is percent-encoded (``+``, ``/``, ``=`` and anything else outside the
      unreserved set), so a base64 token arrives intact;
    * the fragment is dropped (it is never sent to a server, and a stale token may hide there).

    What cannot be removed without guessing is refused: a URL that still holds a credential
    after this (a token inside another parameter's value, such as a nested URL, or another
    secret parameter such as ``refresh_token``; whatever :func:`redact` would hide) raises
    :class:`InvalidInputError`, so the returned URL carries exactly one secret, the new token.

    Args:
        url: The media URL (the call log's ``recording.contentUri``, a RingCentral Video
            ``recordings[].url``). Must be ``https``, with no ``user:password@`` part.
        access_token: A current OAuth access token. The download happens after the 202, so mint
            or refresh it just before submitting the job.
        allowed_hosts: Host names the token may be sent to (compared case-insensitively,
            exactly: no subdomains unless listed). Default: only ``media.ringcentral.com``,
            the one host that accepts the parameter. ``None`` allows any host.

    Returns:
        The URL to put in the request body's ``contentUri``. It is a bearer credential: pass it
        through :func:`redact` before printing or logging anything that holds it.

    Raises:
        InvalidInputError: ``url`` is not an absolute ``https`` URL, has credentials in it,
            its host is not allowed, or it holds a credential that is not an ``access_token``
            parameter or path part; ``access_token`` is empty or holds whitespace. The message
            never contains the token (the URL is shown redacted).

    Example:
        >>> url = content_uri(
        ...     "https://media.ringcentral.com/restapi/v1.0/account/~/recording/9/content"
        ...     "?contentType=audio%2Fmpeg&access_token=OLD#t=5",
        ...     "new/token+1=",
        ... )
        >>> url.split("?")[1]
        'contentType=audio%2Fmpeg&access_token=new%2Ftoken%2B1%3D'
    """
    if not isinstance(access_token, str) or not access_token:
        raise InvalidInputError("access_token", "the access token must be a non-empty string")
    if any(ch.isspace() for ch in access_token):
        raise InvalidInputError("access_token", "the access token must not contain whitespace")
    if not isinstance(url, str):
        raise InvalidInputError("url", f"expected a string, got {type(url).__name__}")
    shown = redact(url)
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        _ = parts.port  # a malformed port raises ValueError here
    except ValueError as error:
        raise InvalidInputError("url", f"not a valid URL ({error}): {shown}") from None
    if parts.scheme.lower() != "https":
        raise InvalidInputError(
            "url", f"the media URL must use https (the token would travel in clear): {shown}"
        )
    if not host:
        raise InvalidInputError("url", f"the media URL has no host: {shown}")
    if parts.username is not None or parts.password is not None:
        raise InvalidInputError("url", f"the media URL must not hold credentials: {shown}")
    if allowed_hosts is not None:
        allowed = {h.lower().rstrip(".") for h in allowed_hosts}
        if host.rstrip(".") not in allowed:
            raise InvalidInputError(
                "url",
                f"refusing to send an access token to host {host!r}; allowed: "
                f"{', '.join(sorted(allowed)) or '(none)'} (pass allowed_hosts to change)",
            )
    path = "/".join(
        _without_tokens(segment, ";")
        for segment in parts.path.split("/")
        if not _is_token(segment.split(";", 1)[0])
    )
    kept = [piece for piece in parts.query.split("&") if piece]
    kept = [cleaned for cleaned in (_without_tokens(piece, ";") for piece in kept) if cleaned]
    rest = urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))
    if redact(rest) != rest:
        raise InvalidInputError(
            "url",
            f"the media URL holds a credential that is not an access_token parameter (inside "
            f"another value, or another secret parameter); remove it: {redact(rest)}",
        )
    kept.append(f"{_TOKEN_PARAMETER}={quote(access_token, safe='')}")
    result = urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))
    logger.debug("built a contentUri for host %s", host)
    return result


def _decoded(text: str) -> str:
    """``text`` percent-decoded until it stops changing (a URL inside a query is encoded twice;
    three rounds cover every case we have seen)."""
    for _ in range(3):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def _is_token(part: str) -> bool:
    """``access_token=…`` (or just the name), however percent-encoded."""
    name = _decoded(part).split("=", 1)[0]
    return name.strip().lower() == _TOKEN_PARAMETER


def _without_tokens(text: str, separator: str) -> str:
    """``text`` without its ``separator``-delimited parts that are old tokens; the first part
    (a path segment's name, a query parameter) is dropped only by the caller's own test."""
    parts = text.split(separator)
    head, params = parts[0], parts[1:]
    kept = [param for param in params if not _is_token(param)]
    if _is_token(head):
        return separator.join(kept)
    return separator.join([head, *kept])
