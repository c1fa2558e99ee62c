"""Running one exercise's suite in a process of its own (Boost.Test, JUnit log), and many at once."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


SUITE_TIMEOUT = float(os.environ.get("WB_SUITE_TIMEOUT", "120"))  # seconds for one exercise's suite


@dataclass
class CaseResult:
    name: str
    status: str                # passed, failed, not_implemented, exception, crashed, timeout, skipped
    message: str = ""


@dataclass
class SuiteResult:
    suite: str
    status: str                # passed, failed, not_implemented, crashed, timeout, missing
    cases: list
    output: str = ""
    seconds: float = 0.0
    not_run: int = 0           # cases that did not run (Boost skips the rest of a suite after a crash)
    waiting_for: str = ""      # "1.1 sigmoid": not implemented because it calls an earlier exercise that is not

    @property
    def passed(self) -> int:
        return sum(c.status == "passed" for c in self.cases)


NOT_IMPLEMENTED = re.compile(r"exercise (\d+\.\d+) (\w+) is not implemented yet")


def _clean(text: str) -> str:
    """Boost's JUnit body without its frame: 'ASSERTION FAILURE:', '- file', '- line', checkpoints."""
    keep = []
    for line in text.strip().splitlines():
        if line.startswith("Last checkpoint"):
            break
        if re.match(r"^(ASSERTION FAILURE:|UNCAUGHT EXCEPTION:|EXCEPTION STACK TRACE|-{5,}|- (file|line)\s*:)", line) \
                or not line.strip():
            continue
        keep.append(re.sub(r"^- message: ", "", line.rstrip()))
    return "\n".join(keep)


def parse_junit(path: Path, suite: str) -> list:
    root = ET.parse(path).getroot()
    cases = []
    for tc in root.iter("testcase"):
        cls = tc.get("classname") or ""
        if cls != suite and not cls.startswith((suite + "/", suite + ".")):
            continue
        name = tc.get("name") if cls == suite else cls[len(suite) + 1:].replace(".", "/") + "/" + tc.get("name")
        if tc.find("skipped") is not None:
            cases.append(CaseResult(name, "skipped"))
            continue
        problems = list(tc.findall("error")) + list(tc.findall("failure"))
        if not problems:
            cases.append(CaseResult(name, "passed"))
            continue
        texts = []
        status = "failed"
        for p in problems:
            body = _clean(p.text or "")
            if NOT_IMPLEMENTED.search(body):
                status = "not_implemented"
                body = NOT_IMPLEMENTED.search(body).group(0)
            elif "system fatal error" in (p.get("type") or "") or "memory access violation" in body \
                    or re.search(r"\bsignal: SIG", body):
                status = "crashed"
            elif "timeout" in body.lower() or "timed out" in body.lower():
                status = "timeout"
            elif p.tag == "error" and status == "failed":
                status = "exception"
            texts.append(body)
        cases.append(CaseResult(name, status, "\n".join(texts)))
    return cases


def _suite_exercise(suite: str) -> str:
    m = re.match(r"^ex(\d+)_(\d+)_", suite)
    return f"{m.group(1)}.{m.group(2)}" if m else ""


def run_suite(binary: Path, suite: str, timeout: float = SUITE_TIMEOUT, env: dict | None = None) -> SuiteResult:
    import time

    if not binary.exists():
        return SuiteResult(suite, "missing", [], f"{binary} was not built")
    with tempfile.TemporaryDirectory(prefix="wb-junit-") as tmp:
        xml = Path(tmp) / "junit.xml"
        cmd = [str(binary), f"--run_test={suite}", f"--logger=JUNIT,error,{xml}",
               "--report_level=no", "--color_output=no", "--catch_system_errors=yes", "--detect_fp_exceptions=no"]
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                                env=env, start_new_session=True)
        _LIVE.add(proc)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            out, err = proc.communicate()
            return SuiteResult(suite, "timeout", [], (out or "") + f"\nthe suite ran longer than {timeout:.0f} s and "
                               "was stopped (an endless loop, or training with far too many iterations?)", timeout)
        except BaseException:
            _kill(proc)
            raise
        finally:
            _LIVE.discard(proc)
        r = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
        secs = time.monotonic() - t0
        output = r.stdout + r.stderr
        cases = []
        if xml.exists() and xml.stat().st_size > 0:
            try:
                cases = parse_junit(xml, suite)
            except ET.ParseError:
                cases = []
        if r.returncode < 0:
            sig = signal.Signals(-r.returncode).name
            ran = [c for c in cases if c.status != "skipped"]
            return SuiteResult(suite, "crashed", ran, output + f"\nthe test process was killed by {sig}"
                               " (an out-of-bounds index, a null pointer, or running out of memory?)", secs,
                               len(cases) - len(ran))
        if not cases:
            if "Test setup error: no test cases matching filter" in output:
                return SuiteResult(suite, "missing", [], f"the suite {suite} has no tests")
            status = "crashed" if r.returncode not in (0,) else "missing"
            return SuiteResult(suite, status, [], output + f"\n(exit code {r.returncode}, no test results)", secs)
        if m := re.search(r"fatal error: in \"([^\"]+)\": (signal: \S+|memory access violation[^\n]*)", output):
            for c in cases:
                if m.group(1).endswith("/" + c.name):
                    c.status, c.message = "crashed", m.group(2) + (("\n" + c.message) if c.message else "")
    run = [c for c in cases if c.status != "skipped"]
    not_run = len(cases) - len(run)
    waiting = ""
    if all(c.status == "passed" for c in run):
        status = "passed"
    elif all(c.status == "not_implemented" for c in run if c.status != "passed"):
        status = "not_implemented"
        own = _suite_exercise(suite)
        others = {m.group(1) + " " + m.group(2) for c in run if (m := NOT_IMPLEMENTED.search(c.message))
                  and m.group(1) != own}
        mine = any((m := NOT_IMPLEMENTED.search(c.message)) and m.group(1) == own for c in run)
        if others and not mine:
            waiting = ", ".join(sorted(others))
    elif any(c.status == "timeout" for c in run):
        status = "timeout"
    elif any(c.status == "crashed" for c in run):
        status = "crashed"
    else:
        status = "failed"
    return SuiteResult(suite, status, run, output, secs, not_run, waiting)


_LIVE: set = set()             # test processes running now (killed on Ctrl-C)


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)    # the suite runs in a session of its own
    except (ProcessLookupError, PermissionError, OSError):
        try:
            proc.kill()
        except OSError:
            pass


def run_suites(binary: Path, suites: list, jobs: int | None = None) -> dict:
    """Every suite in its own process, `jobs` at a time (the machine's cores): suite -> SuiteResult.
    On Ctrl-C the running suites are killed at once."""
    from concurrent.futures import ThreadPoolExecutor

    if not suites:
        return {}
    jobs = max(1, min(len(suites), jobs or os.cpu_count() or 2))
    if jobs == 1:
        return {s: run_suite(binary, s) for s in suites}
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = {s: pool.submit(run_suite, binary, s) for s in suites}
        results = {s: f.result() for s, f in futures.items()}
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(_LIVE):
            _kill(proc)
        raise
    pool.shutdown(wait=True)
    return results
