"""Command line: ``python -m deepseek_shock {import-csv,refresh,check,figures}``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .schema import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deepseek_shock", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import-csv", help="build data/ from yfinance-format CSV exports")
    imp.add_argument("src_dir", type=Path, help="folder holding <owner>__<repo>/<path> raw exports")
    imp.add_argument("--epoch-dir", type=Path, default=None,
                     help="Epoch AI training-cost-trends copy (default: SRC_DIR/../../research-data/"
                          "epoch-training-cost-trends if it exists)")
    commands.add_parser("describe-tables",
                        help="validate the compiled tables in data/tables and record them in the descriptor")
    commands.add_parser("refresh", help="download the same tickers with yfinance (needs a network)")
    commands.add_parser("check", help="validate the snapshot; exit 0 only if every check holds")
    commands.add_parser("figures", help="print the book's headline numbers as JSON")
    args = parser.parse_args(argv)

    try:
        if args.command == "import-csv":
            from .importers import import_everything

            written = import_everything(args.src_dir, args.epoch_dir)
            print(f"wrote {len(written)} files into the snapshot")
        elif args.command == "describe-tables":
            from .tables import describe_tables

            print(f"described {len(describe_tables())} compiled tables")
        elif args.command == "refresh":
            from .refresh import RefreshError, refresh

            try:
                written = refresh()
            except RefreshError as exc:
                print(f"refresh failed, snapshot unchanged: {exc}", file=sys.stderr)
                return 1
            print(f"refreshed {len(written)} files")
        elif args.command == "check":
            from .validate import check_directory, summarise

            problems = check_directory()
            print(summarise(problems), file=sys.stderr if problems else sys.stdout)
            return 1 if problems else 0
        elif args.command == "figures":
            from .figures import headline_figures

            print(json.dumps(headline_figures(), indent=2, sort_keys=True))
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
