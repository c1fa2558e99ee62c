"""What every command shares: the project's layout, its Debian packages, building, and running
one exercise's suite in a process of its own."""
from __future__ import annotations

import hashlib
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


def state_dir(root: Path | None = None) -> Path:
    """Local state of this checkout (hint levels, backups, last results): ROOT/.workbook/, never committed."""
    return (root or ROOT) / ".workbook"


def color(enabled: bool | None = None):
    """ANSI colours when stdout is a terminal (NO_COLOR respected)."""
    if enabled is None:
        enabled = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    codes = dict(green="32", red="31", yellow="33", blue="34", dim="2", bold="1", cyan="36")

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

    @property
    def folder(self) -> str:   # 01_sigmoid
        return self.path.parent.name


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

    @property
    def short_title(self) -> str:
        """The title without a leading 'Chapter N:' (the README's first line often has one)."""
        return re.sub(rf"^Chapter\s+0*{self.number}\s*[:.\-]\s*", "", self.title)


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


def pristine_stub_bytes(ex: Exercise, root: Path | None = None) -> bytes | None:
    """The untouched stub of an exercise, byte for byte: ROOT/.stubs/<folder>/<file> (the student
    edition ships them there), else the file as committed at git HEAD; None when neither exists."""
    root = root or ROOT
    shipped = root / ".stubs" / ex.folder / ex.path.name
    if shipped.is_file():
        return shipped.read_bytes()
    if (root / ".git").exists() and shutil.which("git"):
        r = subprocess.run(["git", "-C", str(root), "show", f"HEAD:chapters/{ex.folder}/{ex.path.name}"],
                           capture_output=True)
        if r.returncode == 0:
            return r.stdout
    return None


def pristine_stub(ex: Exercise, root: Path | None = None) -> str | None:
    """The untouched stub as text (decoded so that encoding it again gives the same bytes)."""
    b = pristine_stub_bytes(ex, root)
    return None if b is None else b.decode("utf-8", errors="surrogateescape")


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# ------------------------------------------------------------------------------------------------
# Debian packages
# ------------------------------------------------------------------------------------------------
def required_packages() -> list:
    return [l.strip() for l in PACKAGES_FILE.read_text().splitlines() if l.strip() and not l.startswith("#")]


def missing_packages(packages: list) -> list:
    if not shutil.which("dpkg-query"):
        return []
    # one dpkg-query for all of them (it prints what it knows, and fails only on unknown names)
    r = subprocess.run(["dpkg-query", "-W", "-f=${Package}\t${Status}\n", *packages], capture_output=True, text=True)
    installed = set()
    for line in r.stdout.splitlines():
        name, _, status = line.partition("\t")
        if "install ok installed" in status:
            installed.add(name.split(":")[0])
    return [p for p in packages if p.split(":")[0] not in installed]


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
class CompileError:
    """The first error of one translation unit, placed where a student can act on it."""
    source: str                # the translation unit that failed (as the compiler saw it)
    file: str                  # where to look: the student's file when the error is reached from it
    line: int
    col: int
    message: str               # the compiler's first error message, template noise shortened
    code: list = field(default_factory=list)   # the source line (and the caret line, when the compiler gave one)
    origin: str = ""           # "xtensor/xutils.hpp:697" when the error itself is inside a header

    def first_line(self) -> str:
        where = f"{short_path(self.file)}:{self.line}" + (f":{self.col}" if self.col else "")
        return f"{where}: error: {self.message}"

    def text(self) -> str:
        out = [self.first_line()] + self.code
        if self.origin:
            out.append(f"(the compiler stopped inside {self.origin}, in template code instantiated from "
                       f"line {self.line} of {Path(self.file).name})")
        return "\n".join(out)


@dataclass
class BuildResult:
    ok: bool
    log: str
    log_path: Path
    failed_sources: list       # source files whose compilation failed
    first_errors: dict         # source file -> the compiler's first error line(s), short
    compile_errors: dict = field(default_factory=dict)   # source file -> CompileError
    failed_commands: dict = field(default_factory=dict)  # source file -> (object file, the compile command)
    link_errors: list = field(default_factory=list)      # "undefined reference to ..." lines, short
    failed_targets: list = field(default_factory=list)   # every output ninja reported FAILED


