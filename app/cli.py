"""The ``kg`` command line: the local Neo4j, the schema, the seed graph and the server."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from app.connection import local_server, open_database
from app.settings import Settings, get_settings
from graph.errors import GraphError
from graph.schema import apply_schema

__all__ = ["main"]


def _neo4j(args: argparse.Namespace, settings: Settings) -> int:
    server = local_server(settings)
    if args.action == "start":
        if not server.status().running:
            print(f"starting Neo4j in {server.home} (the first start downloads it through Maven) ...")
        print(server.start().describe())
    elif args.action == "stop":
        print("stopped" if server.stop() else "was not running")
    else:
        status = server.status()
        print(status.describe())
        return 0 if status.running else 3
    return 0


def _ensure_server(settings: Settings) -> None:
    """Start the local server unless the user pointed us at one with NEO4J_URI."""
    if settings.neo4j_uri:
        print(f"using Neo4j at {settings.neo4j_uri}")
        return
    server = local_server(settings)
    if not server.status().running:
        print(f"starting the local Neo4j in {server.home} (the first start downloads it through Maven) ...")
    print(server.start().describe())


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        print(f"schema version {apply_schema(db)} applied")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    _ensure_server(settings)
    with open_database(settings) as db:
        print(f"schema version {apply_schema(db)} applied")
    print(f"serving on http://{args.host}:{args.port} (OpenAPI docs at /docs)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _parser(settings: Settings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    neo4j = sub.add_parser("neo4j", help="run the local Neo4j server (when NEO4J_URI is unset)")
    neo4j.add_argument("action", choices=["start", "stop", "status"])
    neo4j.set_defaults(run=_neo4j)

    schema = sub.add_parser("schema", help="apply constraints and indexes (idempotent)")
    schema.set_defaults(run=_schema)

    serve = sub.add_parser("serve", help="start Neo4j if needed, apply the schema, load the seed if empty, serve the API")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.set_defaults(run=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    args = _parser(settings).parse_args(argv)
    run: Callable[[argparse.Namespace, Settings], int] = args.run
    try:
        return run(args, settings)
    except GraphError as e:
        print(f"kg: {e.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
