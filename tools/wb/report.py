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
# Compile errors that have a usual cause (matched on the compiler's message and the student's line).
COMPILE_HINTS = [
    (r"xreducer.*(?:cannot convert|no viable conversion|conversion from|cannot initialize)|(?:cannot convert|no viable conversion|cannot initialize)[^\n]*xreducer",
     r"xt::(?:sum|mean|prod|amax|amin|norm_l2|norm_sq)\s*\(",
     "xt::sum(a) (like xt::mean, xt::amax, xt::prod) is a lazy 0-d expression, not a double: write xt::sum(a)() "
     "to get the number (the () evaluates it), or assign the reduction to an xt::xtensor first"),
    (r"xfunction.*(?:cannot convert|no viable conversion)|(?:cannot convert|no viable conversion).*xfunction", r"",
     "an xtensor expression is lazy: assign it to a container (xt::xarray<double>, a Matrix) before you use it as a "
     "value; a reduction such as xt::sum(a) needs () to give a double"),
    (r"(zeros|ones|empty)<[^>]*>\(<brace-enclosed initializer list>\)|no matching function for call to '(zeros|ones|empty)'",
     r"",
     "the numbers of a shape in braces must all have one type: xt::zeros<double>({std::size_t{1}, n}) "
     "(not {1, n} with n a std::size_t)"),
    (r"[‘']linalg[’'] is not a member of [‘']xt[’']|no member named 'linalg' in namespace 'xt'", r"",
     "xt::linalg::dot needs #include <xtensor-blas/xlinalg.hpp>"),
    (r"[‘']blas[’'] is not a member of [‘']xt[’']|no member named 'blas' in namespace 'xt'", r"",
     "xt::blas::gemm needs #include <xtensor-blas/xblas.hpp>"),
    (r"was not declared in this scope|use of undeclared identifier|is not a member of 'xt(?:::linalg)?'|no member named .* in namespace 'xt",
     r"",
     "a name the compiler does not know: a missing #include (xt::linalg::dot is in <xtensor-blas/xlinalg.hpp>, "
     "wb::given::sigmoid in \"workbook/given.hpp\", xt::noalias in <xtensor/xnoalias.hpp>) or a typo"),
]


def compile_hint(message: str, code: str) -> str:
    for msg_pattern, code_pattern, hint in COMPILE_HINTS:
        if re.search(msg_pattern, message) and (not code_pattern or re.search(code_pattern, code)):
            return hint
    return ""


def broadcast_shapes(message: str):
    """The two shapes of xtensor's broadcast_error message ('LHS shape = (4, 1, )'), or None."""
    m = re.search(r"LHS shape = \(([\d,\s]*)\)\s*RHS shape = \(([\d,\s]*)\)", message)
    if not m:
        return None
    return tuple(tuple(int(x) for x in re.findall(r"\d+", g)) for g in m.groups())


def broadcast_hint(message: str) -> str:
    """'the shapes 4x1 and 1x4 do not broadcast: ...' from xtensor's message, '' without its shapes."""
    shapes = broadcast_shapes(message)
    if not shapes:
        return ""
    a, b = shapes
    fmt = lambda s: "x".join(map(str, s)) if len(s) > 1 else f"({s[0]},)" if s else "()"
    text = f"the shapes {fmt(a)} and {fmt(b)} do not broadcast"
    if len(a) == len(b) == 2 and a == b[::-1]:
        return text + (": one is the transpose of the other (a missing or an extra xt::transpose? or, in a call, two "
                       "arguments of the same type swapped: check their order against the chapter header)")
    if sorted(a) == sorted(b) or set(a) & set(b):
        return text + ": a dimension in the wrong place (rows for columns, a (n,) vector where n x 1 was due?)"
    return text + ": arrays of different sizes in an element-wise + - * / (a matrix product is xt::linalg::dot, not *)"


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
    hint = compile_hint(e.message + "\n" + err, "\n".join(e.code))
    text = e.text() + (f"\nguess (not a verdict): {hint}" if hint else "")
    return ExerciseStatus(ex, "does not compile", summary, _indent(text + "\n" + full))


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
    relate(ch, statuses, {ex.id for ex in broken})
    return [statuses[ex.id] for ex in ch.exercises]


def calls_of(ex: Exercise, others: list) -> list:
    """The exercises of `others` that the student's file of `ex` calls (by name, outside comments and
    strings; `wb::given::sigmoid` is not chapter 1's sigmoid)."""
    try:
        src = ex.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    src = re.sub(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\])*\"", " ", src, flags=re.S)
    out = []
    for o in others:
        if o.id == ex.id:
            continue
        for m in re.finditer(rf"(?<![\w.>:])((?:\w+::)*){re.escape(o.name)}\s*\(", src):
            qual = m.group(1)
            if not qual or re.fullmatch(r"(?:ch\d+::)+", qual):
                # not the definition of ex itself (`ch1::sigmoid_prime(`) - o.name differs from ex.name
                out.append(o)
                break
    return out


def relate(ch: Chapter, statuses: dict, broken: set) -> None:
    """Say when an exercise's state follows from another's: 'waiting' on an exercise that does not
    compile (its stub stands in), or failing while an exercise it calls fails too."""
    for ex in ch.exercises:
        s = statuses.get(ex.id)
        if s is None:
            continue
        r = s.result
        waiting_id = r.waiting_for.split()[0] if r is not None and r.waiting_for else ""
        if s.state == "waiting" and waiting_id in broken:
            s.summary = f"it calls exercise {r.waiting_for}, which does not compile (its stub stands in)"
            s.details = f"      make exercise {waiting_id} compile first: {ex.name} calls it"
            continue
        if s.state not in ("failing", "crashed", "timed out"):
            continue
        bad = [o for o in calls_of(ex, ch.exercises)
               if statuses.get(o.id) is not None and statuses[o.id].state in ("failing", "crashed", "timed out",
                                                                                 "does not compile")]
        if bad:
            o = bad[0]
            why = "does not compile" if statuses[o.id].state == "does not compile" else "fails"
            s.summary += f" (it calls exercise {o.id} {o.name}, which {why}: fix {o.id} first)"
            s.details = (f"      exercise {ex.id} calls {o.name} (exercise {o.id}), which {why}: this failure may "
                         f"follow from it. Fix {o.id} first.\n" + s.details)


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
            hint = broadcast_hint(c.message) or _exception_hint(c.message)
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
