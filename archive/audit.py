"""The audit trail: who read which classified document, searched with a clearance,
administered users or documents, or corrected what; when, and from which address.

The table only grows (catalog triggers refuse updates and deletions). An archive on
read-only media cannot be written, so nothing is recorded there.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from luutru.archive.catalog import Catalog, now

# What each action means, for the pages and the command's output.
ACTIONS = {
    "view": "xem văn bản mật",
    "page": "xem ảnh trang văn bản mật",
    "download": "tải văn bản mật",
    "search": "tìm kiếm (người có quyền xem văn bản mật)",
    "export": "xuất danh sách kết quả",
    "correct": "hiệu đính",
    "delete": "xóa văn bản",
    "user": "quản trị người dùng",
}
CLI_ADDRESS = "cli"


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    user: str
    address: str
    action: str
    document: str
    detail: str

    def to_json(self) -> dict:
        return asdict(self)


def record(catalog: Catalog, user: str, address: str, action: str, document: str = "",
           detail: str = "") -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if catalog.read_only:
        return
    catalog.db.execute(
        "INSERT INTO audit(at, user, address, action, document, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)", (now(), user, address, action, document, detail))


def entries(catalog: Catalog, user: str = "", since: str = "", limit: int | None = None
            ) -> list[Entry]:
    """Newest first; `since` is an ISO date or time (UTC), inclusive."""
    where, values = [], []
    if user:
        where.append("user = ?")
        values.append(user)
    if since:
        where.append("at >= ?")
        values.append(since)
    sql = "SELECT * FROM audit" + (f" WHERE {' AND '.join(where)}" if where else "")
    sql += " ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
    try:
        rows = catalog.db.execute(sql, values).fetchall()
    except Exception:  # a read-only catalog of a version before the audit table
        if catalog.read_only:
            return []
        raise
    return [Entry(**dict(r)) for r in rows]
