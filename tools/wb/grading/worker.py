"""One grading worker: a CMake build folder of its own, configured once with WB_STUDENT_DIR pointing
at the worker's overlay of chapter folders. For each submission the worker writes the student's
exercise files into the overlay (only those whose content changed, so ninja recompiles only them),
builds the student test programs test_chNN_student, checks what the student objects include and
define, and runs each exercise's suite in a sandboxed process of its own. The support library,
the precompiled headers and the test objects are built once per worker (and shared through
ccache)."""
from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

from wb.grading import hidden, integrity, records
from wb.grading.config import Config
from wb.grading.sandbox import Limits, Sandbox, worker_uid
from wb.grading.submission import Submission

STAMP_VERSION = 5


# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------
@dataclass
class CaseOutcome:
    name: str
    status: str        # passed failed nan not_implemented exception timeout crashed no_result
                       # does_not_compile integrity not_run
    message: str = ""
    score: float = 0.0
    max_score: float = 0.0


@dataclass
class ExerciseOutcome:
    id: str
    name: str
    suite: str
    file: str                   # chapters/NN_x/exK_name.cpp
    points: float
    mode: str
    visibility: str
    submitted: bool
    status: str = "not_run"
    summary: str = ""
    cases: list = field(default_factory=list)
    seconds: float = 0.0
    hidden_visibility: str = "after_due_date"   # Gradescope visibility of the hidden cases
    gated: bool = False         # a hidden case failed: the exercise scores 0 (grading/hidden.py)

    @property
    def score(self) -> float:
        if not self.cases or self.gated:
            return 0.0
        if any(c.max_score for c in self.cases):   # scored case by case (Worker._score): their sum, exactly
            return round(sum(c.score for c in self.cases), 4)
        cases = [c for c in self.cases if not hidden.is_hidden(c.name)] or self.cases   # hidden cases gate, carry no points
        npass = sum(c.status == "passed" for c in cases)
        if self.mode == "all_or_nothing":
            return self.points if npass == len(cases) else 0.0
        return round(self.points * npass / len(cases), 4)


@dataclass
class ChapterOutcome:
    number: int
    folder: str
    title: str
    exercises: list
    compiled: bool = True
    compile_error: str = ""
    integrity: integrity.ChapterIntegrity | None = None

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 4)

    @property
    def max_score(self) -> float:
        return round(sum(e.points for e in self.exercises), 4)


@dataclass
class SubmissionResult:
    submission: Submission
    chapters: list
    sandbox: str
    worker: int
    seconds: float = 0.0
    build_seconds: float = 0.0
    test_seconds: float = 0.0
    notes: list = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.chapters), 4)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_score for c in self.chapters), 4)


# ------------------------------------------------------------------------------------------------
# JUnit parsing, finer than core.parse_junit: the error type tells a crash from an exception
# ------------------------------------------------------------------------------------------------
NAN = re.compile(r"\bis (NaN|Inf)\b|\bgot -?(nan|inf)\b", re.I)   # check_close's words for a non-finite result


def parse_cases(xml: Path, suite: str) -> dict:
    out = {}
    try:
        root = ET.parse(xml).getroot()
    except (ET.ParseError, OSError):
        return out
    for tc in root.iter("testcase"):
        name = hidden.case_key(tc.get("classname") or "", suite, tc.get("name"))   # nested: "hidden/<case>"
        if name is None:
            continue
        if tc.find("skipped") is not None:
            continue
        problems = list(tc.findall("error")) + list(tc.findall("failure"))
        if not problems:
            out[name] = CaseOutcome(name, "passed")
            continue
        status, texts = "failed", []
        for p in problems:
            body = core._clean(p.text or "")
            kind = (p.get("type") or "").lower()
            if core.NOT_IMPLEMENTED.search(body):
                status = "not_implemented"
                body = core.NOT_IMPLEMENTED.search(body).group(0)
            elif "timeout" in kind or "sigalrm" in body.lower():
                status = "timeout"
                body = "the test case ran out of time (an endless loop, or far too many iterations?)"
            elif "system" in kind or "memory access violation" in body or body.startswith("signal:"):
                status = "crashed"
                body = "the process crashed: " + body + " (an out-of-bounds index, a null pointer, a stack overflow?)"
            elif p.tag == "error" and status == "failed":
                status = "exception"
                body = "threw an exception: " + body
            elif status == "failed" and NAN.search(body):
                status = "nan"
            texts.append(body)
        out[name] = CaseOutcome(name, status, "\n".join(t for t in texts if t))
    return out


def split_points(points: float, n: int) -> list:
    """points shared among n test cases in steps of 0.0001 that sum to points exactly: the remainder
    of the rounding goes one step each to the first cases (10 among 3: 3.3334, 3.3333, 3.3333)."""
    if n <= 0:
        return []
    total = round(points * 10000)
    base, rem = divmod(total, n)
    return [(base + (1 if k < rem else 0)) / 10000 for k in range(n)]


def score_cases(ex) -> None:
    """Each case's share of the exercise's points and its score. The public cases share the points
    (exactly, split_points); hidden cases carry none, they gate the exercise (hidden.apply_gate)."""
    public = [c for c in ex.cases if not hidden.is_hidden(c.name)]
    all_pass = all(c.status == "passed" for c in public)
    for c, share in zip(public, split_points(ex.points, len(public))):
        c.max_score = share
        if ex.mode == "all_or_nothing":
            c.score = share if all_pass else 0.0
        else:
            c.score = share if c.status == "passed" else 0.0
    hidden.apply_gate(ex)


VERDICT = re.compile(rb"WBV1 (\d+) ([PFETCA]) (\S+) ([0-9a-f]{64})")
VERDICT_STATUS = {"F": "failed", "E": "exception", "T": "timeout", "C": "crashed", "A": "failed"}


def read_verdicts(data: bytes, key: bytes, suite: str) -> tuple:
    """The verdict lines of one run: ({case path below the suite: status letter}, [problems])."""
    got, _, problems = read_channel(data, key, suite)
    return got, problems


