"""Archival packages, one per hồ sơ: a BagIt bag laid out as an E-ARK CSIP information
package (Thông tư 05/2025/TT-BNV's AIP), and the check of one.

    <mã hồ sơ>/                       the bag
      bagit.txt bag-info.txt manifest-sha256.txt tagmanifest-sha256.txt
      data/                           the CSIP package
        METS.xml                      structure, SHA-256 of every file, links to metadata
        metadata/descriptive/ead.xml  the hồ sơ and its documents, every TT 05/2025 field
        metadata/descriptive/dc.xml   Dublin Core of the hồ sơ
        metadata/preservation/premis.xml  objects and events: ingest, OCR (engine, model),
                                      metadata extraction, each correction, signature checks
        representations/rep1/data/<mã hồ sơ>.<số thứ tự>.pdf   the PDF/A documents
        schemas/                      the XML schemas the METS refers to

Held documents (TUYỆT MẬT waiting for an admin) are not packaged: only a hồ sơ's finished
documents are. No network is used, for writing or for checking.
"""
from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import bagit
from lxml import etree
from lxml.builder import ElementMaker

from luutru.archive import tt05
from luutru.archive.catalog import Catalog, DocumentRow
from luutru.archive.config import Config
from luutru.archive.finishing import BOUNDARIES, SECRECY_GATE
from luutru.archive.records import file_hash

SCHEMAS = Path(__file__).parent / "schemas"
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
PREMIS_NS = "http://www.loc.gov/premis/v3"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CSIP_PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
REPRESENTATION = "representations/rep1"
SOFTWARE = "luutru"


@dataclass(frozen=True)
class PackagedFile:
    path: str  # inside the CSIP package (the bag's data/)
    size: int
    sha256: str
    mimetype: str
    document: DocumentRow | None = None


@dataclass
class PackageResult:
    hoso: str
    path: str
    documents: int = 0
    missing: list[str] = field(default_factory=list)  # documents without their PDF


class PackageError(Exception):
    pass


def write_packages(config: Config, catalog: Catalog, out: Path,
                   hoso: str | None = None) -> list[PackageResult]:
    out.mkdir(parents=True, exist_ok=True)
    return [write_package(config, catalog, record, out)
            for record in tt05.hoso_records(catalog, hoso)]


def write_package(config: Config, catalog: Catalog, record: tt05.HosoRecord,
                  out: Path) -> PackageResult:
    code = record.fields["fileCode"]
    target = out / _safe(code)
    if target.exists():
        raise PackageError(f"{target}: a package is already there; remove it or write elsewhere")
    result = PackageResult(hoso=code, path=str(target))
    work = out / f".{_safe(code)}.partial"
    shutil.rmtree(work, ignore_errors=True)
    rep = work / REPRESENTATION / "data"
    rep.mkdir(parents=True)
    documents = {d.id: d for d in catalog.hoso_documents(code)}
    files: list[PackagedFile] = []
    for fields in record.documents:
        doc = documents[fields["docId"]]
        source = config.document_pdf(doc.id)
        if not source.exists():
            result.missing.append(doc.id)
            continue
        name = f"{doc.doc_code or doc.id}.pdf"
        shutil.copyfile(source, rep / name)
        files.append(_file(work, f"{REPRESENTATION}/data/{name}", "application/pdf", doc))
    result.documents = len(files)

    created = datetime.now(UTC).isoformat(timespec="seconds")
    metadata = [
        _write_xml(work, "metadata/descriptive/ead.xml", tt05.ead([record])),
        _write_xml(work, "metadata/descriptive/dc.xml", dublin_core(record)),
        _write_xml(work, "metadata/preservation/premis.xml",
                   premis(catalog, record, files, created)),
    ]
    schemas = []
    for schema in sorted(SCHEMAS.glob("*.xsd")):
        (work / "schemas").mkdir(exist_ok=True)
        shutil.copyfile(schema, work / "schemas" / schema.name)
        schemas.append(_file(work, f"schemas/{schema.name}", "application/xml"))
    mets = build_mets(record, files, metadata, schemas, created)
    (work / "METS.xml").write_bytes(etree.tostring(mets, xml_declaration=True,
                                                   encoding="UTF-8", pretty_print=True))
    bagit.make_bag(str(work), bag_info={
        "Source-Organization": record.fonds or SOFTWARE,
        "External-Identifier": code,
        "External-Description": record.fields["title"] or code,
        "Bag-Software-Agent": SOFTWARE,
    }, checksums=["sha256"])
    work.rename(target)
    return result


