"""Reading a submission: a folder, a .zip or a .tar(.gz/.bz2/.xz) holding the student's copies of
the chapter files, as a whole tree, a chapters/ folder, or loose exK_name.cpp files.

Only the files a student may change are taken: exactly the instructor tree's chapter exercise file
names (chapters/NN_x/exK_name.cpp). Everything else is listed as ignored (with "changed" when it
differs from the instructor's copy of the same path). Archives are read in memory, never unpacked:
no path traversal, no symlinks, no devices; sizes are capped."""
from __future__ import annotations

import re
import stat
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from wb import core

MAX_STUDENT_FILE = 1 << 20          # 1 MiB: an exercise file larger than this is refused
MAX_TOTAL = 512 << 20               # 512 MiB of uncompressed archive members, at most
MAX_ENTRIES = 100_000
MAX_COMPARE = 4 << 20               # ignored files up to this size are compared with the instructor's
NOISE_DIRS = {".git", "__MACOSX", ".svn", ".hg", ".idea", ".vscode", "node_modules", ".cache", "plots", ".workbook"}
NOT_STUDENT_DIRS = {"solutions", "tests", "mistakes", ".stubs", "support"}   # copies of exK files here are not the student's
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


@dataclass
class Submission:
    name: str                           # safe file name, e.g. "alice"
    source: Path
    files: dict = field(default_factory=dict)     # (chapter folder, exercise file name) -> bytes
    origin: dict = field(default_factory=dict)    # the same key -> the path inside the submission
    ignored: list = field(default_factory=list)   # (path inside the submission, why)
    problems: list = field(default_factory=list)  # refused entries, unreadable archive, ...

    def ignored_summary(self, limit: int = 40) -> list:
        """Ignored entries for the report: individual paths, and noise folders as counts."""
        out, counts = [], {}
        for path, why in self.ignored:
            top = next((p for p in PurePosixPath(path).parts if p in NOISE_DIRS or p.startswith("build")), None)
            if top:
                counts[top] = counts.get(top, 0) + 1
                continue
            out.append(f"{path} ({why})")
        shown = out[:limit]
        if len(out) > limit:
            shown.append(f"... and {len(out) - limit} more")
        shown += [f"{n} files under {d}/ (not part of a submission)" for d, n in sorted(counts.items())]
        return shown


def safe_name(text: str) -> str:
    for suf in ARCHIVE_SUFFIXES:
        if text.lower().endswith(suf):
            text = text[: -len(suf)]
            break
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._-")
    if text.lower().startswith(RESERVED):   # the output folder's own files: gradebook.csv (and its .lock, .tmp)
        text = "submission-" + text
    return text or "submission"


RESERVED = ("gradebook",)


def student_files(root: Path = core.ROOT) -> dict:
    """exercise file name -> [chapter folders that have it], from the instructor tree."""
    out: dict = {}
    for ch in core.chapters(root):
        for ex in ch.exercises:
            out.setdefault(ex.path.name, []).append(ch.folder)
    return out


class _Intake:
    def __init__(self, sub: Submission, root: Path):
        self.sub = sub
        self.root = root
        self.names = student_files(root)
        self.candidates: dict = {}     # key -> [(rank, path, bytes)]
        self.total = 0
        self.entries = 0

    def _chapter_for(self, parts: tuple, name: str):
        folders = self.names.get(name)
        if not folders:
            return None, "not a student file: the instructor's copy is used" if self._instructor_path(parts) \
                else "not a chapter exercise file"
        dirs = parts[:-1]
        if any(d in NOT_STUDENT_DIRS for d in dirs):
            return None, "a copy outside chapters/ (only chapters/NN_x/" + name + " counts)"
        named = [f for f in folders if f in dirs]
        if named:
            return named[0], None
        if len(folders) == 1:
            # loose file, or the chapter folder renamed: matched by the file name alone, unless it
            # sits in another chapter's folder
            other = [d for d in dirs if re.fullmatch(r"\d\d_\w+", d)]
            if other:
                return None, f"in folder {other[-1]}/, but {name} belongs to chapters/{folders[0]}/"
            return folders[0], None
        return None, f"{name} exists in several chapters ({', '.join(folders)}): put it in its chapter folder"

    def _instructor_path(self, parts: tuple):
        """The instructor file this path corresponds to, trying the path as given and without
        leading folders (a tree zipped with its top folder)."""
        for i in range(len(parts)):
            p = self.root.joinpath(*parts[i:])
            if p.is_file():
                return p
        return None

    def add(self, path: str, size: int, reader) -> None:
        """One regular file of the submission; reader() returns its bytes (at most the cap + 1)."""
        self.entries += 1
        parts = PurePosixPath(path).parts
        if any(p in NOISE_DIRS or p.startswith("build") or p.startswith(".") and p not in (".",) for p in parts[:-1]):
            self.sub.ignored.append((path, "not part of a submission"))
            return
        if self.entries > MAX_ENTRIES:
            if self.entries == MAX_ENTRIES + 1:
                self.sub.problems.append(f"more than {MAX_ENTRIES} files: the rest were not read")
            return
        name = parts[-1]
        folder, why = self._chapter_for(parts, name)
        if folder is None:
            if name in (".DS_Store", "Thumbs.db"):
                return
            inst = self._instructor_path(parts)
            if inst is not None and size <= MAX_COMPARE and self.total + size <= MAX_TOTAL:
                self.total += size
                try:
                    data = reader()
                    why = ("changed: " if data != inst.read_bytes() else "identical: ") + why
                except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, ValueError) as e:
                    why = f"unreadable ({e}): {why}"
            self.sub.ignored.append((path, why))
            return
        if size > MAX_STUDENT_FILE:
            self.sub.problems.append(f"{path}: {size} bytes; an exercise file may have at most {MAX_STUDENT_FILE} (refused)")
            return
        self.total += size
        if self.total > MAX_TOTAL:
            self.sub.problems.append(f"more than {MAX_TOTAL >> 20} MiB in the submission: {path} was not read")
            return
        try:
            data = reader()
        except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, ValueError) as e:
            self.sub.problems.append(f"{path}: could not be read ({e})")
            return
        if len(data) > MAX_STUDENT_FILE:
            self.sub.problems.append(f"{path}: larger than {MAX_STUDENT_FILE} bytes (refused)")
            return
        rank = (0 if "chapters" in parts[:-1] else 1, len(parts))
        self.candidates.setdefault((folder, name), []).append((rank, path, data))

    def finish(self) -> None:
        for key, cands in sorted(self.candidates.items()):
            # one path twice in an archive (a zip or tar may hold two members of the same name): which
            # one a tool unpacks differs (the first, the last, or it asks), so differing copies are refused
            paths = [c[1] for c in cands]
            twice = sorted({p for p in paths if paths.count(p) > 1
                            and len({c[2] for c in cands if c[1] == p}) > 1})
            if twice:
                for p in twice:
                    target = f"chapters/{key[0]}/{key[1]}"
                    self.sub.problems.append(f"{p}: {paths.count(p)} entries of this name in the archive, with "
                                             "different contents: ambiguous, refused"
                                             + ("" if p == target else f" (it would be {target})")
                                             + "; the exercise is graded as the untouched stub")
                for _, other, _ in cands:
                    if other not in twice:
                        self.sub.ignored.append((other, f"another copy of chapters/{key[0]}/{key[1]}, which "
                                                        "is refused (ambiguous)"))
                continue
            cands.sort(key=lambda c: c[0])
            _, path, data = cands[0]
            self.sub.files[key] = data
            self.sub.origin[key] = path
            for _, other, _ in cands[1:]:
                self.sub.ignored.append((other, f"another copy of chapters/{key[0]}/{key[1]}; {path} was used"))


