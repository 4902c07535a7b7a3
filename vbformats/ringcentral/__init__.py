"""RingCentral AI results: the whole vendor wing of vbformats.

* :mod:`~vbformats.ringcentral.dialect` – recognises a RingCentral payload; registered with the
  JSON format (:data:`vbformats.formats.DIALECTS`), so :func:`vbformats.load` reads every
  envelope generation without being told;
* :mod:`~vbformats.ringcentral.models` – the result models (:class:`RingCentralResult`, the
  vendor extension a converted :class:`~vbformats.models.media.Media` carries as
  ``media.ringcentral``);
* :mod:`~vbformats.ringcentral.reader` – payload → VoiceBase-shaped :class:`Media`;
* :mod:`~vbformats.ringcentral.aligner` – punctuated utterance text aligned onto timed words;
* :mod:`~vbformats.ringcentral.tables` – the RingCentral tables (speaker insights, questions,
  conversational insights, summaries, utterances), registered with :mod:`vbformats.frames`;
* :mod:`~vbformats.ringcentral.urls` – :func:`content_uri`, a recording's ``contentUri``;
* :mod:`~vbformats.ringcentral.crosstalk` – the rule for cross-talk echoes between channels;
* :mod:`~vbformats.ringcentral.utterance_list` – a bare list of utterances (a JSON dialect);
* :mod:`~vbformats.ringcentral.ace_dialect`, :mod:`~vbformats.ringcentral.ace`,
  :mod:`~vbformats.ringcentral.ace_tables` – ACE (AI Conversation Expert) insights records,
  sessions and push events: recognised, read, and their insights as tables.

Nothing in the core imports this package; the names below are imported on first use, so that
recognising a payload (:mod:`~vbformats.ringcentral.dialect`) does not build the models.

Example::

    >>> from vbformats.ringcentral import content_uri, redact
    >>> url = content_uri(
    ...     "https://media.ringcentral.com/restapi/v1.0/account/~/recording/77/content",
    ...     "U0pDMTFQMDFQQVMwMHxBQUJ",
    ... )
    >>> redact(url)
    'https://media.ringcentral.com/restapi/v1.0/account/~/recording/77/content?access_token=REDACTED'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vbformats.ringcentral.dialect import ResultKind as ResultKind
    from vbformats.ringcentral.dialect import is_ringcentral as is_ringcentral
    from vbformats.ringcentral.dialect import result_kind as result_kind
    from vbformats.ringcentral.models import *  # noqa: F403
    from vbformats.ringcentral.urls import DEFAULT_ALLOWED_HOSTS as DEFAULT_ALLOWED_HOSTS
    from vbformats.ringcentral.urls import content_uri as content_uri
    from vbformats.secrets import REDACTED as REDACTED
    from vbformats.secrets import RedactingFilter as RedactingFilter
    from vbformats.secrets import redact as redact

# public name -> the module that defines it
_HOMES: dict[str, str] = {
    "REDACTED": "vbformats.secrets",
    "RedactingFilter": "vbformats.secrets",
    "redact": "vbformats.secrets",
    "ResultKind": "vbformats.ringcentral.dialect",
    "is_ringcentral": "vbformats.ringcentral.dialect",
    "result_kind": "vbformats.ringcentral.dialect",
    "DEFAULT_ALLOWED_HOSTS": "vbformats.ringcentral.urls",
    "content_uri": "vbformats.ringcentral.urls",
}
_MODELS = "vbformats.ringcentral.models"


def __getattr__(name: str) -> Any:
    if name == "__all__":  # the public names: ours and every model's
        return sorted({*_HOMES, *importlib.import_module(_MODELS).__all__})
    home = _HOMES.get(name)
    if home is None:
        models = importlib.import_module(_MODELS)
        if name not in models.__all__:
            raise AttributeError(f"module 'vbformats.ringcentral' has no attribute {name!r}")
        return getattr(models, name)
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    names: list[str] = __getattr__("__all__")
    return names
