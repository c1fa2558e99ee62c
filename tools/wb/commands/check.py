"""./workbook check N: build chapter N from your exercise files and grade each exercise.
./workbook list: every chapter's exercises with their status."""
from __future__ import annotations

import os
import sys

from wb import core, report


def register(sub) -> None:
    p = sub.add_parser("check", help="build chapter N from your files and run its tests, exercise by exercise")
    p.add_argument("chapter", help="chapter number, e.g. 1")
    p.add_argument("-v", "--verbose", action="store_true", help="show the failures of every exercise, not only the first")
    p.add_argument("--log", action="store_true", help="print the compiler's full output of the last check of chapter N")
    p.set_defaults(func=check)
    p = sub.add_parser("list", help="all chapters and exercises with their status (done, failing, ...)")
    p.set_defaults(func=list_all)


def log_path(ch: core.Chapter):
    return core.build_dir() / "logs" / f"check-{ch.tag}.log"


def log_hint(ch: core.Chapter, path=None) -> str:
    return (f"the compiler's full output: ./workbook check {ch.number} --log"
            f"   (saved in {core.short_path(path or log_path(ch))})")


def grade_chapter(ch: core.Chapter, packages: bool = True) -> list:
    """Build chapter N's tests from the student's files (only what changed recompiles) and grade
    every exercise; remembers the results for the course bar."""
    if packages:
        core.ensure_packages()
    core.configure()
    only = core.built_chapters()
    if only is not None and ch.number not in only:
        if os.environ.get("WB_CHAPTERS"):
            raise SystemExit(f"workbook: chapter {ch.number} is not in WB_CHAPTERS={os.environ['WB_CHAPTERS']}")
        # a build restricted with WB_CHAPTERS earlier: add the chapter asked for
        core.configure(defs={"WB_CHAPTERS": ";".join(str(n) for n in sorted(only | {ch.number}))})
    build = core.build([f"test_{ch.tag}_student"], keep_going=True, log_name=f"check-{ch.tag}")
    statuses = report.grade(ch, build, log_hint=log_hint(ch, build.log_path))
    report.record(statuses)
    return statuses


def print_next(ch: core.Chapter, statuses: list, details_shown: bool = True) -> int:
    """The closing lines of check and watch: what to do next. Returns check's exit code."""
    p = core.color()
    nxt = report.next_up(statuses)
    if nxt is None:
        print(p("green", f"Chapter {ch.number} is done. Run it: ./workbook run {ch.number}"))
        return 0
    print(report.focus(nxt, why=not details_shown))
    return 1


def check(args) -> int:
    ch = core.find_chapter(args.chapter)
    if args.log:
        path = log_path(ch)
        if not path.exists():
            raise SystemExit(f"workbook: no build log of chapter {ch.number} yet: run ./workbook check {ch.number}")
        sys.stdout.write(path.read_text(errors="replace"))
        return 0
    statuses = grade_chapter(ch)
    report.print_chapter(ch, statuses, all_details=args.verbose)
    done, total = report.course_progress(core.chapters())
    print(f"{'Course':<{len(report.chapter_heading(ch))}}  " + report.bar(done, total))
    print()
    return print_next(ch, statuses)


def list_all(args) -> int:
    chs = core.chapters()
    core.ensure_packages()
    core.configure()
    only = core.built_chapters()          # a build configured with WB_CHAPTERS has only those
    here = [c for c in chs if only is None or c.number in only]
    here_numbers = {c.number for c in here}
    build = core.build([f"test_{c.tag}_student" for c in here], keep_going=True, log_name="list")
    total = done = 0
    width = max((len(report.chapter_heading(c)) for c in chs), default=0)
    for ch in chs:
        if ch.number not in here_numbers:
            statuses = [report.ExerciseStatus(ex, "not run", f"chapter {ch.number} is not in this build "
                                              f"(WB_CHAPTERS={';'.join(map(str, sorted(only)))})") for ex in ch.exercises]
        else:
            # A chapter whose own files compile runs even when another chapter does not build.
            statuses = report.grade(ch, build, log_hint=f"the compiler's full output: {core.short_path(build.log_path)}")
            report.record(statuses)
        report.print_chapter(ch, statuses, verbose_first=False, heading_width=width)
        total += len(statuses)
        done += sum(s.state == "done" for s in statuses)
        print()
    print(f"{'Course':<{width}}  " + report.bar(done, total))
    sys.stdout.flush()
    return 0
