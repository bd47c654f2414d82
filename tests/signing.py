"""Signing PDFs in tests: a test CA made here, a signer certificate it issues, pyHanko."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

SIGNER = "Ủy ban nhân dân tỉnh Thử Nghiệm"
ORGANISATION = "Tỉnh Thử Nghiệm"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject: x509.Name, key, issuer: x509.Name, issuer_key, ca: bool):
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                   crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(path: Path, obj) -> Path:
    if isinstance(obj, x509.Certificate):
        path.write_bytes(obj.public_bytes(serialization.Encoding.PEM))
    else:
        path.write_bytes(obj.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return path


def make_pki(folder: Path):
    """A test CA, a signer certificate it issued, and another CA that issued nothing: the
    signer, a folder holding the CA, and a folder holding only the other CA."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("CA thử nghiệm", "Ban Cơ yếu thử nghiệm")
    ca = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(SIGNER, ORGANISATION), key, ca_name, ca_key, ca=False)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_name = _name("CA khác", "Tổ chức khác")
    other = _certificate(other_name, other_key, other_name, other_key, ca=True)
    roots, wrong = folder / "roots", folder / "wrong-roots"
    roots.mkdir()
    wrong.mkdir()
    _pem(roots / "ca.pem", ca)
    _pem(wrong / "other.crt", other)
    signer = signers.SimpleSigner.load(str(_pem(folder / "key.pem", key)),
                                       str(_pem(folder / "cert.pem", cert)),
                                       ca_chain_files=(str(folder / "roots" / "ca.pem"),))
    return signer, roots, wrong


def unsigned(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(path)
    return path


def sign(signer, source: Path, target: Path, field: str) -> Path:
    with open(source, "rb") as fh:
        writer = IncrementalPdfFileWriter(fh, strict=False)
        out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field),
                               signer=signer)
        target.write_bytes(out.getvalue())
    return target
