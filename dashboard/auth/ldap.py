"""Directory sign-in (LDAP or Active Directory) through ldap3: bind as the user, roles from groups.

The name typed goes into `ldap_user_dn` ({user}) escaped as a DN value; the bind with the password
typed is the check (an empty password is refused first: servers take it as an anonymous bind, which
succeeds). Still bound as the user, each group of `ldap_groups` is asked whether it lists the user
(member or uniqueMember by DN, memberUid by name); the highest role found wins, else `ldap_default_role`.
With Active Directory's user@domain form the user's DN is looked up first (userPrincipalName).
"""

from __future__ import annotations

from dataclasses import dataclass

import ldap3
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

from dashboard.auth.roles import RANK, ROLES, higher

TIMEOUT_S = 5


class DirectoryError(Exception):
    """The directory could not be asked (down, refused TLS, a setting that is wrong)."""


@dataclass(frozen=True)
class Directory:
    url: str
    user_dn: str
    groups: tuple[tuple[str, str], ...]  # (role, group DN)
    default_role: str | None

    @classmethod
    def from_settings(cls, settings) -> Directory | None:
        if not settings.ldap_url:
            return None
        groups = []
        for pair in filter(None, (p.strip() for p in settings.ldap_groups.split(";"))):
            role, eq, dn = pair.partition("=")
            if not eq or role.strip() not in RANK or not dn.strip():
                raise ValueError(
                    f"ldap_groups: {pair!r} is not role=group DN (roles: {', '.join(ROLES)}; pairs separated by ';')"
                )
            groups.append((role.strip(), dn.strip()))
        default = settings.ldap_default_role.strip()
        if default != "none" and default not in RANK:
            raise ValueError(f"ldap_default_role: {default!r} is not a role ({', '.join(ROLES)}) or none")
        return cls(settings.ldap_url, settings.ldap_user_dn, tuple(groups), None if default == "none" else default)

    def sign_in(self, user: str, password: str) -> str | None:
        """The user's role when the directory takes the password; None when it does not, or gives no role.
        Raises DirectoryError when the directory cannot be asked."""
        if not user or not password or "\x00" in user + password:
            return None
        bind_as = self.user_dn.replace("{user}", escape_rdn(user) if "=" in self.user_dn else user)
        try:
            server = ldap3.Server(self.url.rstrip("/"), connect_timeout=TIMEOUT_S, get_info=ldap3.NONE)
            conn = ldap3.Connection(server, user=bind_as, password=password, receive_timeout=TIMEOUT_S, read_only=True)
        except LDAPException as e:
            raise DirectoryError(f"ldap_url {self.url!r}: {e}") from None
        try:
            if not conn.bind():
                if conn.result.get("result") == 49:  # invalidCredentials
                    return None
                raise DirectoryError(
                    f"{self.url}: {conn.result.get('description')} {conn.result.get('message', '')}".strip()
                )
            dn = bind_as if "=" in bind_as else self._find_dn(conn, bind_as)
            role = None
            for group_role, group_dn in self.groups:
                if self._member(conn, group_dn, dn, user):
                    role = higher(role, group_role)
            return role or self.default_role
        except LDAPException as e:
            raise DirectoryError(f"{self.url}: {type(e).__name__}: {e}") from None
        finally:
            conn.unbind()

    @staticmethod
    def _member(conn: ldap3.Connection, group_dn: str, dn: str, user: str) -> bool:
        f = (
            f"(|(member={escape_filter_chars(dn)})(uniqueMember={escape_filter_chars(dn)})"
            f"(memberUid={escape_filter_chars(user)}))"
        )
        conn.search(group_dn, f, search_scope=ldap3.BASE, attributes=[])
        return bool(conn.entries)

    @staticmethod
    def _find_dn(conn: ldap3.Connection, upn: str) -> str:
        conn.search("", "(objectClass=*)", search_scope=ldap3.BASE, attributes=["defaultNamingContext"])
        base = str(conn.entries[0].defaultNamingContext) if conn.entries else ""
        conn.search(base, f"(userPrincipalName={escape_filter_chars(upn)})", attributes=[])
        return conn.entries[0].entry_dn if conn.entries else upn
