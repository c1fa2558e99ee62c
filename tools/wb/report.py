"""Showing exercise results to a student: status lines, progress bars, failure details, and the
exercise to do next (its equation and shapes, read from the chapter source)."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from wb import core
from wb.core import BuildResult, Chapter, Exercise, SuiteResult, color, errors_for, run_suite, short_path, test_binary

SYMBOL = {"done": "✓", "failing": "✗", "not implemented": "·", "does not compile": "⚠", "crashed": "✗",
          "timed out": "✗", "not run": "?", "waiting": "·"}
PAINT = {"done": "green", "failing": "red", "not implemented": "dim", "does not compile": "yellow",
         "crashed": "red", "timed out": "red", "not run": "yellow", "waiting": "dim"}

# Exceptions that student code meets often, and what they usually mean (shown as a guess).
EXCEPTION_HINTS = [
    (r"broadcast_error|Incompatible dimension of arrays",
     "xtensor could not combine two arrays of incompatible shapes in an element-wise + - * / or an "
     "assignment; print the shapes (wb::shape_str(a.shape())). A matrix product is xt::linalg::dot, not *"),
    (r"Dot: shape mismatch",
     "xt::linalg::dot(A, B) needs as many columns in A as rows in B: a missing or an extra transpose?"),
    (r"wb::shape_error", "an argument or a result has the wrong shape (the message names both)"),
    (r"wb::graph_error", "the computational graph cannot be walked: a cycle, or a node id that does not exist (the message names them)"),
    (r"wb::numeric_error", "a NaN or an Inf appeared: a division by zero, exp of a large number, or a log of 0?"),
    (r"out_of_range|index", "an index past the end of an array or a vector"),
    (r"bad_alloc", "an array far too large was requested: a shape computed from the wrong dimension?"),
]
# Compiler errors that student code meets often in xtensor, and what they usually mean (a guess).
COMPILE_HINTS = [
    (r"(cannot convert|conversion from|no viable conversion|cannot initialize)[^\n]*xreducer",
     "xt::sum(...), xt::amax(...) and the other reducers give a lazy expression, not a double: call it to "
     "get the number, xt::sum(a)(), or evaluate it into a Matrix"),
    (r"(zeros|ones|empty)<[^>]*>\(<brace-enclosed initializer list>\)|no matching function for call to '(zeros|ones|empty)'",
     "the numbers of a shape in braces must all have one type: xt::zeros<double>({std::size_t{1}, n}) "
     "(not {1, n} with n a std::size_t)"),
    (r"[‘']linalg[’'] is not a member of [‘']xt[’']|no member named 'linalg' in namespace 'xt'",
     "xt::linalg::dot needs #include <xtensor-blas/xlinalg.hpp>"),
    (r"[‘']blas[’'] is not a member of [‘']xt[’']|no member named 'blas' in namespace 'xt'",
     "xt::blas::gemm needs #include <xtensor-blas/xblas.hpp>"),
]
CRASH_HINT = ("an index out of bounds (xtensor does not check indices in a Release build: a loop bound, "
              "rows and columns swapped, an array of the wrong shape) or a null pointer")


@dataclass
class ExerciseStatus:
    exercise: Exercise
    state: str                  # one of SYMBOL's keys
    summary: str = ""           # one line
    details: str = ""           # the failures, for the first one not done
    result: SuiteResult | None = None


def _indent(text: str, n: int = 6) -> str:
    return "\n".join((" " * n + l) if l.strip() else l for l in text.splitlines())


def _short(text: str, width: int = 110) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def compile_status(ex: Exercise, build: BuildResult, log_hint: str = "") -> ExerciseStatus | None:
    """'does not compile' with the student's file:line and the compiler's first error first."""
    err = errors_for(build, ex.path)
    if not err:
        return None
    e = core.compile_error_for(build, ex.path)
    full = log_hint or f"the compiler's full output: {short_path(build.log_path)}"
    if e is None:
        first, *rest = err.splitlines()
        return ExerciseStatus(ex, "does not compile", first, _indent("\n".join(rest + [full])))
    summary = f"{Path(e.file).name}:{e.line}: {_short(e.message, 100)}"
    hint = next((h for pattern, h in COMPILE_HINTS if re.search(pattern, e.message + "\n" + err)), "")
    guess = f"\nguess (not a verdict): {hint}" if hint else ""
    return ExerciseStatus(ex, "does not compile", summary, _indent(e.text() + guess + "\n" + full))


def status_of(ex: Exercise, build: BuildResult, binary) -> ExerciseStatus:
    """One exercise on its own (kept for callers that grade one at a time)."""
    s = compile_status(ex, build)
    if s:
        return s
    if not build.ok:
        return ExerciseStatus(ex, "not run", "the chapter does not build (see the exercise that does not compile)")
    return from_suite(ex, run_suite(binary, ex.suite))


def _chapter_failures(ch: Chapter, build: BuildResult):
    """(objects of this chapter that failed, failures outside every chapter, this chapter's test link failed)."""
    mine, outside = [], []
    for t in build.failed_targets:
        if t.startswith(f"chapters/{ch.folder}/"):
            mine.append(t)
        elif not t.startswith("chapters/") and not re.match(r"^bin/(test_)?ch\d\d_", t):
            outside.append(t)
    link_failed = f"bin/test_{ch.tag}_student" in build.failed_targets
    return mine, outside, link_failed


def grade(ch: Chapter, build: BuildResult, log_hint: str = "", fallback: bool = True) -> list:
    """Every exercise of chapter `ch` after `build`: the ones that do not compile say where, and the
    others still run (against a re-link with the broken files' stubs) when the rest of the chapter builds."""
    statuses: dict = {}
    broken = []
    for ex in ch.exercises:
        s = compile_status(ex, build, log_hint)
        if s:
            statuses[ex.id] = s
            broken.append(ex)
    mine, outside, link_failed = _chapter_failures(ch, build)
    if link_failed and not broken:
        # the files compile but the tests do not link: a helper defined in two files, a function missing
        for ex in ch.exercises:
            msgs = [m for m in build.link_errors if re.search(rf"[ (]{re.escape(ex.path.name)}\b", m)
                    or f"::{ex.name}(" in m]
            if msgs:
                statuses[ex.id] = ExerciseStatus(
                    ex, "does not compile", "does not link: " + _short(msgs[0], 100),
                    _indent("\n".join(msgs[:4]) + "\n(a function defined in two files: make helpers `static` or put "
                            "them in an anonymous namespace; a function missing: keep the signature the chapter "
                            "header declares)\n" + (log_hint or f"the full output: {short_path(build.log_path)}")))
                broken.append(ex)
    binary, why_not = core.test_binary(ch, "student"), ""
    broken_objs = {build.failed_commands[k][0] for k in build.failed_commands
                   if any(core._same_file(k, str(ex.path)) for ex in broken)}
    other_objs = [o for o in mine if o.endswith(".o") and o not in broken_objs]
    if not build.ok and not build.failed_targets:
        # the build tool itself stopped (an unknown target, CMake failed): nothing here is fresh
        tool = re.search(r"^(?:ninja: error|CMake Error|make: \*\*\*)[^\n]*", build.log, re.M)
        why_not = "the build stopped" + (f": {_short(tool.group(0), 100)}" if tool else
                                         f" (see {short_path(build.log_path)})")
        binary = None
    elif outside and not build.ok:
        first = next(iter(e for k, e in build.first_errors.items() if not f"/chapters/{ch.folder}/" in k), "")
        why_not = "the workbook's support code does not build" + (f": {first.splitlines()[0]}" if first else
                                                                 f" (see {short_path(build.log_path)})")
        binary = None
    elif other_objs:
        errs = [e for k, e in build.first_errors.items() if any(k.endswith(o.split(".dir/")[-1][:-2]) for o in other_objs)]
        why_not = "the chapter's tests or given code do not compile" + (f": {errs[0].splitlines()[0]}" if errs else
                                                                        f" (see {short_path(build.log_path)})")
        binary = None
    elif broken:
        binary, why_not = (core.fallback_test_binary(ch, build, broken) if fallback
                           else (None, "the chapter does not build (see the exercise that does not compile)"))
    elif link_failed:
        msgs = build.link_errors
        why_not = "the chapter's tests do not link" + (f": {msgs[0]}" if msgs else f" (see {short_path(build.log_path)})")
        binary = None
    todo = [ex for ex in ch.exercises if ex.id not in statuses]
    if binary is not None and not binary.exists() and not why_not:
        tool = re.search(r"^(?:ninja: error|CMake Error|make: \*\*\*)[^\n]*", build.log, re.M)
        why_not = "the tests were not built" + (f": {_short(tool.group(0), 100)}" if tool else
                                               f" (see {short_path(build.log_path)})")
    if binary is None or not binary.exists():
        for ex in todo:
            statuses[ex.id] = ExerciseStatus(ex, "not run", why_not or "the tests were not built")
    else:
        results = core.run_suites(binary, [ex.suite for ex in todo])
        for ex in todo:
            statuses[ex.id] = from_suite(ex, results[ex.suite])
    return [statuses[ex.id] for ex in ch.exercises]


def from_suite(ex: Exercise, r: SuiteResult) -> ExerciseStatus:
    n = len(r.cases)
    if r.status == "passed":
        return ExerciseStatus(ex, "done", f"{n} of {n} tests pass", result=r)
    if r.status == "not_implemented":
        if r.waiting_for:
            return ExerciseStatus(ex, "waiting", f"it calls exercise {r.waiting_for}, which is not implemented yet",
                                  f"      do exercise {r.waiting_for} first (its tests feed it reference inputs, "
                                  f"but {ex.name} itself calls it)", r)
        return ExerciseStatus(ex, "not implemented", f"exercise {ex.id} {ex.name} is not implemented yet", result=r)
    if r.status == "timeout":
        bad = [c for c in r.cases if c.status == "timeout"]
        what = ", ".join(c.name for c in bad) or "the suite"
        return ExerciseStatus(ex, "timed out", f"{what} ran out of time (an endless loop?)", _details(r), r)
    if r.status == "crashed":
        bad = next((c for c in r.cases if c.status == "crashed"), None)
        what = re.sub(r" at address: 0x[0-9a-f]+", "", bad.message.splitlines()[0]) if bad and bad.message else ""
        what = re.sub(r": no mapping at fault address", "", what)
        summary = (f"crashed in {bad.name}" + (f" ({_short(what, 60)})" if what else "")) if bad \
            else "the test process crashed"
        details = _details(r) or (_indent(r.output.strip()[-1500:]) + f"\n      guess (not a verdict): {CRASH_HINT}")
        return ExerciseStatus(ex, "crashed", summary, details, r)
    if r.status == "missing":
        return ExerciseStatus(ex, "not run", r.output.strip().splitlines()[-1] if r.output.strip() else "no tests", result=r)
    first = next((c for c in r.cases if c.status not in ("passed", "not_implemented")), None)
    summary = f"{r.passed} of {n} tests pass"
    if first is not None and first.message:
        line = re.sub(rf"^exercise {re.escape(ex.id)} {re.escape(ex.name)}: ", "", first.message.splitlines()[0])
        line = re.sub(r"\s*\[tests/[^\]]*\]$", "", line)
        summary += ("; throws " if first.status == "exception" else "; ") + _short(line, 90)
    return ExerciseStatus(ex, "failing", summary, _details(r), r)


def _exception_hint(message: str) -> str:
    for pattern, hint in EXCEPTION_HINTS:
        if re.search(pattern, message):
            return hint
    return ""


def _details(r: SuiteResult, limit: int = 3) -> str:
    bad = [c for c in r.cases if c.status != "passed"]
    out = []
    for c in bad[:limit]:
        label = {"exception": "threw an exception (not caught in your code)", "timeout": "timed out",
                 "crashed": "crashed", "not_implemented": "not implemented", "failed": "failed"}.get(c.status, c.status)
        lines = c.message.splitlines()[:12]
        if c.status == "exception" and lines:
            hint = _exception_hint(c.message)
            if hint:
                lines.append(f"guess (not a verdict): {hint}")
        if c.status == "crashed":
            lines.append(f"guess (not a verdict): {CRASH_HINT}")
        msg = "\n".join("      " + l for l in lines)
        out.append(f"    {c.name}: {label}\n{msg}" if msg else f"    {c.name}: {label}")
    if len(bad) > limit:
        out.append(f"    ... and {len(bad) - limit} more failing tests")
    if r.not_run:
        out.append(f"    ({r.not_run} more tests of this exercise did not run after the crash)")
    return "\n".join(out)


def bar(done: int, total: int, width: int = 24) -> str:
    filled = round(width * done / total) if total else 0
    return "[" + "█" * filled + "░" * (width - filled) + f"] {done}/{total}"


def chapter_heading(ch: Chapter) -> str:
    return f"Chapter {ch.number}: {ch.short_title}"


def print_chapter(ch: Chapter, statuses: list, verbose_first: bool = True, all_details: bool = False,
                  heading_width: int = 0, out=None) -> None:
    import sys

    out = out or sys.stdout
    p = color()
    done = sum(s.state == "done" for s in statuses)
    head = chapter_heading(ch)
    print(p("bold", head.ljust(heading_width)) + "  " + bar(done, len(statuses)), file=out)
    first = next_up(statuses)
    for s in statuses:
        sym = p(PAINT[s.state], SYMBOL[s.state])
        print(f"  {sym} {s.exercise.id:<5} {s.exercise.name:<24} {p(PAINT[s.state], s.state)}"
              + (f": {s.summary}" if s.summary and s.state not in ("done", "not implemented") else ""), file=out)
        if s.details and (all_details or (verbose_first and s is first)):
            print(s.details, file=out)


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


def focus(s: ExerciseStatus, why: bool = True) -> str:
    """The exercise to do next: its name, file, equation and shapes (from its statement block), and
    why it fails."""
    p = color()
    ex = s.exercise
    lines = [p("bold", f"Exercise {ex.id} {ex.name}") + f"   {short_path(ex.path)}   " + p(PAINT[s.state], s.state)]
    for key in ("Equation", "Shapes"):
        if ex.doc.get(key):
            val = ex.doc[key].splitlines()
            lines.append(f"  {key + ':':<10} {val[0]}")
            lines += [f"  {'':<10} {v}" for v in val[1:]]
    if why and s.state not in ("done", "not implemented"):
        lines.append("  Why:" + (f" {s.summary}" if s.summary and not s.details else ""))
        if s.details:
            lines.append(s.details)
    elif s.state == "not implemented":
        lines.append(f"  The stub still throws wb::not_implemented: replace it with your code.")
    lines.append(p("dim", f"  hints: ./workbook hint {ex.id}"))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# What is known about every exercise (for the course bar and `watch` without N): the last result
# of each, kept with a digest of the file it was computed from, in .workbook/progress.json.
# ------------------------------------------------------------------------------------------------
def _progress_path() -> Path:
    return core.state_dir() / "progress.json"


def load_progress() -> dict:
    try:
        return json.loads(_progress_path().read_text())
    except (OSError, ValueError):
        return {}


def record(statuses: list) -> None:
    data = load_progress()
    for s in statuses:
        data[s.exercise.id] = {"state": s.state, "sha": core.file_digest(s.exercise.path), "time": int(time.time())}
    try:
        path = _progress_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        tmp.replace(path)
    except OSError:
        pass


def known_done(ex: Exercise, progress: dict | None = None) -> bool:
    """True when the last result of this exercise was 'done' and its file has not changed since."""
    entry = (progress if progress is not None else load_progress()).get(ex.id)
    return bool(entry) and entry.get("state") == "done" and entry.get("sha") == core.file_digest(ex.path)


def course_progress(chs: list, progress: dict | None = None) -> tuple:
    progress = progress if progress is not None else load_progress()
    total = sum(len(c.exercises) for c in chs)
    done = sum(known_done(ex, progress) for c in chs for ex in c.exercises)
    return done, total


def first_open_chapter(chs: list) -> Chapter | None:
    progress = load_progress()
    for ch in chs:
        if not all(known_done(ex, progress) for ex in ch.exercises):
            return ch
    return None
