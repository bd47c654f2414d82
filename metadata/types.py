"""Metadata of one official document, each field with its confidence and place."""
from __future__ import annotations

from dataclasses import dataclass, field

# The fields of CONTRACT.md's export, in its order.
FIELD_NAMES = (
    "family", "symbol", "number", "doc_type", "issuer", "superior", "place", "date",
    "subject", "cv_subject", "signer_authority", "signer_title", "signer_name",
    "classification", "urgency", "signer_rank",
)


@dataclass(frozen=True)
class Where:
    page: int  # 1-based
    box: tuple[int, int, int, int] | None = None


@dataclass(frozen=True)
class Field:
    value: str
    confidence: float = 0.0
    where: Where | None = None
    review: bool = False  # a human should look: unsure, rejected, or evidence disagrees
    note: str = ""  # why it is flagged, or what confirmed it
    suggestion: str = ""  # a value offered to the reviewer, never emitted as the value
    # The printed part of a slot the value is written into: '…/CT-UBND' for a number,
    # '2025-02-…' for a day; the reviewer types only what '…' stands for.
    template: str = ""


@dataclass(frozen=True)
class Citation:
    """A reference in the body to another document, e.g. 'Kết luận số 82-KL/TW ngày 16/8/2011'."""

    doc_type: str  # sentence case, e.g. "Kết luận"; "" when only a symbol is given
    symbol: str  # as printed, e.g. "82-KL/TW"
    number: str
    date: str  # ISO 8601 or ""
    text: str  # the matched span


@dataclass(frozen=True)
class ReceiptData:
    """What a receiving office's 'CÔNG VĂN ĐẾN' stamp says: not the document's own fields."""

    number: str  # số đến
    date: str  # ngày đến, ISO
    where: Where


@dataclass(frozen=True)
class Metadata:
    fields: dict[str, Field] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    receipt: ReceiptData | None = None

    def value(self, name: str) -> str:
        f = self.fields.get(name)
        return f.value if f else ""

    def values(self) -> dict[str, str]:
        return {name: self.value(name) for name in FIELD_NAMES}
