"""Command line: `python -m etl build` and `python -m etl extract` (synthetic raw files: `python -m synth`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.extract import UnusableInput

DEFAULT_RAW = Path("data/raw")


def default_warehouse() -> Path:
    import os

    return Path(os.environ.get("DASHBOARD_WAREHOUSE", "data/warehouse.duckdb"))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Build the cooperation warehouse from raw files.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "build",
        help="load data/raw into the DuckDB warehouse",
        description=(
            "Read every raw file (agreements*, delegations*, investments*, partners*, sectors*, fx_rates*, notes*; "
            ".csv, .xlsx or .parquet), validate and load them into a new warehouse file, and swap it into place. "
            "Every row is loaded, counted as a duplicate, or rejected with a reason (table etl_reject). "
            "Exit 0: built (rejects or not); 1: --strict and rows were rejected (old warehouse kept), or a check "
            "failed; 2: unusable input (a required file or column missing, an unreadable file, a file that changed "
            "while being read), old warehouse kept; 3: the new files could not be written (the disk is full, no "
            "permission), old warehouse kept."
        ),
    )
    b.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of raw files (default: data/raw)")
    b.add_argument(
        "--warehouse",
        type=Path,
        default=None,
        help="DuckDB file to build (default: $DASHBOARD_WAREHOUSE or data/warehouse.duckdb)",
    )
    b.add_argument("--strict", action="store_true", help="exit 1 and keep the old warehouse if any row is rejected")
    b.add_argument(
        "--parquet",
        type=Path,
        default=None,
        metavar="DIR",
        help=(
            "also write every table as Parquet into DIR for other engines: facts in hive-style year folders "
            "(DIR/fact_investment/year=2017/*.parquet, fact_agreement/signed_year=..., fact_delegation/start_year=...), "
            "the other tables one file each (DIR/dim_partner.parquet); replaces an earlier "
            "copy in DIR, and only when the warehouse is replaced"
        ),
    )
    b.add_argument("--rejects", type=int, default=10, metavar="N", help="how many rejects to print (default 10)")
    x = sub.add_parser(
        "extract",
        help="read press releases (.txt, .html, .docx; Thai or English) and print candidate records as JSON",
        description=(
            "Read each press release (plain text in UTF-8 or Thai Windows encoding, a web page saved as HTML, or a "
            "Word .docx) and print the agreements, delegations, investment figures and stated totals it states, "
            "in the raw files' own columns, each filled field with the span of text it came from and a "
            "confidence; names not in the partner list are proposed as new partners. One file: one JSON "
            'document; several: {"documents": [...]}. Nothing is written. Exit 0: read; 2: a file could not be '
            "read or an argument is wrong."
        ),
    )
    x.add_argument("files", nargs="+", type=Path, metavar="FILE", help="press release files")
    x.add_argument(
        "--published",
        default=None,
        metavar="YYYY-MM-DD",
        help="publication date (CE): dates without a year and relative dates (last week) are read against it",
    )
    x.add_argument("--url", default=None, help="the release's address, copied into source_url")
    x.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder whose partners*.csv and sectors*.csv "
                   "names are matched (default: data/raw)")  # fmt: skip
    return p


def extract_command(args) -> int:
    import json

    from etl.press import UnreadableRelease, extract_file

    docs = []
    for f in args.files:
        try:
            docs.append(extract_file(f, published=args.published, url=args.url, raw=str(args.raw)))
        except (UnreadableRelease, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    out = docs[0] if len(docs) == 1 else {"documents": docs}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "extract":
        return extract_command(args)
    from etl.build import CheckFailed, OutputFailed, build, reconciliation_lines, reject_lines

    warehouse = args.warehouse or default_warehouse()
    try:
        result = build(
            args.raw, warehouse, strict=args.strict, say=lambda m: print(m, flush=True), parquet=args.parquet
        )
    except UnusableInput as e:
        print(f"error: {e}", file=sys.stderr)
        print(f"the warehouse {warehouse} was not changed", file=sys.stderr)
        return 2
    except CheckFailed as e:
        print(f"error: {e}", file=sys.stderr)
        print(f"the warehouse {warehouse} was not changed", file=sys.stderr)
        return 1
    except OutputFailed as e:
        print(f"error: {e}", file=sys.stderr)
        print(f"the warehouse {warehouse} was {'replaced' if e.replaced else 'not changed'}", file=sys.stderr)
        return 3
    print()
    print("\n".join(reconciliation_lines(result)))
    lines = reject_lines(result, args.rejects)
    if lines:
        print()
        print("\n".join(lines))
    if args.strict and result.rejected:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
