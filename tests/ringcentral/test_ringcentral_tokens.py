"""contentUri construction, and a distinctive token through every path that could print a URL."""

from __future__ import annotations

import json
import logging
import pickle
from urllib.parse import parse_qsl, quote, urlsplit

import hypothesis.strategies as st
import pytest
from hypothesis import given

import vbformats
from vbformats import InvalidInputError, JobFailedError
from vbformats.cli import main
from vbformats.models.ringcentral import SpeechToText, Utterance
from vbformats.ringcentral import content_uri, redact

TOKEN = "Zq9RcTOKEN-4f1d+Ab/Cd=="
TOKEN_FORMS = (TOKEN, quote(TOKEN, safe=""), quote(quote(TOKEN, safe=""), safe=""))
MEDIA = "https://media.ringcentral.com/restapi/v1.0/account/~/extension/~/recording/6012/content"


def assert_no_token(text: str) -> None:
    for form in TOKEN_FORMS:
        assert form not in text


# --- content_uri ------------------------------------------------------------------------------


def test_token_is_appended_percent_encoded():
    url = content_uri(MEDIA, TOKEN)
    assert url == f"{MEDIA}?access_token=Zq9RcTOKEN-4f1d%2BAb%2FCd%3D%3D"
    assert dict(parse_qsl(urlsplit(url).query)) == {"access_token": TOKEN}


def test_existing_query_kept_existing_token_replaced_fragment_dropped():
    url = content_uri(
        f"{MEDIA}?contentType=audio%2Fmpeg&Access_Token=stale&x=a+b&flag#access_token=old", TOKEN
    )
    base, query = url.split("?")
    assert base == MEDIA
    assert query.split("&") == [
        "contentType=audio%2Fmpeg",
        "x=a+b",
        "flag",
        "access_token=Zq9RcTOKEN-4f1d%2BAb%2FCd%3D%3D",
    ]
    assert "#" not in url and "stale" not in url and "old" not in url
    # percent-encoded parameter names are recognised too
    assert content_uri(f"{MEDIA}?access%5Ftoken=stale", "new") == f"{MEDIA}?access_token=new"


@given(
    st.text(
        alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=1, max_size=40
    ).filter(lambda t: not any(ch.isspace() for ch in t)),
    st.lists(
        st.tuples(
            st.text(alphabet="abcXYZ_-", min_size=1, max_size=6),
            st.text(alphabet="abc123%-._~", max_size=6),
        ),
        max_size=4,
    ),
)
def test_any_token_round_trips_through_the_query(token, params):
    query = "&".join(f"{k}={v}" for k, v in params)
    url = content_uri(f"{MEDIA}?{query}" if query else MEDIA, token)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "media.ringcentral.com",
        urlsplit(MEDIA).path,
        "",
    )
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert [v for k, v in pairs if k == "access_token"] == [token]  # exactly one, intact
    kept = parts.query.split("&")[:-1]
    assert kept == [p for p in query.split("&") if p and p.split("=")[0].lower() != "access_token"]
    # redaction removes exactly the token and nothing else
    assert redact(url) == url.rsplit("access_token=", 1)[0] + "access_token=REDACTED"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        (
            "https://evil.example/recording/1/content",
            "refusing to send an access token to host 'evil.example'",
        ),
        (
            "https://media.ringcentral.com.evil.example/x",
            "host 'media.ringcentral.com.evil.example'",
        ),
        ("https://media.ringcentral.com@evil.example/x", "must not hold credentials"),
        ("http://media.ringcentral.com/x", "must use https"),
        ("media.ringcentral.com/x", "must use https"),
        ("https:///x", "has no host"),
        ("https://media.ringcentral.com:99999/x", "not a valid URL"),
    ],
)
def test_refused_urls(url, fragment):
    with pytest.raises(InvalidInputError) as caught:
        content_uri(f"{url}?access_token={TOKEN}", TOKEN)
    assert fragment in str(caught.value)
    assert caught.value.path == "url"
    assert_no_token(str(caught.value))
    assert_no_token(repr(caught.value))


def test_allowed_hosts_can_be_widened_or_disabled():
    other = "https://Media.Example.org/file.wav"
    assert content_uri(other, "t", allowed_hosts=("media.example.org",)).endswith("?access_token=t")
    assert content_uri(other, "t", allowed_hosts=None).endswith("?access_token=t")
    with pytest.raises(InvalidInputError):
        content_uri(other, "t", allowed_hosts=())


@pytest.mark.parametrize("token", ["", "two words", "tab\there", None])
def test_bad_tokens_are_refused_without_echo(token):
    with pytest.raises(InvalidInputError) as caught:
        content_uri(MEDIA, token)  # type: ignore[arg-type]
    assert caught.value.path == "access_token"
    if token:
        assert token not in str(caught.value)


# --- every printing path ----------------------------------------------------------------------


