"""./workbook mistakes: test the tests with a bank of deliberately wrong implementations
(instructors; CI runs it).

tests/mistakes/NN_chapter/<case>/ holds exK_name.cpp, a full replacement of one exercise file,
and case.toml:
    kind     = "wrong"            # or "correct": a correct implementation written differently
    exercise = "1.2"              # the exercise whose tests must catch it (or pass it)
    mistake  = "sigma(z) used where sigma'(z) is due"     # what the case does, for people
    expect   = ["sigma(z)"]       # substrings the failure messages must contain (case-insensitive):
                                  # the report should name the mistake
    expect_score = 0              # optional: the points the exercise must score, as graded (the hidden
                                  # checks' gate included): a hard-coded answer must score 0
Each case is graded as a submission through the grading machinery (one reused build per worker):
the chapter's reference solutions, with the one file replaced. A wrong case passes the check when
at least one test of its exercise fails and the messages contain `expect`; a correct case when
every test of its exercise passes (the tolerances are neither too tight nor too loose)."""
from __future__ import annotations

import os
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

BANK = core.ROOT / "tests" / "mistakes"


@dataclass
class Case:
    chapter: object          # core.Chapter
    name: str
    kind: str
    exercise: str
    mistake: str
    expect: list
    file: Path
    note: str = ""
    expect_score: float | None = None
    verdict: str = ""
    detail: str = ""
    ok: bool = False
    messages: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.chapter.folder}/{self.name}"


def register(sub) -> None:
    p = sub.add_parser("mistakes", help="test the tests: every known wrong implementation must fail, every correct variant pass")
    p.add_argument("chapters", nargs="*", help="only these chapters (default: every chapter with cases)")
    p.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parallel workers")
    p.add_argument("-k", "--case", action="append", default=[], help="only cases whose name contains this")
    p.add_argument("--sandbox", choices=["auto", "bwrap", "limits"], default="auto")
    p.add_argument("--work", default=None, help="build folders (default: build-grade/mistakes)")
    p.add_argument("-v", "--verbose", action="store_true", help="show every case's messages")
    p.add_argument("--bank", default=None, help="another bank folder (default: tests/mistakes)")
    p.set_defaults(func=run)


def load_cases(bank: Path = BANK, chapters: list | None = None) -> tuple:
    """(cases, problems): the bank's cases for the chapters of this tree."""
    by_folder = {c.folder: c for c in core.chapters()}
    cases, problems = [], []
    if not bank.is_dir():
        return cases, [f"no mistakes bank at {bank}"]
    for chdir in sorted(bank.iterdir()):
        if not chdir.is_dir():
            continue
        ch = by_folder.get(chdir.name)
        if ch is None:
            problems.append(f"{chdir.name}: no such chapter in chapters/ (cases skipped)")
            continue
        if chapters and ch.number not in chapters:
            continue
        names = {e.path.name: e for e in ch.exercises}
        for cdir in sorted(chdir.iterdir()):
            meta = cdir / "case.toml"
            if not meta.exists():
                continue
            try:
                m = tomllib.loads(meta.read_text())
            except tomllib.TOMLDecodeError as e:
                problems.append(f"{cdir}: case.toml: {e}")
                continue
            srcs = [p for p in cdir.glob("*.cpp")]
            if len(srcs) != 1 or srcs[0].name not in names:
                problems.append(f"{cdir}: needs exactly one exercise file of {ch.folder} (one of {', '.join(names)})")
                continue
            ex = names[srcs[0].name]
            kind = m.get("kind", "wrong")
            exp = m.get("expect", [])
            exp = [exp] if isinstance(exp, str) else list(exp)
            if kind not in ("wrong", "correct"):
                problems.append(f"{cdir}: kind must be wrong or correct")
                continue
            if m.get("exercise", ex.id) != ex.id:
                problems.append(f"{cdir}: exercise {m.get('exercise')} but the file is {ex.id}'s")
                continue
            score = m.get("expect_score")
            if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
                problems.append(f"{cdir}: expect_score must be a number (the points the exercise must score)")
                continue
            cases.append(Case(ch, cdir.name, kind, ex.id, m.get("mistake", ""), exp, srcs[0], m.get("note", ""),
                              None if score is None else float(score)))
    return cases, problems


def public_score(ex) -> float:
    """What the exercise would score on its public tests alone (no hidden checks' gate)."""
    from wb.grading import hidden
    public = [c for c in ex.cases if not hidden.is_hidden(c.name)] or ex.cases
    npass = sum(c.status == "passed" for c in public)
    if ex.mode == "all_or_nothing":
        return ex.points if npass == len(public) else 0.0
    return round(ex.points * npass / len(public), 4) if public else 0.0


def judge(case: Case, res) -> None:
    ex = next((e for ch in res.chapters for e in ch.exercises if e.id == case.exercise), None)
    if ex is None:
        case.ok, case.verdict = False, "exercise not graded"
        return
    _judge(case, ex)
    if case.expect_score is not None:
        score_ok = abs(ex.score - case.expect_score) < 1e-9
        case.verdict += (f"; scores {ex.score:g} of {ex.points:g} (its public tests alone: {public_score(ex):g})"
                         + ("" if score_ok else f", but it must score {case.expect_score:g}"))
        case.ok = case.ok and score_ok