def read_channel(data: bytes, key: bytes, suite: str | None) -> tuple:
    """What one run wrote on its verdict channel: ({case below the suite: status letter},
    {case below the suite: [records.Record]}, [problems]); suite None: every case, by its whole path.
    A problem (a line that is no record, a wrong MAC, a sequence gap, a case twice or of another
    suite, a malformed value record) means something other than the test harness wrote to the channel."""
    import hmac
    import hashlib
    got, values, problems, seq = {}, {}, [], 0
    for line in data.split(b"\n"):
        if not line:
            continue
        m = VERDICT.fullmatch(line)
        r = None if m else records.LINE.fullmatch(line)
        if not m and not r:
            problems.append("a line on the verdict channel that is no verdict record: "
                            + line[:60].decode(errors="replace"))
            continue
        g = m or r
        path = (m.group(3) if m else r.group(2)).decode(errors="replace")
        body = b" ".join(g.groups()[:-1])
        mac = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
        if not hmac.compare_digest(mac, g.groups()[-1]):
            problems.append(f"a forged verdict record (wrong MAC) for {path}")
            continue
        if int(g.group(1)) != seq:
            problems.append(f"verdict records out of sequence ({int(g.group(1))} where {seq} was due)")
        seq = int(g.group(1)) + 1
        if suite is not None and not path.startswith(suite + "/"):
            problems.append(f"a verdict for {path}, which this run did not run")
            continue
        name = path if suite is None else path[len(suite) + 1:]
        if m:
            if name in got:
                problems.append(f"two verdicts for {path}")
            got[name] = m.group(2).decode()
            continue
        if name in got:
            problems.append(f"a value record for {path} after its verdict")
            continue
        try:
            rec = records.parse(int(r.group(3)), r.group(4).decode(errors="replace"))
        except ValueError as e:
            problems.append(f"a malformed value record for {path} ({e})")
            continue
        lst = values.setdefault(name, [])
        if rec.index != len(lst):
            problems.append(f"value records of {path} out of sequence")
        lst.append(rec)
    return got, values, problems


NO_TRUSTED = ("not counted: the grader has no trusted run of this chapter to check the values against "
              "(instructor: the reference solutions' tests must build and pass; see the grading log)")


def check_values(verdicts: dict, values: dict, trusted: dict | None, suite: str) -> dict:
    """{case: why it fails} for the cases whose signed verdict says passed but whose recorded values
    do not agree with the trusted run (records.compare_case). trusted: {suite/case: [Record]} of the
    cases the trusted run passed. Fails closed: without a trusted run, or for a case it did not pass,
    a passed verdict is not enough (the student's process could have written it, and a hidden
    check's expected value was never in that process to compare with)."""
    out = {}
    for name, v in verdicts.items():
        if v != "P":
            continue
        ref = trusted.get(f"{suite}/{name}") if trusted is not None else None
        if ref is None:
            out[name] = NO_TRUSTED
            continue
        why = records.compare_case(values.get(name, []), ref)
        if why:
            out[name] = why
    return out


def contradictions(verdicts: dict, told: dict, suite: str) -> list:
    """Cases whose signed verdict says passed while the JUnit log records a failure, an error or a
    crash for them. The harness's observer and Boost's logger see the same assertions, so they never
    disagree in an honest run; they do when code in the test process has silenced the observer (its
    vtable or flags rewritten in memory: the key and the observer live in the student's process).
    A tripwire, not a proof: a process that also rewrites its log gets past it. (A missing or
    unreadable log, as after a crash, contradicts nothing.)"""
    out = []
    for name, v in verdicts.items():
        t = told.get(name)
        if v == "P" and t is not None and t.status != "passed":
            out.append(f"the verdict for {suite}/{name} says passed, the test log says {t.status}")
    return out


def merge_verdicts(verdicts: dict, told: dict) -> dict:
    """The authenticated verdicts decide pass or fail; the JUnit log (which the test process could
    have written anything into) only supplies the message of a failure."""
    out = {}
    for name, v in verdicts.items():
        t = told.get(name)
        if v == "P":
            out[name] = CaseOutcome(name, "passed")
        elif t is not None and t.status != "passed":
            out[name] = t
        else:
            out[name] = CaseOutcome(name, VERDICT_STATUS[v], "the test failed (its log has no details)")
    return out


