"""./workbook setup: get this machine ready in one command (the dev container runs it when it is
created): install the packages (apt, through sudo when needed), configure the build, point
compile_commands.json at it for clangd, and build the first chapter's tests so that the first
`./workbook check 1` only compiles your file."""
from __future__ import annotations

import sys

from wb import core


def register(sub) -> None:
    p = sub.add_parser("setup", help="install what the workbook needs, configure the build, build chapter 1 (run once)")
    p.add_argument("--no-build", action="store_true", help="install and configure only")
    p.add_argument("--clangd", action="store_true", help="also install clangd (the editor's C++ language server)")
    p.add_argument("--chapter", default="1", help="the chapter whose tests to build (default 1)")
    p.set_defaults(func=setup)


def setup(args) -> int:
    extra = ["clangd"] if args.clangd else []
    core.ensure_packages(extra=extra, use_sudo=True, always_print=True)
    core.configure()
    if args.no_build:
        print("workbook: set up (not built). Next: ./workbook check 1")
        return 0
    ch = core.find_chapter(args.chapter)
    b = core.build([f"test_{ch.tag}_student"], keep_going=True, log_name="setup",
                   what=f"building chapter {ch.number}'s tests")
    if not b.ok and not core.test_binary(ch, "student").exists():
        # an exercise file that does not compile is fine (check says which); the support code must build
        print(f"workbook: the first build stopped; its log: {core.short_path(b.log_path)}", file=sys.stderr)
        for err in list(b.first_errors.values())[:3]:
            print("  " + err.splitlines()[0], file=sys.stderr)
    print(f"workbook: ready. Next: ./workbook check {ch.number}   (or ./workbook watch: it grades each time you save)")
    return 0
