"""Command line: `python -m synth --out DIR [--rows N] [--seed S]` writes the synthetic raw files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m synth",
        description=(
            "Write deterministic synthetic raw files of the data contract (demo and scale data); every record is "
            "marked synthetic. Build a warehouse from them with `python -m etl build --raw DIR`."
        ),
    )
    p.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    p.add_argument("--rows", type=int, default=10_000, help="investment rows (others proportionate; default 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from synth.generate import write_synthetic

    try:
        written = write_synthetic(args.out, rows=args.rows, seed=args.seed)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for name, n in written.items():
        print(f"{args.out / name}: {n:,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
