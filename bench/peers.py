"""Peers benchmark: our /api/sql beside Datasette and Apache Superset on the same data, the ten saved queries.

1. Datasette and Superset come from PyPI into virtualenvs of their own (bench/work/peers/datasette-venv,
   superset-venv), never into the product's dependencies; each is installed once and reused. Superset
   6.1.0 does not install cleanly as released: with its dependencies at their newest it lacks `rich` and
   `cachetools` (imported, not declared) and fails on Flask-Caching 2.5 (SupersetMetastoreCache); the
   install adds the two and holds Flask-Caching below 2.4 (SUPERSET_FIXES). Its first-run set-up
   (metadata database, an admin account, roles) runs once; the DuckDB warehouse is then registered
   through its API with duckdb-engine, read-only, and queried through SQL Lab's API
   (/api/v1/sqllab/execute/, synchronous), reading the DuckDB file itself.
2. The synthetic warehouse at 1M investment rows (synth.write_synthetic + etl.build.build, as
   bench_dashboard.py does) and an SQLite copy of it for Datasette: every table (lists as JSON text,
   booleans as 0/1, dates as ISO text), the friendly views written in SQLite's SQL, and the indexes
   a competent user would add on the columns the ten queries filter and join on, then ANALYZE.
3. The ten saved queries (dashboard/sql/examples.sql) run as they are on ours; for SQLite each is
   written in SQLite's dialect (SQLITE below): GROUP BY ALL spelled out, FILTER (cond) as
   FILTER (WHERE cond), bool_or as max, the sum_qualifier macro as a CASE, NULLS LAST where DuckDB
   puts NULLs last by default, and investment_marks(...) expanded into the SQL its macro runs, for
   the filters each query passes. Both answers are compared row by row before any timing.
4. Timing over HTTP, one keep-alive connection to each server, as an analyst's client would: ours is
   `gunicorn -w 2 --threads 8 dashboard.wsgi:server` (README, Production serving) answering
   `/api/sql?format=json`, Datasette is `datasette serve -i` answering `/<db>.json?sql=...&_shape=array`
   with its time limit and row cap set to ours (5 s, 10,000 rows), Superset is `gunicorn -w 2
   --threads 8 "superset.app:create_app()"` (its own documented way) with SQL Lab's row limit and
   time limit set the same. A warm-up round first, then `--rounds` rounds; in each, every query goes to
   every system one request after the other, the order rotating. Each query twice a round: as a new
   text (a comment of its own at the end; the tiny query `SELECT <n>`), which no cache has seen, and as
   the same text again (ours answers it from the answers kept per build). Medians and p95 per query.
5. The table goes into bench/RESULTS.md, a section of its own, with each peer's set-up time.

Usage: python bench/peers.py [--rows 1000000] [--rounds 15] [--no-superset]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import math
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402
from bench_etl import ensure_data, machine, write_section  # noqa: E402

from dashboard.sql.examples import EXAMPLES  # noqa: E402

PEERS = ROOT / "bench" / "work" / "peers"
DATASETTE_VENV = PEERS / "datasette-venv"
SUPERSET_VENV = PEERS / "superset-venv"
SUPERSET_HOME = PEERS / "superset"
SUPERSET = ("apache-superset==6.1.0", "duckdb-engine==0.17.0")
# What Superset 6.1.0 needs beyond what it declares, to start and to load its DuckDB driver (see above).
SUPERSET_FIXES = ("rich", "cachetools", "flask-caching<2.4")
SUPERSET_USER = ("admin", "bench-admin")  # an account of the benchmark's own Superset, on loopback only
SETUP = PEERS / "setup.json"  # set-up times of what is built once and reused
HEADING = "## Peers: /api/sql beside Datasette"  # (and Superset): the start of the section's heading
TIMEOUT_S = 5.0  # our sql_timeout_s; Datasette's sql_time_limit_ms is set to it
ROW_CAP = 10_000  # our sql_row_cap; Datasette's max_returned_rows is set to it

# --- the SQLite copy --------------------------------------------------------------------------------

INDEXES = [
    "CREATE UNIQUE INDEX dim_partner_id ON dim_partner (partner_id)",
    "CREATE INDEX dim_partner_pref ON dim_partner (parent_id, level, subdivision)",
    "CREATE UNIQUE INDEX dim_country_code ON dim_country (country_code)",
    "CREATE UNIQUE INDEX dim_sector_code ON dim_sector (sector_code)",
    "CREATE UNIQUE INDEX dim_province_code ON dim_province (province_code)",
    "CREATE INDEX fact_agreement_partner ON fact_agreement (partner_id)",
    "CREATE INDEX fact_agreement_year ON fact_agreement (signed_year)",
    "CREATE INDEX fact_delegation_partner ON fact_delegation (partner_id)",
    "CREATE INDEX fact_delegation_year ON fact_delegation (start_year, direction)",
    "CREATE INDEX bridge_agreement_sector_agreement ON bridge_agreement_sector (agreement_id, sector_code)",
    "CREATE INDEX bridge_agreement_sector_sector ON bridge_agreement_sector (sector_code)",
    "CREATE INDEX bridge_delegation_sector_delegation ON bridge_delegation_sector (delegation_id, sector_code)",
    "CREATE INDEX fact_investment_partner ON fact_investment (partner_id)",
    "CREATE INDEX partner_tree_ancestor ON partner_tree (ancestor_id, partner_id)",
    "CREATE INDEX investment_counting_partner ON investment_counting (partner_id, is_full_year)",
    "CREATE INDEX investment_counting_grain ON investment_counting (sector_code, province_code, is_full_year)",
    "CREATE UNIQUE INDEX investment_counting_figure ON investment_counting (figure_id)",
    "CREATE INDEX investment_cover_figure ON investment_cover (figure_id)",
    "CREATE INDEX stated_total_coverage_order ON stated_total_coverage (as_of_year, total_id)",
]


def _sectors(bridge: str, key: str, alias: str) -> str:
    """DuckDB's list(sector_code ORDER BY sector_code) of a record's sectors (NULL when none) as JSON."""
    return (
        f"(SELECT CASE WHEN count(*) > 0 THEN json_group_array(sector_code) END FROM "
        f"(SELECT b.sector_code FROM {bridge} b WHERE b.{key} = {alias}.{key} ORDER BY b.sector_code))"
    )


VIEWS = [
    f"""CREATE VIEW agreements AS
