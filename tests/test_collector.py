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
