"""Checks that a student's compiled files did only what an exercise file may do.

- includes: every file the compiler read for a student's exercise file (ninja's dependency log)
  must be a system header, the instructor tree's chapter or support headers, the worker's build
  folder (the precompiled header) or the student's own files. Including a reference solution (or
  anything else: the mistakes bank, another submission) is a violation, whatever macro trick
  spelled the path.
- definitions: a student object file may define globally only what its stub defines (the
  exercise's own functions); a definition of anything the instructor's objects, the chapter's
  given code, another exercise or the test program's shared libraries define (wb::test::check_close,
  main, exp, a Boost.Test symbol, a chN:: helper of the given code ...) would replace it at link
  time, so it is a violation, weak or strong; so is any explicit __attribute__((weak)) definition.
  Inline functions and template instantiations (COMDAT) are fine. Other global helpers are a
  warning ("make it static").
- sections and instructions: .preinit_array, init_priority constructors (.init_array.N) and
  .init/.fini code run before the test harness sets up its verdict channel; raw system call
  instructions (syscall, int 0x80) get around every libc-level check: violations.
- source: inline assembly (asm, __asm__: .incbin reads any file the assembler can open, unseen by
  the include check) and token pasting (##, which could spell asm) are violations.
- references: calls into the test framework (boost::unit_test, wb::test) or into process and
  memory tricks (dlsym, mprotect, ptrace, fork, exec) are violations; exit/abort/signal handlers
  and file writes are listed for a human to review.
A violation scores the whole chapter 0 and is flagged in the report: its test results cannot be
trusted."""
from __future__ import annotations

import concurrent.futures
import os
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
                r"setrlimit|prlimit|prlimit64|syscall|wordexp|fexecve|execvpe|execlpe|_Fork|forkpty|daemon|clone3|"
                r"__clone|__fork|__libc_fork|__libc_system)(@.*)?$"), "process or memory manipulation"),
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


