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
from pathlib import Path

from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.records import read_metadata, with_accepted
from luutru.vietnamese import fold, parse_symbol, symbol_key, without_tones

# How sure a value is that two independent sources agree on exactly (a citation and the
# handwritten candidate, or a citation and the read value).
AGREED_CONFIDENCE = 0.95


def archive_evidence(docs: list[DocumentRow], values: dict[str, dict[str, str]]
                     ) -> dict[str, dict[str, dict]]:
    """Per document id and field, what the archive adds: {'confirmed_by': [ids]} for read
    values other documents confirm, {'suggestion', 'suggested_by'} for empty or doubtful
    ones, and {'value', 'accepted_by', 'note'} for an empty number whose handwritten
    candidate a citation confirms or a doubtful signer's name other documents agree on."""
    cites: list[tuple[str, dict]] = [(d.id, c) for d in docs for c in d.citations]
    owned = {symbol_key(v["symbol"]) for v in values.values() if v["symbol"]}
    signers = _signers(docs, values)
    out: dict[str, dict[str, dict]] = {}
    for doc in docs:
        mine = values[doc.id]
        found = _confirmed(doc.id, mine, cites) if mine["symbol"] else {}
        if not mine["symbol"]:
            found = _offered(doc, mine, cites, owned)
        found |= _signer(doc, mine, signers)
        if found:
            out[doc.id] = found
    return out


def archive_values(catalog: Catalog, docs: list[DocumentRow]
                   ) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, dict]]]:
    """Every document's values as the archive's outputs give them (extraction, then what
    the archive's evidence accepted, then the archivists' corrections), and the evidence."""
    corrected = {d.id: catalog.corrections(d.id) for d in docs}
    read = {d.id: read_metadata(d, corrected[d.id]) for d in docs}
    evidence = archive_evidence(docs, read)
    values = {d.id: with_accepted(read[d.id], evidence.get(d.id, {}), corrected[d.id])
              for d in docs}
    return values, evidence


def refresh_evidence(catalog: Catalog) -> list[str]:
    """Weighs the archive's evidence again over every finished document and stores it, so
    that the document page, the review queue and the index give the values the exports
    give. Returns the documents whose accepted values changed, marked for the index again.

    A whole-archive pass: run where documents come in (the end of a batch, a re-extraction),
    not on each request.
    """
    _, evidence = archive_values(catalog, catalog.documents(status="done"))
    before = catalog.replace_evidence(evidence)
    changed = sorted(i for i, old in before.items()
                     if _accepted_values(old) != _accepted_values(evidence.get(i, {})))
    catalog.mark_indexed(changed, indexed=False)
    return changed


def _accepted_values(said: dict[str, dict]) -> dict[str, str]:
    return {name: str(s["value"]) for name, s in said.items() if s.get("accepted_by")}


def _signers(docs: list[DocumentRow], values: dict[str, dict[str, str]]
             ) -> dict[tuple[str, str], dict[str, list[str]]]:
    """Signer names read without doubt, by issuer and name without tone marks: each form
    with the documents that read it so."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for doc in docs:
        mine, said = values[doc.id], doc.metadata.get("signer_name") or {}
        name = mine["signer_name"]
        if name and name == said.get("value") and not said.get("review"):
            key = (fold(mine["issuer"]), without_tones(name))
            out.setdefault(key, {}).setdefault(name, []).append(doc.id)
    return out


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
    key = symbol_key(mine["symbol"])
    citing = [(by, str(c.get("date", ""))) for by, c in cites
              if by != doc_id and symbol_key(str(c.get("symbol", ""))) == key]
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
        if symbol_key(symbol) == symbol_key(parsed.number + tail) and mine["date"] \
                and c.get("date") == mine["date"]:
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
