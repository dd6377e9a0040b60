"""What the app serves itself, checked without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.offline

from dashboard.components import partner_options

BUNDLE = Path(__file__).resolve().parents[2] / "dashboard/assets/vendor/plotly-dashboard.min.js"


def test_the_partial_plotly_bundle_matches_the_plotly_package():
    """Figures are written by the plotly package; the browser draws them with the same plotly.js release."""
    head = BUNDLE.read_text(encoding="utf-8")[:200]
    version = re.search(r"plotly\.js v([0-9.]+)", head)
    assert version, head
    assert version.group(1) == plotly.offline.get_plotlyjs_version()


OPTIONS = [
    {"label": f"Partner {i}", "value": f"P{i:03}", "search": f"Partner {i} หน่วยงาน{i} P{i:03}"} for i in range(200)
]


def test_partner_options_keep_the_picked_and_cap_the_rest():
    out = partner_options(OPTIONS, "", ["P150", "P199"], limit=10)
    assert [o["value"] for o in out[:2]] == ["P150", "P199"]
    assert len(out) == 12


def test_partner_options_search_every_word_in_any_language():
    assert [o["value"] for o in partner_options(OPTIONS, "หน่วยงาน17", [])] == ["P017"] + [
        f"P{i}" for i in range(170, 180)
    ]
    assert [o["value"] for o in partner_options(OPTIONS, "partner p042", [])] == ["P042"]
    assert partner_options(OPTIONS, "nothing like it", ["P001"]) == [OPTIONS[1]]
