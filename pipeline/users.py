"""Web users: roles, clearance, and passwords kept as slow argon2 hashes."""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from index.types import CLASSIFICATION_LEVELS
from pipeline.catalog import Catalog, now

ROLES = ("reader", "archivist", "admin")
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    clearance: int  # a level of index.types.CLASSIFICATION_LEVELS

    @property
    def can_correct(self) -> bool:
        return self.role in ("archivist", "admin")


ANONYMOUS = User(name="", role="reader", clearance=0)


class UserError(ValueError):
    pass


def clearance_level(value: str | int) -> int:
    """A clearance given as a level number or as a classification name (MẬT, TỐI MẬT...)."""
    if isinstance(value, int) or str(value).isdigit():
        level = int(value)
        if level not in CLASSIFICATION_LEVELS.values():
            raise UserError(f"clearance must be 0 to {max(CLASSIFICATION_LEVELS.values())}")
        return level
    key = str(value).strip().upper()
    if key in ("", "NONE", "KHÔNG"):
        return 0
    if key not in CLASSIFICATION_LEVELS:
        raise UserError(f"unknown clearance {value!r}: use 0-3 or MẬT, TỐI MẬT, TUYỆT MẬT")
    return CLASSIFICATION_LEVELS[key]


def add_user(catalog: Catalog, name: str, password: str, role: str, clearance: int) -> User:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if not name.strip():
        raise UserError("a user needs a name")
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    if get_user(catalog, name):
        raise UserError(f"user {name!r} exists already")
    catalog.db.execute(
        "INSERT INTO users(name, password_hash, role, clearance, created) VALUES (?, ?, ?, ?, ?)",
        (name, _HASHER.hash(password), role, clearance, now()))
    return User(name, role, clearance)


def set_password(catalog: Catalog, name: str, password: str) -> None:
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    cur = catalog.db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                             (_HASHER.hash(password), name))
    if cur.rowcount == 0:
        raise UserError(f"no user {name!r}")


def get_user(catalog: Catalog, name: str) -> User | None:
    row = catalog.db.execute("SELECT name, role, clearance FROM users WHERE name = ?",
                             (name,)).fetchone()
    return User(row["name"], row["role"], row["clearance"]) if row else None


def authenticate(catalog: Catalog, name: str, password: str) -> User | None:
    row = catalog.db.execute("SELECT password_hash FROM users WHERE name = ?",
                             (name,)).fetchone()
    if row is None:
        _HASHER.hash(password)  # same time spent whether or not the name exists
        return None
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    return get_user(catalog, name)
