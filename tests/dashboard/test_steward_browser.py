"""The data steward's screen in Chromium, against a real server on copies of the raw files and the warehouse:
a steward signs in, types records (one the build rejects), runs a dry run, undoes the rejected one, applies,
and the running dashboard serves the new warehouse; then undoes the other the same way. With the extractor
in place, a seed press release pasted becomes proposed records with their words marked."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.auth.accounts import Accounts
from tests.conftest import ROOT, query, run_etl
from tests.dashboard.conftest import free_port, search_in, started
from tests.dashboard.test_accessibility import axe, serious

pytestmark = [pytest.mark.browser, pytest.mark.slow]

URL = "https://www.example.go.th/news/2022/07/steward-test"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def site(tmp_path):
    """(base URL, raw folder, warehouse) of a dashboard serving copies, where only signed-in users get in."""
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    warehouse = tmp_path / "warehouse.duckdb"
    done = run_etl("build", "--raw", str(raw), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    auth_dir = tmp_path / "auth"
    Accounts(auth_dir).set("sam", "sam-password-42", "steward", new=True)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_RAW_DIR": str(raw), "DASHBOARD_AUTH_DIR": str(auth_dir),
           "DASHBOARD_LOOPBACK_ROLE": "none", "DASHBOARD_LANG": "en"}  # fmt: skip
    command = [sys.executable, "-m", "dashboard", "--warehouse", str(warehouse), "--port", str(port)]
    base, proc = started(command, env, tmp_path / "dashboard.log", port)
    yield base, raw, warehouse, auth_dir
    proc.terminate()
    proc.wait(timeout=10)


def sign_in(p, base: str, path: str = "/data/add?lang=en&era=ce") -> None:
    p.goto(f"{base}/signin?next={path.replace('?', '%3F').replace('=', '%3D').replace('&', '%26')}")
    p.fill("input[name=user]", "sam")
    p.fill("input[name=password]", "sam-password-42")
    p.locator("button[type=submit], input[type=submit]").first.click()
    p.wait_for_selector("#steward-source-card")


def field(name: str) -> str:
    return "[id='" + json.dumps({"col": name, "type": "steward-field"}, separators=(",", ":")) + "']"


def choose(p, selector: str, typed: str, option: str) -> None:
    """Pick `option` in a Dash dropdown by typing, as a steward does. On a loaded machine the form can be
    drawn again while the steward types (a redraw asked for earlier arriving late): then type again."""
    wanted = p.get_by_role("option", name=re.compile(re.escape(option))).first
    for attempt in range(3):
        search_in(p, selector, typed)
        try:
            wanted.wait_for(timeout=10_000 if attempt < 2 else 20_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            p.keyboard.press("Escape")
    p.keyboard.press("Enter")
    p.keyboard.press("Escape")


def type_agreement(p, signed: str, title: str) -> None:
    p.locator("#steward-blank").click()
    # the new, empty form (a form already shown keeps its ids: wait until its values are gone)
    p.wait_for_function(
        "s => { const e = document.querySelector(s); return e && e.value === ''; }", arg=field("signed_date")
    )
    p.fill(field("signed_date"), signed)
    choose(p, field("agreement_type"), "MOU", "MOU")
    p.fill(field("thai_party"), "Department of Industrial Promotion (DIPROM), Ministry of Industry")
    choose(p, field("partner"), "Yokohama", "jp-yokohama")
    p.fill(field("title_en"), title)
    # every value still in its field when the button is pressed (a late redraw of the form would clear them)
    p.wait_for_function(
        "([d, t, want]) => { const v = s => document.querySelector(s)?.value; return v(d) !== '' && v(t) === want; }",
        arg=[field("signed_date"), field("title_en"), title],
    )
    p.locator("#steward-accept").click()


def health_agreements(base: str) -> int:
    with urllib.request.urlopen(base + "/api/health", timeout=10) as r:
        return json.load(r)["warehouse"]["rows"]["agreements"]


def wait_text(p, selector: str, pattern: str, timeout_ms: int = 90_000) -> str:
    """The text of `selector` once it matches `pattern`; when it never does, what it and the form said instead."""
    try:
        p.wait_for_function(
            "([s, r]) => { const e = document.querySelector(s); return e && new RegExp(r).test(e.innerText); }",
            arg=[selector, pattern],
            timeout=timeout_ms,
        )
    except Exception as e:  # playwright's TimeoutError: say what the page showed
        shown = p.evaluate(
            """s => ({text: document.querySelector(s)?.innerText ?? '(absent)',
                      form: [...document.querySelectorAll('#steward-form input')].map(i => i.id + '=' + i.value)})""",
            selector,
        )
        raise AssertionError(f"{selector} never matched {pattern!r}: {shown}") from e
    return p.locator(selector).inner_text()


def test_typed_records_to_a_swapped_warehouse_with_a_rejected_row_and_undo(site, page):
    base, _, warehouse, auth_dir = site
    p = page.page
    sign_in(p, base)
    before = health_agreements(base)
    p.fill("#steward-url", URL)
    p.fill("#steward-published", "15/07/2565")
    choose(p, "#steward-kind", "news", "news")

    type_agreement(p, "14/07/2565", "Steward test memorandum")
    accepted = wait_text(p, "#steward-accept-status", "agreements_entered.csv")
    good = re.search(r"(AGR-\d+)", accepted).group(1)
    assert "14 Jul 2022" in accepted  # the BE date as read
    type_agreement(p, "31/02/2565", "A date that does not exist")
    bad = re.search(
        r"(AGR-\d+)", wait_text(p, "#steward-accept-status", f"^(?![\\s\\S]*{good})[\\s\\S]*entered")
    ).group(1)
    assert bad != good
    wait_text(p, "#steward-entries-table", bad)

    p.locator("#steward-dry").click()
    counts = wait_text(p, "#steward-diff-counts", "add 1")
    assert "1 rows would be rejected" in counts or "1 row" in counts
    rejected = p.locator("#steward-diff-rejected").inner_text()
    assert "agreements_entered.csv" in rejected and "signed_date" in rejected and "31/02/2565" in rejected
    assert good in p.locator("#steward-diff-added").inner_text()
    assert health_agreements(base) == before  # a dry run never touches the warehouse served

    # undo the rejected one: the apply button waits for a new dry run
    p.locator(
        f"[id='{json.dumps({'index': 'agreements:' + bad, 'type': 'steward-undo'}, separators=(',', ':'))}']"
    ).click()
    wait_text(p, "#steward-accept-status", f"{bad} removed")
    assert p.locator("#steward-apply").is_disabled()
    p.locator("#steward-dry").click()
    counts = wait_text(p, "#steward-diff-counts", "add 1.*0 rows would be rejected")
    p.locator("#steward-apply").click()
    wait_text(p, "#steward-apply-status", "rebuilt")
    assert health_agreements(base) == before + 1  # the running dashboard serves the new file
    assert query(
        warehouse, "SELECT signed_date::VARCHAR, partner_id FROM fact_agreement WHERE agreement_id = $i", {"i": good}
    ) == [("2022-07-14", "jp-yokohama")]

    # the same route takes it out again
    p.locator(
        f"[id='{json.dumps({'index': 'agreements:' + good, 'type': 'steward-undo'}, separators=(',', ':'))}']"
    ).click()
    wait_text(p, "#steward-accept-status", f"{good} removed")
    p.locator("#steward-dry").click()
    wait_text(p, "#steward-diff-counts", "remove 1")
    assert good in p.locator("#steward-diff-removed").inner_text()
    p.locator("#steward-apply").click()
    wait_text(p, "#steward-apply-status", "rebuilt")
    assert health_agreements(base) == before
    events = [json.loads(x)["event"] for x in (auth_dir / "audit.jsonl").read_text().splitlines()]
    for event in ("steward_accept", "steward_undo", "steward_dry_run", "steward_apply"):
        assert event in events
    assert [e for e in page.errors if "favicon" not in e] == []


def test_the_screen_in_thai_gives_be_dates(site, page):
    base = site[0]
    p = page.page
    sign_in(p, base, "/data/add?lang=th")
    assert p.locator("h2.steward-title").inner_text() == "เพิ่มข้อมูล"
    p.fill("#steward-url", URL)
    choose(p, "#steward-kind", "news", "news")
    type_agreement(p, "2022-07-14", "Thai view test")
    assert "14 ก.ค. 2565" in wait_text(p, "#steward-accept-status", "agreements_entered.csv")
    assert serious(axe(p)) == []
    now_be = dt.datetime.now(dt.UTC).year + 543
    assert str(now_be) in p.locator("#steward-entries-table").inner_text()  # when it was entered, in BE


def extractor_runs() -> bool:
    done = run_etl("extract", "--help", timeout=60)
    return done.returncode == 0


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed press releases are not beside the repository")
def test_a_pasted_seed_becomes_proposed_records_with_their_words_marked(site, page):
    if not extractor_runs():
        pytest.skip("`python -m etl extract` is not available yet")
    base, raw, warehouse, _ = site
    text = (SEEDS / "diprom-yokohama-mou.txt").read_text(encoding="utf-8")
    p = page.page
    sign_in(p, base)
    p.fill("#steward-url", URL)
    p.fill("#steward-published", "2022-07-20")
    choose(p, "#steward-kind", "news", "news")
    p.fill("#steward-text", text)
    p.locator("#steward-propose").click()
    wait_text(p, "#steward-propose-status", "proposed")
    p.wait_for_selector(".steward-mark")
    found = serious(axe(p))
    assert found == [], "\n".join(found)  # the text, the proposals and the form: no serious or critical violation
    marks = p.locator(".steward-mark").all_inner_texts()
    assert marks and all(m in text for m in marks)  # each mark is words of the text itself
    assert p.locator(".steward-pick").count() >= 1
    # the first proposal is an agreement with Yokohama signed on 14 July 2022
    assert p.locator(field("signed_date")).input_value() == "2022-07-14"
    assert "jp-yokohama" in p.locator(field("partner")).inner_text()
    p.locator("#steward-accept").click()
    accepted = wait_text(p, "#steward-accept-status", "agreements_entered.csv")
    record = re.search(r"(AGR-\d+)", accepted).group(1)
    p.locator("#steward-dry").click()
    wait_text(p, "#steward-diff-counts", "add [1-9]")
    p.locator("#steward-apply").click()
    wait_text(p, "#steward-apply-status", "rebuilt")
    got = query(
        warehouse, "SELECT signed_date::VARCHAR, partner_id FROM fact_agreement WHERE agreement_id = $i", {"i": record}
    )
    assert got == [("2022-07-14", "jp-yokohama")]
    with Path(raw / "agreements_entered.csv").open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["agreement_id"] == record)
    # the words it came from travel with it: a stretch of the text itself, the signing date's words included
    assert row["source_text"] in " ".join(text.split()) and "14 กรกฎาคม" in row["source_text"]
    assert row["entered_by"] == "sam" and row["source_url"] == URL
    # and reach the warehouse with it: who, when (UTC) and the words, as the raw file holds them
    [(by, at, words)] = query(
        warehouse, "SELECT entered_by, entered_at, source_text FROM agreements WHERE agreement_id = $i", {"i": record}
    )
    assert (by, words) == ("sam", row["source_text"])
    assert at == dt.datetime.fromisoformat(row["entered_at"].replace("Z", "+00:00")).replace(tzinfo=None)
