"""Backend-neutral labels of the index: secrecy levels, type, issuer and filter keys, the
page separator. The Whoosh schema is in index.whoosh_schema."""
from __future__ import annotations

import re
import unicodedata

from luutru.index.types import CLASSIFICATION_LEVELS
from luutru.vietnamese import fold, normalize_text

MAX_LEVEL = max(CLASSIFICATION_LEVELS.values())
PAGE_SEPARATOR = "\n\n"
_SPACES = re.compile(r"\s+")
_FOLDED_LEVELS = {fold(name).upper(): level for name, level in CLASSIFICATION_LEVELS.items()}


def classification_level(value: str) -> int:
    """'MẬT' -> 1 ... 'TUYỆT MẬT' -> 3. An unrecognised non-empty mark counts as the
    highest level: a damaged secrecy mark must hide a document, never expose it."""
    key = fold(_SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()).upper()
    return _FOLDED_LEVELS.get(key, MAX_LEVEL)


def doc_type_label(value: str) -> str:
    """'NGHỊ QUYẾT' / 'nghị  quyết' -> 'Nghị quyết': one facet value per type."""
    text = _SPACES.sub(" ", normalize_text(value)).strip().lower()
    return text[:1].upper() + text[1:]


def upper_label(value: str) -> str:
    """'Huyện uỷ  Nam Giang' -> 'HUYỆN ỦY NAM GIANG': issuers and secrecy marks print in
    capitals; one facet or filter value per issuer whatever the spelling."""
    return _SPACES.sub(" ", normalize_text(value)).strip().upper()


def folded_key(value: str) -> str:
    """The filter key of a type or issuer: 'Nghị quyết' -> 'nghi quyet'."""
    return fold(_SPACES.sub(" ", normalize_text(value)).strip().lower())