def _cache_value(bdir: Path, key: str) -> str | None:
    try:
        text = (bdir / "CMakeCache.txt").read_text(errors="replace")
    except OSError:
        return None
    m = re.search(rf"^{re.escape(key)}:[A-Z]+=(.*)$", text, re.M)
    return m.group(1) if m else None


def built_chapters(bdir: Path | None = None) -> set | None:
    """The chapter numbers this build dir was configured for (WB_CHAPTERS), or None for all."""
    v = _cache_value(bdir or build_dir(), "WB_CHAPTERS")
    if not v:
        return None
    return {int(x) for x in re.split(r"[;,\s]+", v) if x.strip().isdigit()}


def link_compile_commands(bdir: Path) -> None:
    """ROOT/compile_commands.json -> the build's, so that clangd finds xtensor with no set-up.
    A regular file there is left alone; a link is pointed at the default build dir."""
    link = ROOT / "compile_commands.json"
    target = bdir / "compile_commands.json"
    if not target.exists():
        return
    try:
        if link.is_symlink():
            current = Path(os.readlink(link))
            if current == target or (current.exists() and bdir.resolve() != (ROOT / "build").resolve()):
                return
            link.unlink()
        elif link.exists():
            return
        try:
            rel = os.path.relpath(target, ROOT)
        except ValueError:
            rel = str(target)
        link.symlink_to(rel if not rel.startswith("..") else str(target))
    except OSError:
        pass


def configure(bdir: Path | None = None, defs: dict | None = None, quiet: bool = True) -> None:
    """Configure the build once (Ninja, Release). WB_CHAPTERS in the environment ("1;3") builds only
    those chapters. CMake is re-run only when a definition differs from the cache."""
    bdir = bdir or build_dir()
    defs = dict(defs or {})
    if "WB_CHAPTERS" in os.environ and "WB_CHAPTERS" not in defs:
        defs["WB_CHAPTERS"] = os.environ["WB_CHAPTERS"].replace(",", ";")
    have_cache = (bdir / "CMakeCache.txt").exists()
    if have_cache and all(_cache_value(bdir, k) == str(v) for k, v in defs.items()):
        link_compile_commands(bdir)
        return
    cmd = ["cmake", "-S", str(ROOT), "-B", str(bdir)]
    if not have_cache:
        cmd += ["-G", "Ninja" if shutil.which("ninja") else "Unix Makefiles", "-DCMAKE_BUILD_TYPE=Release"]
    cmd += [f"-D{k}={v}" for k, v in defs.items()]
    r = subprocess.run(cmd, capture_output=quiet, text=True)
    if r.returncode != 0:
        sys.stderr.write((r.stdout or "") + (r.stderr or ""))
        raise SystemExit("workbook: CMake could not configure the project (see above)")
    link_compile_commands(bdir)


_ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)?\s*(?:fatal )?error:\s*(?P<msg>.*)$")
_CONTEXT_LINE = re.compile(r"^(?:In file included from |\s+from )?(?P<file>[^\s:][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)?\s*(?P<what>.*)$")
_NINJA_PROGRESS = re.compile(r"^\[\d+/\d+\] |^ninja: ")


def _split_template_args(s: str, start: int):
    """s[start] is just after '<': returns (list of top-level arguments, index after the matching '>')."""
    depth, args, cur, i = 1, [], [], start
    while i < len(s):
        c = s[i]
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i + 1
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return None, len(s)


def _value_type(storage: str) -> str:
    m = re.match(r"(?:xt::)?(?:uvector|svector)<\s*([^,<>]+(?:<[^<>]*>)?)", storage)
    if m:
        return m.group(1).strip()
    m = re.match(r"std::(?:vector|array)<\s*([^,<>]+)", storage)
    return m.group(1).strip() if m else storage


