"""DFXP/TTML (the only XML we read): entity expansion, external entities and DTDs are refused,
and the parser never reaches the network.

Network access is checked for real: the hostile documents point their DTDs, entities, style
sheets and schemas at an HTTP server on 127.0.0.1 that records every request; it must receive
none. (libxml2 would open its own sockets, which the suite's Python socket guard cannot see, so
this is the test that counts.)
"""

from __future__ import annotations

import time

import pytest
from browser.server import serve

import vbformats
from vbformats import InvalidInputError, VBFormatsError

TT = '<tt xmlns="http://www.w3.org/ns/ttml">'
P = '<p begin="00:00:00.000" end="00:00:01.000">{}</p>'


def _doc(prolog: str, text: str, root: str = TT) -> bytes:
    return f'<?xml version="1.0"?>\n{prolog}\n{root}<body><div>{P.format(text)}</div></body></tt>'.encode()


BILLION_LAUGHS = _doc(
    """<!DOCTYPE tt [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>""",
    "&lol9;",
)

QUADRATIC_BLOWUP = _doc(
    f'<!DOCTYPE tt [<!ENTITY a "{"x" * 50_000}">]>',
    "&a;" * 5_000,
)


def _refused(data: bytes, **kwargs: object) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        vbformats.load(data, **kwargs)
    return caught.value


@pytest.mark.parametrize("fmt", ["dfxp", None])
def test_billion_laughs_is_refused_quickly(fmt):
    started = time.perf_counter()
    error = _refused(BILLION_LAUGHS, format=fmt)
    assert time.perf_counter() - started < 2
    assert "DOCTYPE" in str(error)
    assert "lol" not in str(error)


def test_quadratic_blowup_is_refused_quickly():
    started = time.perf_counter()
    error = _refused(QUADRATIC_BLOWUP, format="dfxp")
    assert time.perf_counter() - started < 2
    assert len(str(error)) < 500


def test_external_file_entity_is_refused_and_its_content_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    data = _doc(
        f'<!DOCTYPE tt [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
        "&xxe;",
    )
    error = _refused(data, format="dfxp")
    assert "TOP-SECRET" not in str(error)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_doctype_is_refused_in_every_encoding(tmp_path, encoding):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    text = (
        f'<!DOCTYPE tt [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        f"{TT}<body><div>{P.format('&xxe;')}</div></body></tt>"
    )
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + text).encode(encoding)  # a BOM says which
    with pytest.raises(VBFormatsError) as caught:
        vbformats.load(data, format="dfxp")
    assert "TOP-SECRET" not in str(caught.value)


def test_lowercase_doctype_and_parameter_entities_are_refused():
    for prolog in (
        '<!doctype tt [<!ENTITY x "y">]>',
        "<!DOCTYPE tt [<!ENTITY % p \"<!ENTITY x 'y'>\"> %p;]>",
        "<!DOCTYPE tt>",
    ):
        _refused(_doc(prolog, "hi"), format="dfxp")


def test_undeclared_entity_is_an_error_not_an_expansion():
    error = _refused(_doc("", "&undeclared;"), format="dfxp")
    assert "undeclared" in str(error)


def test_nothing_in_a_dfxp_document_makes_the_parser_reach_the_network():
    with serve({}) as server:
        base = server.base_url
        hostile = [
            _doc(f'<!DOCTYPE tt SYSTEM "{base}tt.dtd">', "hi"),
            _doc(f'<!DOCTYPE tt PUBLIC "-//X//DTD X//EN" "{base}public.dtd">', "hi"),
            _doc(f'<!DOCTYPE tt [<!ENTITY net SYSTEM "{base}entity">]>', "&net;"),
            _doc(f'<!DOCTYPE tt [<!ENTITY % ext SYSTEM "{base}param"> %ext;]>', "hi"),
            _doc(f'<?xml-stylesheet type="text/xsl" href="{base}style.xsl"?>', "hi"),
            _doc(
                "",
                "hi",
                root=(
                    '<tt xmlns="http://www.w3.org/ns/ttml" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                    f'xsi:schemaLocation="http://www.w3.org/ns/ttml {base}ttml.xsd">'
                ),
            ),
            _doc(
                "",
                f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{base}inc" '
                'parse="text"/>hi',
            ),
        ]
        outcomes = []
        for data in hostile:
            try:
                media = vbformats.load(data, format="dfxp")
                outcomes.append(" ".join(t.text for t in vbformats.turns(media)))
            except VBFormatsError as error:
                outcomes.append(type(error).__name__)
        time.sleep(0.2)  # a request in flight would have arrived by now
        assert server.requests == []
    # documents without declarations are read (their references are simply not followed)
    assert outcomes[4:] == ["hi", "hi", "hi"]
    assert outcomes[:4] == ["InvalidInputError"] * 4
