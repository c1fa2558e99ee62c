"""The fallback: when some exercise files of a chapter do not compile, link the chapter's tests
once more with those files replaced by their pristine stubs, so that the others still run.
It reuses the objects the main build has just compiled (ninja -k 0 compiles everything it can):
one stub compile (cached) and a re-link, well under a second."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from wb.build import BuildResult
from wb.compile_errors import _same_file
from wb.layout import Chapter, build_dir, pristine_stub_bytes


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
