"""The ``kg`` command line: the local Neo4j, the schema, the seed graph and the server."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import re
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from tqdm import tqdm

from app.auth.roles import Role
from app.auth.signing import issue_token, local_key
from app.connection import local_server, open_database
from app.interchange import load_file, parse_document
from app.settings import Settings, get_settings
from graph.actor import SYSTEM, Actor
from graph.audit import AuditQuery, list_records
from graph.clearing import clear_graph
from graph.credentials import issue_key, list_keys, revoke_key
from graph.database import Database
from graph.domain import Classification
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


def _actor(args: argparse.Namespace) -> Actor:
    """Who the command acts as: an operator holds the database's own credentials, so by
    default the highest clearance; --clearance applies the service's rules for a lower one."""
    subject = getattr(args, "subject", None) or f"cli:{getpass.getuser()}"
    return Actor(subject=subject, clearance=Classification(getattr(args, "clearance", "STG_GEHEIM")))


def _import(db: Database, document: ValidDocument, label: str, settings: Settings, actor: Actor) -> ImportSummary:
    with tqdm(total=document.size, unit="record", desc=label, disable=document.size < 5000) as bar:
        return import_document(
            db.with_timeout(settings.import_timeout),
            document,
            actor,
            progress=bar.update,
            single_transaction_max=settings.import_single_transaction_max,
        )


def _import_file(db: Database, path: Path, settings: Settings, actor: Actor) -> ImportSummary:
    return _import(db, parse_document(load_file(path)), path.name, settings, actor)


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
        _report(_import_file(db, Path(args.file), settings, _actor(args)))
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    _ensure_server(settings)
    with open_database(settings) as db:
        data = canonical_json(export_document(db, _actor(args)))
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
        _report(_import_file(db, SEED_FILE, settings, _actor(args)))
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
        _say(f"deleted {clear_graph(db, _actor(args))} nodes and their relationships from {where}")
    return 0


_TTL = re.compile(r"^([0-9]+)([smhd]?)$")
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _ttl(text: str) -> int:
    match = _TTL.match(text.strip())
    if match is None or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: 3600, 90m, 8h or 2d")
    return int(match.group(1)) * _SECONDS[match.group(2)]


def _token(args: argparse.Namespace, settings: Settings) -> int:
    """``kg token issue``: a token signed with the service's own key, on stdout alone."""
    if settings.auth_jwks_url:
        _say("KG_AUTH_JWKS_URL is set: tokens come from your identity provider; kg token issue signs local ones")
        return 2
    token = issue_token(
        local_key(settings.signing_key_file),
        issuer=settings.auth_issuer,
        audience=settings.auth_audience,
        subject=args.sub or f"cli:{getpass.getuser()}",
        role=Role(args.role),
        clearance=Classification(args.clearance),
        ttl_seconds=args.ttl,
        role_claim=settings.auth_role_claim,
        clearance_claim=settings.auth_clearance_claim,
    )
    print(token)
    return 0