SELECT a.agreement_id, a.signed_date,
       CASE a.signed_precision WHEN 'day' THEN a.signed_date
            WHEN 'month' THEN printf('%04d-%02d', a.signed_year, a.signed_month)
            ELSE CAST(a.signed_year AS TEXT) END AS signed_on,
       a.signed_precision, a.signed_year AS year_ce, a.signed_year + 543 AS year_be,
       a.signed_fiscal_year AS fiscal_year_ce, a.agreement_type, a.thai_party, a.partner_id,
       p.name_en AS partner_en, p.name_th AS partner_th, p.name_local AS partner_local, p.level AS partner_level,
       p.country_code, c.name_en AS country_en, c.name_th AS country_th, p.subdivision,
       {_sectors("bridge_agreement_sector", "agreement_id", "a")} AS sectors,
       a.title_en, a.title_th, a.status, a.expiry_date, a.source_url, a.notes, a.is_synthetic
FROM fact_agreement a
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code""",
    f"""CREATE VIEW delegations AS
SELECT d.delegation_id, d.start_date, d.end_date,
       CASE d.start_precision WHEN 'day' THEN d.start_date
            WHEN 'month' THEN printf('%04d-%02d', d.start_year, d.start_month)
            ELSE CAST(d.start_year AS TEXT) END AS started_on,
       d.start_precision, d.start_year AS year_ce, d.start_year + 543 AS year_be,
       d.start_fiscal_year AS fiscal_year_ce, d.direction, d.purpose, d.partner_id,
       p.name_en AS partner_en, p.name_th AS partner_th, p.name_local AS partner_local, p.level AS partner_level,
       p.country_code, c.name_en AS country_en, c.name_th AS country_th, d.city, d.lead_name, d.lead_title,
       d.status, d.participants, d.participants_qualifier, d.companies, d.companies_qualifier,
       {_sectors("bridge_delegation_sector", "delegation_id", "d")} AS sectors,
       d.event, d.source_url, d.notes, d.is_synthetic
FROM fact_delegation d
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code""",
    """CREATE VIEW investments AS
SELECT i.record_id, i.year AS year_ce, i.year + 543 AS year_be, i.period, i.is_full_year, i.stage, i.partner_id,
       p.name_en AS partner_en, p.name_th AS partner_th, p.level AS partner_level, p.country_code,
       c.name_en AS country_en, c.name_th AS country_th, i.sector_code, s.name_en AS sector_en,
       s.name_th AS sector_th, s.sector_group, i.projects, i.count_unit, i.projects_qualifier, i.value,
       i.value_qualifier, i.currency, i.unit, i.value_thb_million, i.coverage, i.province_code,
       pr.name_en AS province_en, pr.name_th AS province_th, coalesce(pr.is_eec, 0) AS in_eec, i.jobs,
       i.source_url, i.notes, i.is_synthetic
