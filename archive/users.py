"""Web users: roles, clearance, and passwords kept as slow argon2 hashes.

A session names its user and the user's session generation when it was opened; raising
the generation (logout, a new password, disabling the account) ends all of the user's
sessions at once, wherever their cookies were copied to.
"""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from luutru.archive.catalog import Catalog, now
from luutru.index.types import CLASSIFICATION_LEVELS

ROLES = ("reader", "archivist", "admin")
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    clearance: int  # a level of index.types.CLASSIFICATION_LEVELS
    disabled: bool = False
    generation: int = 0  # sessions opened in an older generation are over
    created: str = ""

    @property
    def can_correct(self) -> bool:
        return self.role in ("archivist", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


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


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    return role


def add_user(catalog: Catalog, name: str, password: str, role: str, clearance: int) -> User:
    check_role(role)
    if not name.strip():
        raise UserError("a user needs a name")
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    if get_user(catalog, name):
        raise UserError(f"user {name!r} exists already")
    catalog.require_writable()
    catalog.db.execute(
        "INSERT INTO users(name, password_hash, role, clearance, created) VALUES (?, ?, ?, ?, ?)",
        (name, _HASHER.hash(password), role, clearance, now()))
    return User(name, role, clearance)


def set_password(catalog: Catalog, name: str, password: str) -> None:
    """A new password; every session opened with the old one ends."""
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    _update(catalog, name, "password_hash = ?, generation = generation + 1",
            _HASHER.hash(password))


def end_sessions(catalog: Catalog, name: str) -> None:
    """Every session of the user ends (logout ends them all, not only this browser's)."""
    _update(catalog, name, "generation = generation + 1")


def set_disabled(catalog: Catalog, name: str, disabled: bool) -> None:
    _update(catalog, name, "disabled = ?, generation = generation + 1", int(disabled))


def set_role(catalog: Catalog, name: str, role: str) -> None:
    _update(catalog, name, "role = ?, generation = generation + 1", check_role(role))


def set_clearance(catalog: Catalog, name: str, clearance: int) -> None:
    _update(catalog, name, "clearance = ?, generation = generation + 1", clearance)


def remove_user(catalog: Catalog, name: str) -> None:
    catalog.require_writable()
    if catalog.db.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
        raise UserError(f"no user {name!r}")


def _update(catalog: Catalog, name: str, assignments: str, *values: object) -> None:
    catalog.require_writable()
    cur = catalog.db.execute(f"UPDATE users SET {assignments} WHERE name = ?", (*values, name))
    if cur.rowcount == 0:
        raise UserError(f"no user {name!r}")


def get_user(catalog: Catalog, name: str) -> User | None:
    row = catalog.db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    return _user(row) if row else None


def list_users(catalog: Catalog) -> list[User]:
    return [_user(r) for r in catalog.db.execute("SELECT * FROM users ORDER BY name")]


def _user(row) -> User:
    keys = row.keys()  # a read-only catalog of an older version lacks the added columns
    return User(row["name"], row["role"], row["clearance"],
                disabled=bool(row["disabled"]) if "disabled" in keys else False,
                generation=row["generation"] if "generation" in keys else 0,
                created=row["created"])


def authenticate(catalog: Catalog, name: str, password: str) -> User | None:
    """The user when the password is theirs and the account is enabled; else None."""
    row = catalog.db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        _HASHER.hash(password)  # same time spent whether or not the name exists
        return None
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    user = _user(row)
    return None if user.disabled else user