def tidy_types(msg: str) -> str:
    """Shorten what the compiler spells out: std::__cxx11::basic_string<char> -> std::string,
    xt::xarray_container<xt::uvector<double, ...>, ...> -> xt::xarray<double>, and so on."""
    msg = msg.replace("std::__cxx11::basic_string<char>", "std::string").replace("std::__cxx11::", "std::")
    msg = re.sub(r"std::basic_string<char(?:, std::char_traits<char>, std::allocator<char> )?>", "std::string", msg)
    msg = msg.replace("long unsigned int", "std::size_t")
    for name, short in (("xarray_container", "xarray"), ("xtensor_container", "xtensor")):
        while True:
            m = re.search(rf"(?:xt::)?{name}<", msg)
            if not m:
                break
            args, end = _split_template_args(msg, m.end())
            if not args:
                break
            t = _value_type(args[0])
            if short == "xtensor" and len(args) > 1 and args[1].isdigit():
                rep = f"xt::xtensor<{t}, {args[1]}>"
            else:
                rep = f"xt::{short}<{t}>"
            msg = msg[:m.start()] + rep + msg[end:]
    msg = re.sub(r"\s+", " ", msg).strip()
    if len(msg) > 260:
        msg = msg[:250].rstrip() + " ..."
    return msg


