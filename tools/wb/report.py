"""Showing exercise results to a student: status lines, progress bars, failure details."""
from __future__ import annotations

from dataclasses import dataclass

from wb.core import BuildResult, Chapter, Exercise, SuiteResult, color, errors_for, run_suite, short_path, test_binary

SYMBOL = {"done": "✓", "failing": "✗", "not implemented": "·", "does not compile": "⚠", "crashed": "✗",
          "timed out": "✗", "not run": "?"}
PAINT = {"done": "green", "failing": "red", "not implemented": "dim", "does not compile": "yellow",
         "crashed": "red", "timed out": "red", "not run": "yellow"}


@dataclass
class ExerciseStatus:
    exercise: Exercise
    state: str                  # one of SYMBOL's keys
    summary: str = ""           # one line
    details: str = ""           # the failures, for the first one not done
    result: SuiteResult | None = None


def status_of(ex: Exercise, build: BuildResult, binary) -> ExerciseStatus:
    err = errors_for(build, ex.path)
    if err:
        first, *rest = err.splitlines()
        body = "\n".join("      " + l for l in rest)
        return ExerciseStatus(ex, "does not compile", short_path(first.split(":")[0]) + first[len(first.split(":")[0]):],
                              (body + "\n" if body else "") + f"      (the compiler's full output: {short_path(build.log_path)})")
    if not build.ok:
        return ExerciseStatus(ex, "not run", "the chapter does not build (see the exercise that does not compile)")
    r = run_suite(binary, ex.suite)
    return from_suite(ex, r)


def from_suite(ex: Exercise, r: SuiteResult) -> ExerciseStatus:
    n = len(r.cases)
    if r.status == "passed":
        return ExerciseStatus(ex, "done", f"{n} of {n} tests pass", result=r)
    if r.status == "not_implemented":
        return ExerciseStatus(ex, "not implemented", f"exercise {ex.id} {ex.name} is not implemented yet", result=r)
    if r.status == "timeout":
        bad = [c for c in r.cases if c.status == "timeout"]
        what = ", ".join(c.name for c in bad) or "the suite"
        return ExerciseStatus(ex, "timed out", f"{what} ran out of time (an endless loop?)", _details(r), r)
    if r.status == "crashed":
        return ExerciseStatus(ex, "crashed", "the test process crashed", _details(r) or r.output[-2000:], r)
    if r.status == "missing":
        return ExerciseStatus(ex, "not run", r.output.strip().splitlines()[-1] if r.output.strip() else "no tests", result=r)
    return ExerciseStatus(ex, "failing", f"{r.passed} of {n} tests pass", _details(r), r)


def _details(r: SuiteResult, limit: int = 3) -> str:
    bad = [c for c in r.cases if c.status != "passed"]
    out = []
    for c in bad[:limit]:
        label = {"exception": "threw an exception", "timeout": "timed out", "crashed": "crashed",
                 "not_implemented": "not implemented", "failed": "failed"}.get(c.status, c.status)
        msg = "\n".join("      " + l for l in c.message.splitlines()[:12])
        out.append(f"    {c.name}: {label}\n{msg}" if msg else f"    {c.name}: {label}")
    if len(bad) > limit:
        out.append(f"    ... and {len(bad) - limit} more failing tests")
    return "\n".join(out)


def bar(done: int, total: int, width: int = 24) -> str:
    filled = round(width * done / total) if total else 0
    return "[" + "█" * filled + "░" * (width - filled) + f"] {done}/{total}"


def print_chapter(ch: Chapter, statuses: list, verbose_first: bool = True, all_details: bool = False) -> None:
    p = color()
    done = sum(s.state == "done" for s in statuses)
    print(p("bold", f"Chapter {ch.number}: {ch.title}") + "  " + bar(done, len(statuses)))
    first = next_up(statuses)
    for s in statuses:
        sym = p(PAINT[s.state], SYMBOL[s.state])
        print(f"  {sym} {s.exercise.id:<5} {s.exercise.name:<24} {p(PAINT[s.state], s.state)}"
              + (f": {s.summary}" if s.summary and s.state not in ("done", "not implemented") else ""))
        if s.details and (all_details or (verbose_first and s is first)):
            print(s.details)


def next_up(statuses: list):
    """The exercise to work on next: one that does not compile (it blocks the others), then the
    first one not done."""
    for s in statuses:
        if s.state == "does not compile":
            return s
    for s in statuses:
        if s.state != "done":
            return s
    return None
