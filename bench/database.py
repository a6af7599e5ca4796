"""The Neo4j the benchmark runs against, and the few bench-only statements it needs.

``NEO4J_URI`` (with ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``) is used as it is;
otherwise a private ``LocalNeo4j`` is started in a fresh temporary home on a free port and
stopped (and its home removed) at the end, so the benchmark never touches a developer's
server on 7687 or the project's ``.neo4j/``.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from app.connection import configured_server, private_server
from app.settings import Settings
from graph.actor import SYSTEM
from graph.clearing import clear_graph as graph_clear
from graph.database import ConnectionInfo, Database
from graph.local_server import LocalNeo4j

__all__ = ["BenchNeo4j", "clear_graph", "provide_neo4j", "server_version"]

_COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"


@dataclass(frozen=True)
class BenchNeo4j:
    """The connection, where it came from, and the server's pid file when the bench
    started it (a server given by ``NEO4J_URI`` may be anywhere: its memory is not read)."""

    info: ConnectionInfo
    how: str
    pid_file: Path | None = None

    def pid(self) -> int | None:
        if self.pid_file is None:
            return None
        try:
            return int(self.pid_file.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None


@contextmanager
def provide_neo4j(heap: str, pagecache: str) -> Iterator[BenchNeo4j]:
    configured = configured_server(Settings())
    if configured is not None:
        yield BenchNeo4j(configured, "NEO4J_URI")
        return
    home = Path(tempfile.mkdtemp(prefix="kg-bench-neo4j-", dir="/tmp"))
    print(f"starting a private Neo4j in {home} ...", file=sys.stderr, flush=True)
    try:
        with private_server(home, heap=heap, pagecache=pagecache) as info:
            described = f"private LocalNeo4j (heap {heap}, pagecache {pagecache})"
            yield BenchNeo4j(info, described, LocalNeo4j.pid_file_of(home))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def clear_graph(driver: Driver, database: str) -> None:
    """Delete every domain node (not the schema, not the SchemaVersion node), batched."""
    graph_clear(Database(driver, database, timeout=3600), SYSTEM)


def server_version(driver: Driver, database: str) -> str:
    """The version the server reports (which may differ from the pinned one under NEO4J_URI)."""
    records, _, _ = driver.execute_query(_COMPONENTS, database_=database)
    return ", ".join(f"{r['name']} {r['version']} {r['edition']}" for r in records)
