"""The digital signatures of a signed PDF, read with pyHanko.

E-office documents carry one to five signatures (the signer, then the office that issues
the document). For each: who signed (the certificate's subject), when (a timestamp token's time,
else the time the signer's software wrote), whether the signed bytes are intact, and what they
cover: the whole file, or one revision of it with later ones added. Whether the certificate
chains to a trusted root is only said when trust roots are configured (a folder of CA
certificates, `Config.trust_roots`); without them the chain is "not verified", never "valid".
No certificate or revocation information is fetched from the network.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

CHAIN_NOT_VERIFIED = "not verified"
CHAIN_VALID = "valid"
CHAIN_INVALID = "invalid"

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
# Vietnam keeps UTC+7 the year round: the day a document is dated is a day there.
VIETNAM = timezone(timedelta(hours=7))


def read_signatures(path: Path, trust_roots: str | Path = "") -> list[dict]:
    """Every signature of a PDF, in the order they were made; [] for an unsigned file."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = load_trust_roots(Path(trust_roots)) if trust_roots else None
    try:
        with open(path, "rb") as fh, _quiet_pyhanko():
            reader = PdfFileReader(fh, strict=False)
            signatures = list(reader.embedded_signatures)
            total = reader.xrefs.total_revisions
            return [_describe(sig, total, roots) for sig in signatures]
    except (PdfReadError, OSError, ValueError) as e:
        return [{"error": f"signatures cannot be read: {e}", "intact": False,
                 "chain": CHAIN_NOT_VERIFIED}]


def signing_days(signatures: list[dict]) -> list[str]:
    """The days (ISO, in Vietnam) the intact signatures of a file were made, in order. A
    timestamp token's time is a third party's, in UTC, and is turned into Vietnam's day;
    without one, the signer's software most often wrote its local clock and labelled it
    UTC or nothing (a "+00:00" at 08:15 on an office's morning), so its day is taken as
    written. A signature whose bytes changed says nothing of when the document was made."""
    days: list[str] = []
    for signature in signatures:
        moment = signature.get("signed_at", "")
        if not signature.get("intact") or not moment:
            continue
        when = datetime.fromisoformat(moment)
        if signature.get("timestamped") and when.tzinfo is not None:
            when = when.astimezone(VIETNAM)
        day = when.date().isoformat()
        if day not in days:
            days.append(day)
    return days


def load_trust_roots(folder: Path) -> list:
    """CA certificates from a folder: PEM (one or more each) or DER files."""
    from asn1crypto import pem
    from asn1crypto.x509 import Certificate

    if not folder.is_dir():
        raise ValueError(f"{folder}: trust roots must be a folder of CA certificates")
    certs = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in _CERT_SUFFIXES:
            continue
        data = file.read_bytes()
        if pem.detect(data):
            certs += [Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        else:
            certs.append(Certificate.load(data))
    return certs


def _describe(sig, total_revisions: int, roots: list | None) -> dict:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    subject = sig.signer_cert.subject.native if sig.signer_cert else {}
    out: dict = {
        "field": sig.field_name,
        "signer": subject.get("common_name", ""),
        "organization": subject.get("organization_name", ""),
        # The time the signer's software wrote; often local time without its zone.
        "claimed_at": _iso(sig.self_reported_timestamp),
    }
    context = ValidationContext(trust_roots=roots or [], allow_fetching=False,
                                revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(sig, context)
    except (SignatureValidationError, ValueError) as e:
        return out | {"signed_at": out["claimed_at"], "intact": False, "covers": "",
                      "chain": CHAIN_NOT_VERIFIED, "error": str(e)}
    # A timestamp token's time, where there is one, is a third party's and has its zone.
    stamped = status.timestamp_validity.timestamp if status.timestamp_validity else None
    out["signed_at"] = _iso(stamped or sig.self_reported_timestamp)
    out["timestamped"] = stamped is not None
    coverage = status.coverage.name if status.coverage else ""
    whole = coverage == "ENTIRE_FILE"
    out |= {
        "intact": bool(status.intact),
        "signature_valid": bool(status.valid),  # the signature value over the digest
        "covers": "whole file" if whole else (
            f"revision {sig.signed_revision + 1} of {total_revisions}"
            if coverage == "ENTIRE_REVISION" else "part of the file"),
        "later_changes": "" if whole else _changes(status.modification_level),
        "chain": (CHAIN_NOT_VERIFIED if roots is None
                  else CHAIN_VALID if status.trusted and status.valid else CHAIN_INVALID),
    }
    return out


def _changes(level) -> str:
    """What the revisions after a signed one did, as pyHanko's difference analysis says."""
    if level is None:
        return "not analysed"
    return {"NONE": "none", "LTA_UPDATES": "validation data only",
            "FORM_FILLING": "form filling and further signatures",
            "ANNOTATIONS": "annotations", "OTHER": "other changes"}.get(level.name, level.name)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for every chain it cannot build; without trust roots that is
    every signature, and the answer is in the result anyway."""
    logger = logging.getLogger("pyhanko")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
