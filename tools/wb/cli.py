"""./workbook COMMAND ...: the driver's entry point. Each command lives in commands/NAME.py and
registers itself with `register(subparsers)`; its parser's `func` runs it."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wb import commands, core  # noqa: E402

ORDER = ["setup", "run", "test", "check", "list", "watch", "hint", "reset", "plots", "book", "bench",
         "grade", "gradescope", "release"]


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="workbook",
        description="The backprop workbook: build, run, check and grade the chapters." if core.has_solutions() else
                    "The backprop workbook: build, run and check the chapters' exercises.",
        epilog=("Start with `./workbook run` (every chapter on the reference solutions) and "
                "`./workbook check 1` (your chapter-1 exercises)." if core.has_solutions() else
                "Start with `./workbook check 1`: it builds chapter 1 from your files and grades each "
                "exercise; `./workbook hint 1.1` when you are stuck."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [m.name for m in pkgutil.iter_modules(commands.__path__)]
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    for name in names:
        importlib.import_module(f"wb.commands.{name}").register(sub)
    help_p = sub.add_parser("help", help="show this help")
    help_p.set_defaults(func=lambda a: (parser.print_help(), 0)[1])
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\nworkbook: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
