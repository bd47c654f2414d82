"""Evidence from the rest of the archive about a document's number, date and signer.

Other documents cite it ('Quyết định số 87/QĐ-UBND ngày 05/02/2025'): a citation with the
same symbol and date confirms what was read. For a number left empty (handwriting that could
not be read), a citation that fits its printed slot and date, or the scan's file name, is
only offered to the reviewer: a hint never becomes a value by itself. When the recogniser's
own unsure reading of the handwritten number (its candidate, kept as the field's suggestion
by metadata.trust) is just what the one fitting citation gives, two independent readings
agree exactly: the citation's symbol is accepted as the value, its evidence in the note.

The same leaders sign an office's papers for years. A signer's name whose tone marks were
in doubt (a seal over them) and that other documents of the same issuer read without doubt
in one form differing only in tone marks is that form: accepted when two documents or more
read it so, offered when one does.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.records import read_metadata, with_accepted
from luutru.vietnamese import fold, parse_symbol, symbol_key, without_tones

# How sure a value is that two independent sources agree on exactly (a citation and the
# handwritten candidate, or a citation and the read value).
AGREED_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Witness:
    """What one document of the archive says that weighs on the others' fields."""
    id: str
    citations: list[dict]
    symbol: str  # its own symbol, as the archive holds it
    issuer: str
    signer: str  # its signer's name when read without doubt (and not corrected), else ''


def witness(doc_id: str, citations: list[dict], values: dict[str, str],
            extracted_signer: dict) -> Witness:
    name = values["signer_name"]
    sure = bool(name) and name == extracted_signer.get("value") \
        and not extracted_signer.get("review")
    return Witness(doc_id, citations, values["symbol"], values["issuer"], name if sure else "")


@dataclass
class Sources:
    """The archive's witnesses, arranged for looking up: citations by the symbol they cite
    and by the date they give, the symbols the archive holds, and signer names read
    without doubt by issuer and name without tone marks (each form with its documents)."""
    by_symbol: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)
    by_date: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)
    owned: set[str] = field(default_factory=set)
    signers: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    @classmethod
    def gather(cls, witnesses: Iterable[Witness], wanted: Wanted | None = None) -> Sources:
        """With `wanted`, only what the documents being weighed can use is kept: a large
        archive's citations need not all be held in memory."""
        out = cls()
        for w in witnesses:
            if w.symbol:
                out.owned.add(symbol_key(w.symbol))
            for c in w.citations:
                key, date = symbol_key(str(c.get("symbol", ""))), str(c.get("date", ""))
                if wanted is None or key in wanted.symbols:
                    out.by_symbol.setdefault(key, []).append((w.id, c))
                if wanted is None or date in wanted.dates:
                    out.by_date.setdefault(date, []).append((w.id, c))
            if w.signer:
                person = (fold(w.issuer), without_tones(w.signer))
                if wanted is None or person in wanted.signers:
                    out.signers.setdefault(person, {}).setdefault(w.signer, []).append(w.id)
        return out


@dataclass(frozen=True)
class Wanted:
    """What weighing some documents needs from the archive's witnesses."""
    symbols: frozenset[str]  # the symbols they bear
    dates: frozenset[str]  # the dates of those whose number is empty
    signers: frozenset[tuple[str, str]]  # (issuer, name without tone marks) of doubtful signers


def wanted_by(docs: list[DocumentRow], values: dict[str, dict[str, str]]) -> Wanted:
    mine = [values[d.id] for d in docs]
    return Wanted(
        symbols=frozenset(symbol_key(v["symbol"]) for v in mine if v["symbol"]),
        dates=frozenset(v["date"] for v in mine if not v["symbol"] and v["date"]),
        signers=frozenset((fold(v["issuer"]), without_tones(v["signer_name"]))
                          for d, v in zip(docs, mine, strict=True)
                          if v["signer_name"] and (d.metadata.get("signer_name") or {})
                          .get("review")))


def archive_evidence(docs: list[DocumentRow], values: dict[str, dict[str, str]],
                     sources: Sources | None = None) -> dict[str, dict[str, dict]]:
    """Per document id and field, what the archive adds: {'confirmed_by': [ids]} for read
    values other documents confirm, {'suggestion', 'suggested_by'} for empty or doubtful
    ones, and {'value', 'accepted_by', 'note'} for an empty number whose handwritten
    candidate a citation confirms or a doubtful signer's name other documents agree on.
    `sources`: the archive's witnesses; by default, these documents themselves."""
    if sources is None:
        sources = Sources.gather(
            witness(d.id, d.citations, values[d.id], d.metadata.get("signer_name") or {})
            for d in docs)
    out: dict[str, dict[str, dict]] = {}
    for doc in docs:
        mine = values[doc.id]
        if mine["symbol"]:
            found = _confirmed(doc.id, mine, sources.by_symbol.get(symbol_key(mine["symbol"]),
                                                                   []))
        else:
            found = _offered(doc, mine, sources.by_date.get(mine["date"], [])
                             if mine["date"] else [], sources.owned)
        found |= _signer(doc, mine, sources.signers)
        if found:
            out[doc.id] = found
    return out


def archive_values(catalog: Catalog, docs: list[DocumentRow]
                   ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, dict]]]:
    """Every document's values as the archive's outputs give them (extraction, then what
    the archive's evidence accepted, then the archivists' corrections), and the evidence."""
    corrected = catalog.all_corrections()  # one query, not one per document
    read = {d.id: read_metadata(d.metadata, corrected.get(d.id, {})) for d in docs}
    evidence = archive_evidence(docs, read)
    values = {d.id: with_accepted(read[d.id], evidence.get(d.id, {}), corrected.get(d.id, {}))
              for d in docs}
    return values, evidence


