"""`python -m dashboard`: the development server, and exports from the command line.

    python -m dashboard [--warehouse PATH] [--host H] [--port P]           serve (as `serve`)
    python -m dashboard export chart iv-value --out chart.png [filters]   a chart image (.png or .svg), or its
                                                                          numbers, a row per mark (.csv or .xlsx)
    python -m dashboard export data agreements --out a.xlsx [filters]     the records (.csv or .xlsx)
    python -m dashboard export deck --page investment --out d.pptx        the briefing deck

Filters are those of the page URL: --year-from 2558 --sector AUTO,EE --partner jp-yokohama
--lang th --era be ..., or a whole page link with --url (options given beside it win).

    python -m dashboard users add NAME [--role viewer|analyst|steward|admin]   a local account
    python -m dashboard users passwd NAME [--role R]                          a new password (and role)
    python -m dashboard users remove NAME | users list
    python -m dashboard audit verify                                          check the audit trail's chain

Passwords are read from a prompt, or one line of standard input when it is not a terminal; never
from an argument (it would be in the shell history and the process list). Accounts and the trail
live in the auth_dir setting (--auth-dir, $DASHBOARD_AUTH_DIR, default data/auth).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
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
    w = Warehouse.from_settings(s)  # as the app builds it
    context.set_context(context.Context(settings=s, warehouse=w))
    query = _query(args)
    suffix = args.out.suffix.lstrip(".").lower()
    body: bytes | Iterator[bytes]
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
        size = _write(args.out, [body] if isinstance(body, bytes) else body)
    except (ExportError, WarehouseError) as e:
        print(f"python -m dashboard export {args.kind}: {e}", file=sys.stderr)
        return 2
    finally:
        w.close()
    print(f"wrote {args.out} ({fmt}, {size:,} bytes)")
    return 0


def _write(out: Path, chunks) -> int:
    """Write `chunks` (a data file's CSV comes batch by batch) to a file beside `out`, then rename it into
    place: a failure part-way leaves no half-written file. -> the bytes written."""
    part = out.with_name(out.name + ".part")
    size = 0
    try:
        with part.open("wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    return size


def _auth_parsers(sub) -> None:
    from dashboard.auth.roles import ROLES

    def auth_dir(p: argparse.ArgumentParser) -> None:
        p.add_argument("--auth-dir", help=f"{SETTINGS['auth_dir'][1]} (default: $DASHBOARD_AUTH_DIR or data/auth)")

    users = sub.add_parser("users", help="local accounts: add, passwd, remove, list",
                           description="Local accounts of the dashboard (auth_dir/users.json).")  # fmt: skip
    acts = users.add_subparsers(dest="action", required=True, metavar="add|passwd|remove|list")
    for name, text in (("add", "add an account (asks for its password)"), ("passwd", "set a new password"),
                       ("remove", "remove an account (its sign-ins end at once)")):  # fmt: skip
        p = acts.add_parser(name, help=text, description=text)
        p.add_argument("name", help="the user name (letters, digits, . _ @ -)")
        if name != "remove":
            p.add_argument("--role", choices=ROLES, help="viewer (default for add), analyst, steward or admin")
        auth_dir(p)
    auth_dir(acts.add_parser("list", help="list the accounts and their roles"))
    audit = sub.add_parser("audit", help="the audit trail: verify its chain", description="The audit trail.")
    acts = audit.add_subparsers(dest="action", required=True, metavar="verify")
    auth_dir(acts.add_parser("verify", help="check every line's hash chain; exit 1 when a line was changed or removed"))


def _password(prompt: str) -> str:
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def users(args: argparse.Namespace) -> int:
    import getpass

    from dashboard.auth.accounts import AccountError, Accounts
    from dashboard.auth.audit import Trail

    folder = load(auth_dir=args.auth_dir).auth_dir
    accounts, trail = Accounts(folder), Trail(folder)
    actor = {"user": getpass.getuser(), "via": "command line"}
    try:
        if args.action == "list":
            for a in accounts.all().values():
                print(f"{a.name}\t{a.role}\tchanged {a.changed}")
            return 0
        if args.action == "remove":
            accounts.remove(args.name)
            trail.append("user_remove", **actor, outcome="ok", name=args.name)
            print(f"removed {args.name}")
            return 0
        new = args.action == "add"
        if not new and accounts.get(args.name) is None:
            raise AccountError(f"no user {args.name!r}: `users add {args.name}` adds one")
        if new and accounts.get(args.name) is not None:
            raise AccountError(f"user {args.name!r} exists: `users passwd {args.name}` changes the password")
        password = _password(f"password for {args.name}: ")
        account = accounts.set(args.name, password, args.role, new=new)
        trail.append(f"user_{args.action}", **actor, outcome="ok", name=account.name, new_role=account.role)
        print(f"{'added' if new else 'changed'} {account.name} ({account.role}) in {accounts.path}")
        return 0
    except (AccountError, ValueError) as e:
        print(f"python -m dashboard users {args.action}: {e}", file=sys.stderr)
        return 2


def audit_verify(args: argparse.Namespace) -> int:
    from dashboard.auth.audit import Trail

    trail = Trail(load(auth_dir=args.auth_dir).auth_dir)
    verdict = trail.verify()
    if not verdict.ok:
        print(f"python -m dashboard audit verify: {verdict.problem}", file=sys.stderr)
        print(f"the first {verdict.lines} lines are whole (last hash {verdict.head})", file=sys.stderr)
        return 1
    print(f"{trail.path}: {verdict.lines} lines, the chain is whole; last hash {verdict.head}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Serve the cooperation dashboard (the default), or export a view: python -m dashboard export -h.",
    )
    _common(p, sub=False)
    p.add_argument("--host", help=f"{SETTINGS['host'][1]} (default 127.0.0.1)")
    p.add_argument("--port", type=int, help=f"{SETTINGS['port'][1]} (default 8050)")
    sub = p.add_subparsers(dest="command", metavar="{serve,export,users,audit}")
    serve = sub.add_parser("serve", help="serve the dashboard (what no command does)")
    _common(serve)
    serve.add_argument("--host", default=argparse.SUPPRESS, help=f"{SETTINGS['host'][1]} (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS, help=f"{SETTINGS['port'][1]} (default 8050)")
    _export_parser(sub)
    _auth_parsers(sub)
    args = p.parse_args(argv)
    if args.command == "export":
        return export(args)
    if args.command == "users":
        return users(args)
    if args.command == "audit":
        return audit_verify(args)
    settings = load(warehouse=args.warehouse, host=args.host, port=args.port)
    from dashboard.app import create_app, warm_static
    from dashboard.security import QuietRequestHandler

    app = create_app(settings)
    warm_static(app)
    app.run(host=settings.host, port=settings.port, debug=False, request_handler=QuietRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
