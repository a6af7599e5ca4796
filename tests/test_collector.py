"""Parsing, importing and answering pause Python's garbage collector; it must always come
back on, or a long-running service would keep every reference cycle it ever made. What a
pause leaves alive in quantity is frozen (out of the collector's walks) yet still freed when
dropped, and freezing must not make the service keep more garbage the longer it runs."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.interchange import parse_document
from graph import collector
from graph.collector import collector_paused
from graph.errors import InvalidInput
from graph.synth import synthesize

API = "/api/v1"
ANSWERS = [
    "/analysis/interfaces?limit=10000",
    "/analysis/interfaces-without-feedback",
    "/analysis/ll-stages",
    "/analysis/recommendations-without-follow-up",
    "/analysis/recurring-lessons",
    "/analysis/overdue-actions",
    "/analysis/network",
    "/stats",
]


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


class _Held:
    """A tracked object that can be watched with a weak reference."""

    __slots__ = ("__weakref__", "value")

    def __init__(self, value: object) -> None:
        self.value = value


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """The test starts with nothing frozen, and leaves nothing frozen behind."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_pause_that_leaves_many_objects_alive_freezes_them_and_they_are_still_freed(unfrozen: None) -> None:
    before = _Held(None)
    before.value = before  # cyclic garbage from before the pause, once dropped
    garbage = weakref.ref(before)
    del before
    with collector_paused():
        kept = [_Held(i) for i in range(collector.FREEZE_AFTER + 1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept), "what the pause left alive is out of the collector's walks"
    watched = weakref.ref(kept[0])
    del kept
    assert watched() is None, "a frozen object is freed when nothing holds it"
    gc.collect()
    assert garbage() is None, "the garbage from before the pause was collected, not frozen"


def test_a_pause_that_leaves_few_objects_alive_or_ends_with_an_error_freezes_nothing(unfrozen: None) -> None:
    gc.collect()
    with collector_paused():
        few = [_Held(i) for i in range(100)]
    assert gc.get_freeze_count() == 0
    many: list[_Held] = []

    def failing_import() -> None:
        with collector_paused():
            many.extend(_Held(i) for i in range(collector.FREEZE_AFTER + 1000))
            raise RuntimeError("a failed import")

    with pytest.raises(RuntimeError):
        failing_import()
    assert gc.get_freeze_count() == 0, "a traceback is a cycle: nothing is frozen with it"
    assert gc.isenabled()
    assert len(few) + len(many) > collector.FREEZE_AFTER


def _rounds(client: TestClient, document: dict[str, Any], rounds: int) -> None:
    """Rounds of what a dashboard sees while someone edits: an edit, then every answer."""
    nodes = {node["label"]: node["id"] for node in document["nodes"]}
    for n in range(rounds):
        patched = client.patch(f"{API}/actions/{nodes['Action']}", json={"description": f"edit {n}"})
        assert patched.status_code == 200, patched.text
        for path in ANSWERS:
            assert client.get(f"{API}{path}").status_code == 200, path


def _frozen_cyclic_garbage() -> int:
    """How many objects among the frozen ones were cyclic garbage (and now are collected)."""
    gc.collect()  # what is not frozen first: only the frozen garbage is counted below
    gc.unfreeze()
    return gc.collect()


def test_the_cyclic_garbage_that_freezes_keep_is_collected_every_so_many_freezes(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "COLLECT_EVERY", 3)
    monkeypatch.setattr(collector._pauses, "freezes", 0)
    watched, kept = [], []
    for freeze in range(1, 4):
        with collector_paused():
            kept.append([_Held(i) for i in range(collector.FREEZE_AFTER + 1000)])
            cycle = _Held(-freeze)
            cycle.value = cycle  # garbage once dropped, which only the collector can free
            watched.append(weakref.ref(cycle))
            del cycle
        gc.collect()
        alive = [ref() is not None for ref in watched]
        if freeze < 3:
            assert all(alive), "a freeze keeps the cyclic garbage of its instant from the collector"
        else:
            assert not any(alive), "the third freeze collected everything first"


def test_answers_after_edits_leave_no_more_cyclic_garbage_the_longer_they_are_asked(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, unfrozen: None
) -> None:
    """Each freeze keeps the cyclic garbage of its instant; over many rounds of edits and
    answers the garbage kept must stay bounded, not grow with the rounds."""
    document = synthesize(1, seed=3)
    assert client.post(f"{API}/import", json=document).status_code == 200
    monkeypatch.setattr(collector, "FREEZE_AFTER", 500)  # at scale 1, freeze after every answer
    monkeypatch.setattr(collector, "COLLECT_EVERY", 2)  # what two freezes keep, at most
    _rounds(client, document, 1)  # the inputs read whole, the answers computed once
    _frozen_cyclic_garbage()
    _rounds(client, document, 4)
    assert gc.get_freeze_count() > 0, "the rounds froze what they left"
    after_4 = _frozen_cyclic_garbage()
    _rounds(client, document, 24)
    after_24 = _frozen_cyclic_garbage()
    assert after_24 <= after_4 + 300, f"{after_4} objects after 4 rounds, {after_24} after 24"
