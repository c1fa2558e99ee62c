"""./workbook run [N] [--solution]: build and run chapter programs.
Without N: every chapter on the reference solutions (the workbook's main job; plots go to plots/)."""
from __future__ import annotations

import subprocess
import sys

from wb import core


def register(sub) -> None:
    import argparse

    if core.has_solutions():
        p = sub.add_parser("run", help="run chapter programs (all chapters on the reference solutions, or chapter N on your code)")
        p.add_argument("chapter", nargs="?", help="chapter number; without it, every chapter on the reference solutions")
        p.add_argument("--solution", action="store_true", help="run on the reference solutions instead of your files")
    else:   # the student edition: only the student's code to run (--solution is kept, to say so)
        p = sub.add_parser("run", help="run chapter programs on your code (chapter N, or every chapter)")
        p.add_argument("chapter", nargs="?", help="chapter number; without it, every chapter")
        p.add_argument("--solution", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--seed", help="pass a seed to chapter programs that draw random numbers")
    p.set_defaults(func=run)


def run(args) -> int:
    core.ensure_packages()
    chs = [core.find_chapter(args.chapter)] if args.chapter else core.chapters()
    side = "solution" if (args.solution or not args.chapter) else "student"
    if side == "solution" and not core.has_solutions():
        if args.solution:
            raise SystemExit("workbook: this is the student edition: there are no reference solutions to run")
        side = "student"
    targets = [f"{c.tag}_{side}" for c in chs]
    b = core.build(targets, keep_going=True, log_name=f"run-{side}")
    if not b.ok:
        sys.stderr.write(b.log[-4000:])
        for src, err in b.first_errors.items():
            print(f"workbook: does not compile: {err.splitlines()[0]}", file=sys.stderr)
        print(f"workbook: the build failed (full log: {core.short_path(b.log_path)})", file=sys.stderr)
        if side == "solution":
            return 1
    failed = []
    for ch in chs:
        exe = core.program_binary(ch, side)
        p = core.color()
        print(p("bold", f"\n######## Chapter {ch.number}: {ch.short_title}  ({'reference solution' if side == 'solution' else 'your code'})"),
              flush=True)
        if not exe.exists():
            print(f"(not built: {exe.name})")
            failed.append(ch.number)
            continue
        cmd = [str(exe)] + (["--seed", args.seed] if args.seed else [])
        r = subprocess.run(cmd, cwd=core.ROOT)
        if r.returncode != 0:
            failed.append(ch.number)
    if len(chs) > 1:
        ok = len(chs) - len(failed)
        print(f"\n{ok} chapter programs ran, {len(failed)} stopped" + (f" (chapters {failed})" if failed else "")
              + "; plots are in plots/")
    return 1 if failed else 0
