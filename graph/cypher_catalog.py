"""The one Cypher loader: ``cypher/<name>.cypher``, read once and cached.

Each file opens with comment lines naming its parameters and what it returns. The text
is cast to ``LiteralString`` here and nowhere else: it comes from files shipped with
the package, never from a request.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import LiteralString, cast

from graph.errors import GraphError

__all__ = ["query", "script"]

# A statement of a multi-statement script ends with ";" as the last thing on its line.
# Splitting there (and not on "//" comments) cannot cut a string literal in our files.
_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


@cache
def query(name: str) -> LiteralString:
    """The statement in ``cypher/<name>.cypher``."""
    resource = resources.files("cypher").joinpath(f"{name}.cypher")
    if not resource.is_file():
        raise GraphError(f"no Cypher statement named {name!r}")
    # mypy treats LiteralString as str; the cast tells the driver's type hints and the reader.
    return cast(LiteralString, resource.read_text(encoding="utf-8"))  # type: ignore[redundant-cast]


@cache
def script(name: str) -> tuple[LiteralString, ...]:
    """The statements of a multi-statement file, each without its comments-only lines."""
    parts = _STATEMENT_END.split(query(name))
    statements: list[LiteralString] = []
    for part in parts:
        code = "\n".join(line for line in part.splitlines() if not line.strip().startswith("//"))
        if code.strip():
            statements.append(code.strip())
    return tuple(statements)
