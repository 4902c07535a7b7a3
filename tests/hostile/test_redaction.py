"""redact(): token values never survive, in any of the forms a URL or header is printed."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import hypothesis.strategies as st
import pytest
from hypothesis import given

from vbformats.secrets import REDACTED, RedactingFilter, redact

BASE = "https://media.ringcentral.com/restapi/v1.0/account/~/recording/5150/content"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{BASE}?access_token=U0pDMTF8QUE", f"{BASE}?access_token=REDACTED"),
        (f"{BASE}?a=1&access_token=U0p%2BMTF%3D&b=2", f"{BASE}?a=1&access_token=REDACTED&b=2"),
        (f"{BASE}#access_token=abc.def&state=7", f"{BASE}#access_token=REDACTED&state=7"),
        (f"{BASE}?ACCESS_TOKEN=abc", f"{BASE}?ACCESS_TOKEN=REDACTED"),
        (f"{BASE}?token=abc&x=1", f"{BASE}?token=REDACTED&x=1"),
        (f"{BASE}?bearer=abc", f"{BASE}?bearer=REDACTED"),
        (
            f"{BASE}?refresh_token=r1&client_secret=s2",
            f"{BASE}?refresh_token=REDACTED&client_secret=REDACTED",
        ),
        ("Authorization: Bearer U0pDMTF8QUE", "Authorization: Bearer REDACTED"),
        ("authorization: basic dXNlcjpwdw==", "authorization: basic REDACTED"),
        ('{"Authorization": "U0pDMTF8QUE"}', '{"Authorization": "REDACTED"}'),
        ("{'Authorization': 'Bearer U0pDMTF8QUE'}", "{'Authorization': 'Bearer REDACTED'}"),
        ("sent bearer U0pDMTF8QUE to the API", "sent bearer REDACTED to the API"),
        (
            '{"access_token": "a&b#c", "expires_in": 7199}',
            '{"access_token": "REDACTED", "expires_in": 7199}',
        ),
        ("access_token: U0pDMTF8QUE", "access_token: REDACTED"),
        ("https://user:pa55@media.example.com/x", "https://user:REDACTED@media.example.com/x"),
        # a URL percent-encoded once (as a query parameter) and twice
        (
            "webhook=https%3A%2F%2Fh.example%2Fcb%3Faccess_token%3DU0p%252B%26a%3D1",
            "webhook=https%3A%2F%2Fh.example%2Fcb%3Faccess_token%3DREDACTED%26a%3D1",
        ),
        (
            "u=https%253A%252F%252Fh%252Fc%253Faccess_token%253DU0p%25252B%2526a%253D1",
            "u=https%253A%252F%252Fh%252Fc%253Faccess_token%253DREDACTED%2526a%253D1",
        ),
        ("access%5Ftoken=U0pDMTF", "access%5Ftoken=REDACTED"),
        ("access_token\\u003dU0pDMTF", "access_token\\u003dREDACTED"),
        # nothing secret: unchanged
        ("12 tokens were read, 3 turns", "12 tokens were read, 3 turns"),
        (f"{BASE}?contentType=audio%2Fmpeg", f"{BASE}?contentType=audio%2Fmpeg"),
        ("", ""),
    ],
)
def test_redact_examples(text, expected):
    assert redact(text) == expected
    assert redact(expected) == expected  # idempotent


TOKENS = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=6, max_size=40
).map(lambda t: "Zq9" + t)
B64_TOKENS = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=",
    min_size=6,
    max_size=60,
).map(lambda t: "Zq9" + t)


def forms(token: str) -> list[str]:
    return [token, quote(token, safe=""), quote(quote(token, safe=""), safe="")]


@given(TOKENS, st.sampled_from(["", "?a=1", "?a=1&b=x%20y", "?access_token=old&z="]))
def test_any_token_in_any_encoding_of_a_query_is_removed(token, query):
    url = f"{BASE}{query}{'&' if query else '?'}access_token={quote(token, safe='')}#t=1"
    for text in (
        url,
        quote(url, safe=""),
        quote(quote(url, safe=""), safe=""),
        json.dumps({"contentUri": url}),
        repr({"contentUri": url}),
        f"POST /ai/audio/v1/async/speech-to-text body={json.dumps({'contentUri': url})}",
    ):
        cleaned = redact(text)
        for form in forms(token):
            assert form not in cleaned
        assert REDACTED in cleaned


@given(B64_TOKENS)
def test_any_realistic_token_in_headers_and_json_is_removed(token):
    for text in (
        f"Authorization: Bearer {token}",
        json.dumps({"headers": {"Authorization": f"Bearer {token}"}}),
        json.dumps({"access_token": token, "token_type": "bearer"}),
        repr({"Authorization": token}),
        f"GET {BASE}?access_token={token}",
    ):
        assert token not in redact(text)


def test_redacting_filter_cleans_records(caplog):
    logger = logging.getLogger("vbformats.test.redaction")
    handler_filter = RedactingFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        with caplog.at_level(logging.INFO, logger="vbformats.test.redaction"):
            logger.info("fetching %s", f"{BASE}?access_token=Zq9SECRET")
            logger.info("plain message, no args")
    finally:
        caplog.handler.removeFilter(handler_filter)
    assert "Zq9SECRET" not in caplog.text
    assert "access_token=REDACTED" in caplog.text
    assert "plain message, no args" in caplog.text
