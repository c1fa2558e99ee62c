"""What every command shares: the project's layout, its Debian packages, building, and running
one exercise's suite in a process of its own."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES_FILE = Path(__file__).resolve().parent / "packages.txt"
EXERCISE_FILE = re.compile(r"^ex(\d+)_(\w+)\.cpp$")
SUITE_TIMEOUT = float(os.environ.get("WB_SUITE_TIMEOUT", "120"))  # seconds for one exercise's suite


def build_dir() -> Path:
    return Path(os.environ.get("WB_BUILD_DIR", ROOT / "build"))


def color(enabled: bool | None = None):
    """ANSI colours when stdout is a terminal (NO_COLOR respected)."""
    if enabled is None:
        enabled = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    codes = dict(green="32", red="31", yellow="33", blue="34", dim="2", bold="1")

    def paint(name: str, text: str) -> str:
        return f"\033[{codes[name]}m{text}\033[0m" if enabled else text

    return paint


# ------------------------------------------------------------------------------------------------
# Layout: chapters and exercises, read from the source tree (never retyped)
# ------------------------------------------------------------------------------------------------
@dataclass
class Exercise:
    chapter: int
    number: int
    name: str
    path: Path                 # the student's file, chapters/NN_x/exK_name.cpp
    doc: dict = field(default_factory=dict)  # Seed, Equation, Shapes, Task from its comment block

    @property
    def id(self) -> str:
        return f"{self.chapter}.{self.number}"

    @property
    def suite(self) -> str:
        return f"ex{self.chapter}_{self.number}_{self.name}"


@dataclass
class Chapter:
    number: int
    folder: str                # 01_sigmoid
    title: str
    exercises: list

    @property
    def tag(self) -> str:      # ch01
        return f"ch{self.number:02d}"

    @property
    def dir(self) -> Path:
        return ROOT / "chapters" / self.folder


def parse_doc(path: Path) -> dict:
    """The statement block of an exercise file: '// Exercise 1.2  name', then 'Key: value' lines
    (Seed, Equation, Shapes, Task) whose continuation lines are indented."""
    doc: dict = {}
    key = None
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return doc
    for line in lines:
        if not line.startswith("//"):
            if doc:
                break
            continue
        text = line[2:]
        m = re.match(r"\s*Exercise\s+(\d+\.\d+)\s+(\w+)", text)
        if m:
            doc["Exercise"] = f"{m.group(1)} {m.group(2)}"
            continue
        m = re.match(r"\s(\w+):\s+(.*)$", text)
        if m and "Exercise" in doc:
            key = m.group(1)
            doc[key] = m.group(2).rstrip()
        elif key and text.strip() and not set(text.strip()) <= {"="}:
            doc[key] += "\n" + text.strip()
    return doc


def chapter_title(folder: Path) -> str:
    readme = folder / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return folder.name[3:].replace("_", " ")


def chapters(root: Path = ROOT) -> list:
    out = []
    for d in sorted((root / "chapters").glob("[0-9][0-9]_*")):
        if not (d / "CMakeLists.txt").exists():
            continue
        n = int(d.name[:2])
        exs = []
        for f in d.iterdir():
            m = EXERCISE_FILE.match(f.name)
            if m:
                exs.append(Exercise(n, int(m.group(1)), m.group(2), f, parse_doc(f)))
        exs.sort(key=lambda e: e.number)
        out.append(Chapter(n, d.name, chapter_title(d), exs))
    return out


def find_chapter(spec: str | int) -> Chapter:
    n = int(str(spec).lstrip("ch").lstrip("0") or "0")
    for ch in chapters():
        if ch.number == n:
            return ch
    known = ", ".join(str(c.number) for c in chapters())
    raise SystemExit(f"workbook: there is no chapter {spec} (chapters: {known})")


def find_exercise(spec: str) -> Exercise:
    m = re.fullmatch(r"(\d+)\.(\d+)", spec)
    if not m:
        raise SystemExit(f"workbook: '{spec}' is not an exercise; write it as CHAPTER.NUMBER, e.g. 3.4")
    ch = find_chapter(m.group(1))
    for ex in ch.exercises:
        if ex.number == int(m.group(2)):
            return ex
    known = ", ".join(e.id for e in ch.exercises)
    raise SystemExit(f"workbook: chapter {ch.number} has no exercise {spec} (exercises: {known})")


def has_solutions(root: Path = ROOT) -> bool:
    return (root / "solutions").is_dir()


# ------------------------------------------------------------------------------------------------
# Debian packages
# ------------------------------------------------------------------------------------------------
def required_packages() -> list:
    return [l.strip() for l in PACKAGES_FILE.read_text().splitlines() if l.strip() and not l.startswith("#")]


def missing_packages(packages: list) -> list:
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for p in packages:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", p], capture_output=True, text=True)
        if r.returncode != 0 or "install ok installed" not in r.stdout:
            missing.append(p)
    return missing


def ensure_packages(extra: list = ()) -> None:
    """Install what is missing (apt-get when root), or print the exact command and stop."""
    if os.environ.get("WB_SKIP_PACKAGES"):
        return
    pkgs = required_packages() + list(extra)
    if not shutil.which("dpkg-query"):
        print("workbook: not a Debian system (no dpkg); make sure these are installed: " + " ".join(pkgs), file=sys.stderr)
        return
    missing = missing_packages(pkgs)
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + missing
    if os.geteuid() != 0:
        raise SystemExit("workbook: missing Debian packages: " + " ".join(missing) +
                         "\ninstall them with:\n  sudo apt-get update && sudo " + " ".join(cmd))
    print("workbook: installing " + " ".join(missing), file=sys.stderr, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in (1, 2):
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        r = subprocess.run(cmd + ["-qq"], env=env)
        if r.returncode == 0:
            return
    raise SystemExit("workbook: apt-get could not install: " + " ".join(missing))


# ------------------------------------------------------------------------------------------------
# Building
# ------------------------------------------------------------------------------------------------
@dataclass
class BuildResult:
    ok: bool
    log: str
    log_path: Path
    failed_sources: list       # source files whose compilation failed
    first_errors: dict         # source file -> the compiler's first error line(s), short


def configure(bdir: Path | None = None, defs: dict | None = None, quiet: bool = True) -> None:
    bdir = bdir or build_dir()
    defs = dict(defs or {})
    if (bdir / "CMakeCache.txt").exists() and not defs:
        return
    cmd = ["cmake", "-S", str(ROOT), "-B", str(bdir)]
    if not (bdir / "CMakeCache.txt").exists():
        cmd += ["-G", "Ninja" if shutil.which("ninja") else "Unix Makefiles", "-DCMAKE_BUILD_TYPE=Release"]
    cmd += [f"-D{k}={v}" for k, v in defs.items()]
    r = subprocess.run(cmd, capture_output=quiet, text=True)
    if r.returncode != 0:
        sys.stderr.write((r.stdout or "") + (r.stderr or ""))
        raise SystemExit("workbook: CMake could not configure the project (see above)")


_ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)?\s*(?:fatal )?error:\s*(?P<msg>.*)$")


def summarize_errors(log: str) -> dict:
    """source -> its first compiler error, as 'file:line:col: error: message' (plus the code line)."""
    out: dict = {}
    lines = log.splitlines()
    for i, line in enumerate(lines):
        m = _ERROR_LINE.match(line)
        if not m:
            continue
        f = m.group("file")
        if f in out:
            continue
        snippet = [line.strip()]
        if i + 1 < len(lines) and re.match(r"^\s*\d+\s*\|", lines[i + 1]):
            snippet.append(lines[i + 1].rstrip())
            if i + 2 < len(lines) and "|" in lines[i + 2]:
                snippet.append(lines[i + 2].rstrip())
        out[f] = "\n".join(snippet)
    return out


def build(targets: list, bdir: Path | None = None, keep_going: bool = False, log_name: str = "build") -> BuildResult:
    bdir = bdir or build_dir()
    configure(bdir)
    logs = bdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{log_name}.log"
    cmd = ["cmake", "--build", str(bdir), "--target", *targets]
    if keep_going:
        cmd += ["--", "-k", "0"] if (bdir / "build.ninja").exists() else ["--", "-k"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    log = r.stdout + r.stderr
    log_path.write_text(log)
    failed = []
    for m in re.finditer(r"^FAILED: (\S+\.o)\s*$", log, re.M):
        obj = m.group(1)
        src = re.sub(r"^.*\.dir/", "", obj)[: -len(".o")]
        failed.append(src.replace("__/", "../"))
    errors = summarize_errors(log)
    return BuildResult(r.returncode == 0, log, log_path, failed, errors)


def errors_for(result: BuildResult, source: Path) -> str | None:
    """The first compiler error reported in `source`, if any."""
    for f, msg in result.first_errors.items():
        try:
            if Path(f).resolve() == source.resolve() or f.endswith(str(source.relative_to(ROOT))):
                return msg
        except (ValueError, OSError):
            if f.endswith(source.name):
                return msg
    if any(s.endswith(source.name) for s in result.failed_sources):
        return "(see the full log)"
    return None


def short_path(p: str | Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


# ------------------------------------------------------------------------------------------------
# Running one exercise's suite in its own process
# ------------------------------------------------------------------------------------------------
@dataclass
class CaseResult:
    name: str
    status: str                # passed, failed, not_implemented, exception, timeout, skipped
    message: str = ""


@dataclass
class SuiteResult:
    suite: str
    status: str                # passed, failed, not_implemented, crashed, timeout, missing
    cases: list
    output: str = ""
    seconds: float = 0.0

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
        if tc.get("classname") != suite and not (tc.get("classname") or "").startswith(suite + "/"):
            continue
        name = tc.get("name")
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
            elif "timeout" in body.lower() or "timed out" in body.lower():
                status = "timeout"
            elif p.tag == "error" and status == "failed":
                status = "exception"
            texts.append(body)
        cases.append(CaseResult(name, status, "\n".join(texts)))
    return cases


def run_suite(binary: Path, suite: str, timeout: float = SUITE_TIMEOUT, env: dict | None = None) -> SuiteResult:
    import time

    if not binary.exists():
        return SuiteResult(suite, "missing", [], f"{binary} was not built")
    with tempfile.TemporaryDirectory(prefix="wb-junit-") as tmp:
        xml = Path(tmp) / "junit.xml"
        cmd = [str(binary), f"--run_test={suite}", f"--logger=JUNIT,error,{xml}",
               "--report_level=no", "--color_output=no", "--catch_system_errors=yes", "--detect_fp_exceptions=no"]
        t0 = time.monotonic()
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, start_new_session=True)
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            return SuiteResult(suite, "timeout", [], out + f"\nthe suite ran longer than {timeout:.0f} s and was stopped "
                               "(an endless loop, or training with far too many iterations?)", timeout)
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
            return SuiteResult(suite, "crashed", cases, output + f"\nthe test process was killed by {sig}"
                               " (an out-of-bounds index, a null pointer, or running out of memory?)", secs)
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
    if all(c.status == "passed" for c in run):
        status = "passed"
    elif all(c.status == "not_implemented" for c in run if c.status != "passed"):
        status = "not_implemented"
    elif any(c.status == "timeout" for c in run):
        status = "timeout"
    elif any(c.status == "crashed" for c in run):
        status = "crashed"
    else:
        status = "failed"
    return SuiteResult(suite, status, run, output, secs)


def test_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"test_{ch.tag}_{side}"


def program_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"{ch.tag}_{side}"