def ldd_libraries(text: str) -> list:
    """The files of the shared libraries in ldd's output: "libc.so.6 => /lib/.../libc.so.6 (0x...)",
    and the loader, which has no arrow ("/lib64/ld-linux-x86-64.so.2 (0x...)"); the vDSO
    ("linux-vdso.so.1 (0x...)") has no file, a library "=> not found" none either."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^\s*(?:\S+\s+=>\s+)?(/\S+)\s+\(0x[0-9a-fA-F]+\)\s*$", line)
        if m and m.group(1) not in out:
            out.append(m.group(1))
    return out


class ReferenceNames(set):
    """The names (a set), and .strong: those of them defined as plain (not weak, not inline or
    template) functions or data, which an inline definition of the same name in a student object
    (a COMDAT group: the scan lets those pass as the headers' inline code) would only shadow to
    replace them."""
    strong: set

    def __init__(self, names=(), strong=()):
        super().__init__(names)
        self.strong = set(strong)


def reference_symbols(build: Path, binary: Path, test_objects: list) -> set:
    """Demangled names of the global symbols the instructor's side of a test program defines:
    the support archives, the test objects, and the shared libraries it loads."""
    names: set = set()
    strong: set = set()
    archives = list((build / "support").glob("*.a"))
    # the chapters' given code (chNN_common): a student copy with a changed helper would replace it
    archives += [a for a in (build / "chapters").glob("*/*.a") if not a.name.endswith(("_student_lib.a", "_solution_lib.a"))]
    for path in archives + list(test_objects):
        for line in _nm(["-g", "--defined-only"], path):
            m = re.match(r"^(?:\S+:)?\s*[0-9a-fA-F]*\s+([A-Za-z])\s+(.*)$", line)
            if m and m.group(1) in STRONG | {"W", "V", "u", "i"}:
                names.add(m.group(2))
                if m.group(1) in STRONG:
                    strong.add(m.group(2))
    for lib in ldd_libraries(_run(["ldd", str(binary)])):
        for line in _nm(["-D", "--defined-only"], Path(lib)):
            parts = line.split(None, 2)
            if len(parts) == 3:
                names.add(parts[2].split("@")[0])
    return ReferenceNames(names, strong)


def _scope_ok(name: str, chapter: int) -> bool:
    name = re.sub(r"^(vtable for|typeinfo for|typeinfo name for|VTT for|guard variable for|construction vtable for)\s+", "", name)
    return name.startswith(f"ch{chapter}::")


SYMLINE = re.compile(r"^\s*\d+:\s+[0-9a-fA-F]+\s+\d+\s+(\w+)\s+(\w+)\s+(\w+)\s+(\w+)\s+(.*)$")


def _symtab(obj: Path) -> str:
    """readelf's symbol table of an object, demangled (nm would do, but loads the LTO plugin on
    every run: 0.09 s of 0.13 an object)."""
    return _run(["readelf", "-sW", "-C", str(obj)])


def undefined_symbols(obj: Path, symtab: str | None = None) -> list:
    """The demangled names an object uses but does not define (nm -u), in order, once each."""
    out: dict = {}
    for line in (symtab if symtab is not None else _symtab(obj)).splitlines():
        m = SYMLINE.match(line)
        if m and m.group(4) == "UND" and m.group(5).strip():
            out[m.group(5).strip()] = None
    return list(out)


def defined_symbols(obj: Path, symtab: str | None = None) -> list:
    """(name, bind, comdat) of every non-local definition in an object: bind "strong", "weak" or
    "unique"; comdat: the symbol's section belongs to a COMDAT group (an inline function or a
    template instantiation, which every object that uses it carries), so an explicit
    __attribute__((weak)) definition is weak and NOT comdat. (Section indices, not names: readelf
    cuts long section names.)"""
    groups = set()
    for line in _run(["readelf", "-gW", str(obj)]).splitlines():
        m = re.match(r"^\s+\[\s*(\d+)\]\s+\S", line)
        if m:
            groups.add(m.group(1))
    out = []
    for line in (symtab if symtab is not None else _symtab(obj)).splitlines():
        m = SYMLINE.match(line)
        if not m:
            continue
        kind, bind, _vis, ndx, name = m.groups()
        if bind == "LOCAL" or ndx in ("UND", "ABS") or kind in ("FILE", "SECTION"):
            continue
        b = "unique" if bind == "UNIQUE" else "weak" if bind == "WEAK" else "strong"
        out.append((name.strip(), b, ndx in groups or ndx == "COM"))
    return out


def exported_definitions(obj: Path) -> set:
    """The names an (instructor's) object makes visible to others: its global and weak definitions."""
    return {name for name, _, _ in defined_symbols(obj)}


# Sections that run code before main() in an order of the object's choosing: before the test
# harness has set up its verdict channel (.preinit_array), or before other constructors.
EARLY_SECTIONS = re.compile(r"^\.(preinit_array|init_array\.\d+|fini_array\.\d+|ctors\.\d+|dtors\.\d+|init|fini)$")
RAW_SYSCALL = re.compile(r"\s(syscall|sysenter|int\s+\$0x80)\s*$")


def _strip_comments_and_strings(text: str) -> tuple:
    """The source without comments (what the compiler sees as tokens), and the string literals."""
    code, strings = [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            code.append(" ")
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            strings.append(text[i + 1:j])
            code.append(c + c)
            i = j + 1
        else:
            code.append(c)
            i += 1
    return "".join(code), strings


def check_source(name: str, text: str) -> list:
    """Violations visible in an exercise file's text: inline assembly (.incbin reads any file the
    assembler can open, whatever the include check saw), and token pasting that could spell it."""
    text = re.sub(r"\\[ \t]*\r?\n", "", text)     # line splices first, as the compiler does: as\<newline>m is asm
    code, strings = _strip_comments_and_strings(text)
    out = []
    m = re.search(r"\b(asm|__asm__|__asm)\b", code)
    if m:
        out.append(f"{name} uses inline assembly ({m.group(1)}): not something an exercise may do")
    # the literals joined: adjacent ones are one string to the compiler (".inc" "bin")
    if "incbin" in "".join(strings) or re.search(r"\bincbin\b", code):
        out.append(f"{name} mentions .incbin (the assembler reading a file in): not something an exercise may do")
    if "##" in code or "%:%:" in code:
        out.append(f"{name} pastes tokens (##): not allowed in an exercise file (it could spell asm)")
    out += _check_attributes(name, code)
    return out


# Attributes an exercise may use (a speed chapter's target("avx2,fma"), inlining, alignment): none
# of them puts text of the source's choosing into the assembler or changes which definition wins.
# Refused by not being here: section (its name goes into the assembler's .section line as it is: a
# newline in it starts assembler lines of the student's choosing), alias, weak, weakref, ifunc,
# symver, used, retain, visibility, constructor, destructor, init_priority, naked, cleanup, ...
ALLOWED_ATTRIBUTES = {
    "target", "target_clones", "always_inline", "noinline", "flatten", "hot", "cold", "unused", "maybe_unused",
    "aligned", "assume_aligned", "alloc_size", "const", "pure", "nonnull", "returns_nonnull", "nothrow", "noreturn",
    "vector_size", "may_alias", "optimize", "nodiscard", "likely", "unlikely", "fallthrough", "deprecated",
    "warn_unused_result", "malloc", "leaf", "no_unique_address", "carries_dependency", "noclone", "noipa",
    "packed", "artificial", "gnu_inline", "format", "access", "simd", "no_sanitize", "warning", "error",
}
# Pragmas an exercise may use: the rest (weak, redefine_extname, GCC visibility, ...) change symbols.
ALLOWED_PRAGMA = re.compile(r"^(once|omp\b.*|GCC\s+(unroll|ivdep|target|optimize|push_options|pop_options|"
                            r"diagnostic)\b.*|clang\b.*)$", re.S)


def _attribute_names(inner: str) -> list:
    """The attribute names of a list "a, b(x, y), gnu::c": identifiers at the list's top level."""
    names, depth = [], 0
    for m in re.finditer(r"[()]|,|([A-Za-z_][A-Za-z_0-9]*(?:\s*::\s*[A-Za-z_][A-Za-z_0-9]*)?)", inner):
        t = m.group(0)
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif m.group(1) and depth == 0:
            names.append(re.sub(r"^(gnu|__gnu__)\s*::\s*", "", m.group(1)).strip("_") or m.group(1))
    return names


def _balanced(code: str, start: int) -> str:
    """The text between the parenthesis at code[start] and its match (to the end if unmatched)."""
    depth = 0
    for j in range(start, len(code)):
        if code[j] == "(":
            depth += 1
        elif code[j] == ")":
            depth -= 1
            if depth == 0:
                return code[start + 1:j]
    return code[start + 1:]


def _check_attributes(name: str, code: str) -> list:
    """GNU attributes, C++ attribute lists and pragmas outside the lists above: a section attribute
    carries assembler lines, alias/weak/symver change which definition the program uses."""
    out, bad = [], []
    m = re.search(r"\b(__declspec|_Pragma|__REDIRECT\w*)\b", code)
    if m:
        bad.append(m.group(1))
    for m in re.finditer(r"\b(__attribute__|__attribute)\b\s*(\()?", code):
        if not m.group(2):
            bad.append(m.group(1))
            continue
        inner = _balanced(code, m.end() - 1)
        inner = inner[1:-1] if inner.startswith("(") and inner.endswith(")") else inner
        bad += [n for n in _attribute_names(inner) if n not in ALLOWED_ATTRIBUTES]
    for m in re.finditer(r"\[\s*\[(.*?)\]\s*\]", code, re.S):
        inner = m.group(1)
        if re.match(r"\s*using\b", inner):
            bad.append("using " + inner.split(":")[0].split()[-1])
            continue
        bad += [n for n in _attribute_names(inner) if n not in ALLOWED_ATTRIBUTES]
    for m in re.finditer(r"^[ \t]*(?:#|%:)[ \t]*(pragma|ident|sccs|line)\b[ \t]*(.*)$", code, re.M):
        if m.group(1) != "pragma":
            bad.append("#" + m.group(1))
        elif not ALLOWED_PRAGMA.match(m.group(2).strip()):
            bad.append("#pragma " + m.group(2).strip().split("(")[0][:40])
    if bad:
        shown = ", ".join(dict.fromkeys(bad))
        out.append(f"{name} uses {shown}: an exercise may use only the attributes and pragmas of speed and inlining "
                   f"(target, always_inline, aligned, #pragma GCC unroll, ...), none that places code or data, "
                   f"renames or replaces symbols")
    return out


def check_chapter(build: Path, chapter: int, chapter_tag: str, allowed_dirs: list, reference: set,
                  own: dict | None = None, sources: dict | None = None) -> ChapterIntegrity:
    """own: exercise file name -> the names its stub defines (what the student's file may define
    globally); sources: exercise file name -> the student's text."""
    res = ChapterIntegrity()
    own = own or {}
    objects = student_objects(build, chapter_tag)
    for name, text in sorted((sources or {}).items()):
        res.violations += check_source(name, text)
    for src, bad in check_includes(build, objects, allowed_dirs).items():
        shown = ", ".join(core.short_path(b) for b in bad[:3]) + (f" (and {len(bad) - 3} more)" if len(bad) > 3 else "")
        res.violations.append(f"{src} includes {shown}: an exercise file may include only the chapter's header, "
                              "workbook/ headers and system headers")
    strong_ref = getattr(reference, "strong", set())
    others = set()
    for names in own.values():
        others |= set(names)
    def scan(obj: Path) -> ChapterIntegrity:
        res = ChapterIntegrity()
        src = object_source(obj)
        mine = set(own.get(src, ()))
        for line in _run(["objdump", "-h", str(obj)]).splitlines():
            parts = line.split()
            if len(parts) > 1 and parts[0].isdigit() and EARLY_SECTIONS.match(parts[1]):
                res.violations.append(f"{src} has a {parts[1]} section (code that runs before the tests are set "
                                      "up, or with a chosen priority): not something an exercise may do")
        for line in _run(["objdump", "-d", "--no-show-raw-insn", str(obj)]).splitlines():
            if RAW_SYSCALL.search(line):
                res.violations.append(f"{src} makes raw system calls ({line.split()[-1]} instruction): not something "
                                      "an exercise may do")
                break
        symtab = _symtab(obj)
        for name, bind, comdat in defined_symbols(obj, symtab):
            base = name.split("(")[0]
            if name in mine:
                continue
            if name.startswith("DW.ref.__gxx_personality"):
                continue
            theirs = base in BANNED_NAMES or name in reference or base in reference or name in others
            if bind == "weak" and not comdat:
                res.violations.append(f"{src} defines {name} as a weak symbol: an exercise file may not replace or "
                                      "offer replacements for other code (only its own functions and static helpers)")
            elif (comdat or bind == "unique") and (name in strong_ref or base in strong_ref):
                res.violations.append(f"{src} defines {name} inline, which the test program has as a function of "
                                      f"its own: it would stand in for it (an exercise file may define only its "
                                      f"own functions and static helpers)")
            elif comdat or bind == "unique":
                continue    # an inline function or template instantiation: every object that uses it has one
            elif theirs or (name.startswith(BANNED_PREFIXES) and not _scope_ok(name, chapter)):
                res.violations.append(f"{src} defines {name}, which the test program (or another exercise) also "
                                      f"has: it would replace it (an exercise file may define only its own "
                                      f"functions and static helpers)")
            else:
                res.warnings.append(f"{src}: the global helper {name} should be static (or in an anonymous namespace)")
        for name in undefined_symbols(obj, symtab):
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

    # four tool runs an object; objects scanned side by side (chapters 1-6, 38 objects, load 2:
    # 1.5-1.7 s one at a time, 1.1-1.3 s side by side; 4.6-5.4 s when nm -u was a fifth run)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for part in pool.map(scan, objects):
            res.violations += part.violations
            res.warnings += part.warnings
            res.review += part.review
    return res