FROM fact_investment i
JOIN dim_partner p USING (partner_id)
LEFT JOIN dim_country c ON c.country_code = p.country_code
LEFT JOIN dim_sector s USING (sector_code)
LEFT JOIN dim_province pr USING (province_code)""",
]


def sqlite_type(duck: str) -> tuple[str, str]:
    """(SQLite column type, DuckDB expression template) for a DuckDB column type."""
    if duck.endswith("[]") or duck.startswith(("STRUCT", "MAP")):
        return "TEXT", "to_json({c})::VARCHAR"
    if duck == "BOOLEAN":
        return "INTEGER", "{c}::INTEGER"
    if duck in ("DATE", "TIMESTAMP", "TIME", "JSON") or duck.startswith("TIMESTAMP"):
        return "TEXT", "{c}::VARCHAR"
    if duck in ("UBIGINT", "HUGEINT", "UHUGEINT"):  # 64-bit hashes: the same bits as a signed integer
        return (
            "INTEGER",
            "CASE WHEN {c} >= 9223372036854775808 THEN ({c}::HUGEINT - 18446744073709551616)::BIGINT ELSE {c}::BIGINT END",
        )
    if duck.startswith("DECIMAL") or duck in ("DOUBLE", "FLOAT", "REAL"):
        return "REAL", "{c}::DOUBLE"
    if "INT" in duck:
        return "INTEGER", "{c}"
    return "TEXT", "{c}"


def build_sqlite(warehouse: Path, target: Path) -> dict:
    """Every table of the warehouse into a new SQLite file, then the views and indexes; seconds of each."""
    tmp = target.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    times = {}
    t0 = time.perf_counter()
    src = duckdb.connect(str(warehouse), read_only=True)
    dst = sqlite3.connect(tmp)
    dst.execute("PRAGMA journal_mode = OFF")
    dst.execute("PRAGMA synchronous = OFF")
    tables = [r[0] for r in src.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    for table in tables:
        cols = src.execute(f'DESCRIBE "{table}"').fetchall()
        kinds = [(name, *sqlite_type(typ)) for name, typ, *_ in cols]
        dst.execute(f'CREATE TABLE "{table}" (' + ", ".join(f'"{n}" {t}' for n, t, _ in kinds) + ")")
        select = ", ".join(expr.format(c=f'"{n}"') for n, _, expr in kinds)
        cur = src.execute(f'SELECT {select} FROM "{table}"')
        insert = f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(kinds))})'
        while batch := cur.fetchmany(100_000):
            dst.executemany(insert, batch)
        dst.commit()
    src.close()
    times["tables"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for sql in VIEWS + INDEXES:
        dst.execute(sql)
    dst.execute("ANALYZE")
    dst.commit()
    dst.close()
    times["indexes"] = time.perf_counter() - t0
    os.replace(tmp, target)
    return times


# --- the ten saved queries in SQLite's dialect ------------------------------------------------------


def marks(name: str, per: str, partner: str) -> str:
    """CTEs ending in `name`: investment_marks(per := per, partners := [partner]) as SQLite SQL, the
    macro's SQL (etl/models/06_counting.sql) with its other filters NULL worked out: the partner and
    every partner under it, aggregates included (picked by partner); a figure is left out when it
    repeats a scope or when a more general figure of the same pick includes it. As a user writing it
    by hand would, the grain of the kind of mark (all sectors; no province, or a province) and the
    whole years every one of the ten queries keeps are filtered first: SQLite does not push them
    through the grouped CTEs, and whether a figure is included depends on that figure alone."""
    province = {"series": "IS NULL", "province": "IS NOT NULL"}[per]
    counted = {"series": "in_totals", "province": "in_provinces"}[per]
    key = {"series": "series", "province": "CASE WHEN is_eec THEN 'eec' ELSE 'elsewhere' END"}[per]
    qualifier = (
        "CASE WHEN max({v}_qualifier = 'at_least' AND {c} IS NOT NULL) THEN 'at_least' "
        "WHEN max({v}_qualifier = 'approx' AND {c} IS NOT NULL) THEN 'approx' ELSE 'exact' END"
    )
    return f"""{name}_picked AS (SELECT partner_id FROM partner_tree WHERE ancestor_id = '{partner}'),
{name}_sel AS (
    SELECT f.* FROM investment_counting f
    WHERE f.sector_code IS NULL AND f.province_code {province} AND f.is_full_year
      AND +f.partner_id IN (SELECT partner_id FROM {name}_picked)  -- `+`: by the grain index, not by partner
),
{name}_includers AS (
    SELECT s.figure_id FROM {name}_sel s JOIN investment_cover c ON c.figure_id = s.figure_id
    WHERE c.by_partner_id IN (SELECT partner_id FROM {name}_picked) AND NOT c.same_scope
      AND (s.province_code IS NULL OR s.sector_code IS NULL)
    GROUP BY s.figure_id
),
{name}_figures AS (
    SELECT s.*, s.province_code IS NULL AND s.sector_code IS NULL AS in_totals,
           s.province_code IS NOT NULL AND s.sector_code IS NULL AS in_provinces,
           s.is_repeat OR i.figure_id IS NOT NULL AS covered
    FROM {name}_sel s LEFT JOIN {name}_includers i ON i.figure_id = s.figure_id
),
{name} AS (
    SELECT stage, count_unit, series, {key} AS mark_key, year, month_from, month_to, is_full_year,
           sum(value_thb_million) AS value_thb_million,
           {qualifier.format(v="value", c="value_thb_million")} AS value_qualifier,
           sum(projects) AS projects,
           {qualifier.format(v="projects", c="projects")} AS projects_qualifier
    FROM {name}_figures
    WHERE {counted} AND NOT covered
    GROUP BY stage, count_unit, series, mark_key, year, month_from, month_to, is_full_year
)"""


SQLITE = {
    "agreements_by_prefecture": """
SELECT pref.name_en AS prefecture, pref.name_th AS prefecture_th, a.subdivision,
       count(*) AS agreements, min(a.year_be) AS first_year_be, max(a.year_be) AS last_year_be
FROM agreements AS a
JOIN dim_partner AS pref
  ON pref.subdivision = a.subdivision AND pref.level = 'local_government' AND pref.parent_id = 'jp'
WHERE a.country_code = 'JP' AND a.year_be >= 2560
GROUP BY pref.name_en, pref.name_th, a.subdivision
ORDER BY agreements DESC, prefecture""",
    "agreements_by_year_and_type": """
SELECT year_be, year_ce, count(*) AS agreements,
       count(*) FILTER (WHERE agreement_type = 'MOU') AS mou,
       count(*) FILTER (WHERE agreement_type = 'LOI') AS loi,
       count(*) FILTER (WHERE agreement_type = 'MOC') AS moc,
       count(*) FILTER (WHERE agreement_type NOT IN ('MOU', 'LOI', 'MOC')) AS other
FROM agreements
GROUP BY year_be, year_ce
ORDER BY year_be""",
    "japan_investment_in_eec": f"""
