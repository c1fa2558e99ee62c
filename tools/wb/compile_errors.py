"""Reading compiler and Ninja output: the first error of each translation unit, placed where a
student can act on it, with xtensor's long types shortened; link errors in a line each."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wb.layout import ROOT, short_path


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


_LLD_SYMBOL = re.compile(r"ld\.lld: error: (duplicate|undefined) symbol: (.+?)\s*$")


def _lld_messages(block: list) -> list:
    """lld says it in several lines ('ld.lld: error: duplicate symbol: helper(double)', then
    '>>> defined at ex1_a.cpp'): the same messages as GNU ld's."""
    out = []
    for i, l in enumerate(block):
        m = _LLD_SYMBOL.search(l)
        if not m:
            continue
        files = []
        for nxt in block[i + 1:]:
            if not nxt.startswith(">>>"):
                break
            for f in re.findall(r"(?:defined at|referenced by) (?:\S*/)?(ex\d+_\w+\.cpp)", nxt):
                if f not in files:
                    files.append(f)
        what = "multiple definition of" if m.group(1) == "duplicate" else "undefined reference to"
        msg = f"{what} {tidy_types(m.group(2))}" + (f" (in {', '.join(files)})" if files else "")
        if msg not in out:
            out.append(msg)
    return out


def _link_messages(block: list) -> list:
    """'multiple definition of helper(double) (in ex2_a.cpp, ex4_b.cpp)', 'undefined reference to ...'
    (GNU ld's and lld's wording)."""
    out = _lld_messages(block)
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
