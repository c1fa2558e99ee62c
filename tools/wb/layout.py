"""The project's layout: where it lives, its chapters and exercises (read from the source tree,
never retyped), the pristine stubs, and where the build puts things."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
EXERCISE_FILE = re.compile(r"^ex(\d+)_(\w+)\.cpp$")


def build_dir() -> Path:
    return Path(os.environ.get("WB_BUILD_DIR", ROOT / "build"))


def state_dir(root: Path | None = None) -> Path:
    """Local state of this checkout (hint levels, backups, last results): ROOT/.workbook/, never committed."""
    return (root or ROOT) / ".workbook"


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


def usage_error(message: str) -> None:
    """A command-line argument that makes no sense: the message, exit code 2 (argparse's), no traceback."""
    print(f"workbook: {message}", file=sys.stderr)
    raise SystemExit(2)


def find_chapter(spec: str | int) -> Chapter:
    known = ", ".join(str(c.number) for c in chapters())
    m = re.fullmatch(r"(?:ch)?0*(\d+)", str(spec).strip(), re.I)
    if not m:
        usage_error(f"'{spec}' is not a chapter number (chapters: {known})")
    n = int(m.group(1))
    for ch in chapters():
        if ch.number == n:
            return ch
    usage_error(f"there is no chapter {spec} (chapters: {known})")


def find_exercise(spec: str) -> Exercise:
    m = re.fullmatch(r"(\d+)\.(\d+)", spec)
    if not m:
        usage_error(f"'{spec}' is not an exercise; write it as CHAPTER.NUMBER, e.g. 3.4")
    ch = find_chapter(m.group(1))
    for ex in ch.exercises:
        if ex.number == int(m.group(2)):
            return ex
    known = ", ".join(e.id for e in ch.exercises)
    usage_error(f"chapter {ch.number} has no exercise {spec} (exercises: {known})")


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


def short_path(p: str | Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except (ValueError, OSError):
        return str(p)



def test_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"test_{ch.tag}_{side}"


def program_binary(ch: Chapter, side: str, bdir: Path | None = None) -> Path:
    return (bdir or build_dir()) / "bin" / f"{ch.tag}_{side}"
