"""Score the extractor against hand-labelled releases: precision and recall per field.

A labelled set is a folder with `labels.json` ({"releases": [{file, url, published, agreements,
delegations, investments, stated_totals}]}) and the release files under `releases/`. Within one release
and one kind, each labelled record is paired with the extracted record that agrees with it on most
scored fields; then each scored field counts as a true positive (same value), a false positive (a value
the label does not have) or a false negative (a labelled value not extracted, or extracted wrong).
Unpaired extracted records count every filled scored field as a false positive; unpaired labels every
labelled field as a false negative.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from etl.press.extract import extract_file

# field group -> (kind, column) pairs scored in it
GROUPS = {
    "partner": [("agreements", "partner"), ("delegations", "partner"), ("investments", "partner")],
    "type": [("agreements", "agreement_type")],
    "date": [
        ("agreements", "signed_date"),
        ("delegations", "start_date"),
        ("delegations", "end_date"),
        ("investments", "year"),
        ("investments", "period"),
    ],
    "direction": [("delegations", "direction")],
    "status": [("delegations", "status")],
    "counts": [
        ("delegations", "companies"),
        ("delegations", "participants"),
        ("investments", "projects"),
        ("stated_totals", "total"),
    ],
    "value": [("investments", "value")],
}
KINDS = ("agreements", "delegations", "investments", "stated_totals")
_MULT = {"1": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}


def _norm(kind: str, rec: dict, predicted: bool) -> dict:
    """The scored values of one record, comparable between a label and an extraction."""
    f = rec["fields"] if predicted else rec
    out: dict[str, str | None] = {}
    if kind in ("agreements", "delegations", "investments"):
        p = f.get("partner")
        if p is None and predicted and (rec.get("evidence", {}).get("partner") or {}).get("rule") == "new_partner":
            p = "new:" + rec["evidence"]["partner"]["text"].strip()
        out["partner"] = p
    if kind == "agreements":
        out |= {k: f.get(k) for k in ("agreement_type", "signed_date")}
    elif kind == "delegations":
        out |= {k: f.get(k) for k in ("start_date", "end_date", "direction", "status")}
        for k in ("companies", "participants"):
            v = f.get(k)
            out[k] = None if v is None else f"{int(float(v))} {f.get(f'{k}_qualifier') or 'exact'}"
    elif kind == "investments":
        out |= {k: f.get(k) for k in ("year", "period")}
        out["projects"] = None if f.get("projects") is None else str(int(float(f["projects"])))
        v = f.get("value")
        if v is None:
            out["value"] = None
        else:
            thb = float(v) * _MULT.get(f.get("unit") or "1", 1.0)
            out["value"] = f"{f.get('currency')} {thb:.6g}"
    else:
        v = f.get("value")
        out["total"] = None if v is None else f"{f.get('counts')} {int(float(v))} {f.get('qualifier') or 'exact'}"
    return out


def _pair(gold: list[dict], pred: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Best-agreeing pairs first (a key field counts twice); the rest stay unpaired."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            s = sum(2 if k in ("partner", "signed_date", "start_date", "total", "value") else 1
                    for k, v in g.items() if v is not None and p.get(k) == v)  # fmt: skip
            if s > 0:
                scored.append((-s, gi, pi))
    pairs: list[tuple[dict | None, dict | None]] = []
    used_g, used_p = set(), set()
    for _, gi, pi in sorted(scored):
        if gi not in used_g and pi not in used_p:
            pairs.append((gold[gi], pred[pi]))
            used_g.add(gi)
            used_p.add(pi)
    pairs += [(g, None) for gi, g in enumerate(gold) if gi not in used_g]
    pairs += [(None, p) for pi, p in enumerate(pred) if pi not in used_p]
    return pairs


def evidence_problems(doc: dict) -> list[str]:
    """Filled fields without a span, or spans that are not the text they claim."""
    bad = []
    text = doc["text"]
    for kind in KINDS:
        for n, c in enumerate(doc[kind]):
            for col, v in c["fields"].items():
                if v is None or col == "source_url":
                    continue
                ev = c["evidence"].get(col)
                if ev is None:
                    bad.append(f"{doc['file']} {kind}[{n}].{col}: no evidence")
                elif text[ev["start"] : ev["end"]] != ev["text"] or ev["start"] >= ev["end"]:
                    bad.append(f"{doc['file']} {kind}[{n}].{col}: span {ev['start']}-{ev['end']} is not its text")
    return bad


def evaluate(folder: Path) -> dict:
    folder = Path(folder)
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))["releases"]
    counts = {g: {"tp": 0, "fp": 0, "fn": 0} for g in GROUPS}
    column_group = {(k, c): g for g, pairs in GROUPS.items() for k, c in pairs}
    exact, agreements, problems, seconds, misses = 0, 0, [], [], []
    for lab in labels:
        t0 = time.perf_counter()
        doc = extract_file(folder / "releases" / lab["file"], published=lab.get("published"), url=lab.get("url"))
        seconds.append(time.perf_counter() - t0)
        problems += evidence_problems(doc)
        for kind in KINDS:
            gold = [_norm(kind, g, False) for g in lab.get(kind, [])]
            pred = [_norm(kind, p, True) for p in doc[kind]]
            for g, p in _pair(gold, pred):
                row = g or p
                assert row is not None  # _pair never pairs nothing with nothing
                cols = row.keys()
                for col in cols:
                    group = column_group.get((kind, col))
                    if group is None:
                        continue
                    gv = g.get(col) if g else None
                    pv = p.get(col) if p else None
                    if gv is not None and pv == gv:
                        counts[group]["tp"] += 1
                    else:
                        if pv is not None:
                            counts[group]["fp"] += 1
                        if gv is not None:
                            counts[group]["fn"] += 1
                            misses.append(f"{lab['file']} {kind}.{col}: labelled {gv!r}, extracted {pv!r}")
                if kind == "agreements" and g is not None:
                    agreements += 1
                    keys = ("partner", "agreement_type", "signed_date")
                    if p is not None and all(p.get(k) == g.get(k) for k in keys):
                        exact += 1
    table = {}
    for name, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        table[name] = c | {
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None,
        }
    return {
        "releases": len(labels),
        "languages": {lang: sum(1 for r in labels if r["language"] == lang) for lang in ("th", "en")},
        "records": {k: sum(len(r.get(k, [])) for r in labels) for k in KINDS},
        "fields": table,
        "agreements_exact": exact,
        "agreements": agreements,
        "evidence_problems": problems,
        "seconds": seconds,
        "misses": misses,
    }
