"""Abbreviations of issuing bodies ('UBND', 'HĐND', 'TU', 'HU') and their spelling out.

People type an issuer the short way in a search; headers print it in full ('ỦY BAN NHÂN
DÂN TỈNH ...', 'TỈNH ỦY ...'). `expand_issuer` turns the first into the second so the
issuer filter finds both.
"""
from __future__ import annotations

from luutru.vietnamese.text import nfc

# Codes of several letters are read in any case; the two- and three-letter Party codes
# only in capitals (see PARTY_ISSUER_ABBREVIATIONS), as 'tu' and 'hu' are also syllables.
ISSUER_ABBREVIATIONS = {
    "UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN", "HDND": "HỘI ĐỒNG NHÂN DÂN",
    "MTTQ": "MẶT TRẬN TỔ QUỐC", "UBMTTQ": "ỦY BAN MẶT TRẬN TỔ QUỐC",
    "UBKT": "ỦY BAN KIỂM TRA", "BCH": "BAN CHẤP HÀNH", "BTV": "BAN THƯỜNG VỤ",
    "BCHTW": "BAN CHẤP HÀNH TRUNG ƯƠNG", "VPTW": "VĂN PHÒNG TRUNG ƯƠNG ĐẢNG",
    "VPCP": "VĂN PHÒNG CHÍNH PHỦ", "TTG": "THỦ TƯỚNG CHÍNH PHỦ",
}
PARTY_ISSUER_ABBREVIATIONS = {
    "TU": "TỈNH ỦY", "HU": "HUYỆN ỦY", "QU": "QUẬN ỦY", "ThU": "THÀNH ỦY", "THU": "THÀNH ỦY",
    "ĐU": "ĐẢNG ỦY", "TW": "TRUNG ƯƠNG", "TP": "THÀNH PHỐ",
}


def expand_issuer(text: str) -> str:
    """'UBND tỉnh Bình An' -> 'ỦY BAN NHÂN DÂN tỉnh Bình An', 'HU Sông Trà' -> 'HUYỆN ỦY
    Sông Trà'; other words as typed (NFC)."""
    return " ".join(ISSUER_ABBREVIATIONS.get(word.upper()) or PARTY_ISSUER_ABBREVIATIONS.get(word)
                    or word for word in nfc(text).split())
