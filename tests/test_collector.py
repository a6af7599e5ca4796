"""Parsing and importing pause Python's garbage collector; it must always come back on, or
a long-running service would keep every reference cycle it ever made."""

from __future__ import annotations

import gc

import pytest

from app.interchange import parse_document
from graph.collector import collector_paused
from graph.errors import InvalidInput


def test_the_collector_runs_again_after_a_document_is_refused() -> None:
    assert gc.isenabled()
    with pytest.raises(InvalidInput):
        parse_document({"format": "lessons-graph/1", "nodes": [{"label": "Nope", "id": "x"}]})
    assert gc.isenabled()


def test_only_the_outermost_pause_resumes_the_collector() -> None:
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_resumes_when_the_last_of_overlapping_pauses_ends() -> None:
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()  # as another thread would, while the first pause lasts
    first.__exit__(None, None, None)
    assert not gc.isenabled(), "the second pause still lasts"
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