def _payload_with_uri() -> dict:
    uri = content_uri(MEDIA, TOKEN)
    return {
        "jobId": "7a7b7c7d-0000-11ef-8888-00163e7a0b21",
        "api": "/ai/audio/v1/async/speech-to-text",
        "status": "Success",
        # integrations that store the request next to the result
        "request": {"contentUri": uri, "encoding": "Mpeg"},
        "response": {
            "contentUri": uri,
            "confidence": 0.9,
            "transcript": "Thanks for waiting.",
            "utterances": [
                {
                    "speakerId": "0",
                    "start": 0.2,
                    "end": 1.4,
                    "text": "Thanks for waiting.",
                    "sourceUrl": uri,
                    "wordTimings": [
                        {"word": "thanks", "start": 0.2, "end": 0.6},
                        {"word": "for", "start": 0.6, "end": 0.8},
                        {"word": "waiting", "start": 0.8, "end": 1.4},
                    ],
                }
            ],
        },
    }


def test_reprs_of_models_holding_a_content_uri():
    media = vbformats.load(_payload_with_uri())
    stt = media.ringcentral.speech_to_text
    assert stt.model_extra["contentUri"].endswith(quote(TOKEN, safe=""))  # the data is kept
    for text in (
        repr(media),
        str(media),
        repr(media.ringcentral),
        str(media.ringcentral),
        repr(stt),
        str(stt),
        repr(stt.utterances[0]),
        repr(SpeechToText.model_validate({"contentUri": f"{MEDIA}?access_token={TOKEN}"})),
        repr(Utterance(start=0, end=1, text="x", contentUri=f"{MEDIA}?access_token={TOKEN}")),
        json.dumps(media.to_dict()),  # the VoiceBase-shaped document holds no request data
    ):
        assert_no_token(text)
    assert "REDACTED" in repr(stt)


def test_exception_messages_from_a_failed_job():
    uri = content_uri(MEDIA, TOKEN)
    doc = {
        "jobId": "j-1",
        "status": "Fail",
        "response": {
            "errors": [
                {
                    "errorCode": "CAI-101",
                    "message": f"Parameter [contentUri] is invalid: {uri}",
                    "parameterName": "contentUri",
                },
                "download of " + uri + " failed",
            ]
        },
    }
    with pytest.raises(JobFailedError) as caught:
        vbformats.load(doc)
    error = caught.value
    for text in (
        str(error),
        repr(error),
        repr(error.errors),
        repr(pickle.loads(pickle.dumps(error))),
    ):
        assert_no_token(text)
    assert "access_token=REDACTED" in str(error)
    assert error.parameter_name == "contentUri"


def test_validation_errors_do_not_echo_values():
    doc = _payload_with_uri()
    doc["response"]["utterances"][0]["wordTimings"][1]["start"] = content_uri(MEDIA, TOKEN)
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(doc)
    assert caught.value.path == "response.utterances[0].wordTimings[1].start"
    assert_no_token(str(caught.value))
    assert_no_token(repr(caught.value))


def test_logging_never_carries_the_token(caplog):
    with caplog.at_level(logging.DEBUG):
        uri = content_uri(MEDIA, TOKEN)
        media = vbformats.load(_payload_with_uri())
        with pytest.raises(JobFailedError):
            vbformats.load({"status": "Fail", "response": {"errors": [{"message": uri}]}})
    assert any("contentUri" in r.getMessage() for r in caplog.records)  # something was logged
    assert any("speech-to-text" in r.getMessage() for r in caplog.records)
    assert_no_token(caplog.text)
    assert media.ringcentral.job_id == "7a7b7c7d-0000-11ef-8888-00163e7a0b21"


@pytest.mark.parametrize(
    "argv",
    [
        ["info", "{path}"],
        ["convert", "{path}", "--to", "text"],
        ["convert", "{path}", "--to", "json"],
        ["convert", "{path}", "--to", "srt"],
        ["info", "{failed}"],
        ["convert", "{failed}", "--to", "vtt"],
    ],
)
def test_cli_output_never_shows_the_token(tmp_path, capsys, caplog, argv):
    path = tmp_path / "stored_job.json"
    path.write_text(json.dumps(_payload_with_uri()))
    failed = tmp_path / "failed_job.json"
    failed.write_text(
        json.dumps(
            {
                "status": "Fail",
                "response": {
                    "errors": [
                        {
                            "errorCode": "CAI-101",
                            "message": f"bad uri {content_uri(MEDIA, TOKEN)}",
                            "parameterName": "contentUri",
                        }
                    ]
                },
            }
        )
    )
    args = [a.format(path=path, failed=failed) for a in argv]
    with caplog.at_level(logging.DEBUG):
        code = main(args)
    out, err = capsys.readouterr()
    assert_no_token(out)
    assert_no_token(err)
    assert_no_token(caplog.text)
    if "{failed}" in argv:
        assert code == 2
        assert "CAI-101" in err and "access_token=REDACTED" in err
    else:
        assert code == 0
        assert out.strip()