def _keys(args: argparse.Namespace, settings: Settings) -> int:
    """``kg keys create|list|revoke``: the key itself is printed once, on stdout alone."""
    _ensure_server(settings)
    actor = _actor(args)
    with open_database(settings) as db:
        apply_schema(db)
        if args.action == "create":
            if not args.name or not args.role or not args.key_clearance:
                _say("kg keys create needs --name, --role and --clearance")
                return 2
            issued = issue_key(
                db,
                actor,
                name=args.name,
                role=args.role,
                clearance=Classification(args.key_clearance),
                expires=args.expires,
            )
            _say(f"issued key {issued.record['id']} ({args.role}, {args.key_clearance}); it is shown only now:")
            print(issued.key)
        elif args.action == "list":
            for key in list_keys(db, actor):
                print(json.dumps(key, ensure_ascii=False, sort_keys=True))
        else:
            if not args.id:
                _say("kg keys revoke needs the key's id (kg keys list shows it)")
                return 2
            revoke_key(db, actor, args.id)
            _say(f"revoked key {args.id}")
    return 0


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    """``kg audit``: the records GET /api/v1/audit gives, one JSON line each, newest first."""
    _ensure_server(settings)
    query = AuditQuery(target=args.target, subject=args.by, since=args.since, until=args.until, limit=args.limit)
    with open_database(settings) as db:
        items, total = list_records(db, _actor(args), query)
    for item in items:
        print(json.dumps(item, ensure_ascii=False, sort_keys=True))
    _say(f"{len(items)} of {total} records")
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
            _report(_import(db, parse_document(document), "import", settings, _actor(args)))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.main import create_app

    _ensure_server(settings)
    with open_database(settings) as db:
        _say(f"schema version {apply_schema(db)} applied")
        if db.read("graph_is_empty")[0]["empty"]:
            _say(f"the graph is empty: loading the seed graph from {SEED_FILE.name}")
            _report(_import_file(db, SEED_FILE, settings, SYSTEM))
    _say(f"serving on http://{args.host}:{args.port} (OpenAPI docs at /docs)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _acting(parser: argparse.ArgumentParser) -> None:
    """Who a data command acts as, for the clearance rules and the audit trail."""
    parser.add_argument(
        "--clearance",
        default="STG_GEHEIM",
        choices=[c.value for c in Classification],
        help="apply the service's rules for this clearance (default: the highest)",
    )
    parser.add_argument("--as", dest="subject", help="the subject recorded in the audit trail (default: cli:<user>)")


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
    _acting(importer)
    importer.set_defaults(run=_import_command)

    exporter = sub.add_parser("export", help="write the whole graph as an interchange JSON file ('-' for stdout)")
    exporter.add_argument("file")
    _acting(exporter)
    exporter.set_defaults(run=_export)

    seed = sub.add_parser("seed", help="load the seed graph drawn from the source documents (idempotent)")
    _acting(seed)
    seed.set_defaults(run=_seed)

    graph = sub.add_parser("graph", help="operations on the whole graph")
    graph.add_argument("action", choices=["clear"], help="clear: delete every node and relationship")
    graph.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")
    graph.add_argument("--as", dest="subject", help="the subject recorded in the audit trail (default: cli:<user>)")
    graph.set_defaults(run=_graph)

    token = sub.add_parser("token", help="issue a token signed with the service's own key (printed on stdout)")
    token.add_argument("action", choices=["issue"])
    token.add_argument("--role", required=True, choices=[r.value for r in Role])
    token.add_argument("--clearance", required=True, choices=[c.value for c in Classification])
    token.add_argument("--sub", help="the subject (default: cli:<your user name>)")
    token.add_argument("--ttl", type=_ttl, default=_ttl("8h"), help="how long it is valid: 3600, 90m, 8h, 2d")
    token.set_defaults(run=_token)

    keys = sub.add_parser("keys", help="API keys for dashboards and scripts: create (shown once), list, revoke")
    keys.add_argument("action", choices=["create", "list", "revoke"])
    keys.add_argument("id", nargs="?", help="revoke: the key's id")
    keys.add_argument("--name")
    keys.add_argument("--role", choices=[r.value for r in Role])
    keys.add_argument("--clearance", dest="key_clearance", choices=[c.value for c in Classification])
    keys.add_argument("--expires", help="the last day the key works (YYYY-MM-DD)")
    keys.add_argument("--as", dest="subject", help="the subject recorded in the audit trail (default: cli:<user>)")
    keys.set_defaults(run=_keys)

    audit = sub.add_parser("audit", help="the audit trail, newest first, one JSON record a line")
    audit.add_argument("--target", help="a target id")
    audit.add_argument("--by", help="a subject")
    audit.add_argument("--since", help="a date or a UTC time")
    audit.add_argument("--until", help="a date or a UTC time")
    audit.add_argument("--limit", type=int, default=100)
    audit.set_defaults(run=_audit)

    synth = sub.add_parser(
        "synth", help="generate a synthetic graph (deterministic for a seed): to a file and/or into Neo4j"
    )
    synth.add_argument(
        "--scale", type=int, default=1, help="1 is about 2k nodes; 100 about 200k nodes and 1M relationships"
    )
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--out", help="write the interchange JSON here")
    synth.add_argument("--load", action="store_true", help="import it into the graph (all or nothing)")
    _acting(synth)
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