def _same_file(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _source_line(path: str, line: int) -> str | None:
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def _header_name(path: str) -> str:
    """/usr/include/xtensor/xutils.hpp -> xtensor/xutils.hpp; a project file relative to ROOT."""
    m = re.search(r"/include/(.+)$", path)
    if m and not path.startswith(str(ROOT)):
        return m.group(1)
    return short_path(path)


def first_compile_error(source: str, block: list) -> CompileError | None:
    """The first error of one translation unit's compiler output, pointed at `source`: when the
    error stands in a header (xtensor's template code), the line of `source` that led there
    ('required from here', 'In function', the notes) is what the student sees first."""
    idx = next((i for i, l in enumerate(block) if _ERROR_LINE.match(l)), None)
    if idx is None:
        return None
    m = _ERROR_LINE.match(block[idx])
    efile, eline, ecol = m.group("file"), int(m.group("line")), int(m.group("col") or 0)
    msg = tidy_types(m.group("msg"))
    code = []
    if idx + 1 < len(block) and re.match(r"^\s*\d+\s*\|", block[idx + 1]):
        code.append(block[idx + 1].rstrip())
        if idx + 2 < len(block) and re.match(r"^\s*\|", block[idx + 2]):
            code.append(block[idx + 2].rstrip())
    if _same_file(efile, source) or not source:
        return CompileError(source or efile, efile, eline, ecol, msg, code)
    # The error is in another file: find the student's line that leads there.
    candidates = []
    for i, l in enumerate(block[:idx]):
        c = _CONTEXT_LINE.match(l)
        if c and _same_file(c.group("file"), source):
            candidates.append((("required from here" in c.group("what")) * 2 + 1, i, c))
    if not candidates:     # the notes after the error ("cannot convert ... " at the student's line)
        for i, l in enumerate(block[idx + 1:], idx + 1):
            if _ERROR_LINE.match(l) or l.startswith("In file included"):
                break
            c = _CONTEXT_LINE.match(l)
            if c and _same_file(c.group("file"), source):
                candidates.append((1, -i, c))
                break
    if not candidates:
        # an error in a header the source includes (the chapter header, edited?): show it as it is
        return CompileError(source, efile, eline, ecol, msg, code)
    _, _, c = max(candidates, key=lambda t: (t[0], t[1]))
    line, col = int(c.group("line")), int(c.group("col") or 0)
    text = _source_line(source, line)
    snippet = [f"{line:>6} | {text.rstrip()}"] if text is not None else []
    return CompileError(source, source, line, col, msg, snippet, origin=f"{_header_name(efile)}:{eline}")


def parse_build_log(log: str):
    """Split a Ninja log into its FAILED steps: (compile failures {source: (object, command, block)},
    link failures [(output, block)], every FAILED output)."""
    lines = log.splitlines()
    compiles, links, failed = {}, [], []
    i = 0
    while i < len(lines):
        m = re.match(r"^FAILED: (.+?)\s*$", lines[i])
        if not m:
            i += 1
            continue
        outputs = m.group(1).split()
        failed += outputs
        j = i + 1
        block = []
        while j < len(lines) and not _NINJA_PROGRESS.match(lines[j]) and not lines[j].startswith("FAILED: "):
            block.append(lines[j])
            j += 1
        command = block[0] if block else ""
        src = re.search(r"\s-c\s+(\S+)", command)
        if src:
            compiles[src.group(1)] = (outputs[0], command, block[1:])
        else:
            links.append((outputs[0], block[1:]))
        i = j
    return compiles, links, failed


def summarize_errors(log: str) -> dict:
    """source -> its first compiler error, as 'file:line:col: error: message' (plus the code line)."""
    compiles, _, _ = parse_build_log(log)
    out: dict = {}
    for src, (_, _, block) in compiles.items():
        e = first_compile_error(src, block)
        if e:
            out[src] = e.text()
    if out or compiles:
        return out
    # not a Ninja log (Makefiles): the first error of each file
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


def _link_messages(block: list) -> list:
    """'multiple definition of helper(double) (in ex2_a.cpp, ex4_b.cpp)', 'undefined reference to ...'."""
    out = []
    for l in block:
        m = re.search(r"(undefined reference to|multiple definition of) [`'‘](.+?)['’]", l)
        if not m:
            continue
        files = []
        for f in re.findall(r"\b(ex\d+_\w+\.cpp)(?:\.o\)|:)", l):
            if f not in files:
                files.append(f)
        msg = f"{m.group(1)} {tidy_types(m.group(2))}" + (f" (in {', '.join(files)})" if files else "")
        if msg not in out:
            out.append(msg)
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
    if r.returncode != 0 and re.search(r"unknown target|No rule to make target", log):
        # a chapter added since the last configure (a pull, a new folder): configure again, once
        rc = subprocess.run(["cmake", "-S", str(ROOT), "-B", str(bdir)], capture_output=True, text=True)
        if rc.returncode == 0:
            r = subprocess.run(cmd, capture_output=True, text=True)
            log = r.stdout + r.stderr
        else:
            log += rc.stdout + rc.stderr
    log_path.write_text(log)
    failed = []
    for m in re.finditer(r"^FAILED: (\S+\.o)\s*$", log, re.M):
        obj = m.group(1)
        src = re.sub(r"^.*\.dir/", "", obj)[: -len(".o")]
        failed.append(src.replace("__/", "../"))
    compiles, links, failed_targets = parse_build_log(log)
    errors, detailed, commands = {}, {}, {}
    for src, (obj, command, block) in compiles.items():
        commands[src] = (obj, command)
        e = first_compile_error(src, block)
        if e:
            detailed[src] = e
            errors[src] = e.text()
    if not compiles:
        errors = summarize_errors(log)
    link_errors = [msg for _, block in links for msg in _link_messages(block)]
    return BuildResult(r.returncode == 0, log, log_path, failed, errors, detailed, commands, link_errors, failed_targets)


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


def compile_error_for(result: BuildResult, source: Path) -> CompileError | None:
    for f, e in result.compile_errors.items():
        if _same_file(f, str(source)) or Path(f).name == source.name and Path(f).parent.name == source.parent.name:
            return e
    return None


def short_path(p: str | Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except (ValueError, OSError):
        return str(p)


# ------------------------------------------------------------------------------------------------
# The fallback: when some exercise files of a chapter do not compile, link the chapter's tests
# once more with those files replaced by their pristine stubs, so that the others still run.
# It reuses the objects the main build has just compiled (ninja -k 0 compiles everything it can):
# one stub compile (cached) and a re-link, well under a second.
# ------------------------------------------------------------------------------------------------
def _ninja_commands(bdir: Path, target: str) -> list:
    ninja = shutil.which("ninja") or shutil.which("ninja-build")
    if not ninja:
        return []
    r = subprocess.run([ninja, "-C", str(bdir), "-t", "commands", target], capture_output=True, text=True)
    return r.stdout.splitlines() if r.returncode == 0 else []


def fallback_test_binary(ch: Chapter, result: BuildResult, broken: list, bdir: Path | None = None):
    """(binary, "") with the exercises in `broken` replaced by their stubs, or (None, why not)."""
    bdir = bdir or build_dir()
    if not (bdir / "build.ninja").exists():
        return None, "the other exercises run only with the Ninja generator"
    target = f"bin/test_{ch.tag}_student"
    cmds = _ninja_commands(bdir, target)
    link = next((c for c in cmds if f"-o {target} " in c + " "), None)
    if not cmds or not link:
        return None, "could not read the build's link step"
    fb = bdir / "fallback" / ch.tag
    fb.mkdir(parents=True, exist_ok=True)
    replace = {}                          # object path (as in build.ninja) -> the stub's object
    for ex in broken:
        entry = next(((k, v) for k, v in result.failed_commands.items()
                      if _same_file(k, str(ex.path)) or Path(k).name == ex.path.name), None)
        if entry is None:       # it compiled (a link error names it): its command from the build
            line = next((c for c in cmds if re.search(rf"\s-c\s+\S*/{re.escape(ex.folder)}/{re.escape(ex.path.name)}(\s|$)", c)), None)
            m_src = re.search(r"\s-c\s+(\S+)", line or "")
            m_obj = re.search(r"\s-o\s+(\S+)", line or "")
            if m_src and m_obj:
                entry = (m_src.group(1), (m_obj.group(1), line))
        stub = pristine_stub_bytes(ex)
        if entry is None or stub is None:
            return None, f"no pristine stub of exercise {ex.id} to stand in for it" if stub is None else \
                "could not find the compile command"
        src, (obj, command) = entry
        stub_src = fb / ex.path.name
        stub_obj = fb / (ex.path.name + ".o")
        if not stub_src.exists() or stub_src.read_bytes() != stub:
            stub_src.write_bytes(stub)
        cmd = re.sub(r"\s-MD\s+-MT\s+\S+\s+-MF\s+\S+", " ", command)
        cmd = cmd.replace(f"-o {obj}", f"-o {stub_obj}").replace(f"-c {src}", f"-c {stub_src}")
        # recompile when the command, the stub or the headers it sees changed
        headers = sorted(str(p.stat().st_mtime_ns) for p in ex.path.parent.glob("*.h*"))
        pch = [str(Path(bdir, g + ".gch").stat().st_mtime_ns) for g in re.findall(r"-include\s+(\S+)", cmd)
               if Path(bdir, g + ".gch").exists()]
        key = hashlib.sha1("\n".join([cmd, stub.decode(errors="replace")] + headers + pch).encode()).hexdigest()
        stamp = fb / (ex.path.name + ".key")
        if not stub_obj.exists() or not stamp.exists() or stamp.read_text() != key:
            r = subprocess.run(cmd, shell=True, cwd=bdir, capture_output=True, text=True)
            if r.returncode != 0:
                return None, f"the stub of exercise {ex.id} does not compile either"
            stamp.write_text(key)
        replace[obj] = str(stub_obj)
    lib = re.search(rf"(\S*lib{ch.tag}_student_lib\.a)\b", link)
    archive = next((c for c in cmds if lib and " qc " in c and lib.group(1) in c), None) if lib else None
    if not lib or not archive:
        return None, "could not read the build's archive step"
    fb_lib = str(fb / f"lib{ch.tag}_student_lib.a")
    fb_bin = bdir / "fallback" / "bin" / f"test_{ch.tag}_student"
    fb_bin.parent.mkdir(parents=True, exist_ok=True)
    archive = archive.replace(lib.group(1), fb_lib)
    for obj, stub_obj in replace.items():
        archive = re.sub(rf"(?<=\s){re.escape(obj)}(?=\s|$)", stub_obj, archive)
    link = link.replace(lib.group(1), fb_lib).replace(f"-o {target} ", f"-o {fb_bin} ")
    for step in (archive, link):
        r = subprocess.run(step, shell=True, cwd=bdir, capture_output=True, text=True)
        if r.returncode != 0:
            return None, "the rest of the chapter does not link either"
    return fb_bin, ""


# ------------------------------------------------------------------------------------------------
# Running one exercise's suite in its own process
# ------------------------------------------------------------------------------------------------
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


def test_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"test_{ch.tag}_{side}"


def program_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"{ch.tag}_{side}"
