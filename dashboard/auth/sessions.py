"""Signed session cookies, their key, idle expiry, sign-out, CSRF tokens and the wrong-password throttle.

The session is Flask's signed cookie (no server state): user, role, how they signed in, `sid` (a random
id), `csrf` (the forms' token), `seen` (last use, epoch seconds) and for local accounts `stamp`. The key
is 32 random bytes made on first run in auth_dir/session.key (mode 0600; every process of a server
reads the same one). A sign-out adds the sid to auth_dir/signed_out, so a copy of the cookie is worthless
afterwards.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from pathlib import Path

KEY_FILE = "session.key"
SIGNED_OUT = "signed_out"
COOKIE = "dashboard_session"
SEEN_EVERY_S = 60  # `seen` is rewritten (and the cookie sent again) at most once a minute


def secret_key(auth_dir: str | Path) -> bytes:
    """auth_dir/session.key, made once: written to a temporary file and linked into place, so two
    processes starting together agree on one key (the loser of the race reads the winner's)."""
    folder = Path(auth_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / KEY_FILE
    if not path.exists():
        tmp = folder / f"{KEY_FILE}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes()
    if len(key) < 32:
        raise RuntimeError(f"{path} holds {len(key)} bytes, not a session key: remove it to make a new one")
    return key


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and bool(a) and hmac.compare_digest(a, b)


class SignedOut:
    """The sids of sessions ended by a sign-out, until they would have expired anyway."""

    def __init__(self, auth_dir: str | Path, session_s: float):
        self.path = Path(auth_dir) / SIGNED_OUT
        self.session_s = session_s
        self._seen: tuple | None = None
        self._sids: set[str] = set()
        self._lock = threading.Lock()

    def add(self, sid: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, f"{sid} {time.time() + self.session_s:.0f}\n".encode())
        finally:
            os.close(fd)

    def __contains__(self, sid: object) -> bool:
        with self._lock:
            try:
                st = self.path.stat()
            except FileNotFoundError:
                return False
            if (st.st_mtime_ns, st.st_size) != self._seen:
                now = time.time()
                self._sids = {
                    p[0]
                    for p in (line.split() for line in self.path.read_text().splitlines())
                    if len(p) == 2 and float(p[1]) > now
                }
                self._seen = (st.st_mtime_ns, st.st_size)
            return sid in self._sids


class Throttle:
    """Wrong passwords: at most `per_user` for one name from one address, and `per_addr` for any names from
    one address, in `window_s` seconds; past that, sign-in is refused without looking at the password.

    Counted in each server process (gunicorn's workers count apart)."""

    def __init__(self, per_user: int = 5, per_addr: int = 20, window_s: float = 900):
        self.per_user, self.per_addr, self.window_s = per_user, per_addr, window_s
        self._fails: dict[tuple, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple, now: float) -> deque:
        q = self._fails[key]
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def wait(self, user: str, addr: str) -> float:
        """Seconds until this name may be tried again from this address; 0: now."""
        now = time.monotonic()
        with self._lock:
            waits = []
            for key, limit in (((user.lower(), addr), self.per_user), ((None, addr), self.per_addr)):
                q = self._recent(key, now)
                if len(q) >= limit:
                    waits.append(q[-limit] + self.window_s - now)
            return max(waits, default=0.0)

    def failed(self, user: str, addr: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._fails) > 10_000:  # names sprayed from many addresses: forget the quiet ones
                for key in [k for k in self._fails if not self._recent(k, now)]:
                    del self._fails[key]
            self._fails[(user.lower(), addr)].append(now)
            self._fails[(None, addr)].append(now)

    def succeeded(self, user: str, addr: str) -> None:
        with self._lock:
            self._fails.pop((user.lower(), addr), None)