WITH {marks("m", "province", "jp")}
SELECT year + 543 AS year_be, stage,
       sum(value_thb_million) FILTER (WHERE mark_key = 'eec') AS eec_thb_million,
       sum(value_thb_million) AS stated_by_province_thb_million,
       CASE WHEN max(value_qualifier = 'at_least') THEN 'at_least'
            WHEN max(value_qualifier = 'approx') THEN 'approx' ELSE 'exact' END AS qualifier
FROM m
WHERE is_full_year AND value_thb_million IS NOT NULL
GROUP BY year_be, stage
ORDER BY year_be, stage""",
    "delegations_and_companies_by_year": """
SELECT year_be, direction,
       count(*) FILTER (WHERE status = 'held') AS held,
       count(*) FILTER (WHERE status = 'planned') AS planned,
       count(*) FILTER (WHERE status IS NULL) AS status_not_recorded,
       sum(companies) FILTER (WHERE status = 'held') AS companies_held,
       sum(participants) FILTER (WHERE status = 'held') AS participants_held,
       CASE WHEN max(participants_qualifier = 'at_least') FILTER (WHERE status = 'held' AND participants IS NOT NULL)
            THEN 'at_least'
            WHEN max(participants_qualifier = 'approx') FILTER (WHERE status = 'held' AND participants IS NOT NULL)
            THEN 'approx' ELSE 'exact' END AS participants_qualifier
FROM delegations
GROUP BY year_be, direction
ORDER BY year_be, direction""",
    "japan_investment_by_year": f"""
WITH {marks("m", "series", "jp")}
SELECT year + 543 AS year_be, stage, projects, projects_qualifier,
       round(value_thb_million, 1) AS value_thb_million, value_qualifier
FROM m
WHERE is_full_year AND stage IN ('application', 'approval')
ORDER BY year_be, stage""",
    "japan_share_of_foreign_investment": f"""
WITH {marks("j", "series", "jp")},
{marks("f", "series", "all-foreign")}
SELECT j.year + 543 AS year_be, j.stage,
       j.value_thb_million AS japan_thb_million,
       f.value_thb_million AS all_foreign_thb_million,
       round(100 * j.value_thb_million / f.value_thb_million, 1) AS japan_pct
FROM j
JOIN f ON f.year = j.year AND f.stage = j.stage AND f.is_full_year
WHERE j.is_full_year AND j.value_thb_million IS NOT NULL AND f.value_thb_million IS NOT NULL
ORDER BY year_be, j.stage""",
    "most_active_partners": """
WITH activity AS (
    SELECT partner_id, 'agreement' AS kind FROM agreements
    UNION ALL
    SELECT partner_id, 'delegation' AS kind FROM delegations
)
SELECT p.partner_id, p.name_en, p.name_th, p.country_code, p.level,
       count(*) FILTER (WHERE kind = 'agreement') AS agreements,
       count(*) FILTER (WHERE kind = 'delegation') AS delegations,
       count(*) AS total
FROM activity
JOIN dim_partner AS p USING (partner_id)
GROUP BY p.partner_id, p.name_en, p.name_th, p.country_code, p.level
ORDER BY total DESC, p.name_en
LIMIT 20""",
    "agreements_by_sector": """
SELECT s.sector_code, s.name_en, s.name_th, s.sector_group, count(*) AS agreements
FROM bridge_agreement_sector AS b
JOIN dim_sector AS s USING (sector_code)
GROUP BY s.sector_code, s.name_en, s.name_th, s.sector_group
ORDER BY agreements DESC, s.sector_code""",
    "delegations_by_fiscal_year": """
