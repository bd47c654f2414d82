"""The `luutru` command (see docs/CONTRACT.md: ingest, export, search, import, serve...).

Output a program reads is UTF-8 JSON on stdout; progress and messages go to stderr; a
failure exits non-zero with a one-line reason.
"""
from __future__ import annotations

import argparse
import errno
import getpass
import json
import logging
import os
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

from luutru.archive.config import Config, ConfigError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        config = Config.load(args.data, workers=getattr(args, "workers", None),
                             import_workers=getattr(args, "import_workers", None))
    except ConfigError as e:
        print(f"luutru: {e}", file=sys.stderr)
        return 2
    logging.basicConfig(level=config.log_level, format="luutru: %(name)s: %(message)s")
    try:
        return args.run(config, args) or 0
    except KeyboardInterrupt:
        print("luutru: interrupted; run the same command again to continue", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`luutru export | head`): that is the end, not an error.
        # Python's own flush at exit would fail again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CliError as e:
        print(f"luutru: {e}", file=sys.stderr)
        return 1
    except (sqlite3.OperationalError, OSError) as e:  # ReadOnlyArchive is an OSError
        if not read_only_error(e):
            raise
        from luutru.archive.catalog import ReadOnlyArchive

        reason = e if isinstance(e, ReadOnlyArchive) else ReadOnlyArchive(config.data_dir)
        print(f"luutru: {reason}", file=sys.stderr)
        return 1


