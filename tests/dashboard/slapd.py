"""A real OpenLDAP server (Debian's slapd) in a temporary folder, for directory sign-in tests.

An mdb database under dc=example,dc=org with these people (password: the name + "-pass-123"):

    alice   in cn=analysts (groupOfNames)                    -> analyst
    bob     in cn=analysts and cn=admins                     -> admin (the highest)
    dave    in cn=stewards by memberUid (posixGroup)         -> steward
    carol   in no group                                      -> ldap_default_role
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=example,dc=org"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PW = "root-secret-of-the-test"
PEOPLE = ("alice", "bob", "carol", "dave")
GROUPS = {"analyst": f"cn=analysts,ou=groups,{SUFFIX}", "admin": f"cn=admins,ou=groups,{SUFFIX}",
          "steward": f"cn=stewards,ou=groups,{SUFFIX}"}  # fmt: skip


def password(name: str) -> str:
    return f"{name}-pass-123"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ssha(secret: str) -> str:
    return subprocess.run(["slappasswd", "-s", secret], capture_output=True, text=True, check=True).stdout.strip()


CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root}"
rootpw {rootpw}
directory {dir}/db
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""


def ldif() -> str:
    out = [f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n",
           f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n",
           f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n"]  # fmt: skip
    for i, name in enumerate(PEOPLE):
        out.append(
            f"dn: uid={name},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {name}\ncn: {name.title()}\n"
            f"sn: {name.title()}\nuserPassword: {_ssha(password(name))}\nemployeeNumber: {i}\n"
        )
    person = f"uid={{}},ou=people,{SUFFIX}"
    out.append(f"dn: {GROUPS['analyst']}\nobjectClass: groupOfNames\ncn: analysts\n"
               f"member: {person.format('alice')}\nmember: {person.format('bob')}\n")  # fmt: skip
    out.append(f"dn: {GROUPS['admin']}\nobjectClass: groupOfNames\ncn: admins\nmember: {person.format('bob')}\n")
    out.append(f"dn: {GROUPS['steward']}\nobjectClass: posixGroup\ncn: stewards\ngidNumber: 5000\nmemberUid: dave\n")
    return "\n".join(out)


@dataclass(frozen=True)
class Slapd:
    url: str
    user_dn: str = f"uid={{user}},ou=people,{SUFFIX}"

    @property
    def groups(self) -> str:
        return ";".join(f"{role}={dn}" for role, dn in GROUPS.items())


@pytest.fixture(scope="module")
def slapd(tmp_path_factory):
    """slapd on a free loopback port, its entries loaded with ldapadd; stopped and removed afterwards."""
    if not Path(SLAPD).exists() or not shutil.which("ldapadd"):
        pytest.fail("slapd or ldap-utils is missing: apt-get install slapd ldap-utils")
    folder = tmp_path_factory.mktemp("slapd")
    (folder / "db").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(CONF.format(dir=folder, suffix=SUFFIX, root=ROOT_DN, rootpw=ROOT_PW))
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}/"
    log = (folder / "slapd.log").open("w")
    proc = subprocess.Popen([SLAPD, "-h", url, "-f", str(conf), "-d", "0"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("slapd did not start: " + (folder / "slapd.log").read_text()[-2000:]) from None
                time.sleep(0.1)
        entries = folder / "entries.ldif"
        entries.write_text(ldif())
        subprocess.run(["ldapadd", "-x", "-H", url, "-D", ROOT_DN, "-w", ROOT_PW, "-f", str(entries)],
                       check=True, capture_output=True, text=True)  # fmt: skip
        yield Slapd(url)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
