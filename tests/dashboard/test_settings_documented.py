"""Every setting is documented in README.md, and checked once when the settings load: a bad value is
refused with a message that names the setting, the value and what it accepts."""

from __future__ import annotations

import re

import pytest

from dashboard import settings as settings_module
from dashboard.settings import SETTINGS, SettingError, load
from tests.conftest import ROOT


def test_every_setting_is_documented_in_the_readme():
    """Each DASHBOARD_<NAME> that settings.py reads is named in README.md, as the variable or as the setting
    (`name`), beside what it does."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in SETTINGS
        if f"DASHBOARD_{name.upper()}" not in readme and not re.search(rf"`{re.escape(name)}`", readme)
    ]
    assert not missing, f"settings README.md does not name: {', '.join(missing)}"


def test_settings_reads_only_the_variables_of_its_table(monkeypatch):
    read = []
    real = settings_module.os.environ.get

    def get(key, default=None):
        read.append(key)
        return real(key, default)

    monkeypatch.setattr(settings_module.os.environ, "get", get)
    load()
    assert sorted(read) == sorted(f"DASHBOARD_{name.upper()}" for name in SETTINGS)


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("port", "eighty", "a port number, 1 to 65535"),
        ("port", "70000", "a port number, 1 to 65535"),
        ("duckdb_memory", "lots", "a size like 512MB, 1GB or 2GiB"),
        ("sql_memory", "-1GB", "a size like 512MB, 1GB or 2GiB"),
        ("duckdb_threads", "0", "a whole number, 1 or more"),
        ("query_timeout_s", "0", "a number of seconds above 0"),
        ("swap_warm_s", "-1", "a number of seconds, 0 or more"),
        ("lang", "fr", "th or en"),
        ("era", "ad", "be or ce"),
        ("log_requests", "yes", "1 (on) or 0 (off)"),
        ("loopback_role", "root", "one of viewer, analyst, steward, admin, none"),
    ],
)
def test_a_bad_value_names_the_setting_the_value_and_what_is_accepted(monkeypatch, name, value, accepted):
    variable = f"DASHBOARD_{name.upper()}"
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingError) as e:
        load()
    message = str(e.value)
    assert name in message and variable in message and repr(value) in message and accepted in message


def test_an_override_is_checked_as_the_environment_is():
    with pytest.raises(SettingError, match=r"setting cache_mb is -5: it accepts a whole number of megabytes"):
        load(cache_mb=-5)


def test_a_memory_limit_has_one_rule_and_one_spelling_wherever_it_is_read(tmp_path):
    from dashboard import warehouse_file
    from dashboard.db import Warehouse, WarehouseError
    from dashboard.sql import worker

    s = load(duckdb_memory=" 1 gb", sql_memory="512mib")
    assert (s.duckdb_memory, s.sql_memory) == ("1GB", "512MiB")
    assert worker.size_bytes is warehouse_file.size_bytes
    assert warehouse_file.size_bytes("1gb") == warehouse_file.size_bytes("1GB") == 10**9
    assert warehouse_file.size_bytes("2GiB") == 2 * 2**30
    with pytest.raises(ValueError, match="is not a size like"):
        warehouse_file.memory_limit("1 GBs")
    (tmp_path / "w.duckdb").write_bytes(b"")
    w = Warehouse(str(tmp_path / "w.duckdb"), memory_limit="a lot")
    with pytest.raises(WarehouseError, match="memory limit 'a lot' is not a size like"):
        _ = w.version


def test_the_settings_roles_are_the_sign_in_s():
    from dashboard.auth.roles import ROLES

    assert settings_module.ROLES == ROLES