SELECT fiscal_year_ce + 543 AS fiscal_year_be, purpose, count(*) AS delegations, sum(companies) AS companies
FROM delegations
WHERE fiscal_year_ce IS NOT NULL
GROUP BY fiscal_year_be, purpose
ORDER BY fiscal_year_be, delegations DESC, purpose NULLS LAST""",
    "stated_totals_beside_records": None,  # runs as it is
}
# What had to change for SQLite, query by query (the RESULTS notes say it).
REWRITES = {
    "agreements_by_prefecture": "GROUP BY ALL",
    "agreements_by_year_and_type": "GROUP BY ALL, FILTER (cond)",
    "japan_investment_in_eec": "investment_marks(per := 'province', partners := ['jp']) expanded, grain filtered first; sum_qualifier, bool_or",
    "delegations_and_companies_by_year": "GROUP BY ALL, FILTER (cond), sum_qualifier, bool_or",
    "japan_investment_by_year": "investment_marks(partners := ['jp']) expanded, grain filtered first",
    "japan_share_of_foreign_investment": "investment_marks(...) expanded twice (jp, all-foreign), grain filtered first",
    "most_active_partners": "GROUP BY ALL, FILTER (cond)",
    "agreements_by_sector": "GROUP BY ALL",
    "delegations_by_fiscal_year": "GROUP BY ALL, NULLS LAST (DuckDB's default)",
    "stated_totals_beside_records": "none (lists come back as JSON text)",
}
TINY_SAME = "SELECT 1 AS x"
TINY = "tiny (SELECT 1)"
VARIANTS = ("new", "same")  # a text no cache has seen; the same text as every round before


def tiny_new(i: int) -> str:
    return f"SELECT {i} AS x"


def new_text(sql: str, i: int) -> str:
    """The query as a text no cache has seen (a comment of its own at the end): what the first run of a
    query costs, where the same text again may be answered from what a server keeps."""
    return f"{sql.rstrip()}\n-- run {i}"


# --- servers ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def install_datasette() -> dict:
    """Datasette into its own venv (once); the seconds it took, kept in setup.json."""
    setup = json.loads(SETUP.read_text()) if SETUP.exists() else {}
    exe = DATASETTE_VENV / "bin" / "datasette"
    if exe.exists() and "datasette_install_s" in setup:
        return setup
    print("  installing Datasette from PyPI into bench/work/peers/datasette-venv ...", flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(DATASETTE_VENV)], check=True)
    subprocess.run(
        [str(DATASETTE_VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "datasette"],
        check=True,
    )
    setup["datasette_install_s"] = time.perf_counter() - t0
    SETUP.write_text(json.dumps(setup, indent=1))
    return setup


def install_superset() -> dict:
    """Superset into its own venv (once, with uv: pip's resolver did not finish in 300 s); the seconds it
    took and its first-run set-up, kept in setup.json."""
    setup = json.loads(SETUP.read_text()) if SETUP.exists() else {}
    exe = SUPERSET_VENV / "bin" / "superset"
    if not (exe.exists() and "superset_install_s" in setup):
        print("  installing Apache Superset from PyPI into bench/work/peers/superset-venv ...", flush=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(SUPERSET_VENV)], check=True)
        pip = [str(SUPERSET_VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "uv"], check=True)
        uv = [
            str(SUPERSET_VENV / "bin" / "uv"),
            "pip",
            "install",
            "-q",
            "--python",
            str(SUPERSET_VENV / "bin" / "python"),
        ]
        subprocess.run([*uv, *SUPERSET, *SUPERSET_FIXES], check=True)
        setup["superset_install_s"] = time.perf_counter() - t0
        setup.pop("superset_init_s", None)
        SETUP.write_text(json.dumps(setup, indent=1))
    if "superset_init_s" not in setup:
        print("  Superset's first-run set-up (metadata database, admin, roles) ...", flush=True)
        SUPERSET_HOME.mkdir(parents=True, exist_ok=True)
        (SUPERSET_HOME / "superset.db").unlink(missing_ok=True)
        t0 = time.perf_counter()
        for args in (
            ["db", "upgrade"],
            ["fab", "create-admin", "--username", SUPERSET_USER[0], "--firstname", "Bench", "--lastname", "Admin",
             "--email", "bench@localhost", "--password", SUPERSET_USER[1]],
            ["init"],
        ):  # fmt: skip
            subprocess.run([str(exe), *args], env=superset_env(), cwd=SUPERSET_HOME, check=True, capture_output=True)
        setup["superset_init_s"] = time.perf_counter() - t0
        SETUP.write_text(json.dumps(setup, indent=1))
    return setup


def superset_env() -> dict:
    """Superset's configuration: its metadata in SQLite under bench/work, SQL Lab's limits set to ours."""
    SUPERSET_HOME.mkdir(parents=True, exist_ok=True)
    config = SUPERSET_HOME / "superset_config.py"
    config.write_text(
        # The same key on every run: the metadata database (kept between runs) holds the warehouse's connection
        # encrypted with it, and a key of the run's own ("Invalid decryption key") made a second run fail.
        f"""SECRET_KEY = "bench-only-{hashlib.sha256(str(SUPERSET_HOME).encode()).hexdigest()[:16]}-not-a-production-key"
SQLALCHEMY_DATABASE_URI = "sqlite:///{SUPERSET_HOME / "superset.db"}"
WTF_CSRF_ENABLED = False  # the benchmark calls the API with a token, not a form
PREVENT_UNSAFE_DB_CONNECTIONS = False  # a local DuckDB file
TALISMAN_ENABLED = False
SQL_MAX_ROW = {ROW_CAP}
DISPLAY_MAX_ROW = {ROW_CAP}
SQLLAB_TIMEOUT = {int(TIMEOUT_S)}
""",
        encoding="utf-8",
    )
    return {**os.environ, "SUPERSET_CONFIG_PATH": str(config), "SUPERSET_HOME": str(SUPERSET_HOME)}


def superset_version() -> str:
    out = subprocess.run(
        [
            str(SUPERSET_VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(m.version('apache-superset'))",
        ],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def datasette_version() -> str:
    out = subprocess.run([str(DATASETTE_VENV / "bin" / "datasette"), "--version"], capture_output=True, text=True)
    return out.stdout.strip().rsplit(" ", 1)[-1]


def stale(target: Path) -> bool:
    """Missing, or older than the ETL that builds it."""
    if not target.exists():
        return True
    sources = [*ROOT.glob("etl/**/*.py"), *ROOT.glob("etl/**/*.sql")]
    return max(p.stat().st_mtime for p in sources) > target.stat().st_mtime


def ensure_files(rows: int) -> dict:
    """The warehouse and its SQLite copy for `rows` investment rows, built when missing or stale."""
    setup = json.loads(SETUP.read_text()) if SETUP.exists() else {}
    w = PEERS / f"warehouse-{rows}.duckdb"
    db = PEERS / "warehouse.sqlite"  # Datasette names the database after the file: /warehouse.json
    if stale(w):
        from etl.build import build

        raw = ensure_data(rows)
        print(f"  building the warehouse for {rows:,} rows ...", flush=True)
        t0 = time.perf_counter()
        tmp = w.with_suffix(".build.duckdb")
        build(raw, tmp, say=lambda m: None)
        os.replace(tmp, w)
        setup[f"build_s_{rows}"] = time.perf_counter() - t0
        db.unlink(missing_ok=True)
    if not db.exists() or db.stat().st_mtime < w.stat().st_mtime:
        print("  copying it into SQLite (tables, views, indexes) ...", flush=True)
        times = build_sqlite(w, db)
        setup[f"sqlite_tables_s_{rows}"], setup[f"sqlite_indexes_s_{rows}"] = times["tables"], times["indexes"]
        setup[f"sqlite_rows_{rows}"] = rows
    SETUP.write_text(json.dumps(setup, indent=1))
    return {**setup, "warehouse": w, "sqlite": db}


class Client:
    """One keep-alive HTTP connection; get(path) -> (status, body, seconds)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self.send("GET", path)

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            r = self.conn.getresponse()
            answer = r.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers or {})
            r = self.conn.getresponse()
            answer = r.read()
        return r.status, answer, time.perf_counter() - t0