def _file(root: Path, relative: str, mimetype: str,
          document: DocumentRow | None = None) -> PackagedFile:
    path = root / relative
    return PackagedFile(relative, path.stat().st_size, file_hash(path), mimetype, document)


def _write_xml(root: Path, relative: str, element: etree._Element) -> PackagedFile:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                    pretty_print=True))
    return _file(root, relative, "text/xml")


def _safe(code: str) -> str:
    """A hồ sơ code as one folder name."""
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in code) or "hoso"


# -- METS ------------------------------------------------------------------------------


def build_mets(record: tt05.HosoRecord, files: list[PackagedFile],
               metadata: list[PackagedFile], schemas: list[PackagedFile],
               created: str) -> etree._Element:
    M = ElementMaker(namespace=METS_NS, nsmap={"mets": METS_NS, "xlink": XLINK_NS,
                                               "csip": CSIP_NS})
    code = record.fields["fileCode"]
    root = M.mets(OBJID=code, LABEL=record.fields["title"] or code, TYPE="Mixed",
                  PROFILE=CSIP_PROFILE, ID=f"uuid-{uuid.uuid4()}")
    root.set(f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE", "MIXED")
    header = M.metsHdr(M.agent(M.name(SOFTWARE), ROLE="CREATOR", TYPE="OTHER",
                               OTHERTYPE="SOFTWARE"),
                       CREATEDATE=created, RECORDSTATUS="NEW")
    header.set(f"{{{CSIP_NS}}}OAISPACKAGETYPE", "AIP")
    root.append(header)
    ead, dc, premis_file = metadata
    for dmd_id, item, kind in (("dmd-ead", ead, "EAD"), ("dmd-dc", dc, "DC")):
        root.append(M.dmdSec(_md_ref(M, item, kind), ID=dmd_id, CREATED=created))
    root.append(M.amdSec(M.digiprovMD(_md_ref(M, premis_file, "PREMIS"), ID="amd-premis")))
    groups = [M.fileGrp(*[_mets_file(M, f, i) for i, f in enumerate(files, start=1)],
                        USE=f"Representations/{REPRESENTATION.rsplit('/', 1)[1]}",
                        ID="grp-rep1")]
    if schemas:
        groups.append(M.fileGrp(*[_mets_file(M, f, i, "schema") for i, f in
                                  enumerate(schemas, start=1)], USE="Schemas",
                                ID="grp-schemas"))
    root.append(M.fileSec(*groups, ID="filesec"))
    documents = M.div(*[M.div(M.fptr(FILEID=f"file-{i}"), TYPE="document",
                              LABEL=f.document.doc_code or f.document.id if f.document else "",
                              ID=f"div-doc-{i}")
                        for i, f in enumerate(files, start=1)],
                      LABEL="Representations/rep1", ID="div-rep1")
    body = M.div(M.div(LABEL="Metadata", DMDID="dmd-ead dmd-dc", ADMID="amd-premis",
                       ID="div-metadata"),
                 documents, LABEL=code, ID="div-root")
    if schemas:
        body.append(M.div(*[M.fptr(FILEID=f"schema-{i}") for i in range(1, len(schemas) + 1)],
                          LABEL="Schemas", ID="div-schemas"))
    root.append(M.structMap(body, TYPE="PHYSICAL", LABEL="CSIP", ID="structmap"))
    return root


def _md_ref(M, item: PackagedFile, kind: str) -> etree._Element:
    ref = M.mdRef(LOCTYPE="URL", MDTYPE=kind, MIMETYPE=item.mimetype, SIZE=str(item.size),
                  CHECKSUM=item.sha256, CHECKSUMTYPE="SHA-256")
    ref.set(f"{{{XLINK_NS}}}type", "simple")
    ref.set(f"{{{XLINK_NS}}}href", item.path)
    return ref


def _mets_file(M, item: PackagedFile, number: int, prefix: str = "file") -> etree._Element:
    locator = M.FLocat(LOCTYPE="URL")
    locator.set(f"{{{XLINK_NS}}}type", "simple")
    locator.set(f"{{{XLINK_NS}}}href", item.path)
    return M.file(locator, ID=f"{prefix}-{number}", MIMETYPE=item.mimetype,
                  SIZE=str(item.size), CHECKSUM=item.sha256, CHECKSUMTYPE="SHA-256")


def mets_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "mets.xsd")))


