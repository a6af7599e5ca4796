"""The ``kg`` command line: the local Neo4j, the schema, the seed graph and the server."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from tqdm import tqdm

from app.connection import local_server, open_database
from app.interchange import load_file, parse_document
from app.settings import Settings, get_settings
from graph.clearing import clear_graph
from graph.database import Database
from graph.errors import GraphError, InvalidInput
from graph.schema import apply_schema
from graph.transfer import ImportSummary, ValidDocument, canonical_json, export_document, import_document

__all__ = ["main"]

SEED_FILE = Path(str(resources.files("seed").joinpath("lessons-graph.yaml")))


def _say(message: str) -> None:
    """Progress and notes go to stderr: stdout carries only what a command produces (an
    export to '-', a token, a key), so that it can be piped."""
    print(message, file=sys.stderr, flush=True)


def _neo4j(args: argparse.Namespace, settings: Settings) -> int:
    server = local_server(settings)
    if args.action == "start":
        if not server.status().running:
            _say(f"starting Neo4j in {server.home} (the first start downloads it through Maven) ...")
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
        _say(f"using Neo4j at {settings.neo4j_uri}")
        return
    server = local_server(settings)
    if not server.status().running:
        _say(f"starting the local Neo4j in {server.home} (the first start downloads it through Maven) ...")
    _say(server.start().describe())


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        _say(f"schema version {apply_schema(db)} applied")
    return 0


def _import(db: Database, document: ValidDocument, label: str, settings: Settings) -> ImportSummary:
    with tqdm(total=document.size, unit="record", desc=label, disable=document.size < 5000) as bar:
        return import_document(
            db.with_timeout(settings.import_timeout),
            document,
            progress=bar.update,
            single_transaction_max=settings.import_single_transaction_max,
        )


def _import_file(db: Database, path: Path, settings: Settings) -> ImportSummary:
    return _import(db, parse_document(load_file(path)), path.name, settings)


def _report(summary: ImportSummary) -> None:
    _say(
        f"nodes: {summary.nodes_created} created, {summary.nodes_updated} updated, {summary.nodes_total} in the file; "
        f"relationships: {summary.relationships_created} created, {summary.relationships_updated} updated, "
        f"{summary.relationships_total} in the file"
    )


def _import_command(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        apply_schema(db)
        _report(_import_file(db, Path(args.file), settings))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        data = canonical_json(export_document(db))
    if args.file == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.file).write_bytes(data)
        _say(f"wrote {len(data)} bytes to {args.file}")
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        apply_schema(db)
        _report(_import_file(db, SEED_FILE, settings))
    return 0


def _graph(args: argparse.Namespace, settings: Settings) -> int:
    """``kg graph clear``: every node and relationship goes, after a confirmation."""
    _ensure_server(settings)
    where = settings.neo4j_uri or f"the local server in {settings.neo4j_home}"
    if not args.yes:
        if not sys.stdin.isatty():
            _say("kg graph clear deletes the whole graph; pass --yes to confirm it from a script")
            return 2
        answer = input(f"Delete every node and relationship of the graph in {where}? Type 'clear' to confirm: ")
        if answer.strip() != "clear":
            _say("nothing was deleted")
            return 1
    with open_database(settings) as db:
        _say(f"deleted {clear_graph(db)} nodes and their relationships from {where}")
    return 0


def _synth(args: argparse.Namespace, settings: Settings) -> int:
    from graph.synth import summarize, synthesize

    document = synthesize(args.scale, args.seed)
    counts = summarize(document)
    _say(f"scale {args.scale}, seed {args.seed}: {counts['nodes']} nodes, {counts['relationships']} relationships")
    if args.out:
        Path(args.out).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        _say(f"wrote {args.out}")
    if args.load:
        _ensure_server(settings)
        with open_database(settings) as db:
            apply_schema(db)
            _report(_import(db, parse_document(document), "import", settings))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    _ensure_server(settings)
    with open_database(settings) as db:
        _say(f"schema version {apply_schema(db)} applied")
        if db.read("graph_is_empty")[0]["empty"]:
            _say(f"the graph is empty: loading the seed graph from {SEED_FILE.name}")
            _report(_import_file(db, SEED_FILE, settings))
    _say(f"serving on http://{args.host}:{args.port} (OpenAPI docs at /docs)")
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

    importer = sub.add_parser(
        "import", help="merge an interchange file (JSON or YAML) into the graph; one bad record and nothing is written"
    )
    importer.add_argument("file")
    importer.set_defaults(run=_import_command)

    exporter = sub.add_parser("export", help="write the whole graph as an interchange JSON file ('-' for stdout)")
    exporter.add_argument("file")
    exporter.set_defaults(run=_export)

    seed = sub.add_parser("seed", help="load the seed graph drawn from the source documents (idempotent)")
    seed.set_defaults(run=_seed)

    graph = sub.add_parser("graph", help="operations on the whole graph")
    graph.add_argument("action", choices=["clear"], help="clear: delete every node and relationship")
    graph.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")
    graph.set_defaults(run=_graph)

    synth = sub.add_parser(
        "synth", help="generate a synthetic graph (deterministic for a seed): to a file and/or into Neo4j"
    )
    synth.add_argument(
        "--scale", type=int, default=1, help="1 is about 2k nodes; 100 about 200k nodes and 1M relationships"
    )
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", help="write the interchange JSON here")
    synth.add_argument("--load", action="store_true", help="import it into the graph (all or nothing)")
    synth.set_defaults(run=_synth)

    serve = sub.add_parser(
        "serve", help="start Neo4j if needed, apply the schema, load the seed if empty, serve the API"
    )
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
        for problem in e.problems:
            print(f"  {problem.location}: {problem.message}", file=sys.stderr)
        return 2 if isinstance(e, InvalidInput) else 1


if __name__ == "__main__":
    sys.exit(main())
