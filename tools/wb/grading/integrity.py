"""Checks that a student's compiled files did only what an exercise file may do.

- includes: every file the compiler read for a student's exercise file (ninja's dependency log)
  must be a system header, the instructor tree's chapter or support headers, the worker's build
  folder (the precompiled header) or the student's own files. Including a reference solution (or
  anything else: the mistakes bank, another submission) is a violation, whatever macro trick
  spelled the path.
- definitions: a student object file may define global symbols of its chapter's namespace chN::
  freely; a strong global definition of anything that the instructor's objects or the shared
  libraries of the test program also define (wb::test::check_close, main, exp, a Boost.Test
  symbol ...) would replace it at link time, so it is a violation. Other global helpers are a
  warning ("make it static").
- references: calls into the test framework (boost::unit_test, wb::test) or into process and
  memory tricks (dlsym, mprotect, ptrace, fork, exec) are violations; exit/abort/signal handlers
  and file writes are listed for a human to review.
A violation scores the whole chapter 0 and is flagged in the report: its test results cannot be
trusted."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

STRONG = set("TDBRCGSA")
BANNED_PREFIXES = ("wb::", "boost::", "std::", "xt::", "xtl::", "__", "_start", "_init", "_fini")
BANNED_NAMES = {"main"}
BAD_REFS = [
    (re.compile(r"\bboost::unit_test\b|\bboost::test_tools\b|\bboost::execution_monitor\b"), "the Boost.Test framework"),
    (re.compile(r"^wb::test::"), "the workbook's test checks"),
    (re.compile(r"^(dlopen|dlsym|dlvsym|dladdr|mprotect|pkey_mprotect|ptrace|process_vm_writev|fork|vfork|clone|"
                r"execv|execve|execvp|execl|execlp|execle|posix_spawn|posix_spawnp|system|popen|socket|connect|"
                r"setrlimit|prlimit|prlimit64|syscall)(@.*)?$"), "process or memory manipulation"),
]
REVIEW_REFS = [
    (re.compile(r"^(exit|_exit|_Exit|quick_exit|abort|atexit|at_quick_exit|signal|sigaction|raise|kill)(@.*)?$"),
     "ends the process or handles signals"),
    (re.compile(r"^(fopen|fopen64|open|open64|openat|creat|remove|unlink|rename)(@.*)?$|std::basic_ofstream|std::basic_fstream"),
     "opens or writes files"),
    (re.compile(r"/proc|getenv"), "reads the environment"),
]


@dataclass
class ChapterIntegrity:
    violations: list = field(default_factory=list)   # text lines
    warnings: list = field(default_factory=list)
    review: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def _run(cmd: list, cwd: Path | None = None) -> str:
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    return r.stdout


def student_objects(build: Path, chapter_tag: str) -> list:
    d = build / "chapters"
    return sorted(p for p in d.glob(f"*/CMakeFiles/{chapter_tag}_student_lib.dir/**/*.o"))


def object_source(obj: Path) -> str:
    """ex1_sigmoid.cpp for .../ex1_sigmoid.cpp.o"""
    return obj.name[:-2] if obj.name.endswith(".o") else obj.name


def check_includes(build: Path, objects: list, allowed: list) -> dict:
    """source file name -> files it read that are not allowed."""
    out = {}
    if not objects:
        return out
    rels = [str(o.relative_to(build)) for o in objects]
    text = _run(["ninja", "-C", str(build), "-t", "deps", *rels])
    current = None
    allowed = [str(a).rstrip("/") + "/" for a in allowed]
    for line in text.splitlines():
        if not line.startswith(" ") and ":" in line:
            current = Path(line.split(":")[0]).name[:-2]
            continue
        dep = line.strip()
        if not dep or current is None:
            continue
        p = dep if dep.startswith("/") else str((build / dep).resolve())
        p = str(Path(p).resolve()) if ".." in p else p
        if not any(p.startswith(a) for a in allowed):
            out.setdefault(current, []).append(p)
    return out


def _nm(args: list, path: Path) -> list:
    return _run(["nm", "-C", *args, str(path)]).splitlines()


def reference_symbols(build: Path, binary: Path, test_objects: list) -> set:
    """Demangled names of the global symbols the instructor's side of a test program defines:
    the support archives, the test objects, and the shared libraries it loads."""
    names: set = set()
    archives = list((build / "support").glob("*.a"))
    for path in archives + list(test_objects):
        for line in _nm(["-g", "--defined-only"], path):
            m = re.match(r"^(?:\S+:)?\s*[0-9a-fA-F]*\s+([A-Za-z])\s+(.*)$", line)
            if m and m.group(1) in STRONG | {"W", "V", "u", "i"}:
                names.add(m.group(2))
    libs = re.findall(r"=>\s+(\S+)\s+\(", _run(["ldd", str(binary)]))
    for lib in libs:
        for line in _nm(["-D", "--defined-only"], Path(lib)):
            parts = line.split(None, 2)
            if len(parts) == 3:
                names.add(parts[2].split("@")[0])
    return names


def _scope_ok(name: str, chapter: int) -> bool:
    name = re.sub(r"^(vtable for|typeinfo for|typeinfo name for|VTT for|guard variable for|construction vtable for)\s+", "", name)
    return name.startswith(f"ch{chapter}::")


def check_chapter(build: Path, chapter: int, chapter_tag: str, allowed_dirs: list, reference: set) -> ChapterIntegrity:
    res = ChapterIntegrity()
    objects = student_objects(build, chapter_tag)
    for src, bad in check_includes(build, objects, allowed_dirs).items():
        shown = ", ".join(core.short_path(b) for b in bad[:3]) + (f" (and {len(bad) - 3} more)" if len(bad) > 3 else "")
        res.violations.append(f"{src} includes {shown}: an exercise file may include only the chapter's header, "
                              "workbook/ headers and system headers")
    for obj in objects:
        src = object_source(obj)
        for line in _nm(["-g", "--defined-only"], obj):
            parts = line.split(None, 2)
            if len(parts) < 3:
                continue
            kind, name = parts[1], parts[2]
            if kind not in STRONG or _scope_ok(name, chapter):
                continue
            base = name.split("(")[0]
            if base in BANNED_NAMES or name.startswith(BANNED_PREFIXES) or name in reference or base in reference:
                res.violations.append(f"{src} defines {name}, which the test program also has: it would replace "
                                      "the instructor's (only ch{}:: functions and static helpers are allowed)".format(chapter))
            else:
                res.warnings.append(f"{src}: the global helper {name} should be static (or in an anonymous namespace)")
        seen = set()
        for line in _nm(["-u"], obj):
            name = line.strip().split(None, 1)[-1] if line.strip() else ""
            if not name or name in seen:
                continue
            seen.add(name)
            for rx, why in BAD_REFS:
                if rx.search(name):
                    res.violations.append(f"{src} calls {name} ({why}): not something an exercise may do")
                    break
            else:
                for rx, why in REVIEW_REFS:
                    if rx.search(name):
                        res.review.append(f"{src} uses {name} ({why})")
                        break
    return res