def ccache_dir(work_root: Path) -> Path:
    """WB_GRADE_CCACHE, else ccache's own cache folder (shared with every other build), else one
    next to the workers."""
    if os.environ.get("WB_GRADE_CCACHE"):
        return Path(os.environ["WB_GRADE_CCACHE"])
    if os.environ.get("CCACHE_DIR"):
        return Path(os.environ["CCACHE_DIR"])
    if shutil.which("ccache"):
        r = subprocess.run(["ccache", "-k", "cache_dir"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip().startswith("/"):
            return Path(r.stdout.strip())
    return Path(work_root) / "ccache"


# ------------------------------------------------------------------------------------------------
# The worker
# ------------------------------------------------------------------------------------------------
class Worker:
    def __init__(self, index: int, work_root: Path, chapters: list, cfg: Config, sandbox: Sandbox,
                 jobs: int = 2, log=None):
        self.index = index
        self.dir = Path(work_root).resolve() / f"worker-{index}"
        self.build = self.dir / "build"
        self.overlay = self.dir / "overlay" / "chapters"
        self.scratch = self.dir / "scratch"
        self.nosolutions = self.dir / "no-solutions"
        self.ccache = ccache_dir(self.dir.parent)
        self.chapters = chapters
        self.cfg = cfg
        self.sandbox = dataclasses.replace(sandbox)   # this worker's copy (the user switch may be dropped)
        self.sandbox.uid = worker_uid(index)          # its tests' own user: process limits per worker
        self.secret = hidden.secret(cfg, getattr(cfg, "secret_cli", None))
        self.sandbox.secret_env = {}   # the hidden cases' seed, a submission's own (grade: hidden.seed_for)
        self.jobs = max(1, jobs)
        self.log = log or (lambda msg: None)
        self.expected: dict = {}       # suite -> [case names], from the instructor's stubs
        self.reference: dict = {}      # chapter number -> set of symbols (integrity)
        self.own: dict = {}            # chapter number -> {exercise file: names its stub defines}
        self.limits = Limits.from_config(cfg.limits)
        self.stubs = {}                # (folder, file) -> the pristine stub
        self.trusted_build = self.dir / "trusted"   # the tests built with the reference solutions (records.py)
        self._trusted_cache: dict = {}
        self.trusted_now: dict | None = None         # the trusted records of the chapter being graded

    # ---- set-up ---------------------------------------------------------------------------------
    def _stamp(self) -> dict:
        return {"version": STAMP_VERSION, "root": str(core.ROOT),
                "chapters": [[c.folder, [e.path.name for e in c.exercises]] for c in self.chapters],
                "flags": self.cfg.build["cxx_flags"], "test_timeout": self.cfg.limits["test_timeout"]}

    def _env(self) -> dict:
        env = dict(os.environ)
        # base_dir "/" makes every path relative to the build folder: workers (and trees) laid out
        # alike share their cache entries; the sloppiness lets ccache cache compiles that use the PCH
        env.update({"CCACHE_DIR": str(self.ccache), "CCACHE_BASEDIR": "/",
                    "CCACHE_SLOPPINESS": "pch_defines,time_macros,include_file_mtime,include_file_ctime",
                    "CCACHE_NOHASHDIR": "1"})
        return env

    def prepare(self) -> float:
        """Configure (once) and build the instructor's side with the stubs; learn the test cases."""
        t0 = time.monotonic()
        pristine = getattr(core, "pristine_stub_bytes", None)
        for c in self.chapters:
            for ex in c.exercises:
                data = pristine(ex) if pristine else None
                self.stubs[(c.folder, ex.path.name)] = data if data is not None else ex.path.read_bytes()
        for d in (self.dir, self.build, self.overlay, self.scratch, self.nosolutions, self.ccache):
            d.mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir, 0o755)
        os.chmod(self.scratch, 0o777)
        stamp_file = self.dir / "stamp.json"
        stamp = self._stamp()
        old = None
        if stamp_file.exists():
            try:
                old = json.loads(stamp_file.read_text())
            except ValueError:
                old = None
        if old != stamp or not (self.build / "build.ninja").exists():
            if self.build.exists():
                shutil.rmtree(self.build)
            self.build.mkdir(parents=True)
            flags = f"{self.cfg.build['cxx_flags']} -DWB_TEST_TIMEOUT={int(self.cfg.limits['test_timeout'])}"
            chapters = ";".join(str(c.number) for c in self.chapters)
            cmd = ["cmake", "-S", str(core.ROOT), "-B", str(self.build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                   f"-DCMAKE_CXX_FLAGS_RELEASE={flags}", f"-DWB_STUDENT_DIR={self.overlay}",
                   f"-DWB_SOLUTION_DIR={self.nosolutions}", f"-DWB_CHAPTERS={chapters}", "-DWB_GRADING=ON",
                   "-DWB_GRADE_ROLE=student"]
            self._write_overlay({})   # the files must exist before CMake sees them
            r = subprocess.run(cmd, capture_output=True, text=True, env=self._env())
            if r.returncode != 0:
                raise SystemExit(f"workbook: worker {self.index}: CMake could not configure the grading build:\n"
                                 + (r.stdout + r.stderr)[-3000:])
            # the trusted build: the same tests with the reference solutions, its value records carry
            # the expected values (WB_GRADE_ROLE=trusted); no student file is ever compiled into it
            if self.trusted_build.exists():
                shutil.rmtree(self.trusted_build)
            if (core.ROOT / "solutions").is_dir():
                cmd = ["cmake", "-S", str(core.ROOT), "-B", str(self.trusted_build), "-G", "Ninja",
                       "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_CXX_FLAGS_RELEASE={flags}",
                       f"-DWB_SOLUTION_DIR={core.ROOT / 'solutions'}", f"-DWB_CHAPTERS={chapters}",
                       "-DWB_GRADE_ROLE=trusted"]
                r = subprocess.run(cmd, capture_output=True, text=True, env=self._env())
                if r.returncode != 0:
                    raise SystemExit(f"workbook: worker {self.index}: CMake could not configure the trusted build:\n"
                                     + (r.stdout + r.stderr)[-3000:])
            stamp_file.write_text(json.dumps(stamp))
        self._write_overlay({})
        self.log(f"worker {self.index}: building the instructor side ({self.build})")
        r = self._ninja([f"test_{c.tag}_student" for c in self.chapters], sandboxed=False)
        if r.returncode != 0:
            raise SystemExit(f"workbook: worker {self.index}: the instructor tree does not build with its own stubs:\n"
                             + (r.stdout + r.stderr)[-3000:])
        if (self.trusted_build / "build.ninja").exists() and (core.ROOT / "solutions").is_dir():
            # (without solutions/, as in a Gradescope image after setup.sh, the binaries built then serve)
            self.log(f"worker {self.index}: building the trusted side ({self.trusted_build})")
            r = subprocess.run(["ninja", "-C", str(self.trusted_build), f"-j{self.jobs}",
                                *[f"test_{c.tag}_solution" for c in self.chapters]],
                               capture_output=True, text=True, env=self._env())
            if r.returncode != 0:
                raise SystemExit(f"workbook: worker {self.index}: the reference solutions' tests do not build:\n"
                                 + (r.stdout + r.stderr)[-3000:])
        if self.trusted_build.exists():
            os.chmod(self.trusted_build, 0o700)   # the solutions' code: not for the tests' user nobody
        for c in self.chapters:
            binary = core.test_binary(c, "student", self.build)
            out = subprocess.run([str(binary), "--list_content"], capture_output=True, text=True,
                                 cwd=self.scratch, env=self.sandbox.env())
            self.expected.update(hidden.parse_list_content(out.stdout + out.stderr))   # nested cases "hidden/<case>"
            test_objs = list((self.build / "chapters").glob(f"*/CMakeFiles/{c.tag}_test_obj.dir/**/*.o"))
            self.reference[c.number] = integrity.reference_symbols(self.build, binary, test_objs)
            # what each exercise file may define: what its stub defines (the objects are the stubs' now)
            self.own[c.number] = {integrity.object_source(o): integrity.exported_definitions(o)
                                  for o in integrity.student_objects(self.build, c.tag)}
        if self.sandbox.drop_user:
            # the tests' user must be able to read the test programs (the worker's own folders are
            # opened to it here, whatever the umask) and the tree's data sets
            _open_to_others(self.dir, self.build)
            closed = [p for p in [core.ROOT / "datasets", core.ROOT] if p.exists() and p.stat().st_mode & 0o005 != 0o005]
            if self.sandbox.mode != "bwrap":   # without bwrap, every folder above must be open too
                closed += [p for p in list(self.dir.parents) + list(core.ROOT.parents) if p.stat().st_mode & 0o001 == 0]
            if closed:
                raise SystemExit(f"workbook: worker {self.index}: the tests run as an unprivileged user, who cannot read "
                                 f"{closed[0]} (chmod o+rX it, or check out the tree under umask 022); student code "
                                 "never runs as root")
        self._self_check()
        if os.geteuid() == 0 and not self.sandbox.drop_user:
            raise SystemExit(f"workbook: worker {self.index}: the grader runs as root but cannot switch the tests to an "
                             "unprivileged user here (setpriv missing or refused); student code never runs as root")
        return time.monotonic() - t0

    def _self_check(self) -> None:
        """The stubs' tests, run through the sandbox, must report 'not implemented': else the sandbox
        (or the user switch) keeps the test program from working here, and every student would get 0."""
        firsts = [(core.test_binary(c, "student", self.build), c.exercises[0].suite) for c in self.chapters if c.exercises]
        if not firsts:
            return
        for attempt in range(3):
            for binary, suite in firsts:   # every chapter: they link different libraries (BLAS)
                got, ended, rc, tail, _ = self._run_process(binary, suite, 120)
                if not got or not all(x.status == "not_implemented" for x in got.values()):
                    break
            else:
                return
            why = f"{ended}, exit code {rc}: {tail.strip()[-300:] or 'no output'}"
            if self.sandbox.drop_user:
                # never "run them as root then": student code with every capability undoes the sandbox
                raise SystemExit(f"workbook: worker {self.index}: the untouched stubs' tests do not run as an "
                                 f"unprivileged user here ({why}); student code never runs as root")
            elif self.sandbox.mode == "bwrap":
                self.sandbox.mode, self.sandbox.reason = "limits", f"the test program cannot run inside bubblewrap here ({why})"
                self.log(f"worker {self.index}: {self.sandbox.reason}; falling back to limits only")
            else:
                break
        raise SystemExit(f"workbook: worker {self.index}: the untouched stubs' tests do not run here ({why}); "
                         "nothing can be graded")

    def _write_overlay(self, files: dict) -> list:
        """Student files (or the stubs) into the overlay; only changed files are rewritten. Returns
        the (folder, name) keys that changed."""
        changed = []
        for c in self.chapters:
            d = self.overlay / c.folder
            d.mkdir(parents=True, exist_ok=True)
            wanted = set()
            for ex in c.exercises:
                key = (c.folder, ex.path.name)
                data = files.get(key)
                if data is None:
                    data = self.stubs.get(key) or ex.path.read_bytes()
                wanted.add(ex.path.name)
                target = d / ex.path.name
                try:
                    same = target.read_bytes() == data
                except OSError:
                    same = False
                if not same:
                    tmp = target.with_name("." + target.name + ".tmp")
                    tmp.write_bytes(data)
                    os.chmod(tmp, 0o644)
                    os.replace(tmp, target)
                    changed.append(key)
            for extra in d.iterdir():
                if extra.name not in wanted:
                    extra.unlink() if extra.is_file() else shutil.rmtree(extra)
        return changed

    def _hidden_placeholders(self) -> Path:
        """A copy of grading/hidden/ with the same file names, each file only an #error: what the
        sandbox shows while the student's files compile. (CMake's check of its globs, which ninja
        runs first, needs the names; a student file that includes one gets the #error, not the text.)"""
        src = core.ROOT / "grading" / "hidden"
        dst = self.dir / "hidden-placeholders"
        names = sorted(p.relative_to(src) for p in src.rglob("*") if p.is_file()) if src.is_dir() else []
        have = sorted(p.relative_to(dst) for p in dst.rglob("*") if p.is_file()) if dst.is_dir() else None
        if have != names:
            shutil.rmtree(dst, ignore_errors=True)
            dst.mkdir(parents=True)
            for rel in names:
                (dst / rel).parent.mkdir(parents=True, exist_ok=True)
                (dst / rel).write_text(f'#error "grading/hidden/{rel.as_posix()} is not readable while a '
                                       'submission compiles"\n')
        return dst

    def _ninja(self, targets: list, sandboxed: bool = True, timeout: float | None = None, hidden_tests: bool = True):
        """One ninja run. Sandboxed (student code): inside bubblewrap, every compiler process under
        the compile rlimits, the whole process group killed at the timeout, and only the first and
        last MiB of its output kept (a file of errors cannot fill the grader's memory).
        hidden_tests=False (the student's objects compile): grading/hidden/ shows only placeholders
        (_hidden_placeholders), and the compiled test objects and programs are covered."""
        cmd = ["ninja", "-C", str(self.build), "-k", "0", f"-j{self.jobs}", *targets]
        env = self._env()
        if sandboxed:
            hidden_dir = core.ROOT / "grading" / "hidden"
            binds, masks, readable = [], [], [self.dir / "overlay", self.nosolutions]
            if hidden_dir.is_dir() and hidden_tests:
                readable.append(hidden_dir)   # the test objects' sources (ninja checks them)
            elif hidden_dir.is_dir():
                binds.append((self._hidden_placeholders(), hidden_dir))
                masks += sorted(self.build.glob("chapters/*/CMakeFiles/*_test_obj.dir")) + [self.build / "bin"]
            cmd = self.sandbox.build_cmd(cmd, self.build, writable=[self.ccache], readable=readable,
                                         limits=Limits.compile_from_config(self.cfg.limits), binds=binds,
                                         masks=[m for m in masks if m.is_dir()])
            if self.sandbox.mode == "bwrap":
                for k in ("CCACHE_DIR", "CCACHE_BASEDIR", "CCACHE_SLOPPINESS", "CCACHE_NOHASHDIR"):
                    cmd[1:1] = ["--setenv", k, env[k]]
        log_path = self.dir / "build-output.txt"
        with open(log_path, "wb") as out:
            p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                 start_new_session=True)
            try:
                rc = p.wait(timeout=timeout)
                note = ""
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
                rc, note = 124, f"\nthe build took longer than {timeout:.0f} s and was stopped"
        size = log_path.stat().st_size
        with open(log_path, "rb") as f:
            if size <= 2 << 20:
                text = f.read().decode(errors="replace")
            else:
                head = f.read(1 << 20).decode(errors="replace")
                f.seek(size - (1 << 20))
                text = head + f"\n[... {size - (2 << 20)} bytes of build output left out ...]\n" + \
                    f.read().decode(errors="replace")
        return subprocess.CompletedProcess(cmd, rc, text, note)

    def _build_chapter(self, c, limit: float) -> str:
        """A chapter's test program for the submission, in two sandboxed ninja runs within one time
        limit: the student's objects (chNN_student_lib) while the hidden tests' sources are not
        readable (an #include of one would print its lines in the error), then, only if they
        compiled, the link of test_chNN_student (nothing of the student's is compiled then). Returns
        the build output."""
        t0 = time.monotonic()
        r = self._ninja([f"{c.tag}_student_lib"], timeout=limit, hidden_tests=False)
        log = r.stdout + r.stderr
        if r.returncode != 0:
            return log
        r = self._ninja([f"test_{c.tag}_student"], timeout=max(1.0, limit - (time.monotonic() - t0)))
        if r.returncode == 124:
            return log + r.stdout + f"\nthe build took longer than {limit:.0f} s and was stopped"
        return log + r.stdout + r.stderr

    def _starts(self, binary: Path, timeout: float) -> bool:
        """Whether the test program gets as far as listing its tests (--list_content, in the sandbox)
        within the time a suite has: a static constructor that never returns keeps it from that; a
        first test case that hangs does not."""
        cmd = self.sandbox.run_cmd([str(binary), "--list_content"], self.scratch, [self.build], self.limits)
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                             cwd=self.scratch, env=self.sandbox.env(), start_new_session=True)
        try:
            p.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
            return False

    # ---- grading one submission -----------------------------------------------------------------
    def grade(self, sub: Submission, only_chapters: list | None = None, only_exercises: list | None = None,
              base: dict | None = None) -> SubmissionResult:
        """Grades `sub`. base: files to use where the submission has none (default: the stubs);
        the mistakes bank passes the reference solutions."""
        t0 = time.monotonic()
        self.sandbox.secret_env = hidden.env_for(hidden.seed_for(self.secret, getattr(sub, "seed_id", "") or sub.name,
                                                                 sub.files))
        chapters = [c for c in self.chapters if not only_chapters or c.number in only_chapters]
        files = dict(base or {})
        files.update(sub.files)
        self._write_overlay(files)
        _LIMITS.limits = self.cfg.limits   # _why names them
        for c in chapters:
            b = core.test_binary(c, "student", self.build)
            if b.exists():
                b.unlink()
        # one ninja run a chapter, each with its own time limit: a file that takes forever to
        # compile costs its own chapter only
        limit = float(self.cfg.limits["build_timeout"])
        # what the source text alone shows (inline assembly, .incbin): such a chapter is not even compiled
        refused = {}
        for c in chapters:
            bad = []
            for ex in c.exercises:
                if (c.folder, ex.path.name) in sub.files:
                    bad += integrity.check_source(ex.path.name, files[(c.folder, ex.path.name)].decode(errors="replace"))
            if bad:
                refused[c.number] = bad
        logs = {}
        for c in chapters:
            if c.number not in refused:
                logs[c.number] = self._build_chapter(c, limit)
        outcomes = []
        for c in chapters:
            outcomes.append(self._chapter_outcome(c, sub, only_exercises))
        # a chapter that did not build: its compile error; with on_compile_error = "exercise",
        # rebuild it with the broken files replaced by their stubs and grade the rest
        retry = []
        for c, oc in zip(chapters, outcomes):
            if c.number in refused:
                oc.integrity = integrity.ChapterIntegrity(violations=refused[c.number])
                continue
            if core.test_binary(c, "student", self.build).exists():
                continue
            log = logs[c.number]
            errors = core.summarize_errors(log)
            broken = self._broken_files(c, errors, log)
            oc.compiled = False
            oc.compile_error = self._first_error(c, broken, errors, log)
            if self.cfg.on_compile_error == "exercise" and broken and len(broken) < len(c.exercises):
                retry.append((c, oc, broken))
        if retry:
            for c, oc, broken in retry:
                for name in broken:
                    files[(c.folder, name)] = self.stubs.get((c.folder, name)) or (c.dir / name).read_bytes()
            self._write_overlay(files)
            for c, oc, broken in retry:
                self._build_chapter(c, limit)
                if core.test_binary(c, "student", self.build).exists():
                    oc.compiled = True
                    for ex in oc.exercises:
                        if Path(ex.file).name in broken:
                            ex.status = "does_not_compile"
        build_seconds = time.monotonic() - t0
        # integrity, then the tests
        budget_end = time.monotonic() + float(self.cfg.limits["submission_budget"])
        for c, oc in zip(chapters, outcomes):
            if oc.integrity and not oc.integrity.ok:   # refused from its source, before compiling
                for ex in oc.exercises:
                    self._fill(ex, "integrity", "not graded: " + oc.integrity.violations[0])
                    ex.summary = "the chapter's files break the rules above"
                continue
            if not oc.compiled:
                first = oc.compile_error.splitlines()[0] if oc.compile_error else "the build failed"
                for ex in oc.exercises:
                    self._fill(ex, "does_not_compile", f"chapter {c.number} does not compile: {first}")
                    ex.summary = f"chapter {c.number} does not compile"
                continue
            oc.integrity = integrity.check_chapter(self.build, c.number, c.tag, self._allowed_dirs(c),
                                                   self.reference.get(c.number, set()), self.own.get(c.number))
            if not oc.integrity.ok:
                for ex in oc.exercises:
                    self._fill(ex, "integrity", "not graded: " + oc.integrity.violations[0])
                    ex.summary = "the chapter's files break the rules above"
                continue
            binary = core.test_binary(c, "student", self.build)
            suite_timeout = float(self.cfg.limits["suite_timeout"])
            never_started = ""
            for ex in oc.exercises:
                if only_exercises and ex.id not in only_exercises:
                    continue
                if ex.status == "does_not_compile":
                    self._fill(ex, "does_not_compile", f"{ex.file} does not compile (graded as not implemented)")
                    continue
                if not oc.integrity.ok:
                    continue   # tampering seen in an earlier suite: the chapter is not graded (below)
                if never_started:
                    self._fill(ex, "timeout", never_started)
                    continue
                if time.monotonic() > budget_end:
                    self._fill(ex, "not_run", "not run: the submission used up its time budget "
                               f"({self.cfg.limits['submission_budget']} s of tests)")
                    continue
                self._run_exercise(binary, ex, oc.integrity, budget_end)
                # stopped at the suite's time limit without a verdict for any case: the program never
                # reached its tests (a static constructor of some exercise file that does not return),
                # and every other suite of the chapter would wait as long: they are not run
                wall = _why("wall_timeout", "", suite_timeout)
                if ex.cases and all(x.status == "timeout" and x.message == wall for x in ex.cases) \
                        and not self._starts(binary, suite_timeout):
                    why = (f"the test program never started its tests: a static constructor that does not return? "
                           f"(chapter {c.number}'s program ran {suite_timeout:.0f} s without running any test)")
                    for x in ex.cases:
                        x.message = why
                    ex.summary = "the test program never started its tests"
                    never_started = f"not run: {why}"
            if not oc.integrity.ok:   # the tests themselves showed tampering: the chapter's results do not count
                for ex in oc.exercises:
                    if not only_exercises or ex.id in only_exercises:
                        self._fill(ex, "integrity", "not graded: " + oc.integrity.violations[0])
                        ex.summary = "the chapter's files break the rules above"
        if only_exercises:
            for oc in outcomes:
                oc.exercises = [e for e in oc.exercises if e.id in only_exercises]
        res = SubmissionResult(sub, outcomes, self.sandbox.describe(), self.index)
        if any(self.trusted_records(c) is None for c in chapters):
            res.notes.append("no trusted run (the reference solutions' tests are not built here): no test case could be "
                             "checked, none is counted")
        if not self.secret:
            res.notes.append("the hidden checks ran with the development seed: no course secret is set "
                             "(./workbook grade --secret, WB_HIDDEN_SEED, or [hidden] seed in grading/points.toml)")
        res.seconds = time.monotonic() - t0
        res.build_seconds = build_seconds
        res.test_seconds = res.seconds - build_seconds
        return res

    def _chapter_outcome(self, c, sub: Submission, only_exercises) -> ChapterOutcome:
        exs = []
        for ex in c.exercises:
            rule = self.cfg.rule(ex.id)
            exs.append(ExerciseOutcome(ex.id, ex.name, ex.suite, f"chapters/{c.folder}/{ex.path.name}", rule.points,
                                       rule.mode, rule.visibility, (c.folder, ex.path.name) in sub.files,
                                       hidden_visibility=self.cfg.hidden["visibility"]))
        title = re.sub(r"^Chapter\s+\d+\s*:\s*", "", c.title)
        return ChapterOutcome(c.number, c.folder, title, exs)

    def _allowed_dirs(self, c) -> list:
        return ["/usr/", core.ROOT / "support", core.ROOT / "chapters", self.build, self.overlay / c.folder]

    def _broken_files(self, c, errors: dict, log: str) -> list:
        names = {e.path.name for e in c.exercises}
        broken = []
        for f in errors:
            p = Path(f)
            if p.name in names and (str(self.overlay / c.folder) in f or p.parent.name == c.folder):
                broken.append(p.name)
        for m in re.finditer(r"^FAILED: (\S+\.o)\s*$", log, re.M):
            obj = m.group(1)
            if f"{c.tag}_student_lib.dir" in obj:
                n = Path(obj).name[:-2]
                if n in names and n not in broken:
                    broken.append(n)
        return broken

    def _first_error(self, c, broken: list, errors: dict, log: str) -> str:
        """The compile (or link) error the student sees, with the worker's paths made the student's."""
        return self._student_paths(self._raw_first_error(c, broken, errors, log))

    def _raw_first_error(self, c, broken: list, errors: dict, log: str) -> str:
        for f, msg in errors.items():
            if Path(f).name in broken:
                return msg
        # a link error (a missing definition, a duplicate one) or a timeout
        lines = log.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("FAILED: ") and f"test_{c.tag}_student" in line:
                for nxt in lines[i + 1:]:
                    if nxt.startswith(("FAILED:", "ninja:", "[")):
                        break
                    if re.search(r"undefined reference|multiple definition|first defined|undefined symbol|duplicate symbol", nxt):
                        # GNU ld's wording and lld's ("ld.lld: error: duplicate symbol: ...")
                        text = re.sub(r"^.*?/(?:ld|collect2)[^:]*: |^\S*ld\.lld: (?:error: )?", "", nxt).strip()
                        text = re.sub(r"\S*CMakeFiles/\S*?\.dir/", "", text)
                        return "link error: " + text
        tail = [l for l in log.splitlines() if re.search(r"\berror:|fatal error|took longer than .* stopped", l, re.I)]
        return tail[0] if tail else "the build failed"

    def _student_paths(self, text: str) -> str:
        """The grader's own paths in a compiler message, as the student knows them: the worker's
        overlay of chapter folders is chapters/, its build folder build/, the instructor tree the
        tree's root; absolute, relative to the tree (short_path's form) or relative to the build
        folder (ninja's object names spell .. as __)."""
        root = Path(core.ROOT).resolve()
        pairs = []
        for path, repl in ((self.overlay, "chapters/"), (self.build, "build/"), (self.dir, "grader/"), (root, "")):
            path = Path(path)
            forms = {str(path), str(path.resolve())}
            for base in (root, self.build):
                try:
                    forms.add(os.path.relpath(path.resolve(), base.resolve()))
                except ValueError:
                    pass
            for form in forms:
                if set(Path(form).parts) - {".", ".."}:   # not "..": the build folder's parent is no name
                    pairs.append((form.rstrip("/") + "/", repl))
                    pairs.append((form.replace("..", "__").rstrip("/") + "/", repl))
        # the longest first: the overlay lies in the worker folder, which may lie in the tree; with
        # the ../ (or __/) that climb to it from the build folder
        rxs = []
        for form, repl in sorted(set(pairs), key=lambda p: -len(p[0])):
            up = r"(?:\.\.|__)/"
            rxs.append((rf"(?<![\w.-])(?:(?:{up})+|/)" + re.escape(form[1:]) if form.startswith("/")
                        else rf"(?<![\w.-])(?:{up})*" + re.escape(form), repl))
        out = []
        for line in text.split("\n"):
            if not re.match(r"^\s*\d+\s*\|", line):   # a line of the student's code (the compiler quotes it) stays
                for rx, repl in rxs:
                    line = re.sub(rx, lambda m, r=repl: r, line)
            out.append(line)
        return "\n".join(out)

    def _fill(self, ex: ExerciseOutcome, status: str, message: str) -> None:
        ex.status = status
        ex.summary = message
        names = self.expected.get(ex.suite) or ["(the suite)"]
        ex.cases = [CaseOutcome(n, status, message) for n in names]
        self._score(ex)

    def _score(self, ex: ExerciseOutcome) -> None:
        score_cases(ex)

    # ---- running ----------------------------------------------------------------------------------
    def _spawn(self, binary: Path, args: list, readable: list, timeout: float, sandbox: Sandbox | None = None) -> tuple:
        """One sandboxed run of a test program with a verdict channel. Returns (the channel's bytes,
        its key, how the process ended, its exit code, its output tail, the JUnit log's path).

        The channel (support/src/test_main.cpp): a random key on one pipe, read and closed before any
        constructor of the program runs, and the signed lines on another pipe the grader holds and
        reads while the program runs (value records can be more than a pipe holds). The JUnit log
        (an inherited descriptor, outside the scratch folder) only supplies messages; nothing in
        the scratch folder is read."""
        for p in self.scratch.iterdir():
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
        xml = self.dir / "junit.xml"
        out_path = self.dir / "output.txt"
        key = os.urandom(32)
        key_r, key_w = os.pipe()
        os.write(key_w, key)
        os.close(key_w)
        ver_r, ver_w = os.pipe()
        xml.unlink(missing_ok=True)
        log_fd = os.open(xml, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(log_fd, 0o666)   # Boost.Test reopens /dev/fd/N (as user nobody): only messages come from it
        cmd = [str(binary), *args, f"--logger=JUNIT,error,/dev/fd/{log_fd}", "--report_level=no",
               "--color_output=no", "--catch_system_errors=yes", "--detect_fp_exceptions=no"]
        channel = {"WB_GRADE_CHANNEL": f"{key_r},{ver_w}"}
        sandbox = sandbox or self.sandbox
        full = sandbox.run_cmd(cmd, self.scratch, readable, self.limits, extra_env=channel)
        ended = "exited"
        env = sandbox.env()
        env.update(channel)
        chunks, cap = [], int(self.cfg.limits.get("record_mb", 64)) << 20

        def drain():   # the channel, read as it is written (at most `cap` bytes kept)
            size = 0
            while True:
                try:
                    b = os.read(ver_r, 1 << 16)
                except OSError:
                    return
                if not b:
                    return
                if size < cap:
                    chunks.append(b[:cap - size])
                    size += len(b)
                    if size >= cap:
                        chunks.append(b"\nWB-OVERFLOW\n")

        reader = threading.Thread(target=drain, daemon=True)
        try:
            with open(out_path, "wb") as out:
                p = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=self.scratch, env=env, start_new_session=True,
                                     pass_fds=(key_r, ver_w, log_fd))
                os.close(key_r)
                os.close(ver_w)
                os.close(log_fd)
                key_r = ver_w = log_fd = -1
                reader.start()
                watch = sandbox.scratch_watch(self.scratch, self.limits, p)
                try:
                    rc = p.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    try:
                        os.killpg(p.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    p.wait()
                    rc, ended = None, "wall_timeout"
                finally:
                    if watch:
                        watch.stop()
                if watch and watch.tripped:
                    ended = "scratch_full"
            # a descendant that kept the channel open is not waited for beyond a few seconds
            reader.join(timeout=5)
            data = b"".join(chunks)
        finally:
            for fd in (key_r, ver_w, log_fd):
                if fd >= 0:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            if reader.is_alive():
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except (ProcessLookupError, UnboundLocalError):
                    pass
                reader.join(timeout=5)
            try:
                os.close(ver_r)
            except OSError:
                pass
        if rc is not None and ended == "exited":
            sig = -rc if rc < 0 else (rc - 128 if sandbox.mode == "bwrap" and 128 < rc < 160 else 0)
            if sig:
                try:
                    ended = "signal " + signal.Signals(sig).name
                except ValueError:
                    ended = f"signal {sig}"
            elif rc not in (0, 200, 201):
                ended = f"exit code {rc}"
        try:
            with open(out_path, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - 4000))
                tail = f.read().decode(errors="replace")
        except OSError:
            tail = ""
        return data, key, ended, rc, tail, xml

    def _run_process(self, binary: Path, run_test: str, timeout: float):
        """One sandboxed run of the student's test program. Returns (cases dict for the suite, how the
        process ended, its exit code, its output tail, problems with its verdict records).

        A case counts as passed only with one valid signed line saying so AND value records that
        agree with the trusted run of the reference solutions (records.py): the signed line is what
        the checks inside the student's process concluded, the records are the numbers."""
        data, key, ended, rc, tail, xml = self._spawn(binary, [f"--run_test={run_test}"], [self.build], timeout)
        suite = run_test.split("/")[0]
        told = parse_cases(xml, suite) if xml.exists() else {}
        overflow = data.endswith(b"\nWB-OVERFLOW\n")
        if overflow:   # only whole lines before the cut
            data = data[:data.rfind(b"\n", 0, len(data) - len(b"\nWB-OVERFLOW\n")) + 1]
        verdicts, values, problems = read_channel(data, key, suite)
        if overflow:
            verdicts = {n: "F" for n in verdicts}
            told = {n: CaseOutcome(n, "failed", "the test program wrote more than "
                                   f"{self.cfg.limits.get('record_mb', 64)} MB of results: not counted") for n in verdicts}
        problems += contradictions(verdicts, told, suite)
        cases = merge_verdicts(verdicts, told)
        for name, why in check_values(verdicts, values, self.trusted_now, suite).items():
            cases[name] = CaseOutcome(name, "failed", why if why == NO_TRUSTED else why + (
                "\n    (the values this run computed do not agree with the reference solution's run of the same check)"))
        return cases, ended, rc, tail, problems

    # ---- the trusted run: the same tests, built with the reference solutions ----------------------
    def trusted_records(self, c) -> dict | None:
        """{suite/case: [records.Record]} of the trusted build's test program for chapter c, run once
        per chapter and hidden seed (the seed is the submission's: hidden.seed_for). None when the
        worker has no trusted build (the instructor tree has no solutions)."""
        binary = core.test_binary(c, "solution", self.trusted_build)
        if not binary.exists():
            return None
        key = (c.number, tuple(sorted(self.sandbox.secret_env.items())))
        if key in self._trusted_cache:
            return self._trusted_cache[key]
        # instructor code only: run as the grader's user (the trusted folder is closed to nobody)
        data, k, ended, rc, tail, _ = self._spawn(binary, [], [self.trusted_build], 600,
                                                  dataclasses.replace(self.sandbox, drop_user=False))
        verdicts, values, problems = read_channel(data, k, None)
        bad = [n for n, v in verdicts.items() if v != "P"]
        if problems or bad or ended != "exited":
            self.log(f"worker {self.index}: the reference solutions' run of chapter {c.number} is not clean "
                     f"({ended}; {len(bad)} cases not passed{': ' + bad[0] if bad else ''}"
                     f"{'; ' + problems[0] if problems else ''}): its cases are checked against it where it passed")
        out = {name: values.get(name, []) for name, v in verdicts.items() if v == "P"}
        self._trusted_cache = {k2: v for k2, v in self._trusted_cache.items() if k2[1] == key[1]}   # this seed only
        self._trusted_cache[key] = out
        return out

    def _run_exercise(self, binary: Path, ex: ExerciseOutcome, integ=None, budget_end: float | None = None) -> None:
        t0 = time.monotonic()
        chapter = next((c for c in self.chapters if any(e.suite == ex.suite for e in c.exercises)), None)
        self.trusted_now = self.trusted_records(chapter) if chapter is not None else None
        expected = self.expected.get(ex.suite, [])
        suite_timeout = float(self.cfg.limits["suite_timeout"])
        got, ended, rc, tail, problems = self._run_process(binary, ex.suite, suite_timeout)
        missing = [n for n in expected if n not in got]
        # a crash or a hang stops the suite: run each test case that has no result on its own, until
        # the suite's second limit (or the submission's budget): a suite whose run ends just before its
        # limit and whose every case then waits for the per-case limit would take cases x that limit
        if missing and ended != "wall_timeout" and not problems:
            per_case = float(self.cfg.limits["test_timeout"]) + 10
            deadline = t0 + 2 * suite_timeout
            if budget_end is not None and budget_end < deadline:
                deadline = budget_end
            for name in missing:
                left = deadline - time.monotonic()
                if left < 1:
                    why = (f"the submission used up its time budget ({self.cfg.limits['submission_budget']} s of tests)"
                           if deadline == budget_end else
                           f"the suite's reruns one case at a time (after it stopped early) used up its time "
                           f"({2 * suite_timeout:.0f} s in all)")
                    got[name] = CaseOutcome(name, "timeout", "not run: " + why)
                    continue
                one, ended1, _, tail1, problems1 = self._run_process(binary, f"{ex.suite}/{name}", min(per_case, left))
                problems += problems1
                if name in one:
                    got[name] = one[name]
                else:
                    got[name] = CaseOutcome(name, _status_of_end(ended1), _why(ended1, tail1, min(per_case, left)))
        unknown = [n for n in got if n not in expected]
        if unknown:
            problems.append(f"verdicts for test cases the suite does not have: {', '.join(unknown[:3])}")
        if problems:
            # something else than the test harness wrote on the verdict channel: nothing of the run counts
            if integ is not None:
                integ.violations.append(f"{ex.file}: the test process tampered with its results ({problems[0]})")
            got = {n: CaseOutcome(n, "integrity", "not counted: the test process tampered with its results ("
                                  + problems[0] + ")") for n in expected}
        for name in expected:
            if name not in got:
                got[name] = CaseOutcome(name, _status_of_end(ended), _why(ended, tail, suite_timeout))
        all_passed = all(got[n].status == "passed" for n in expected)
        if all_passed and ended == "exited" and rc not in (0, None):
            for n in expected:
                got[n] = CaseOutcome(n, "no_result", f"every test reported passed but the test program exited with {rc}: "
                                     "results inconsistent, not counted")
        ex.cases = [got[n] for n in expected]
        ex.seconds = time.monotonic() - t0
        self._score(ex)
        statuses = [c.status for c in ex.cases]
        npass = statuses.count("passed")
        if npass == len(statuses):
            ex.status, ex.summary = "passed", f"{npass} of {len(statuses)} tests pass"
        elif set(statuses) <= {"passed", "not_implemented"} and "not_implemented" in statuses:
            ex.status, ex.summary = "not_implemented", f"exercise {ex.id} {ex.name} is not implemented yet"
        else:
            worst = next(s for s in ("integrity", "crashed", "timeout", "exception", "nan", "no_result", "failed", "not_implemented")
                         if s in statuses)
            ex.status = worst
            ex.summary = f"{npass} of {len(statuses)} tests pass"
        if ex.gated and ex.status != "not_implemented":
            ex.summary += " (a hidden check fails: 0 points)"


