"""./workbook check N: build chapter N from your exercise files and grade each exercise.
./workbook list: every chapter's exercises with their status."""
from __future__ import annotations

import sys

from wb import core, report


def register(sub) -> None:
    p = sub.add_parser("check", help="build chapter N from your files and run its tests, exercise by exercise")
    p.add_argument("chapter", help="chapter number, e.g. 1")
    p.add_argument("-v", "--verbose", action="store_true", help="show the failures of every exercise, not only the first")
    p.set_defaults(func=check)
    p = sub.add_parser("list", help="all chapters and exercises with their status (done, failing, ...)")
    p.set_defaults(func=list_all)


def grade_chapter(ch: core.Chapter) -> list:
    core.ensure_packages()
    build = core.build([f"test_{ch.tag}_student"], keep_going=True, log_name=f"check-{ch.tag}")
    binary = core.test_binary(ch, "student")
    return [report.status_of(ex, build, binary) for ex in ch.exercises]


def check(args) -> int:
    ch = core.find_chapter(args.chapter)
    statuses = grade_chapter(ch)
    report.print_chapter(ch, statuses, all_details=args.verbose)
    nxt = report.next_up(statuses)
    p = core.color()
    if nxt is None:
        print(p("green", f"\nChapter {ch.number} is done. Run it: ./workbook run {ch.number}"))
        return 0
    print(f"\nNext: exercise {nxt.exercise.id} {nxt.exercise.name} in {core.short_path(nxt.exercise.path)}"
          f"   (hints: ./workbook hint {nxt.exercise.id})")
    return 1


def list_all(args) -> int:
    chs = core.chapters()
    core.ensure_packages()
    build = core.build([f"test_{c.tag}_student" for c in chs], keep_going=True, log_name="list")
    total = done = 0
    for ch in chs:
        # A chapter whose own files compile can still be run when another chapter does not.
        own_errors = [ex for ex in ch.exercises if core.errors_for(build, ex.path)]
        binary = core.test_binary(ch, "student")
        chapter_build = build if own_errors or not binary.exists() else core.BuildResult(True, "", build.log_path, [], {})
        statuses = [report.status_of(ex, chapter_build, binary) for ex in ch.exercises]
        report.print_chapter(ch, statuses, verbose_first=False)
        total += len(statuses)
        done += sum(s.state == "done" for s in statuses)
        print()
    print("Course " + report.bar(done, total, 40))
    sys.stdout.flush()
    return 0