def _clean_member(name: str):
    """An archive member's path, or None when it is absolute or climbs out (path traversal)."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _read_limited(f, limit: int) -> bytes:
    with f:
        return f.read(limit + 1)


def _read_file(p: Path, limit: int) -> bytes:
    with open(p, "rb") as f:
        return f.read(limit + 1)


def load(source: Path, root: Path = core.ROOT, name: str | None = None) -> Submission:
    source = Path(source)
    sub = Submission(name or safe_name(source.name), source)
    intake = _Intake(sub, root)
    low = source.name.lower()
    if source.is_dir():
        base = source
        stack = [base]
        while stack:
            d = stack.pop()
            try:
                entries = sorted(d.iterdir())
            except OSError as e:
                sub.problems.append(f"{d}: {e}")
                continue
            for p in entries:
                rel = p.relative_to(base).as_posix()
                st = p.lstat()
                if stat.S_ISLNK(st.st_mode):
                    sub.ignored.append((rel, "a symbolic link (never followed)"))
                elif stat.S_ISDIR(st.st_mode):
                    if p.name in NOISE_DIRS or p.name.startswith("build"):
                        sub.ignored.append((rel + "/", "not part of a submission"))
                    else:
                        stack.append(p)
                elif stat.S_ISREG(st.st_mode):
                    intake.add(rel, st.st_size, lambda p=p: _read_file(p, max(MAX_STUDENT_FILE, MAX_COMPARE)))
                else:
                    sub.ignored.append((rel, "not a regular file"))
    elif low.endswith(".zip"):
        try:
            with zipfile.ZipFile(source) as zf:
                for info in zf.infolist():
                    if info.is_dir():
                        continue
                    clean = _clean_member(info.filename)
                    if clean is None:
                        sub.problems.append(f"{info.filename}: an absolute path or '..' in an archive (refused)")
                        continue
                    mode = (info.external_attr >> 16) & 0o170000
                    if mode and not stat.S_ISREG(mode):
                        sub.ignored.append((clean, "a symbolic link or special file (never followed)"))
                        continue
                    if info.file_size > 50 * max(info.compress_size, 1) and info.file_size > (1 << 20):
                        sub.problems.append(f"{clean}: compressed {info.compress_size} -> {info.file_size} bytes (a zip bomb?), refused")
                        continue
                    intake.add(clean, info.file_size,
                               lambda info=info: _read_limited(zf.open(info), max(MAX_STUDENT_FILE, MAX_COMPARE)))
        except (zipfile.BadZipFile, OSError) as e:
            sub.problems.append(f"{source.name} is not a readable zip file ({e})")
    elif any(low.endswith(s) for s in ARCHIVE_SUFFIXES):
        try:
            with tarfile.open(source, "r:*") as tf:
                for member in tf:
                    if member.isdir():
                        continue
                    clean = _clean_member(member.name)
                    if clean is None:
                        sub.problems.append(f"{member.name}: an absolute path or '..' in an archive (refused)")
                        continue
                    if not member.isreg():
                        sub.ignored.append((clean, "a link or special file (never followed)"))
                        continue
                    intake.add(clean, member.size,
                               lambda member=member: _read_limited(tf.extractfile(member), max(MAX_STUDENT_FILE, MAX_COMPARE)))
        except (tarfile.TarError, OSError, EOFError) as e:
            sub.problems.append(f"{source.name} is not a readable tar archive ({e})")
    elif source.is_file() and source.suffix == ".cpp":
        intake.add(source.name, source.stat().st_size, lambda: source.read_bytes())
    else:
        sub.problems.append(f"{source}: not a folder, a .zip, a .tar.gz or an exercise .cpp file")
    intake.finish()
    return sub