# -- descriptions ----------------------------------------------------------------------


def dublin_core(record: tt05.HosoRecord) -> etree._Element:
    D = ElementMaker(namespace=DC_NS, nsmap={"dc": DC_NS, "oai_dc": OAI_DC_NS})
    f = record.fields
    root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS})
    values = [("identifier", f["fileCode"]), ("title", f["title"]),
              ("date", "/".join(d for d in (f["startDate"], f["endDate"]) if d)),
              ("language", "vi"), ("type", "Text"), ("format", "application/pdf"),
              ("description", f["description"]), ("rights", f["mode"] and f"mode {f['mode']}")]
    values += [("creator", name) for name in sorted(
        {d["organName"] for d in record.documents if d["organName"]})]
    for name, value in values:
        if value:
            root.append(getattr(D, name)(value))
    return root


def premis(catalog: Catalog, record: tt05.HosoRecord, files: list[PackagedFile],
           created: str) -> etree._Element:
    """PREMIS 3: the package's files as objects with their fixity, and what happened to
    each document, from the catalog: ingest, OCR, metadata extraction, corrections,
    signature checks; then the packaging itself."""
    P = ElementMaker(namespace=PREMIS_NS, nsmap={"premis": PREMIS_NS, "xsi": XSI_NS})
    batches = {b["id"]: b for b in catalog.batches()}
    root = P.premis(version="3.0")
    events: list[etree._Element] = []
    agents: dict[str, etree._Element] = {}

    def agent(name: str, kind: str, note: str = "") -> str:
        key = f"{kind}:{name}"
        if key not in agents:
            agents[key] = P.agent(
                P.agentIdentifier(P.agentIdentifierType("local"),
                                  P.agentIdentifierValue(key)),
                P.agentName(name), P.agentType(kind), *([P.agentNote(note)] if note else []))
        return key

    def event(kind: str, when: str, detail: str, outcome: str, obj: str,
              agent_key: str, note: str = "") -> None:
        outcome_parts = [P.eventOutcome(outcome)]
        if note:
            outcome_parts.append(P.eventOutcomeDetail(P.eventOutcomeDetailNote(note)))
        events.append(P.event(
            P.eventIdentifier(P.eventIdentifierType("UUID"),
                              P.eventIdentifierValue(str(uuid.uuid4()))),
            P.eventType(kind), P.eventDateTime(when or created),
            P.eventDetailInformation(P.eventDetail(detail)),
            P.eventOutcomeInformation(*outcome_parts),
            P.linkingAgentIdentifier(P.linkingAgentIdentifierType("local"),
                                     P.linkingAgentIdentifierValue(agent_key)),
            P.linkingObjectIdentifier(P.linkingObjectIdentifierType("local"),
                                      P.linkingObjectIdentifierValue(obj))))

    software = agent(SOFTWARE, "software")
    for item in files:
        root.append(P.object(
            P.objectIdentifier(P.objectIdentifierType("local"),
                               P.objectIdentifierValue(item.path)),
            P.objectCharacteristics(
                P.compositionLevel("0"),
                P.fixity(P.messageDigestAlgorithm("SHA-256"), P.messageDigest(item.sha256)),
                P.size(str(item.size)),
                P.format(P.formatDesignation(P.formatName("PDF/A"), P.formatVersion("2b")))),
            P.originalName(item.document.source if item.document else item.path),
            {f"{{{XSI_NS}}}type": "premis:file"}))
        doc = item.document
        if doc is None:
            continue
        _document_events(catalog, doc, item.path, batches.get(doc.batch_id) or {},
                         event, agent, software)
        event("message digest calculation", created, "SHA-256 of the packaged file",
              "success", item.path, software, item.sha256)
    for item in events:
        root.append(item)
    for item in agents.values():
        root.append(item)
    return root


