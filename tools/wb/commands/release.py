"""./workbook release DIR: write the student edition (instructors).

Everything a student needs, nothing an instructor keeps: no solutions/, no mistakes bank
(tests/mistakes holds correct variants too), no grading config or grading commands, no CI, no .git,
no build folders, no benchmarks of the reference. The chapter files are written as their pristine
stubs, and a copy of every stub goes to DIR/.stubs/<chapter folder>/<file> (`./workbook reset`
restores from there). Markdown texts lose their <!-- instructor --> blocks and show their
<!-- student ... --> blocks (edition_text); the README also loses its "For instructors" section. Finally the edition is
checked: no line of a reference solution's code and no solution listing tag may appear in it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from wb import core

# Paths (relative to the tree, POSIX) that stay out of the student edition; a trailing / is a folder.
INSTRUCTOR_ONLY = [
    "solutions/", "tests/mistakes/", "grading/", "tools/grading/", "tools/wb/grading/", ".ci/", ".git/", ".github/",
    "bench/", ".workbook/", ".stubs/",
    "tools/wb/commands/grade.py", "tools/wb/commands/gradescope.py", "tools/wb/commands/release.py",
    "tools/wb/commands/mistakes.py", "tools/wb/commands/bench.py", "docs/authoring.md",
    "tools/tests/test_grade.py", "tools/tests/test_release.py", "tools/tests/test_gradescope.py",
    "tools/tests/test_mistakes.py", "tools/tests/test_stubs.py", "tools/tests/test_hidden.py",
    "tools/tests/test_grade_attacks.py",
    "compile_commands.json",
]
NEVER_DIRS = {"__pycache__", ".git", ".pytest_cache"}


def register(sub) -> None:
    p = sub.add_parser("release", help="write the student edition to DIR (no solutions, no instructor material)")
    p.add_argument("dir", help="the folder to write (must not exist, or be empty; --force replaces it)")
    p.add_argument("--force", action="store_true", help="replace DIR if it exists")
    p.set_defaults(func=release)


def excluded(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0].startswith("build") or any(p in NEVER_DIRS for p in parts):
        return True
    if rel.endswith((".pyc", ".orig", ".rej", "~")):
        return True
    for x in INSTRUCTOR_ONLY:
        if x.endswith("/") and (rel + "/").startswith(x):
            return True
        if rel == x:
            return True
    return False


def tree_files(root: Path = core.ROOT) -> list:
    """The tree's files (relative POSIX paths): git's tracked and untracked-but-not-ignored files
    when this is a git checkout, else every file (build folders and caches left out)."""
    if (root / ".git").exists() and shutil.which("git"):
        r = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           capture_output=True, text=True)
        if r.returncode == 0:
            return sorted({f for f in r.stdout.split("\0") if f and (root / f).is_file()})
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        dirnames[:] = [d for d in dirnames if d not in NEVER_DIRS and not (rel_dir == "." and d.startswith("build"))]
        for f in filenames:
            rel = f if rel_dir == "." else f"{rel_dir}/{f}"
            out.append(rel)
    return sorted(out)


def stub_bytes(ex) -> bytes:
    fn = getattr(core, "pristine_stub_bytes", None)
    data = fn(ex) if fn else None
    return data if data is not None else ex.path.read_bytes()


def strip_instructor_section(readme: str) -> str:
    """The README without its '## For instructors' section (up to the next '## ' heading)."""
    return re.sub(r"(?ms)^## For instructors\b.*?(?=^## |\Z)", "", readme)


# (a marker quoted in backticks, `<!-- instructor -->`, is prose about the markers, not a marker)
INSTRUCTOR_BLOCK = re.compile(r"(?s)[ \t]*(?<!`)<!--\s*instructor\s*-->.*?(?<!`)<!--\s*/instructor\s*-->[ \t]*\n?")
STUDENT_BLOCK = re.compile(r"(?s)(?<!`)<!--\s*student\s*\n(.*?)\n?-->[ \t]*\n?")


def edition_text(text: str) -> str:
    """A Markdown text as the student edition shows it. Two markers, invisible where Markdown is
    rendered in the instructor's tree:
        <!-- instructor --> ... <!-- /instructor -->   left out of the edition
        <!-- student
        ...                                            shown only in the edition
        -->
    """
    text = INSTRUCTOR_BLOCK.sub("", text)
    text = STUDENT_BLOCK.sub(lambda m: m.group(1).rstrip("\n") + "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line.split("//")[0]).strip()


def solution_listings(root: Path = core.ROOT) -> list:
    """(solution file, [normalised code lines]) of every reference solution's tagged listing (or of
    the whole file when it has no tag)."""
    out = []
    for f in sorted((root / "solutions").glob("*/*.cpp")):
        text = f.read_text(encoding="utf-8", errors="replace")
        bodies = re.findall(r"(?s)\[listing:[^\]]*\](.*?)\[/listing\]", text) or [text]
        for body in bodies:
            lines = [_norm(l) for l in body.splitlines()]
            lines = [l for l in lines if len(l) >= 12 and not l.startswith("#include") and l not in ("}", "};")]
            out.append((f.relative_to(root).as_posix(), lines))
    return out


def listing_ids(root: Path = core.ROOT) -> set:
    ids = set()
    for f in (root / "solutions").glob("*/*.cpp"):
        ids |= set(re.findall(r"\[listing:([\w.]+)\]", f.read_text(encoding="utf-8", errors="replace")))
    return ids


def find_leaks(edition: Path, root: Path = core.ROOT) -> list:
    """Places in `edition` where a reference solution shows: most of a solution listing's code lines
    in one file (at least 3, and 60 % of the listing), a solution listing tag [listing:N.K], or a
    solutions/ folder. (Tests may share a loop header with a solution; a whole body they may not.)"""
    leaks = []
    if (edition / "solutions").exists():
        leaks.append("solutions/ exists in the edition")
    shared = set()    # lines the student side legitimately has too (headers, given code, stubs)
    for f in (root / "chapters").rglob("*"):
        if f.is_file():
            shared |= {_norm(l) for l in f.read_text(encoding="utf-8", errors="replace").splitlines()}
    listings = [(src, [l for l in lines if l not in shared]) for src, lines in solution_listings(root)]
    listings = [(src, lines) for src, lines in listings if len(lines) >= 3]
    tags = listing_ids(root)
    for f in sorted(edition.rglob("*")):
        if not f.is_file() or f.stat().st_size > 4 << 20:
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = f.relative_to(edition).as_posix()
        for t in sorted(set(re.findall(r"\[listing:([\w.]+)\]", text))):
            if t in tags:
                leaks.append(f"{rel}: the solution listing tag [listing:{t}]")
        have = {_norm(l) for l in text.splitlines()}
        for src, lines in listings:
            hit = sum(l in have for l in lines)
            if hit >= 3 and hit >= 0.6 * len(lines):
                leaks.append(f"{rel}: {hit} of the {len(lines)} code lines of {src}")
    return leaks


def write_edition(dest: Path, root: Path = core.ROOT) -> dict:
    dest = Path(dest)
    files = [f for f in tree_files(root) if not excluded(f)]
    stubs = {}
    for ch in core.chapters(root):
        for ex in ch.exercises:
            stubs[f"chapters/{ch.folder}/{ex.path.name}"] = stub_bytes(ex)
    for rel in files:
        src, dst = root / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if rel in stubs:
            dst.write_bytes(stubs[rel])
            shutil.copymode(src, dst)
        elif rel == "README.md":
            dst.write_text(strip_instructor_section(edition_text(src.read_text(encoding="utf-8"))), encoding="utf-8")
        elif rel.endswith(".md"):
            dst.write_text(edition_text(src.read_text(encoding="utf-8")), encoding="utf-8")
            shutil.copymode(src, dst)
        else:
            shutil.copy2(src, dst)
    for rel, data in stubs.items():
        folder, name = rel.split("/")[1:]
        p = dest / ".stubs" / folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        if not (dest / rel).exists():           # a stub git does not know yet
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(data)
    return {"files": len(files), "stubs": len(stubs)}


def release(args) -> int:
    dest = Path(args.dir).resolve()
    if dest == core.ROOT or core.ROOT in dest.parents and not dest.name.startswith("build"):
        raise SystemExit(f"workbook release: {dest} is inside the instructor tree; write the edition elsewhere")
    if dest.exists() and any(dest.iterdir()):
        if not args.force:
            raise SystemExit(f"workbook release: {dest} exists and is not empty (use --force to replace it)")
        shutil.rmtree(dest)
    dest.mkdir(parents=True, exist_ok=True)
    stats = write_edition(dest)
    leaks = find_leaks(dest)
    if leaks:
        print("workbook release: reference-solution code found in the edition:", file=sys.stderr)
        for l in leaks[:30]:
            print(f"  {l}", file=sys.stderr)
        print(f"the edition in {dest} must not be handed out", file=sys.stderr)
        return 1
    print(f"workbook release: the student edition is in {dest}: {stats['files']} files, {stats['stubs']} exercise stubs "
          f"(also in .stubs/); no solutions/, no instructor material; checked: no reference-solution code in it")
    print(f"  try it: cd {dest} && ./workbook list && ./workbook check 1")
    return 0
