"""Digital signatures read with pyHanko from PDFs signed here, in the test, with a test CA."""
from __future__ import annotations

import datetime as dt

import pytest

from luutru.archive.signatures import read_signatures, signing_days
from tests.signing import ORGANISATION, SIGNER, make_pki, sign, unsigned


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def test_signed_pdf_reports_signer_time_and_intact(pki, tmp_path):
    signer, _, _ = pki
    signed = sign(signer, unsigned(tmp_path / "plain.pdf"), tmp_path / "signed.pdf", "Sig1")
    [sig] = read_signatures(signed)
    assert sig["signer"] == SIGNER and sig["organization"] == ORGANISATION
    moment = dt.datetime.fromisoformat(sig["signed_at"])
    assert abs(moment - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert sig["intact"] is True and sig["signature_valid"] is True
    assert sig["covers"] == "whole file"
    assert sig["chain"] == "not verified"  # no trust roots: never "valid"


def test_tampered_pdf_is_not_intact(pki, tmp_path):
    signer, _, _ = pki
    signed = sign(signer, unsigned(tmp_path / "plain.pdf"), tmp_path / "signed.pdf", "Sig1")
    data = bytearray(signed.read_bytes())
    at = data.index(b"/MediaBox")  # inside the signed bytes: the page's size changes
    box = data.index(b"842", at)
    data[box:box + 3] = b"843"
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    [sig] = read_signatures(tampered)
    assert sig["signer"] == SIGNER
    assert sig["intact"] is False


def test_two_signatures_and_what_each_covers(pki, tmp_path):
    signer, _, _ = pki
    once = sign(signer, unsigned(tmp_path / "plain.pdf"), tmp_path / "once.pdf", "Sig1")
    twice = sign(signer, once, tmp_path / "twice.pdf", "Sig2")
    first, second = read_signatures(twice)
    assert first["covers"].startswith("revision ") and first["intact"]
    assert first["later_changes"] == "form filling and further signatures"
    assert second["covers"] == "whole file" and second["intact"]


def test_chain_valid_only_with_its_trust_root(pki, tmp_path):
    signer, roots, wrong = pki
    signed = sign(signer, unsigned(tmp_path / "plain.pdf"), tmp_path / "signed.pdf", "Sig1")
    assert read_signatures(signed, roots)[0]["chain"] == "valid"
    assert read_signatures(signed, wrong)[0]["chain"] == "invalid"


def test_unsigned_and_unreadable(tmp_path):
    assert read_signatures(unsigned(tmp_path / "plain.pdf")) == []
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage")
    [problem] = read_signatures(broken)
    assert problem["intact"] is False and "cannot be read" in problem["error"]


def test_signing_days_are_vietnams_days_of_intact_signatures():
    signatures = [
        # A timestamp token's time is UTC: 20:10 on the 4th is the 5th in Vietnam.
        {"signed_at": "2025-02-04T20:10:00+00:00", "timestamped": True, "intact": True},
        # The signer's own clock labelled UTC: an office's morning, its day as written.
        {"signed_at": "2025-02-07T08:15:32+00:00", "timestamped": False, "intact": True},
        {"signed_at": "2025-02-07T16:00:00+07:00", "timestamped": False, "intact": True},
        # Bytes changed after signing: no evidence of anything.
        {"signed_at": "2025-03-01T09:00:00+07:00", "timestamped": True, "intact": False},
        {"signed_at": "", "intact": True},
    ]
    assert signing_days(signatures) == ["2025-02-05", "2025-02-07"]
    assert signing_days([]) == []
