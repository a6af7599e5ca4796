"""The graph version log: which answers a write can change."""

from __future__ import annotations

from graph.versions import EVERYTHING, GraphVersions

INTERFACES = frozenset({"Organisation", "Interface", "FROM", "TO"})
STAGES = frozenset({"Recommendation", "Action"})


def test_an_answer_is_kept_across_writes_that_touch_nothing_it_reads() -> None:
    versions = GraphVersions(lambda: 10)
    versions.observe(10)
    versions.committed(11, frozenset({"Interface", "FROM"}))
    versions.committed(12, frozenset({"Interface"}))
    assert versions.since(STAGES, 12) == 10, "interface edits leave the stages as they were at 10"
    assert versions.since(INTERFACES, 12) == 12
    versions.committed(13, frozenset({"Action"}))
    assert versions.since(STAGES, 13) == 13
    assert versions.since(INTERFACES, 13) == 12


def test_a_write_from_elsewhere_or_of_anything_changes_everything() -> None:
    versions = GraphVersions(lambda: 0)
    versions.committed(5, frozenset({"Interface"}))
    versions.observe(7)  # 6 and 7 were written by someone else
    assert versions.since(STAGES, 7) == 7
    versions.committed(8, EVERYTHING)
    assert versions.since(STAGES, 8) == 8
    versions.committed(9, frozenset({"Theme"}))
    assert versions.since(STAGES, 9) == 8


def test_the_nodes_changed_since_a_version_are_known_only_for_this_processs_writes() -> None:
    versions = GraphVersions(lambda: 0)
    versions.observe(10)
    versions.committed(11, frozenset({"Interface"}), frozenset({("Interface", "i1"), ("Organisation", "a")}))
    versions.committed(12, frozenset({"Action"}), frozenset({("Action", "x")}))
    assert versions.changed_nodes(10, 12, limit=100) == frozenset(
        {("Interface", "i1"), ("Organisation", "a"), ("Action", "x")}
    )
    assert versions.changed_nodes(11, 12, limit=100) == frozenset({("Action", "x")})
    assert versions.changed_nodes(12, 12, limit=100) == frozenset()
    assert versions.changed_nodes(10, 12, limit=2) is None, "more than the limit: read everything"
    assert versions.changed_nodes(9, 12, limit=100) is None, "10 was written elsewhere"
    versions.committed(13, EVERYTHING)  # an import: it does not say which nodes
    assert versions.changed_nodes(12, 13, limit=100) is None