def _judge(case: Case, ex) -> None:
    failing = [c for c in ex.cases if c.status != "passed"]
    case.messages = [f"{c.name} [{c.status}]: {c.message}" for c in failing]
    text = "\n".join(case.messages).lower()
    if case.kind == "correct":
        case.ok = not failing
        case.verdict = (f"passes all {len(ex.cases)} tests" if case.ok
                        else f"REJECTED: {len(failing)} of {len(ex.cases)} tests fail ({ex.status})")
        if not case.ok:
            case.detail = "\n".join(case.messages[:3])
        return
    if not failing:
        case.ok = False
        case.verdict = f"NOT CAUGHT: all {len(ex.cases)} tests of {ex.id} {ex.name} pass"
        return
    if ex.status == "does_not_compile" or ex.status == "integrity":
        case.ok = False
        case.verdict = f"the case itself is broken ({ex.status}): {ex.summary}"
        case.detail = "\n".join(case.messages[:1])
        return
    missing = [e for e in case.expect if e.lower() not in text]
    guesses = sorted({l.strip() for m in case.messages for l in m.splitlines() if "guess" in l})
    case.ok = not missing
    case.verdict = f"caught: {len(failing)} of {len(ex.cases)} tests fail ({ex.status})"
    if missing:
        case.verdict += f"; but no message says {', '.join(repr(e) for e in missing)}"
        case.detail = "\n".join(case.messages[:3])
    elif guesses:
        named = [g for g in guesses if any(e.lower() in g.lower() for e in case.expect if e.lower() != "guess")]
        case.detail = (named or guesses)[0]
    else:
        case.detail = case.messages[0].splitlines()[0] if case.messages else ""


def run(args) -> int:
    from wb.commands.grade import Grader, default_work
    from wb.grading.submission import Submission

    chapters = [core.find_chapter(c).number for c in args.chapters] or None
    cases, problems = load_cases(Path(args.bank) if args.bank else BANK, chapters=chapters)
    if args.case:
        cases = [c for c in cases if any(k in c.name for k in args.case)]
    for p in problems:
        print(f"workbook mistakes: {p}", file=sys.stderr)
    if not cases:
        print("0 passed, 1 failed\nworkbook mistakes: no cases to run")
        return 1
    if not core.has_solutions():
        raise SystemExit("workbook mistakes: needs the reference solutions (solutions/): not in the student edition")
    involved = sorted({c.chapter.number for c in cases})
    chs = [c for c in core.chapters() if c.number in involved]
    # WB_GRADE_CHAPTERS: build these chapters (a superset), so the workers can be shared with `grade`
    from wb.commands.grade import select_chapters
    wanted = select_chapters(os.environ.get("WB_GRADE_CHAPTERS", ""))
    if os.environ.get("WB_GRADE_CHAPTERS") and set(involved) <= {c.number for c in wanted}:
        chs = wanted
    work = Path(args.work or (default_work() / "mistakes"))
    g = Grader(chs, jobs=min(args.jobs, len(cases)), sandbox=args.sandbox, work=work)
    print(f"workbook mistakes: {len(cases)} cases in chapters {', '.join(map(str, involved))}; sandbox: {g.sandbox.mode}",
          flush=True)
    prep = g.prepare()
    print(f"workbook mistakes: {len(g.workers)} worker(s) ready in {prep:.1f} s", flush=True)
    items = []
    by_sub = {}
    for case in cases:
        ch = case.chapter
        base = {(ch.folder, e.path.name): (core.ROOT / "solutions" / ch.folder / e.path.name).read_bytes()
                for e in ch.exercises}
        sub = Submission(f"{ch.folder}-{case.name}", case.file.parent)
        sub.files[(ch.folder, case.file.name)] = case.file.read_bytes()
        by_sub[sub.name] = case
        items.append((sub, {"only_chapters": [ch.number], "only_exercises": [case.exercise], "base": base}))
    t0 = time.monotonic()
    p = core.color()

    def on_result(res):
        case = by_sub[res.submission.name]
        judge(case, res)
        mark = p("green", "ok  ") if case.ok else p("red", "FAIL")
        print(f"{mark} {case.label:<44} {case.kind:<7} {case.exercise:<4} {case.verdict}", flush=True)
        if case.detail and (args.verbose or not case.ok or case.kind == "wrong"):
            for line in case.detail.splitlines()[:4]:
                print(f"       {line.strip()[:200]}")
        if args.verbose and case.messages:
            for m in case.messages:
                for line in m.splitlines()[:8]:
                    print(f"         | {line}")

    g.run(items, on_result)
    wall = time.monotonic() - t0
    bad = [c for c in cases if not c.ok]
    wrong = [c for c in cases if c.kind == "wrong"]
    print(f"\nmistakes bank: {len(wrong)} wrong implementations ({sum(c.ok for c in wrong)} caught with the "
          f"right message), {len(cases) - len(wrong)} correct variants "
          f"({sum(c.ok for c in cases if c.kind == 'correct')} pass); {wall:.0f} s")
    for c in bad:
        print(f"  FAIL {c.label}: {c.verdict}" + (f"  [{c.note}]" if c.note else ""))
    print(f"{len(cases) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0