def _open_to_others(*folders: Path) -> None:
    """o+rX on the folders and everything below (the worker's own build: the tests' user reads it)."""
    for top in folders:
        for d, dirs, files in os.walk(top):
            for p in [d] + [os.path.join(d, f) for f in files]:
                try:
                    st = os.lstat(p)
                    if not os.path.islink(p):
                        want = st.st_mode | 0o004 | (0o001 if st.st_mode & 0o111 else 0)
                        if want != st.st_mode:
                            os.chmod(p, want & 0o7777)
                except OSError:
                    pass
            dirs[:] = [x for x in dirs if x != "trusted"]   # the trusted build stays closed


def _status_of_end(ended: str) -> str:
    if ended == "scratch_full":
        return "crashed"
    if ended == "wall_timeout":
        return "timeout"
    if ended.startswith("signal SIGXCPU"):
        return "timeout"
    if ended.startswith("signal"):
        return "crashed"
    return "no_result"


# The limits of the test processes for _why's messages (set by Worker.grade: workers run in threads)
_LIMITS = threading.local()

# What a signal that ends a test process usually means (SIGXFSZ, SIGXCPU and SIGKILL: see _why)
SIGNAL_MEANING = {
    "SIGSEGV": "an out-of-bounds index, a null pointer, a stack overflow?",
    "SIGBUS": "an out-of-bounds index, a null pointer, a stack overflow?",
    "SIGABRT": "std::terminate (an exception leaving a destructor or a noexcept function), a failed assert, "
               "or memory corruption the C library noticed?",
    "SIGFPE": "an integer division by zero?",
    "SIGILL": "a function that does not return its value, or memory corruption?",
}


