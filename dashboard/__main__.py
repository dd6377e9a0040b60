"""`python -m dashboard`: the development server, and exports from the command line.

    python -m dashboard [--warehouse PATH] [--host H] [--port P]           serve (as `serve`)
    python -m dashboard export chart iv-value --out chart.png [filters]   a chart image (.png or .svg), or its
                                                                          numbers, a row per mark (.csv or .xlsx)
    python -m dashboard export data agreements --out a.xlsx [filters]     the records (.csv or .xlsx)
    python -m dashboard export deck --page investment --out d.pptx        the briefing deck

Filters are those of the page URL: --year-from 2558 --sector AUTO,EE --partner jp-yokohama
--lang th --era be ..., or a whole page link with --url (options given beside it win).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from dashboard.settings import SETTINGS, load

FILTERS = [
    ("year_from", "first year (CE, or BE from 2400: 2015 or 2558)"),
    ("year_to", "last year (CE or BE)"),
    ("sector", "sector codes, comma-separated (AUTO,EE)"),
    ("country", "partner countries, ISO codes (JP)"),
    ("partner", "partner ids, comma-separated (jp-yokohama)"),
    ("level", "partner levels (local_government,agency)"),
    ("stage", "the investment measure: application, approval, certificate, fdi_flow, fba_permit, ..."),
    ("lang", "th or en (default: the lang setting, th)"),
    ("era", "be or ce (default: the era setting, be)"),
    ("period", "cy (calendar years) or fy (Thai fiscal years)"),
]


def _common(p: argparse.ArgumentParser, sub: bool = True) -> None:
    # In a sub-command, an option left out must not undo the same option given before the command.
    p.add_argument(
        "--warehouse",
        default=argparse.SUPPRESS if sub else None,
        help=f"{SETTINGS['warehouse'][1]} (default: $DASHBOARD_WAREHOUSE or data/warehouse.duckdb)",
    )


def _export_parser(sub) -> None:
    from dashboard.views import CHARTS, PAGES

    ex = sub.add_parser(
        "export",
        help="write a chart image, a data file or a briefing deck of a view",
        description="Write what the dashboard's download buttons give, for the same filters as a page URL.",
    )
    kinds = ex.add_subparsers(dest="kind", required=True, metavar="chart|data|deck")

    def with_filters(p: argparse.ArgumentParser) -> None:
        _common(p)
        p.add_argument("--out", required=True, type=Path, help="the file to write; its suffix gives the format")
        p.add_argument("--url", help="a page link (or its ?query) whose filters to use")
        for name, text in FILTERS:
            p.add_argument("--" + name.replace("_", "-"), dest=name, help=text)
        p.add_argument(
            "--base-url", default="http://127.0.0.1:8050", help="where the dashboard is served, for the view's link"
        )

    chart = kinds.add_parser(
        "chart",
        help="a chart as PNG or SVG, or its numbers as CSV or XLSX (--out x.png|x.svg|x.csv|x.xlsx)",
        description="A chart as PNG or SVG, 16:9, 1920 x 1080 by default; or the numbers it draws, a row per mark "
        "with its qualifier and how many records and sources it adds up, as CSV or XLSX.",
        epilog="charts: " + ", ".join(CHARTS),
    )
    chart.add_argument("chart_id", metavar="CHART", help="a chart id, e.g. iv-value (listed below)")
    with_filters(chart)
    chart.add_argument("--width", type=int, help="pixels (default 1920; alone: height follows at 16:9)")
    chart.add_argument("--height", type=int, help="pixels (default 1080)")
    chart.add_argument("--scale", type=float, help="multiplies both sides (default 1)")

    data = kinds.add_parser(
        "data",
        help="the filtered records as CSV or XLSX (--out x.csv|x.xlsx)",
        description="The filtered records: CSV in UTF-8 with BOM, or XLSX with a sheet about the data first.",
    )
    data.add_argument("dataset", choices=("agreements", "delegations", "investments"))
    with_filters(data)

    deck = kinds.add_parser(
        "deck",
        help="a PowerPoint briefing deck (--out x.pptx)",
        description="Title, headline figures and one slide per chart of a page (native PowerPoint charts).",
    )
    deck.add_argument("--page", default="overview", choices=(*PAGES, "all"), help="whose charts (default overview)")
    with_filters(deck)


def _query(args: argparse.Namespace) -> dict[str, list[str]]:
    """The view's parameters: those of --url, then the options given."""
    query: dict[str, list[str]] = {}
    if args.url:
        text = args.url if "?" in args.url or "=" not in args.url else "?" + args.url
        query = parse_qs(urlsplit(text).query, keep_blank_values=True)
    for name, _ in FILTERS:
        value = getattr(args, name)
        if value is not None:
            query[name] = [value]
    return query


def export(args: argparse.Namespace) -> int:
    from dashboard import context
    from dashboard.db import Warehouse, WarehouseError
    from dashboard.export import ExportError, routes

    s = load(warehouse=args.warehouse)
    w = Warehouse(s.warehouse, threads=s.duckdb_threads, memory_limit=s.duckdb_memory, timeout_s=s.query_timeout_s,
                  parallel=s.page_parallel)  # fmt: skip
    context.set_context(context.Context(settings=s, warehouse=w))
    query = _query(args)
    suffix = args.out.suffix.lstrip(".").lower()
    try:
        if args.kind == "chart":
            for key in ("width", "height", "scale"):
                if getattr(args, key) is not None:
                    query[key] = [str(getattr(args, key))]
            body, fmt, _ = routes.chart_file(f"{args.chart_id}.{suffix}", query, args.base_url)
        elif args.kind == "data":
            body, fmt, _ = routes.data_file(f"{args.dataset}.{suffix}", query, args.base_url)
        else:
            if suffix != "pptx":
                raise ExportError(f"a deck is a .pptx file, not {args.out.name!r}")
            body, fmt, _ = routes.deck_file({**query, "page": [args.page]}, args.base_url)
    except (ExportError, WarehouseError) as e:
        print(f"python -m dashboard export {args.kind}: {e}", file=sys.stderr)
        return 2
    finally:
        w.close()
    args.out.write_bytes(body)
    print(f"wrote {args.out} ({fmt}, {len(body):,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Serve the cooperation dashboard (the default), or export a view: python -m dashboard export -h.",
    )
    _common(p, sub=False)
    p.add_argument("--host", help=f"{SETTINGS['host'][1]} (default 127.0.0.1)")
    p.add_argument("--port", type=int, help=f"{SETTINGS['port'][1]} (default 8050)")
    sub = p.add_subparsers(dest="command", metavar="{serve,export}")
    serve = sub.add_parser("serve", help="serve the dashboard (what no command does)")
    _common(serve)
    serve.add_argument("--host", default=argparse.SUPPRESS, help=f"{SETTINGS['host'][1]} (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS, help=f"{SETTINGS['port'][1]} (default 8050)")
    _export_parser(sub)
    args = p.parse_args(argv)
    if args.command == "export":
        return export(args)
    settings = load(warehouse=args.warehouse, host=args.host, port=args.port)
    from dashboard.app import create_app

    create_app(settings).run(host=settings.host, port=settings.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