def refresh_evidence(catalog: Catalog) -> list[str]:
    """Weighs the archive's evidence again and stores it, so that the document page, the
    review queue and the index give the values the exports give. Returns the documents
    whose accepted values changed, marked for the index again.

    Only scanned papers are weighed (an e-office record's fields are as its system gave
    them), on the witness of every finished document, streamed from the catalog and kept
    only where it bears on them: run where documents come in (the end of a batch, a
    re-extraction), not on each request.
    """
    docs = catalog.documents(status="done", origin="scan")
    corrected = catalog.all_corrections()
    read = {d.id: read_metadata(d.metadata, corrected.get(d.id, {})) for d in docs}
    evidence: dict[str, dict[str, dict]] = {}
    if docs:
        sources = Sources.gather(
            (witness(doc_id, citations, read_metadata(extracted, corrected.get(doc_id, {})),
                     extracted.get("signer_name") or {})
             for doc_id, citations, extracted in catalog.witness_rows()),
            wanted_by(docs, read))
        evidence = archive_evidence(docs, read, sources)
    before = catalog.replace_evidence(evidence)
    changed = sorted(i for i, old in before.items()
                     if _accepted_values(old) != _accepted_values(evidence.get(i, {})))
    catalog.mark_indexed(changed, indexed=False)
    return changed


def _accepted_values(said: dict[str, dict]) -> dict[str, str]:
    return {name: str(s["value"]) for name, s in said.items() if s.get("accepted_by")}


def _signer(doc: DocumentRow, mine: dict[str, str],
            signers: dict[tuple[str, str], dict[str, list[str]]]) -> dict:
    name = mine["signer_name"]
    if not name or not (doc.metadata.get("signer_name") or {}).get("review"):
        return {}
    readings = signers.get((fold(mine["issuer"]), without_tones(name)), {})
    if len(readings) != 1 or name in readings:  # two people, or this very reading
        return {}
    (signer, by), = readings.items()
    if len(by) < 2:
        return {"signer_name": {"suggestion": signer, "suggested_by": by}}
    note = f"dấu thanh trong tên đọc chưa chắc, khớp với người ký văn bản {', '.join(by)}"
    return {"signer_name": {"value": signer, "accepted_by": by, "note": note}}


def _confirmed(doc_id: str, mine: dict[str, str], cites: list[tuple[str, dict]]) -> dict:
    """`cites`: the archive's citations of this document's symbol."""
    citing = [(by, str(c.get("date", ""))) for by, c in cites if by != doc_id]
    if not mine["date"]:
        # The day unread: the date the citing documents give is offered, when they agree.
        dates = {date for _, date in citing if date}
        if len(dates) == 1:
            return {"date": {"suggestion": dates.pop(),
                             "suggested_by": sorted({by for by, date in citing if date})}}
        return {}
    by = sorted({b for b, date in citing if date == mine["date"]})
    if not by:
        return {}
    return {name: {"confirmed_by": by} for name in ("symbol", "number", "date")}


def _offered(doc: DocumentRow, mine: dict[str, str], cites: list[tuple[str, dict]],
             owned: set[str]) -> dict:
    """`cites`: the archive's citations giving this document's date."""
    template = str((doc.metadata.get("symbol") or {}).get("template", ""))
    if "…" not in template:
        return {}
    tail = template.replace("…", "")
    # Cited with this slot's printed code and this document's date, and no document of the
    # archive bears that symbol already.
    fits: dict[str, list[str]] = {}
    for citing, c in cites:
        symbol = str(c.get("symbol", ""))
        parsed = parse_symbol(symbol)
        if citing == doc.id or not parsed.valid or symbol_key(symbol) in owned:
            continue
        if symbol_key(symbol) == symbol_key(parsed.number + tail):
            fits.setdefault(parsed.number + tail, []).append(citing)
    if len(fits) == 1:
        (symbol, by), = fits.items()
        candidate = str((doc.metadata.get("symbol") or {}).get("suggestion", ""))
        if candidate and symbol_key(candidate) == symbol_key(symbol):
            return _accepted(symbol, sorted(set(by)), mine["date"])
        return {"symbol": {"suggestion": symbol, "suggested_by": sorted(set(by))}}
    # A file name names the file's first document, not the others cut from it.
    hint = _file_name_number(doc.source) if doc.page_start == 1 else ""
    if hint:
        return {"symbol": {"suggestion": hint + tail, "suggested_by": ["file name"]}}
    return {}


def _accepted(symbol: str, by: list[str], date: str) -> dict:
    """The symbol and number that a citation and the handwritten candidate agree on."""
    note = (f"số viết tay đọc chưa chắc, khớp với văn bản dẫn chiếu {', '.join(by)} "
            f"(cùng ký hiệu và ngày {date})")
    said = {"accepted_by": by, "note": note}
    return {"symbol": said | {"value": symbol},
            "number": said | {"value": parse_symbol(symbol).number}}


def _file_name_number(source: str) -> str:
    """The one short figure group in a scan's file name ('..._574ub.pdf'), or ''.

    Years and several groups ('04qd_bcd138_2025') tell nothing sure enough to offer.
    """
    groups = [g for g in re.findall(r"(?<!\d)\d{1,5}(?!\d)", Path(source).stem)
              if not (len(g) == 4 and g[:2] in ("19", "20"))]
    return groups[0] if len(groups) == 1 else ""
