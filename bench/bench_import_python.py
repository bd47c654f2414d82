"""The Python CPU of `luutru import` per record, before SQLite and Tantivy: parsing,
hashing, citations, the index's analysis and building the Tantivy document.

    PYTHONPATH=<tree> .venv/bin/python bench/bench_import_python.py records.jsonl

Runs on the tree first on PYTHONPATH, this one or an older one (before worker processes,
when the same steps were spread over the importer and the index writer), so two trees
can be compared alternately; best of three runs over the first 2,000 records, and the
citations alone. Records: the JSON lines `bench_index.py --end-to-end` writes.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from luutru.archive.records import corrected_record
from luutru.index import spec
from luutru.index import tantivy_backend as tb
from luutru.metadata import citations
from luutru.pipeline import importer


def before_workers(number: int, line: str) -> None:
    """The same steps as the importer and the writer took them before prepare_lines."""
    record = importer.parse_record(line, number)
    texts = importer.record_pages(record)
    hashlib.sha256(json.dumps(record, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    meta = importer.record_metadata(record)
    own = meta["symbol"]["value"]
    cites = [asdict(c) for c in citations("\n".join(texts), exclude=[own] if own else [])]
    indexed = corrected_record(record["id"], "s", {k: v["value"] for k, v in meta.items()},
                               texts, [c["symbol"] for c in cites], {})
    tb.to_document(spec.analyse(indexed))  # type: ignore[attr-defined]  # the older tree's


def main() -> None:
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()[:2000]
    workers = hasattr(importer, "prepare_lines")
    texts = ["\n".join(importer.record_pages(json.loads(line))) for line in lines]
    best = {"all": float("inf"), "citations": float("inf")}
    for _ in range(3):
        start = time.process_time()
        if workers:
            for item in importer.prepare_lines("tantivy", list(enumerate(lines, start=1))):
                if isinstance(item, importer.Imported):
                    tb.build_document(item.prepared)
        else:
            for number, line in enumerate(lines, start=1):
                before_workers(number, line)
        best["all"] = min(best["all"], time.process_time() - start)
        start = time.process_time()
        for text in texts:
            citations(text)
        best["citations"] = min(best["citations"], time.process_time() - start)
    print(f"{'prepare_lines' if workers else 'before workers'}: "
          f"{best['all'] / len(lines) * 1e6:.0f} µs a record, of which citations "
          f"{best['citations'] / len(lines) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