def read_only_error(error: BaseException) -> bool:
    """An error of writing to an archive on read-only media: ours, SQLite's, or the file
    system's (EROFS; EACCES where this user may not write)."""
    from luutru.archive.catalog import ReadOnlyArchive

    if isinstance(error, ReadOnlyArchive):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return "readonly" in str(error)
    return isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES)


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
    p.add_argument("--manifest", type=Path,
                   help="CSV naming hồ sơ (code, path, title, maintenance, dates...); "
                        "default: a hoso.csv in a folder given")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("split", parents=[common],
                       help="split a document: PAGE (counted within it) starts a new one")
    p.add_argument("document")
    p.add_argument("page", type=int)
    p.add_argument("--user", default=getpass.getuser(), help="who corrects (for the log)")
    p.set_defaults(run=cmd_split)

    p = sub.add_parser("merge", parents=[common],
                       help="merge a document into the one it directly follows")
    p.add_argument("document")
    p.add_argument("next_document")
    p.add_argument("--user", default=getpass.getuser(), help="who corrects (for the log)")
    p.set_defaults(run=cmd_merge)

    p = sub.add_parser("hoso", parents=[common], help="hồ sơ, or the documents of one")
    p.add_argument("code", nargs="?")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.set_defaults(run=cmd_hoso)

    p = sub.add_parser("held", parents=[common],
                       help="TUYỆT MẬT documents held by the secrecy gate (JSON)")
    p.set_defaults(run=cmd_held)
    for name, helptext in (("release", "let a held document into the index"),
                           ("purge", "delete the images and text of a held document")):
        p = sub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("document")
        p.add_argument("--user", default=getpass.getuser(), help="who decides (for the log)")
        p.set_defaults(run=cmd_gate, action=name)

    p = sub.add_parser("export", parents=[common], help="documents as JSON lines or CSV")
    p.add_argument("--format", choices=["jsonl", "csv", "tt02", "tt05", "tt05-hoso", "ead"],
                   default="jsonl", help="csv and tt02: Thông tư 02/2019 columns; tt05: "
                   "văn bản fields of Thông tư 05/2025; tt05-hoso: its hồ sơ fields; "
                   "ead: the hồ sơ and their documents as EAD XML")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("package", parents=[common],
                       help="archival packages (BagIt, E-ARK CSIP), one per hồ sơ")
    p.add_argument("out", type=Path, help="folder to write the packages in")
    p.add_argument("--hoso", help="only this hồ sơ (its code)")
    p.set_defaults(run=cmd_package)

    p = sub.add_parser("verify", help="re-check a package's fixity and METS")
    p.add_argument("packages", nargs="+", type=Path)
    p.set_defaults(run=cmd_verify, data=None)

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
    p.add_argument("--import-workers", type=int,
                   help="processes preparing the records (default: LUUTRU_IMPORT_WORKERS, "
                        "else up to 2; 0: none)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("serve", parents=[common], help="the web interface and its JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("reindex", parents=[common], help="rebuild the index from the catalog")
    p.set_defaults(run=cmd_reindex)

    p = sub.add_parser("optimize", parents=[common],
                       help="merge the index's segments and delete the files no commit uses")
    p.set_defaults(run=cmd_optimize)

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
    p = user.add_parser("list", parents=[common], help="the web users")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_user_list)
    for action, text in (("disable", "stop a user signing in; end their sessions"),
                         ("enable", "let a disabled user sign in again"),
                         ("remove", "remove a web user; end their sessions")):
        p = user.add_parser(action, parents=[common], help=text)
        p.add_argument("name")
        p.set_defaults(run=cmd_user_change, action=action)
    p = user.add_parser("set-role", parents=[common], help="change a user's role")
    p.add_argument("name")
    p.add_argument("role", choices=["reader", "archivist", "admin"])
    p.set_defaults(run=cmd_user_change, action="set-role")
    p = user.add_parser("set-clearance", parents=[common], help="change a user's clearance")
    p.add_argument("name")
    p.add_argument("clearance", help="0-3, or MẬT / TỐI MẬT / TUYỆT MẬT")
    p.set_defaults(run=cmd_user_change, action="set-clearance")

    p = sub.add_parser("audit", parents=[common],
                       help="who read classified documents, searched, corrected, administered")
    p.add_argument("--user", default="", help="only this web user's entries")
    p.add_argument("--since", default="", help="from this date (30/7/2024 or 2024-07-30)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(run=cmd_audit)

    p = sub.add_parser("delete", parents=[common],
                       help="delete a wrongly ingested document: catalog, index and files")
    p.add_argument("document")
    p.add_argument("--user", default=getpass.getuser(), help="who deletes (for the audit)")
    p.set_defaults(run=cmd_delete)
    return parser


def cmd_ingest(config: Config, args: argparse.Namespace) -> int:
    started = _process_start()
    _require_writable(config)
    batch = args.batch or datetime.now().strftime("%Y%m%d-%H%M%S")
    # Said at once: what comes next (imports, Prefect) takes seconds before any page.
    print(f"luutru: batch {batch}: reading {' '.join(str(p) for p in args.paths)} "
          f"into {config.data_dir}", file=sys.stderr, flush=True)
    from luutru.pipeline.flow import ingest

    report = ingest(config, args.paths, batch, manifest=args.manifest, started=started)
    for line in report.summary_lines():
        print(line, file=sys.stderr)
    print(f"report: {config.report(batch)}", file=sys.stderr)
    return 0


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.catalog import Catalog
    from luutru.archive.export import export_csv, export_jsonl

    catalog = _catalog(config)
    if args.format in ("csv", "tt02"):
        sys.stdout.write(export_csv(config, catalog))
    elif args.format in ("tt05", "tt05-hoso", "ead"):
        from luutru.archive import tt05

        if args.format == "ead":
            sys.stdout.buffer.write(tt05.ead_bytes(tt05.hoso_records(catalog)))
        else:
            sys.stdout.write(tt05.documents_csv(catalog) if args.format == "tt05"
                             else tt05.hoso_csv(catalog))
    else:
        for record in export_jsonl(config, catalog):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    Catalog.close(catalog)
    return 0


def cmd_package(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.package import PackageError, write_packages

    catalog = _catalog(config)
    try:
        results = write_packages(config, catalog, args.out, args.hoso)
    except KeyError as e:
        raise CliError(e.args[0]) from e
    except PackageError as e:
        raise CliError(str(e)) from e
    for result in results:
        print(json.dumps(result.__dict__, ensure_ascii=False))
        for doc_id in result.missing:
            print(f"hồ sơ {result.hoso}: document {doc_id} has no PDF, not packaged",
                  file=sys.stderr)
    print(f"wrote {len(results)} packages to {args.out}", file=sys.stderr)
    return 0


def cmd_verify(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.package import verify_package

    bad = 0
    for path in args.packages:
        result = verify_package(path)
        print(json.dumps(result.__dict__, ensure_ascii=False))
        for problem in result.problems:
            print(f"{path}: {problem}", file=sys.stderr)
        bad += not result.valid
    if bad:
        raise CliError(f"{bad} of {len(args.packages)} packages failed the check")
    return 0


def cmd_search(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.indexing import open_index
    from luutru.archive.users import get_user
    from luutru.index.types import OPERATOR_CLEARANCE, SearchFilters
    from luutru.vietnamese import expand_issuer, parse_date

    catalog = _catalog(config)
    clearance = OPERATOR_CLEARANCE
    if args.user:
        user = get_user(catalog, args.user)
        if user is None:
            raise CliError(f"no web user {args.user!r}")
        clearance = user.clearance
        if clearance > 0:  # a search as a cleared web user is theirs, in the audit trail
            _audit_cli(catalog, "search", " ".join(args.query), user=user.name)
    dates: dict[str, str] = {}
    for name, option in (("date_from", "--from"), ("date_to", "--to")):
        date = parse_date(getattr(args, name))
        if date is None:
            raise CliError(f"{option} {getattr(args, name)!r} is not a date "
                           "(2019, 2019-03, 30/7/2019 or 2019-07-30)")
        dates[name] = date
    index = open_index(config, catalog, read_ahead=False)  # a few pages of each file
    filters = SearchFilters(doc_type=args.type, issuer=expand_issuer(args.issuer),
                            classification=args.classification, cites=args.cites, **dates)
    results = index.search(" ".join(args.query), clearance=clearance, filters=filters,
                           sort=args.sort, offset=args.offset, limit=args.limit, facets=False)
    codes = catalog.archival_codes([h.id for h in results.hits])
    hits = [_hit_json(h) | _hoso_json(codes, h.id) for h in results.hits]
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
            "snippet": hit.snippet, "pages": list(hit.pages), "missing": list(hit.missing)}


def _hoso_json(codes: dict[str, tuple[str, str]], doc_id: str) -> dict:
    """The hồ sơ of a hit and its archival code ('' for an imported document), from
    Catalog.archival_codes."""
    found = codes.get(doc_id)
    return {"hoso": found[0], "doc_code": found[1]} if found else {}


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
        if h["missing"]:
            print(f"   (does not contain: {', '.join(h['missing'])})")


def cmd_import(config: Config, args: argparse.Namespace) -> int:
    from luutru.pipeline.importer import import_records

    _require_writable(config)
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
    from luutru.search_ui.app import serve

    serve(config, host=args.host, port=args.port)
    return 0


def cmd_reindex(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.indexing import rebuild
    from luutru.index import ArchiveIndex

    catalog = _catalog(config, write=True)
    count = rebuild(ArchiveIndex(config.index_dir, **config.index_options), catalog)
    print(f"reindexed {count} documents", file=sys.stderr)
    return 0


def cmd_optimize(config: Config, args: argparse.Namespace) -> int:
    """The merges the index would do in the background, done now: after a large import or
    many corrections, so that replaced documents stop taking disk space."""
    from luutru.archive.indexing import open_index

    before = _disk_size(config.index_dir)
    index = open_index(config, _catalog(config, write=True))
    index.optimize()
    index.close()
    print(f"index: {before / 1e6:.1f} MB before, {_disk_size(config.index_dir) / 1e6:.1f} MB "
          "after", file=sys.stderr)
    return 0


def _disk_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def cmd_reextract(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.evidence import refresh_evidence
    from luutru.archive.finishing import extract_metadata
    from luutru.archive.indexing import Indexer

    catalog = _catalog(config, write=True)
    wanted = set(args.documents)
    docs = [d for d in catalog.documents(status="done")
            if d.origin == "scan" and (not wanted or d.id in wanted)]
    missing = wanted - {d.id for d in docs}
    if missing:
        raise CliError(f"no scanned document {', '.join(sorted(missing))}")
    held = sum(extract_metadata(config, catalog, doc) != "done" for doc in docs)
    refresh_evidence(catalog)
    with Indexer(config, catalog) as indexer:
        indexer.add_unindexed()
    print(f"re-extracted the metadata of {len(docs)} documents"
          + (f", {held} now held as TUYỆT MẬT" if held else ""), file=sys.stderr)
    return 0


def cmd_correct(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.corrections import WITNESSED_FIELDS, CorrectionError, correct, reweigh

    catalog = _catalog(config, write=True)
    try:
        correct(config, catalog, args.document, args.field, args.value, args.user)
    except CorrectionError as e:
        raise CliError(str(e)) from e
    _audit_cli(catalog, "correct", args.field, args.document, user=args.user)
    print(f"corrected {args.field} of {args.document}", file=sys.stderr)
    if args.field in WITNESSED_FIELDS:
        changed = reweigh(config, catalog)
        if changed:
            print(f"the archive's evidence now reads differently for {', '.join(changed)}",
                  file=sys.stderr)
    return 0


def cmd_split(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.splitting import SplitError, split

    try:
        parts = split(config, _catalog(config), args.document, args.page, args.user)
    except SplitError as e:
        raise CliError(str(e)) from e
    _print_parts(parts)
    return 0


def cmd_merge(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.splitting import SplitError, merge

    try:
        parts = merge(config, _catalog(config), args.document, args.next_document, args.user)
    except SplitError as e:
        raise CliError(str(e)) from e
    _print_parts(parts)
    return 0


def _print_parts(parts) -> None:
    """The documents of the scan file now, as JSON."""
    print(json.dumps([{"id": p.id, "page_start": p.range.first, "page_end": p.range.last,
                       "status": p.status} for p in parts]))
    print(f"the file now holds {len(parts)} documents", file=sys.stderr)


def cmd_hoso(config: Config, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from luutru.archive.records import effective_metadata

    catalog = _catalog(config)
    if args.code is None:
        rows = [asdict(h) for h in catalog.hoso_list()]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        for h in [] if args.json else rows:
            print(f"{h['fonds'] or '-'}  {h['code']}  {h['total_doc']} documents, "
                  f"{h['number_of_page']} pages  {h['title']}")
        return 0
    hoso = catalog.hoso(args.code)
    if hoso is None:
        raise CliError(f"no hồ sơ {args.code!r}")
    docs = []
    for doc in catalog.hoso_documents(args.code, ("done", "held", "purged")):
        values = effective_metadata(catalog, doc)
        docs.append({"id": doc.id, "doc_code": doc.doc_code, "status": doc.status,
                     "source": doc.source, "page_start": doc.page_start,
                     "page_end": doc.page_end, "symbol": values["symbol"],
                     "doc_type": values["doc_type"], "date": values["date"]})
    if args.json:
        print(json.dumps(asdict(hoso) | {"documents": docs}, ensure_ascii=False))
        return 0
    print(f"{hoso.code}  {hoso.title}  ({hoso.total_doc} documents)")
    for d in docs:
        state = "" if d["status"] == "done" else f"  [{d['status']}]"
        print(f"{d['doc_code']}  {d['doc_type']} {d['symbol']} {d['date']}  "
              f"pages {d['page_start']}-{d['page_end']} of {d['source']}{state}")
    return 0


def cmd_held(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.secrecy import describe, held_documents

    catalog = _catalog(config)
    print(json.dumps([describe(catalog, d) for d in held_documents(catalog)],
                     ensure_ascii=False))
    return 0


def cmd_gate(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.secrecy import GateError, describe, purge, release

    catalog = _catalog(config)
    decide = release if args.action == "release" else purge
    try:
        doc = decide(config, catalog, args.document, args.user)
    except GateError as e:
        raise CliError(str(e)) from e
    print(json.dumps(describe(catalog, doc), ensure_ascii=False))
    print(f"{args.document}: {doc.status}", file=sys.stderr)
    return 0


def cmd_user_add(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.users import UserError, add_user, clearance_level

    catalog = _catalog(config, create=True)
    try:
        user = add_user(catalog, args.name, _password(args), args.role,
                        clearance_level(args.clearance))
    except UserError as e:
        raise CliError(str(e)) from e
    _audit_cli(catalog, "user", f"add {user.name} {user.role} clearance {user.clearance}")
    print(f"added {user.role} {user.name} (clearance {user.clearance})", file=sys.stderr)
    return 0


def cmd_user_passwd(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.users import UserError, set_password

    catalog = _catalog(config, write=True)
    try:
        set_password(catalog, args.name, _password(args))
    except UserError as e:
        raise CliError(str(e)) from e
    _audit_cli(catalog, "user", f"passwd {args.name}")
    print(f"password of {args.name} changed; their sessions ended", file=sys.stderr)
    return 0


def cmd_user_list(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.users import list_users

    users = list_users(_catalog(config))
    if args.json:
        print(json.dumps([{"name": u.name, "role": u.role, "clearance": u.clearance,
                           "disabled": u.disabled, "created": u.created} for u in users],
                         ensure_ascii=False))
        return 0
    for u in users:
        print(f"{u.name}\t{u.role}\tclearance {u.clearance}"
              + ("\tdisabled" if u.disabled else ""))
    return 0


def cmd_user_change(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive import users

    catalog = _catalog(config, write=True)
    try:
        if args.action == "disable":
            users.set_disabled(catalog, args.name, True)
            done = f"{args.name} disabled; their sessions ended"
        elif args.action == "enable":
            users.set_disabled(catalog, args.name, False)
            done = f"{args.name} enabled"
        elif args.action == "remove":
            users.remove_user(catalog, args.name)
            done = f"{args.name} removed; their sessions ended"
        elif args.action == "set-role":
            users.set_role(catalog, args.name, args.role)
            done = f"{args.name} is now {args.role}"
        else:
            level = users.clearance_level(args.clearance)
            users.set_clearance(catalog, args.name, level)
            done = f"{args.name} now has clearance {level}"
    except users.UserError as e:
        raise CliError(str(e)) from e
    _audit_cli(catalog, "user", done)
    print(done, file=sys.stderr)
    return 0


def cmd_audit(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.audit import ACTIONS, entries
    from luutru.vietnamese import parse_date

    since = ""
    if args.since:
        since = parse_date(args.since) or ""
        if not since:
            raise CliError(f"--since {args.since!r} is not a date (30/7/2024 or 2024-07-30)")
    found = entries(_catalog(config), user=args.user, since=since)
    for e in reversed(found):  # oldest first, like a log
        if args.json:
            print(json.dumps(e.to_json(), ensure_ascii=False))
        else:
            what = ACTIONS.get(e.action, e.action)
            print("\t".join((e.at, e.user or "(khách)", e.address, what, e.document,
                             e.detail)).rstrip())
    return 0


def cmd_delete(config: Config, args: argparse.Namespace) -> int:
    from luutru.archive.removal import RemovalError, delete_document

    catalog = _catalog(config, write=True)
    try:
        delete_document(config, catalog, args.document)
    except RemovalError as e:
        raise CliError(str(e)) from e
    _audit_cli(catalog, "delete", "", args.document, user=args.user)
    print(f"deleted {args.document}", file=sys.stderr)
    return 0


def _audit_cli(catalog, action: str, detail: str, document: str = "",
               user: str | None = None) -> None:
    from luutru.archive.audit import CLI_ADDRESS, record

    record(catalog, user or getpass.getuser(), CLI_ADDRESS, action, document, detail)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ")
    return first


def _process_start() -> float:
    """When this process began, on the time.perf_counter() clock: the reported wall time
    includes the interpreter's and the imports' start-up."""
    import psutil

    age = time.time() - psutil.Process().create_time()
    return time.perf_counter() - max(0.0, age)


def _require_writable(config: Config) -> None:
    from luutru.archive.catalog import ReadOnlyArchive, writable

    if config.data_dir.exists() and not writable(config.data_dir):
        raise ReadOnlyArchive(config.data_dir)


def _catalog(config: Config, create: bool = False, write: bool = False):
    from luutru.archive.catalog import Catalog

    if not create and not config.catalog_path.exists():
        raise CliError(f"no archive in {config.data_dir} (run `luutru ingest` first)")
    catalog = Catalog(config.catalog_path)
    if write or create:
        catalog.require_writable()
    return catalog


if __name__ == "__main__":
    sys.exit(main())
