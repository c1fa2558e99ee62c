"""Configuring and building with CMake/Ninja, and finding one source's errors in the result."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from wb.compile_errors import (CompileError, _link_messages, _same_file, first_compile_error,  # noqa: F401
                               parse_build_log, summarize_errors)
from wb import progress
from wb.layout import ROOT, build_dir


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
    if quiet:
        r = progress.run(cmd, "configuring the build (CMake)" if not have_cache else "configuring the build again (CMake)",
                         note="finding the compiler, xtensor, Boost" if not have_cache else "")
    else:
        r = subprocess.run(cmd, text=True)
    if r.returncode != 0:
        sys.stderr.write((r.stdout or "") + (r.stderr or ""))
        raise SystemExit("workbook: CMake could not configure the project (see above)")
    link_compile_commands(bdir)



def describe_targets(targets: list) -> str:
    """['test_ch03_student'] -> "building chapter 3's tests (your files)"; several -> "building the tests of chapters 1-7 ..."."""
    chs, sides, kinds = set(), set(), set()
    for t in targets:
        m = re.fullmatch(r"(test_)?ch(\d+)_(student|solution)", t)
        if not m:
            return "building " + ", ".join(targets)
        chs.add(int(m.group(2)))
        sides.add(m.group(3))
        kinds.add("tests" if m.group(1) else "program")
    chs = sorted(chs)
    kind = " and ".join(sorted(kinds))
    side = "your files" if sides == {"student"} else "reference solutions" if sides == {"solution"} else "both sides"
    if len(chs) == 1:
        return f"building chapter {chs[0]}'s {kind} ({side})"
    span = f"{chs[0]}-{chs[-1]}" if chs == list(range(chs[0], chs[-1] + 1)) else ", ".join(map(str, chs))
    kind = kind.replace("program", "programs")
    return f"building the {kind} of chapters {span} ({side})"


def build(targets: list, bdir: Path | None = None, keep_going: bool = False, log_name: str = "build",
          what: str | None = None) -> BuildResult:
    """Build targets with the output captured (the log), while a status line on stderr says what is
    being built once it takes longer than a second (wb.progress)."""
    bdir = bdir or build_dir()
    configure(bdir)
    what = what or describe_targets(targets)
    first = not all((bdir / "bin" / t).exists() for t in targets)
    note = ("the first build compiles the support code and the precompiled headers: a few minutes; "
            "afterwards only what you change") if first else ""
    logs = bdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"{log_name}.log"
    ninja = shutil.which("ninja") or shutil.which("ninja-build")
    if ninja and (bdir / "build.ninja").exists():
        # ninja itself, as `cmake --build` would run it: one process less on every save (0.3 s on a busy machine)
        cmd = [ninja, "-C", str(bdir), *(["-k", "0"] if keep_going else []), *targets]
    else:
        cmd = ["cmake", "--build", str(bdir), "--target", *targets] + (["--", "-k"] if keep_going else [])
    r = progress.run(cmd, what, note)
    log = r.stdout + r.stderr
    if r.returncode != 0 and re.search(r"unknown target|No rule to make target", log):
        # a chapter added since the last configure (a pull, a new folder): configure again, once
        rc = subprocess.run(["cmake", "-S", str(ROOT), "-B", str(bdir)], capture_output=True, text=True)
        if rc.returncode == 0:
            r = progress.run(cmd, what, note)
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
