"""Secret redaction: access and bearer tokens never reach a repr, log, error or CLI output.

(Placeholder with the final signature; issue #5 completes it.)
"""

from __future__ import annotations

import re

__all__ = ["redact"]

_TOKEN_IN_QUERY = re.compile(r"(?i)((?:access_token|token|bearer)=)[^&#\s\"']+")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")


def redact(text: str) -> str:
    """Replace token values in URLs and ``Authorization: Bearer`` headers with ``REDACTED``."""
    text = _TOKEN_IN_QUERY.sub(r"\1REDACTED", text)
    return _BEARER.sub(r"\1REDACTED", text)
