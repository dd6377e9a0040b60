"""Local accounts: `users.json` in auth_dir, a name -> role and a scrypt hash (werkzeug.security).

Written whole to a temporary file and renamed over the old one (mode 0600), so a reader never sees a
half-written file; read again whenever its modification time or size changes. A password change or a
removal ends the account's sign-ins: a session carries `stamp`, a digest of the hash it was made with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.auth.roles import RANK, ROLES

FILE = "users.json"
METHOD = "scrypt:32768:8:1"  # werkzeug's default: n=2^15, r=8, p=1 (64 MB, about 0.1 s per check)
MIN_PASSWORD = 10
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
# Checked against when the name is unknown, so an unknown name costs the same time as a wrong password.
_DUMMY = generate_password_hash("not a password of anyone", method=METHOD)


class AccountError(ValueError):
    """A name, role or password that cannot be used, with what to do instead."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    hash: str
    changed: str

    @property
    def stamp(self) -> str:
        return hashlib.sha256(self.hash.encode()).hexdigest()[:16]


def check_name(name: str) -> str:
    if not NAME.fullmatch(name or ""):
        raise AccountError(
            f"user name {name!r} is not usable: 1-64 letters, digits and . _ @ -, starting with a letter or digit"
        )
    return name


def check_role(role: str) -> str:
    if role not in RANK:
        raise AccountError(f"role {role!r} is not known: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if password != password.strip() or "\n" in password:
        raise AccountError("the password starts or ends with a space or holds a line break")
    return password


class Accounts:
    def __init__(self, auth_dir: str | Path):
        self.path = Path(auth_dir) / FILE
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._accounts: dict[str, Account] = {}

    def all(self) -> dict[str, Account]:
        with self._lock:
            try:
                st = self.path.stat()
            except FileNotFoundError:
                self._seen, self._accounts = None, {}
                return {}
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
            if key != self._seen:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                self._accounts = {n: Account(n, a["role"], a["hash"], a.get("changed", "")) for n, a in raw.items()}
                self._seen = key
            return self._accounts

    def get(self, name: str) -> Account | None:
        return self.all().get(name)

    def verify(self, name: str, password: str) -> Account | None:
        """The account when the password is its own; None otherwise (in the same time whether or not the name exists)."""
        account = self.get(name)
        ok = check_password_hash(account.hash if account else _DUMMY, password)
        return account if ok and account else None

    def _write(self, accounts: dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_name(f"{FILE}.tmp-{os.getpid()}")
        body = {a.name: {"role": a.role, "hash": a.hash, "changed": a.changed} for a in accounts.values()}
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def set(self, name: str, password: str, role: str | None = None, new: bool = False) -> Account:
        """Add an account (`new`) or change its password and/or role."""
        check_name(name)
        accounts = dict(self.all())
        old = accounts.get(name)
        if new and old:
            raise AccountError(f"user {name!r} exists: `users passwd {name}` changes the password")
        if not new and not old:
            raise AccountError(f"no user {name!r}: `users add {name}` adds one")
        role = check_role(role or (old.role if old else "viewer"))
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        if password:
            pw_hash = generate_password_hash(check_password(password), method=METHOD)
        else:
            assert old is not None, "a new account is given a password"
            pw_hash = old.hash
        accounts[name] = Account(name, role, pw_hash, now)
        self._write(accounts)
        return accounts[name]

    def remove(self, name: str) -> None:
        accounts = dict(self.all())
        if accounts.pop(name, None) is None:
            raise AccountError(f"no user {name!r}")
        self._write(accounts)