# Corrections that are no metadata field: an archivist's document boundaries of a scan
# file, and an admin's decision on a held TUYỆT MẬT document.
_CORRECTION_EVENTS = {
    BOUNDARIES: ("modification", "document boundaries in the scan file set by an archivist"),
    SECRECY_GATE: ("decision", "secrecy gate: an admin's decision on a TUYỆT MẬT document"),
}


def _document_events(catalog: Catalog, doc: DocumentRow, obj: str, batch: dict,
                     event, agent, software: str) -> None:
    summary = batch.get("summary") or {}
    started, finished = batch.get("started", ""), batch.get("finished") or ""
    event("ingestion", started, f"scan file {doc.source}, pages {doc.page_start}-"
          f"{doc.page_end or doc.page_start + doc.page_count - 1}, batch {batch.get('name', '')}",
          "success", obj, software)
    pages = catalog.page_rows(doc.id)
    read = [p for p in pages if p["method"] == "ocr"]
    if read:
        engine = summary.get("ocr_engine") or {}
        name = " ".join(v for v in (engine.get("engine", "OCR engine not recorded"),
                                    engine.get("version", "")) if v)
        models = ", ".join(f"{k.split(':', 1)[1]} sha256:{v}" for k, v in engine.items()
                           if k.startswith("model_sha256:"))
        event("optical character recognition", finished,
              f"{len(read)} of {len(pages)} pages read by OCR; model "
              f"{engine.get('model', 'not recorded')}",
              "success", obj, agent(name, "software", models))
    if len(read) < len(pages):
        event("text extraction", finished, f"{len(pages) - len(read)} pages read from the "
              "PDF's own text layer", "success", obj, software)
    review = [str(p["number"]) for p in pages if p["review"]]
    event("metadata extraction", finished, "document metadata read from the text",
          "success", obj, software, f"pages to review: {', '.join(review)}" if review else "")
    for correction in catalog.correction_log(doc.id):
        kind, detail = _CORRECTION_EVENTS.get(
            correction["field"], ("metadata modification", f"{correction['field']} corrected"))
        event(kind, correction["at"], detail, "success", obj,
              agent(correction["user"], "person"),
              json.dumps({"field": correction["field"], "value": correction["value"]},
                         ensure_ascii=False))
    signatures = catalog.signatures(doc.id)
    if signatures:
        intact = all(s.get("intact") for s in signatures)
        event("digital signature validation", catalog.signatures_checked(doc.id),
              f"{len(signatures)} signatures of the source PDF read with pyHanko",
              "success" if intact else "failure", obj, software,
              json.dumps(signatures, ensure_ascii=False))


# -- checking --------------------------------------------------------------------------


@dataclass
class Verification:
    package: str
    valid: bool
    problems: list[str]
    files: int


def verify_package(path: Path) -> Verification:
    """Fixity of the bag (every payload and tag file against its manifest), then the METS:
    valid against its schema, and every file it lists present with its SHA-256."""
    problems: list[str] = []
    files = 0
    try:
        bag = bagit.Bag(str(path))
        bag.validate()
    except bagit.BagValidationError as e:
        problems += [str(d) for d in e.details] or [str(e)]
    except bagit.BagError as e:
        return Verification(str(path), False, [f"not a bag: {e}"], 0)
    mets_path = path / "data" / "METS.xml"
    try:
        mets = etree.parse(str(mets_path))
    except (OSError, etree.XMLSyntaxError) as e:
        return Verification(str(path), False, [*problems, f"METS.xml: {e}"], 0)
    schema = mets_schema()
    if not schema.validate(mets):
        problems += [f"METS.xml line {e.line}: {e.message}" for e in schema.error_log]
    for node in mets.iter(f"{{{METS_NS}}}file", f"{{{METS_NS}}}mdRef"):
        locator = node if node.tag.endswith("mdRef") else node.find(f"{{{METS_NS}}}FLocat")
        href = locator.get(f"{{{XLINK_NS}}}href") if locator is not None else None
        if not href:
            problems.append(f"METS {node.get('ID') or node.tag}: no file named")
            continue
        target = (path / "data" / href).resolve()
        if not target.is_relative_to((path / "data").resolve()) or not target.is_file():
            problems.append(f"{href}: listed in METS but missing")
            continue
        files += 1
        if file_hash(target) != node.get("CHECKSUM"):
            problems.append(f"{href}: SHA-256 differs from METS")
    return Verification(str(path), not problems, problems, files)
