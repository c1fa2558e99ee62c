"""./workbook grade [-o OUTDIR] [-j N] SUBMISSION...: grade student submissions (instructors).

Each submission (a folder, a .zip or a .tar.gz with the student's chapter files) is graded with the
instructor's tests and build files, whatever it contains; student code is compiled and run in a
sandbox with limits; points come from grading/points.toml. Writes OUTDIR/<name>/results.json
(Gradescope's format), junit.xml and report.txt, and a line in OUTDIR/gradebook.csv."""
from __future__ import annotations

import os
import queue
import shutil
import sys
import threading
import time
from pathlib import Path

from wb import core


def register(sub) -> None:
    p = sub.add_parser("grade", help="grade student submissions (folders, .zip, .tar.gz): results.json, JUnit, report, gradebook")
    p.add_argument("submissions", nargs="*", metavar="SUBMISSION", help="a folder, .zip or .tar.gz of a student's chapter files")
    p.add_argument("-o", "--out", default=None, help="output folder (default: build-grade/results)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded in parallel, one build folder each")
    p.add_argument("--chapters", default=os.environ.get("WB_GRADE_CHAPTERS", ""), help="only these chapters, e.g. 1,3 (default: all)")
    p.add_argument("--prepare", action="store_true", help="only build the workers (the instructor side), grade nothing")
    p.add_argument("--name", help="the name of the (single) submission in the results (default: from its file name)")
    p.add_argument("--sandbox", choices=["auto", "bwrap", "limits"], default=os.environ.get("WB_GRADE_SANDBOX", "auto"),
                   help="bwrap: bubblewrap required; limits: rlimits only; auto: bubblewrap when it works here")
    p.add_argument("--work", default=None, help="where the workers' build folders live (default: build-grade/, reused)")
    p.add_argument("--points", default=None, help="the points file (default: grading/points.toml)")
    p.add_argument("--secret", default=None,
                   help="the course secret the hidden checks draw their inputs from (default: $WB_HIDDEN_SEED, "
                        "else [hidden] seed in the points file)")
    p.add_argument("--student-id", default=None,
                   help="who the (single) submission is from: its hidden checks draw from HMAC(secret, this) "
                        "(default: the submission's name; Gradescope's run_autograder passes the submitter's user id)")
    p.add_argument("-q", "--quiet", action="store_true", help="only the summary lines")
    p.set_defaults(func=grade)


def default_work() -> Path:
    return Path(os.environ.get("WB_GRADE_WORK", core.ROOT / "build-grade"))


def select_chapters(spec: str) -> list:
    chs = core.chapters()
    if not spec:
        return chs
    parts = [x for x in spec.replace(" ", "").split(",") if x]
    if not parts:
        core.usage_error(f"--chapters {spec!r}: name chapters by number, e.g. --chapters 1,3")
    wanted = {core.find_chapter(x).number for x in parts}   # a clear error (exit 2) for "abc" or 99
    return [c for c in chs if c.number in wanted]