def wait_for(port: int, path: str, proc: subprocess.Popen, limit_s: float = 120) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit_s:
        if proc.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited ({proc.returncode}); see its log in {PEERS}")
        try:
            if Client(port).get(path)[0] == 200:
                return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not answer {path} within {limit_s:g} s")


class Ours:
    name = "ours"
    dialect = "duckdb"

    def __init__(self, warehouse: Path) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DASHBOARD_WAREHOUSE": str(warehouse),
            "DASHBOARD_AUTH_DIR": str(PEERS / "auth"),  # the audit trail of these requests stays here
        }
        cmd = [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "8", "-b", f"127.0.0.1:{self.port}",
               "--timeout", "120", "dashboard.wsgi:server"]  # fmt: skip
        self.log = (PEERS / "ours.log").open("w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        wait_for(self.port, "/api/health", self.proc)
        self.client = Client(self.port)
        # The first answer: each gunicorn worker starts its SQL worker at boot with a query of its own,
        # and a query that waits for it longer than 2 s is answered busy (503): asked again then.
        for _ in range(60):
            status, _body, _s = self.client.get(self.path(TINY_SAME))
            if status != 503:
                break
            time.sleep(1)
        self.start_s = time.perf_counter() - t0

    def path(self, sql: str) -> str:
        return "/api/sql?format=json&sql=" + urllib.parse.quote(sql)

    def query(self, sql: str) -> tuple[list[str], list[list], float]:
        status, body, seconds = self.client.get(self.path(sql))
        answer = json.loads(body)
        if status != 200:
            raise RuntimeError(f"ours answered {status}: {answer.get('error')}")
        return answer["columns"], answer["rows"], seconds

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


class Datasette:
    name = "datasette"
    dialect = "sqlite"

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        cmd = [str(DATASETTE_VENV / "bin" / "datasette"), "serve", "-i", str(db), "-h", "127.0.0.1",
               "-p", str(self.port), "--setting", "sql_time_limit_ms", str(int(TIMEOUT_S * 1000)),
               "--setting", "max_returned_rows", str(ROW_CAP)]  # fmt: skip
        self.log = (PEERS / "datasette.log").open("w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=PEERS, stdout=self.log, stderr=self.log)
        wait_for(self.port, "/-/versions.json", self.proc)
        self.client = Client(self.port)
        self.db = db.stem
        self.query(TINY_SAME)
        self.start_s = time.perf_counter() - t0

    def path(self, sql: str) -> str:
        return f"/{self.db}.json?_shape=array&sql=" + urllib.parse.quote(sql)

    def query(self, sql: str) -> tuple[list[str], list[list], float]:
        status, body, seconds = self.client.get(self.path(sql))
        answer = json.loads(body)
        if status != 200 or isinstance(answer, dict):
            raise RuntimeError(f"Datasette answered {status}: {str(answer)[:300]}")
        columns = list(answer[0]) if answer else []
        return columns, [list(row.values()) for row in answer], seconds

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


class Superset:
    name = "superset"
    dialect = "duckdb"

    def __init__(self, warehouse: Path) -> None:
        self.port = free_port()
        cmd = [str(SUPERSET_VENV / "bin" / "gunicorn"), "-w", "2", "--threads", "8", "-b", f"127.0.0.1:{self.port}",
               "--timeout", "120", "superset.app:create_app()"]  # fmt: skip
        self.log = (PEERS / "superset.log").open("w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=SUPERSET_HOME, env=superset_env(), stdout=self.log, stderr=self.log)
        wait_for(self.port, "/health", self.proc, limit_s=300)
        self.client = Client(self.port)
        status, body, _s = self.client.send(
            "POST",
            "/api/v1/security/login",
            json.dumps({"username": SUPERSET_USER[0], "password": SUPERSET_USER[1], "provider": "db"}).encode(),
            {"Content-Type": "application/json"},
        )
        if status != 200:
            raise RuntimeError(f"Superset refused the benchmark's sign-in ({status}): {body[:300]!r}")
        self.headers = {
            "Authorization": "Bearer " + json.loads(body)["access_token"],
            "Content-Type": "application/json",
        }
        self.database_id = self.database(warehouse)
        self.query(TINY_SAME)
        self.start_s = time.perf_counter() - t0

    def database(self, warehouse: Path) -> int:
        """The warehouse as a Superset database (duckdb-engine, read-only), registered once per file."""
        name = f"warehouse {warehouse.name}"
        status, body, _s = self.client.send("GET", "/api/v1/database/?q=(page_size:100)", headers=self.headers)
        for db in json.loads(body).get("result", []) if status == 200 else []:
            if db["database_name"] == name:
                return db["id"]
        spec = {
            "database_name": name,
            "sqlalchemy_uri": f"duckdb:///{warehouse}",
            "expose_in_sqllab": True,
            "allow_run_async": False,
            "extra": json.dumps({"engine_params": {"connect_args": {"read_only": True}}}),
        }
        status, body, _s = self.client.send("POST", "/api/v1/database/", json.dumps(spec).encode(), self.headers)
        if status not in (200, 201):
            raise RuntimeError(f"Superset did not take the warehouse ({status}): {body[:300]!r}")
        return json.loads(body)["id"]

    def query(self, sql: str) -> tuple[list[str], list[list], float]:
        request = {"database_id": self.database_id, "sql": sql, "runAsync": False, "queryLimit": ROW_CAP,
                   "select_as_cta": False, "tab": "bench", "expand_data": True}  # fmt: skip
        status, body, seconds = self.client.send(
            "POST", "/api/v1/sqllab/execute/", json.dumps(request).encode(), self.headers
        )
        answer = json.loads(body)
        if status != 200 or answer.get("status") != "success":
            raise RuntimeError(f"Superset answered {status}: {str(answer)[:300]}")
        columns = [c["name"] for c in answer["columns"]]
        self.executed = answer.get("query", {}).get("executedSql", sql)  # what SQL Lab ran in the query's place
        return columns, [[row.get(c) for c in columns] for row in answer["data"]], seconds

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


# --- answers ----------------------------------------------------------------------------------------


def normal(value):
    """A value as both systems can be compared on: booleans as 0/1, JSON text of a list as the list."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def same_value(a, b) -> bool:
    a, b = normal(a), normal(b)
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def key(row: list) -> tuple:
    return tuple((v is None, json.dumps(normal(v), sort_keys=True)) for v in row)


def compare(ours: tuple[list, list], peer: tuple[list, list]) -> str:
    """'same' / 'same rows, ties in another order' / what differs."""
    (oc, orows), (pc, prows) = ours, peer
    if orows and prows and oc != pc:
        return f"columns differ: {oc} / {pc}"
    if len(orows) != len(prows):
        return f"{len(orows)} rows / {len(prows)} rows"

    def rows_equal(xs, ys):
        return all(
            len(x) == len(y) and all(same_value(a, b) for a, b in zip(x, y, strict=True))
            for x, y in zip(xs, ys, strict=True)
        )

    if rows_equal(orows, prows):
        return "same"
    if rows_equal(sorted(orows, key=key), sorted(prows, key=key)):
        return "same rows, ties in another order"
    for i, (x, y) in enumerate(zip(orows, prows, strict=True)):
        if not all(same_value(a, b) for a, b in zip(x, y, strict=True)):
            return f"row {i + 1} differs: {x} / {y}"
    return "differs"


def rewritten(peer, sql: str) -> str:
    """What a peer changed in the query before running it, where that changes the answer: SQL Lab replaces a
    query's own LIMIT by its row limit plus one."""
    executed = getattr(peer, "executed", None)
    if not executed:
        return ""
    own = re.findall(r"\bLIMIT\s+(\d+)\s*;?\s*$", sql.strip(), flags=re.IGNORECASE)
    ran = re.findall(r"\bLIMIT\s+(\d+)\s*$", executed.strip(), flags=re.IGNORECASE)
    if own and ran and own != ran:
        return f" (SQL Lab ran LIMIT {ran[0]} in place of the query's own LIMIT {own[0]})"
    return ""


# --- timing -----------------------------------------------------------------------------------------


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]


def measure(systems: list, rounds: int) -> dict:
    """Seconds per (query name, variant, system): a warm-up round, then `rounds` rounds, each query sent
    to every system one request after the other, the order rotating from round to round; each query
    twice, as a new text (`new_text`; the tiny query another number) and as the same text again."""
    queries = [(e.name, e.sql, SQLITE[e.name] or e.sql) for e in EXAMPLES]
    times: dict[tuple[str, str, str], list[float]] = {}
    counter = 1000
    for r in range(rounds + 1):
        order = systems[r % len(systems) :] + systems[: r % len(systems)]
        for name, duck_sql, lite_sql in [*queries, (TINY, TINY_SAME, TINY_SAME)]:
            for variant in VARIANTS:
                counter += 1
                for system in order:
                    sql = duck_sql if system.dialect == "duckdb" else lite_sql
                    if variant == "new":
                        sql = tiny_new(counter) if name == TINY else new_text(sql, counter)
                    seconds = system.query(sql)[2]
                    if r > 0:
                        times.setdefault((name, variant, system.name), []).append(seconds)
        print(f"  round {r}/{rounds} done", flush=True)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="investment rows of the synthetic warehouse")
    p.add_argument("--rounds", type=int, default=15, help="timed rounds over the ten queries (after a warm-up)")
    p.add_argument("--no-superset", action="store_true", help="leave Apache Superset out (Datasette only)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = p.parse_args(argv)
    started = time.perf_counter()
    PEERS.mkdir(parents=True, exist_ok=True)
    setup = install_datasette()
    if not args.no_superset:
        setup = {**setup, **install_superset()}
    files = ensure_files(args.rows)
    ours = Ours(files["warehouse"])
    peers: list = []
    try:
        peers.append(Datasette(files["sqlite"]))
        if not args.no_superset:
            peers.append(Superset(files["warehouse"]))
        print("  comparing answers ...", flush=True)
        verdicts: dict[tuple[str, str], str] = {}
        rows: dict[str, int] = {}
        for e in EXAMPLES:
            a = ours.query(e.sql)[:2]
            rows[e.name] = len(a[1])
            for peer in peers:
                b = peer.query((SQLITE[e.name] or e.sql) if peer.dialect == "sqlite" else e.sql)[:2]
                verdicts[(e.name, peer.name)] = compare(a, b) + rewritten(peer, e.sql)
                print(f"    {e.name} on {peer.name}: {verdicts[(e.name, peer.name)]} ({len(a[1])} rows)", flush=True)
        times = measure([ours, *peers], args.rounds)
    finally:
        ours.stop()
        for peer in peers:
            peer.stop()
    total_s = time.perf_counter() - started
    names = [e.name for e in EXAMPLES] + [TINY]
    med = {k: statistics.median(v) for k, v in times.items()}
    cols = ["query", "rows", "SQLite needed", "ours: new text (p95)", "ours: same text again"]
    for peer in peers:
        label = "Datasette" if peer.name == "datasette" else "Superset"
        cols += [f"{label}: same answer", f"{label}: new text (p95)", f"{label}: same text again",
                 f"ratio ours/{label}: new", "same"]  # fmt: skip
    lines = ["| " + " | ".join(cols) + " |",
             "|---|---:|---|---:|---:|" + "---|---:|---:|---:|---:|" * len(peers)]  # fmt: skip
    for name in names:
        cells = [name, f"{rows.get(name, 1):,}", REWRITES.get(name, "none"),
                 f"{ms(med[(name, 'new', 'ours')])} ({ms(p95(times[(name, 'new', 'ours')]))})",
                 ms(med[(name, "same", "ours")])]  # fmt: skip
        for peer in peers:
            cells += [
                verdicts.get((name, peer.name), "same"),
                f"{ms(med[(name, 'new', peer.name)])} ({ms(p95(times[(name, 'new', peer.name)]))})",
                ms(med[(name, "same", peer.name)]),
                *(f"{med[(name, v, 'ours')] / med[(name, v, peer.name)]:.2f}" for v in VARIANTS),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    spans = "; ".join(
        f"ours/{peer.name}, {v} text: {min(rs):.2f}-{max(rs):.2f}"
        for peer in peers
        for v in VARIANTS
        for rs in [[med[(n, v, "ours")] / med[(n, v, peer.name)] for n in names]]
    )
    datasette = next(pr for pr in peers if pr.name == "datasette")
    superset = next((pr for pr in peers if pr.name == "superset"), None)
    superset_text = (
        f"Apache Superset {superset_version()} (duckdb-engine, reading the DuckDB file itself, read-only; SQL Lab's "
        f"API, synchronous; `gunicorn -w 2 --threads 8`), "
        if superset
        else ""
    )
    superset_setup = (
        f" Superset: installing it {setup.get('superset_install_s', float('nan')):.1f} s (with uv; pip's resolver "
        f"had not finished after 300 s; {', '.join(SUPERSET_FIXES)} added, as 6.1.0 does not start without them), "
        f"its first-run set-up (metadata database, admin, roles) {setup.get('superset_init_s', float('nan')):.1f} s, "
        f"and its server {superset.start_s:.1f} s to its first answer, reading the same DuckDB file as ours."
        if superset
        else "\n\nApache Superset was left out of this run (--no-superset)."
    )
    section = f"""{HEADING}{" and Superset" if superset else ""}

Measured {time.strftime("%Y-%m-%d")} on {machine()}; Datasette {datasette_version()} (SQLite {sqlite3.sqlite_version}) and {superset_text}each in a virtualenv of its own; `python bench/peers.py --rows {args.rows} --rounds {args.rounds}` ({total_s / 60:.1f} min in all). The synthetic warehouse at {args.rows:,} investment rows; for Datasette an SQLite copy of every table with the friendly views in SQLite's SQL and {len(INDEXES)} indexes on the columns the queries filter and join on (ANALYZE run). Over HTTP, one keep-alive connection each: ours `gunicorn -w 2 --threads 8 dashboard.wsgi:server` (`/api/sql?format=json`), Datasette `datasette serve -i` (`/warehouse.json?_shape=array&sql=...`), time limits 5 s and row caps 10,000 alike. A warm-up round, then {args.rounds} rounds, each query to every system one request after the other, the order rotating; the answers were compared row by row first ("same answer": the peer's rows against ours). Each query twice a round: as a new text (a comment of its own at the end; the tiny query another number), so no cache has seen it (ours checks it afresh and runs it in the SQL worker), and as the same text again (ours answers it from the answers it keeps per build, `X-Answer: kept`; Datasette and SQL Lab run it again). Ratios, median against median: {spans}.

{chr(10).join(lines)}

Set-up: ours, the ETL build of the warehouse {files.get(f"build_s_{args.rows}", float("nan")):.1f} s and the server {ours.start_s:.1f} s to its first answer (two workers, each starting its image browser and SQL worker); Datasette, installing it from PyPI {setup.get("datasette_install_s", float("nan")):.1f} s, copying the warehouse into SQLite {files.get(f"sqlite_tables_s_{args.rows}", float("nan")):.1f} s and its views, indexes and ANALYZE {files.get(f"sqlite_indexes_s_{args.rows}", float("nan")):.1f} s, after the same ETL build, and its server {datasette.start_s:.1f} s.{superset_setup}
"""
    write_section(args.out, HEADING, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