def _why(ended: str, tail: str, timeout: float, limits: dict | None = None) -> str:
    """Why a test process gave no result, in the student's words. limits: the [limits] of the
    configuration (default: those of the grading run in this thread, else the built-in ones)."""
    from wb.grading.config import BUILTIN
    lim = dict(BUILTIN["limits"])
    lim.update(limits or getattr(_LIMITS, "limits", None) or {})
    last = "\n".join(l for l in tail.strip().splitlines()[-5:])
    more = f"\n{last}" if last else ""
    if ended == "scratch_full":
        return (f"the test process wrote more files than the scratch folder may hold ({lim['scratch_mb']} MB "
                "in all) and was stopped")
    if ended == "wall_timeout":
        return f"the test process ran longer than {timeout:.0f} s and was stopped (an endless loop?)"
    if ended.startswith("signal SIGXFSZ"):
        return (f"the test process wrote a file larger than {lim['output_mb']} MB (the limit for one file) "
                "and was stopped (SIGXFSZ)" + more)
    if ended.startswith("signal SIGXCPU"):
        return (f"the test process used up its CPU time ({lim['cpu_seconds']} s) and was stopped "
                "(an endless loop?)")
    if ended.startswith("signal SIGKILL"):
        return (f"the test process was killed (SIGKILL): it went on past its CPU time limit "
                f"({lim['cpu_seconds']} s, SIGXCPU ignored?), or the machine ran out of memory" + more)
    if ended.startswith("signal"):
        name = ended[7:]
        return f"the test process was killed by {name} ({SIGNAL_MEANING.get(name, 'a crash')})" + more
    return f"the test process ended ({ended}) without reporting this test" + more
