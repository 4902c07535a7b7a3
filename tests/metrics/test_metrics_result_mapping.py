"""MetricsResult reads like a mapping of metric names: `in`, iteration, len, and an unknown
name raising our error (which is also the KeyError a mapping raises)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import vbformats
from vbformats import metrics
from vbformats.errors import InvalidInputError

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "stereo_call.json"


@pytest.fixture(scope="module")
def result() -> metrics.MetricsResult:
    return metrics.compute(vbformats.load(SAMPLE))


def test_names_are_the_voicebase_metrics_then_the_extensions(result):
    names = list(result)
    assert names[: len(metrics.METRIC_NAMES)] == list(result.raw)
    assert set(names[len(result.raw) :]) == set(result.extensions)
    assert len(result) == len(names) == len(set(names))
    assert "overtalk-ratio" in result
    assert "no-such-metric" not in result
    assert 0 not in result  # no lookup by position, and no KeyError(0) from `in`


def test_an_unknown_name_is_our_error_and_a_key_error(result):
    with pytest.raises(metrics.UnknownMetricError) as caught:
        result["overtalk-rate"]
    error = caught.value
    assert isinstance(error, InvalidInputError) and isinstance(error, KeyError)
    assert "no metric named 'overtalk-rate'" in str(error)
    assert "overtalk-incidents" in str(error)
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error)
    with pytest.raises(KeyError):  # what code written for a dict catches
        result[3]  # type: ignore[index]
