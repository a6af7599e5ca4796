"""Schemathesis over the whole OpenAPI document, every check, against the real service on
a real Neo4j (the seed graph loaded), with a fixed seed and a bounded number of examples:
the document says what the server does, and no input makes it fail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.cli import SEED_FILE
from app.interchange import load_file, parse_document
from app.main import create_app
from app.settings import Environment, Settings
from graph.actor import SYSTEM
from graph.database import Database
from graph.transfer import import_document
from tests.neo4j_provider import TEST_KEY_FILE
from tests.tokens import bearer

schema = schemathesis.openapi.from_dict(create_app(Settings(environment=Environment.test)).openapi())
schema.config.generation.update(max_examples=20, deterministic=True)
# Every call as an administrator cleared for everything (access has tests of its own).
schema.config.update(headers=bearer(Settings(environment=Environment.test, auth_key_file=TEST_KEY_FILE)))
# A well-formed If-Match may name a version the node has moved on from: 412 is the answer.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    *schema.config.checks.positive_data_acceptance.expected_statuses,
    "412",
]

_SETTINGS = settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def seeded(session_db: Database) -> Iterator[None]:
    session_db.write("graph_clear")
    import_document(session_db, parse_document(load_file(SEED_FILE)), SYSTEM)
    yield
    session_db.write("graph_clear")


# An import's records refer to each other and to the graph (ends, duplicates, an Action's
# one owner): a schema-valid document can still be refused, with 422 listing why. A console
# query is text: a schema-valid one is rarely Cypher, and is refused with 422 saying why.
_DEPENDS_ON_THE_GRAPH = {("POST", "/api/v1/import"), ("POST", "/api/v1/query")}


@schema.parametrize()
@_SETTINGS
def test_every_operation_keeps_its_contract(case: Any, live_url: str, seeded: None) -> None:
    excluded = [positive_data_acceptance] if (case.method, case.path) in _DEPENDS_ON_THE_GRAPH else []
    case.call_and_validate(base_url=live_url, excluded_checks=excluded)


def test_sequences_of_operations_keep_their_contracts(live_url: str, seeded: None) -> None:
    schema.config.update(base_url=live_url)
    machine = schema.as_state_machine()
    machine.run(settings=settings(_SETTINGS, max_examples=10, stateful_step_count=5))
