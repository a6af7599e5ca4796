"""The read-only console's request and answer.

The request's limits are checked by the console itself (``graph/console_checks.py``), so
that a refused query is audited and counted like every other refusal; the schema here
says the same limits for the OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from graph.console_checks import (
    MAX_CYPHER_LENGTH,
    MAX_LIST_ITEMS,
    MAX_PARAMETERS,
    MAX_STRING_LENGTH,
    PARAMETER_NAME,
)

__all__ = ["ConsoleAnswer", "ConsoleRequest"]

_SCALARS: list[dict[str, Any]] = [
    {"type": "string", "maxLength": MAX_STRING_LENGTH},
    {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "null"},
]
_PARAMETERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "maxProperties": MAX_PARAMETERS,
    "propertyNames": {"pattern": PARAMETER_NAME},
    "additionalProperties": {
        "anyOf": [*_SCALARS, {"type": "array", "maxItems": MAX_LIST_ITEMS, "items": {"anyOf": _SCALARS}}]
    },
    "description": "values for the query's $parameters: strings, numbers, booleans, null and flat lists of those "
    "(together at most 100,000 characters as JSON)",
}


class ConsoleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cypher: Annotated[
        str,
        WithJsonSchema(
            {
                "type": "string",
                "maxLength": MAX_CYPHER_LENGTH,
                "description": "one read-only Cypher statement",
                "examples": ["MATCH (m:Mission)<-[:EVALUATES]-(e:Evaluation) RETURN m.id, count(e) AS n"],
            }
        ),
    ]
    parameters: Annotated[dict[str, Any], WithJsonSchema(_PARAMETERS_SCHEMA)] = Field(default_factory=dict)


class ConsoleAnswer(BaseModel):
    columns: list[str] = Field(description="the query's result columns, in order")
    rows: list[list[Any]] = Field(
        description="one list per row, a value per column: nodes as {labels, properties}, relationships as "
        "{type, properties}, paths as {nodes, relationships}, temporal values as ISO 8601 text"
    )
    row_count: int = Field(description="rows in this answer")
    truncated: bool = Field(description="true when the query had more rows than the console returns")
    elapsed_ms: float = Field(description="milliseconds the query ran, after the checks")