class Grader:
    """Workers plus the shared settings; used by grade, mistakes and the Gradescope autograder."""

    def __init__(self, chapters: list, jobs: int = 1, sandbox: str = "auto", work: Path | None = None,
                 points: str | None = None, outdir: Path | None = None, extra_hidden: list = (), log=None):
        from wb.grading import config, sandbox as sb
        self.cfg = config.load(points)
        self.cfg.check_known({e.id for c in core.chapters() for e in c.exercises})
        self.chapters = chapters
        self.jobs = max(1, jobs)
        self.work = Path(work or default_work()).resolve()
        self.log = log or (lambda m: print(m, file=sys.stderr, flush=True))
        core.ensure_packages()
        if sandbox != "limits" and not shutil.which("bwrap"):
            try:   # bubblewrap is installed when we may (root); otherwise grading falls back to limits only
                core.ensure_packages(extra=["bubblewrap"])
            except SystemExit as e:
                if sandbox == "bwrap":
                    raise
                self.log(f"workbook: bubblewrap is missing and cannot be installed here ({str(e).splitlines()[0]}); "
                         "student code will run with limits only")
        self.sandbox = sb.detect(sandbox)
        self.sandbox.extra_hidden = [p for p in [outdir, self.work, *extra_hidden] if p]
        self.workers = []

    def prepare(self) -> float:
        from wb.grading.worker import Worker
        t0 = time.monotonic()
        cpus = os.cpu_count() or 2
        for k in range(1, self.jobs + 1):
            w = Worker(k, self.work, self.chapters, self.cfg, self.sandbox, jobs=cpus, log=self.log)
            w.prepare()
            w.jobs = max(1, cpus // self.jobs)
            self.workers.append(w)
        return time.monotonic() - t0

    def run(self, items: list, on_result) -> None:
        """items: (Submission, grade kwargs); on_result(result) is called under a lock."""
        q: queue.Queue = queue.Queue()
        for it in items:
            q.put(it)
        lock = threading.Lock()
        errors = []

        def loop(worker):
            while True:
                try:
                    sub, kwargs = q.get_nowait()
                except queue.Empty:
                    return
                try:   # one broken submission (or a failure writing its results) must not stop the others
                    res = worker.grade(sub, **kwargs)
                    with lock:
                        on_result(res)
                except Exception as e:
                    import traceback
                    errors.append(f"{sub.name}: {e}\n{traceback.format_exc()}")
                    continue

        threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for e in errors:
            self.log(f"workbook: grading failed for {e}")


def grade(args) -> int:
    from wb.grading import results, submission

    out = Path(args.out or (default_work() / "results")).resolve()
    out.mkdir(parents=True, exist_ok=True)
    chapters = select_chapters(args.chapters)
    if not args.submissions and not args.prepare:
        raise SystemExit("workbook grade: name at least one submission (a folder, .zip or .tar.gz), or --prepare")
    subs = []
    for s in args.submissions:
        p = Path(s)
        if not p.exists():
            raise SystemExit(f"workbook: no such submission: {s}")
        sub = submission.load(p, name=submission.safe_name(args.name) if args.name else None)
        if args.student_id:
            if len(args.submissions) > 1:
                core.usage_error("--student-id names the student of a single submission")
            sub.seed_id = args.student_id   # worker.grade: hidden.seed_for(secret, seed_id or name)
        subs.append(sub)
    # two submissions of one name: the later ones get "-2", "-3", ... that is no other submission's name
    # (a renamed "alice" must not become the row, folder and seed of a student called "alice-2")
    taken, seen = {s.name for s in subs}, set()
    for sub in subs:
        if sub.name in seen:
            base, k = sub.name, 2
            while f"{base}-{k}" in taken:
                k += 1
            sub.name = f"{base}-{k}"
            taken.add(sub.name)
        seen.add(sub.name)
    parents = {Path(s).resolve().parent for s in args.submissions}
    g = Grader(chapters, jobs=max(1, min(args.jobs, len(subs) or args.jobs)), sandbox=args.sandbox, work=args.work, points=args.points,
               outdir=out, extra_hidden=list(parents))
    g.cfg.secret_cli = args.secret
    for w in g.cfg.warnings:
        print(f"workbook: warning: {w}", file=sys.stderr)
    print(f"workbook: sandbox: {g.sandbox.describe()}", flush=True)
    prep = g.prepare()
    print(f"workbook: {len(g.workers)} worker(s) ready in {prep:.1f} s (build folders in {g.work})", flush=True)
    if args.prepare and not subs:
        return 0
    t0 = time.monotonic()
    done = []

    def on_result(res):
        d = results.write_all(res, out)
        done.append(res)
        print(f"[{len(done)}/{len(subs)}] {res.submission.name}: {results._num(res.score)} / "
              f"{results._num(res.max_score)}   ({res.seconds:.1f} s: build {res.build_seconds:.1f}, "
              f"tests {res.test_seconds:.1f}; worker {res.worker})   {d}/report.txt", flush=True)
        if not args.quiet:
            for ch in res.chapters:
                flag = "" if ch.compiled else "  does not compile"
                if ch.integrity and not ch.integrity.ok:
                    flag += "  INTEGRITY VIOLATION"
                print(f"      chapter {ch.number}: {results._num(ch.score)} / {results._num(ch.max_score)}{flag}")

    g.run([(s, {}) for s in subs], on_result)
    wall = time.monotonic() - t0
    n = max(1, len(done))
    print(f"graded {len(done)} of {len(subs)} submissions in {wall:.1f} s with -j {len(g.workers)}: "
          f"{wall / n:.1f} s per submission (plus {prep:.1f} s to get the workers ready)")
    print(f"results: {out}/<submission>/{{results.json,junit.xml,report.txt}}, gradebook: {out}/gradebook.csv")
    return 0 if len(done) == len(subs) else 1
