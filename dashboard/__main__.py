"""`python -m dashboard`: the development server."""

from __future__ import annotations

import argparse
import sys

from dashboard.settings import SETTINGS, load


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard", description="Serve the cooperation dashboard.")
    p.add_argument(
        "--warehouse", help=f"{SETTINGS['warehouse'][1]} (default: $DASHBOARD_WAREHOUSE or data/warehouse.duckdb)"
    )
    p.add_argument("--host", help=f"{SETTINGS['host'][1]} (default 127.0.0.1)")
    p.add_argument("--port", type=int, help=f"{SETTINGS['port'][1]} (default 8050)")
    args = p.parse_args(argv)
    settings = load(warehouse=args.warehouse, host=args.host, port=args.port)
    from dashboard.app import create_app

    create_app(settings).run(host=settings.host, port=settings.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
