"""The `luutru` command (see docs/../CONTRACT: ingest, export, search, import, serve...).

Output a program reads is UTF-8 JSON on stdout; progress and messages go to stderr; a
failure exits non-zero with a one-line reason.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import datetime
from pathlib import Path

from pipeline.config import Config


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    config = Config.load(args.data, workers=getattr(args, "workers", None))
    try:
        return args.run(config, args) or 0
    except KeyboardInterrupt:
        print("luutru: interrupted; run the same command again to continue", file=sys.stderr)
        return 130
    except CliError as e:
        print(f"luutru: {e}", file=sys.stderr)
        return 1


class CliError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", help="data directory (default: $LUUTRU_DATA or ./data)")
    parser = argparse.ArgumentParser(prog="luutru", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("ingest", parents=[common], help="scan files through the pipeline")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--workers", type=int, help="pages read in parallel (default: cores)")
    p.add_argument("--batch", help="batch name (default: date and time)")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("export", parents=[common], help="documents as JSON lines or CSV")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("search", parents=[common], help="search the archive")
    p.add_argument("query", nargs="+")
    p.add_argument("--json", action="store_true", help="JSON list of hits on stdout")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--type", default="", help="document type, e.g. 'Nghị quyết'")
    p.add_argument("--issuer", default="")
    p.add_argument("--from", dest="date_from", default="", help="date or year, inclusive")
    p.add_argument("--to", dest="date_to", default="", help="date or year, inclusive")
    p.add_argument("--classification", default="")
    p.add_argument("--cites", default="", help="only documents citing this symbol")
    p.add_argument("--sort", choices=["relevance", "date", "-date"], default="relevance")
    p.add_argument("--user", help="search as this web user, with their clearance")
    p.set_defaults(run=cmd_search)

    p = sub.add_parser("import", parents=[common], help="add documents that are already text")
    p.add_argument("records", type=Path)
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("serve", parents=[common], help="the web interface and its JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("reindex", parents=[common], help="rebuild the index from the catalog")
    p.set_defaults(run=cmd_reindex)

    p = sub.add_parser("reextract", parents=[common],
                       help="extract metadata again from the stored page words (no OCR)")
    p.add_argument("documents", nargs="*", help="document ids (default: every scanned one)")
    p.set_defaults(run=cmd_reextract)

    p = sub.add_parser("correct", parents=[common], help="correct a field or a page's text")
    p.add_argument("document")
    p.add_argument("field", help="a metadata field, or page:N for a page's text")
    p.add_argument("value")
    p.add_argument("--user", default=getpass.getuser(), help="who corrects (for the log)")
    p.set_defaults(run=cmd_correct)

    user = sub.add_parser("user", help="web users").add_subparsers(dest="action")
    p = user.add_parser("add", parents=[common], help="add a web user")
    p.add_argument("name")
    p.add_argument("--role", choices=["reader", "archivist", "admin"], default="reader")
    p.add_argument("--clearance", default="0", help="0-3, or MẬT / TỐI MẬT / TUYỆT MẬT")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(run=cmd_user_add)
    p = user.add_parser("passwd", parents=[common], help="set a web user's password")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(run=cmd_user_passwd)
    return parser


def cmd_ingest(config: Config, args: argparse.Namespace) -> int:
    from pipeline.flow import ingest

    batch = args.batch or datetime.now().strftime("%Y%m%d-%H%M%S")
    report = ingest(config, args.paths, batch)
    for line in report.summary_lines():
        print(line, file=sys.stderr)
    print(f"report: {config.report(batch)}", file=sys.stderr)
    return 0


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    from pipeline.catalog import Catalog
    from pipeline.export import export_csv, export_jsonl

    catalog = _catalog(config)
    if args.format == "csv":
        sys.stdout.write(export_csv(config, catalog))
    else:
        for record in export_jsonl(config, catalog):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    Catalog.close(catalog)
    return 0


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    from index.types import OPERATOR_CLEARANCE, SearchFilters
    from pipeline.indexing import open_index
    from pipeline.users import get_user

    catalog = _catalog(config)
    clearance = OPERATOR_CLEARANCE
    if args.user:
        user = get_user(catalog, args.user)
        if user is None:
            raise CliError(f"no web user {args.user!r}")
        clearance = user.clearance
    index = open_index(config, catalog)
    filters = SearchFilters(doc_type=args.type, issuer=args.issuer, date_from=args.date_from,
                            date_to=args.date_to, classification=args.classification,
                            cites=args.cites)
    results = index.search(" ".join(args.query), clearance=clearance, filters=filters,
                           sort=args.sort, offset=args.offset, limit=args.limit)
    hits = [_hit_json(h) for h in results.hits]
    if args.json:
        print(json.dumps(hits, ensure_ascii=False))
    else:
        _print_hits(results, hits)
    return 0


def _hit_json(hit) -> dict:
    meta = hit.metadata
    return {"id": hit.id, "source": hit.source, "score": round(hit.score, 4),
            "symbol": meta.get("symbol", ""), "doc_type": meta.get("doc_type", ""),
            "date": meta.get("date", ""), "issuer": meta.get("issuer", ""),
            "subject": meta.get("subject") or meta.get("cv_subject", ""),
            "classification": meta.get("classification", ""),
            "snippet": hit.snippet, "pages": list(hit.pages)}


def _print_hits(results, hits: list[dict]) -> None:
    import html
    import re

    print(f"{results.total} documents", file=sys.stderr)
    if results.suggestion:
        print(f"did you mean: {results.suggestion}", file=sys.stderr)
    for rank, h in enumerate(hits, start=1):
        title = " ".join(x for x in (h["doc_type"], h["symbol"], h["date"]) if x)
        print(f"{rank}. {title or h['source']}  [{h['id']}]")
        if h["subject"]:
            print(f"   {h['subject']}")
        snippet = html.unescape(re.sub(r"</?mark>", "*", h["snippet"]))
        print(f"   {' '.join(snippet.split())}")


def cmd_import(config: Config, args: argparse.Namespace) -> int:
    from pipeline.importer import import_records

    try:
        fh = open(args.records, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as e:
        raise CliError(f"{args.records}: {e.strerror}") from e
    with fh:
        count, problems = import_records(config, fh)
    for problem in problems:
        print(f"{args.records}: {problem}", file=sys.stderr)
    print(f"imported {count} documents, {len(problems)} bad records", file=sys.stderr)
    return 0


def cmd_serve(config: Config, args: argparse.Namespace) -> int:
    from search_ui.app import serve

    serve(config, host=args.host, port=args.port)
    return 0


def cmd_reindex(config: Config, args: argparse.Namespace) -> int:
    from index import ArchiveIndex
    from pipeline.indexing import rebuild

    catalog = _catalog(config)
    count = rebuild(ArchiveIndex(config.index_dir), catalog)
    print(f"reindexed {count} documents", file=sys.stderr)
    return 0


def cmd_reextract(config: Config, args: argparse.Namespace) -> int:
    from pipeline.documents import extract_metadata
    from pipeline.indexing import Indexer

    catalog = _catalog(config)
    wanted = set(args.documents)
    docs = [d for d in catalog.documents(status="done")
            if d.origin == "scan" and (not wanted or d.id in wanted)]
    missing = wanted - {d.id for d in docs}
    if missing:
        raise CliError(f"no scanned document {', '.join(sorted(missing))}")
    for doc in docs:
        extract_metadata(catalog, doc)
    with Indexer(config, catalog) as indexer:
        indexer.add_unindexed()
    print(f"re-extracted the metadata of {len(docs)} documents", file=sys.stderr)
    return 0


def cmd_correct(config: Config, args: argparse.Namespace) -> int:
    from pipeline.corrections import CorrectionError, correct

    catalog = _catalog(config)
    try:
        correct(config, catalog, args.document, args.field, args.value, args.user)
    except CorrectionError as e:
        raise CliError(str(e)) from e
    print(f"corrected {args.field} of {args.document}", file=sys.stderr)
    return 0


def cmd_user_add(config: Config, args: argparse.Namespace) -> int:
    from pipeline.users import UserError, add_user, clearance_level

    catalog = _catalog(config, create=True)
    try:
        user = add_user(catalog, args.name, _password(args), args.role,
                        clearance_level(args.clearance))
    except UserError as e:
        raise CliError(str(e)) from e
    print(f"added {user.role} {user.name} (clearance {user.clearance})", file=sys.stderr)
    return 0


def cmd_user_passwd(config: Config, args: argparse.Namespace) -> int:
    from pipeline.users import UserError, set_password

    catalog = _catalog(config)
    try:
        set_password(catalog, args.name, _password(args))
    except UserError as e:
        raise CliError(str(e)) from e
    print(f"password of {args.name} changed", file=sys.stderr)
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ")
    return first


def _catalog(config: Config, create: bool = False):
    from pipeline.catalog import Catalog

    if not create and not config.catalog_path.exists():
        raise CliError(f"no archive in {config.data_dir} (run `luutru ingest` first)")
    return Catalog(config.catalog_path)


if __name__ == "__main__":
    sys.exit(main())
