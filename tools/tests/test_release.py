"""./workbook release DIR: the student edition has no solution code and no instructor material,
carries pristine stubs in .stubs/, builds, and its ./workbook list / check 1 / run 1 / test work.
(The edition's build is restricted to chapter 1 with WB_CHAPTERS, to stay fast.)"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import core  # noqa: E402
from wb.commands import release  # noqa: E402


# What the instructor's tree talks about and the edition must not (it has none of it).
INSTRUCTOR_WORDS = re.compile(
    r"solutions/|--solution|reference solutions?|ctest -L solution|\.ci\b|bench/|workbook grade\b|\bgradescope|"
    r"mistakes bank|lecturer|instructor|ledger|\.\./shared|(?-i:\brelease\b)|workbook release", re.I)
# (file, a regex of the line, why): the few places the edition may say such a word.
ALLOWED = [
    ("CMakeLists.txt", r"solutions/NN_name/|WB_SOLUTION_DIR", "the build's optional solution side: absent, it is skipped"),
    ("CMakeLists.txt", r"\bRelease\b", "CMake's build type"),
    ("CMakeLists.txt", r"bench/CMakeLists.txt", "the build adds bench/ only where it exists"),
    ("CMakePresets.json", r"\bRelease\b", "CMake's build type"),
    ("README.md", r"\bRelease\b", "CMake's build type"),
    ("support/src/program.cpp", r"--solution|WB_HAVE_SOLUTIONS|instructor",
     "the reference-run pointer, compiled only where solutions/ exists (WB_HAVE_SOLUTIONS)"),
]


def run(cmd: list, cwd: Path, **extra) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", WB_CHAPTERS="1")
    e.update(extra)
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=e, timeout=1200)


class Edition(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-release-"))
        cls.ed = cls.tmp / "edition"
        cls.proc = run([str(ROOT / "workbook"), "release", str(cls.ed)], ROOT)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_release_succeeds(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout + self.proc.stderr)

    def test_no_solutions_and_no_instructor_material(self):
        for rel in ["solutions", "tests/mistakes", "grading", ".ci", ".git", "tools/wb/grading",
                    "tools/wb/commands/grade.py", "tools/wb/commands/release.py", "tools/wb/commands/mistakes.py",
                    "tools/wb/commands/gradescope.py", "tools/tests/test_release.py"]:
            self.assertFalse((self.ed / rel).exists(), f"{rel} is in the student edition")
        self.assertFalse(any(p.name.startswith("build") for p in self.ed.iterdir()))
        self.assertNotIn("## For instructors", (self.ed / "README.md").read_text())

    def test_no_text_talks_about_the_instructors_edition(self):
        """Every text file of the edition (the driver's Python aside, checked through its help
        below) is free of the instructor's words, but for the short allow-list."""
        hits = []
        for f in sorted(self.ed.rglob("*")):
            rel = f.relative_to(self.ed).as_posix()
            if not f.is_file() or rel.startswith((".stubs/", "tools/")) or f.stat().st_size > 4 << 20:
                continue
            try:
                text = f.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            for n, line in enumerate(text.splitlines(), 1):
                for word in INSTRUCTOR_WORDS.findall(line):
                    if not any(rel == a_rel and re.search(a_pat, line) for a_rel, a_pat, _ in ALLOWED):
                        hits.append(f"{rel}:{n}: '{word}' in: {line.strip()[:110]}")
        self.assertEqual(hits, [], "instructor words in the student edition:\n" + "\n".join(hits))

    def test_the_word_list_finds_what_it_should(self):
        for line in ["see solutions/01_sigmoid", "./workbook run 3 --solution", "the reference solutions",
                     "ctest -L solution", "bash .ci/run", "bench/README.md", "./workbook grade subs/", "gradescope",
                     "the mistakes bank", "For lecturers", "instructors", "the numbers ledger", "../shared/x",
                     "./workbook release DIR"]:
            self.assertTrue(INSTRUCTOR_WORDS.search(line), line)
        for line in ["graded on its own", "CMAKE_BUILD_TYPE Release", "grades each exercise"]:
            self.assertFalse(INSTRUCTOR_WORDS.search(line), line)

    def test_markdown_markers_are_resolved(self):
        for f in self.ed.rglob("*.md"):
            text = f.read_text(encoding="utf-8")
            self.assertNotRegex(text, r"<!--\s*/?instructor", f)
            self.assertNotRegex(text, r"<!--\s*student", f)
        self.assertEqual(release.edition_text("a\n<!-- instructor -->\nsecret\n<!-- /instructor -->\n<!-- student\nshown\n-->\nb\n"),
                         "a\nshown\nb\n")
        self.assertEqual(release.edition_text("run it<!-- instructor --> or --solution<!-- /instructor -->, then"), "run it, then")
        quoted = "the markers `<!-- instructor -->` and `<!-- /instructor -->` are prose\n"
        self.assertEqual(release.edition_text(quoted), quoted)

    def test_the_help_describes_the_edition(self):
        wb = str(self.ed / "workbook")
        r = run([wb, "help"], self.ed)
        self.assertEqual(r.returncode, 0, r.stderr)
        texts = [r.stdout]
        for cmd in re.findall(r"^    (\w+)\s", r.stdout, re.M):
            if cmd != "help":
                texts.append(run([wb, cmd, "--help"], self.ed).stdout)
        for cmd in ("grade", "gradescope", "release", "mistakes", "bench"):
            self.assertNotRegex(r.stdout, rf"(?m)^    {cmd}\s", f"'{cmd}' is in the edition's help")
        for text in texts:
            self.assertFalse(INSTRUCTOR_WORDS.search(text) or re.search(r"reference", text), text)
        self.assertIn("check 1", r.stdout)

    def test_no_solution_source_anywhere(self):
        # no solution listing's body (its code lines) and no solution listing tag in any file
        self.assertEqual(release.find_leaks(self.ed), [])
        bodies = []
        for f in (ROOT / "solutions").glob("*/*.cpp"):
            for body in re.findall(r"(?s)\[listing:[^\]]*\](.*?)\[/listing\]", f.read_text()):
                code = [l.strip() for l in body.splitlines() if l.strip() and not l.strip().startswith("//")]
                if len(code) >= 3:
                    bodies.append((f, "\n".join(code)))
        texts = {}
        for p in self.ed.rglob("*"):
            if p.is_file():
                try:
                    t = p.read_text()
                except UnicodeDecodeError:
                    continue
                texts[p] = "\n".join(l.strip() for l in t.splitlines() if l.strip() and not l.strip().startswith("//"))
        for f, body in bodies:
            for p, t in texts.items():
                self.assertNotIn(body, t, f"the body of {f.relative_to(ROOT)} is in {p.relative_to(self.ed)}")

    def test_the_leak_check_finds_a_planted_solution(self):
        planted = self.tmp / "planted"
        shutil.copytree(self.ed, planted)
        shutil.copy(ROOT / "solutions" / "01_sigmoid" / "ex1_sigmoid.cpp", planted / "docs" / "notes.cpp")
        leaks = release.find_leaks(planted)
        self.assertTrue(any("notes.cpp" in l for l in leaks), leaks)

    def test_stubs_are_pristine_and_in_dot_stubs(self):
        for ch in core.chapters():
            for ex in ch.exercises:
                shipped = self.ed / "chapters" / ch.folder / ex.path.name
                stub = self.ed / ".stubs" / ch.folder / ex.path.name
                self.assertTrue(stub.is_file(), stub)
                self.assertEqual(stub.read_bytes(), shipped.read_bytes())
                self.assertIn(b"not_implemented", stub.read_bytes(), stub)

    def test_the_edition_builds_and_its_commands_work(self):
        wb = str(self.ed / "workbook")
        r = run([wb, "check", "1"], self.ed)
        self.assertIn("not implemented", r.stdout, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"1\.1\s+sigmoid")
        r = run([wb, "list"], self.ed)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Chapter 1", r.stdout)
        # a solved exercise turns to done in the edition's own check
        shutil.copy(ROOT / "solutions" / "01_sigmoid" / "ex1_sigmoid.cpp", self.ed / "chapters/01_sigmoid/ex1_sigmoid.cpp")
        r = run([wb, "check", "1"], self.ed)
        self.assertRegex(r.stdout, r"1\.1\s+sigmoid\s+done", r.stdout + r.stderr)
        # run 1 says what is missing; --solution says this is the student edition
        r = run([wb, "run", "1"], self.ed)
        self.assertIn("not implemented", r.stdout + r.stderr)
        self.assertNotIn("--solution", r.stdout + r.stderr)           # the program points at check and hint
        self.assertIn("./workbook hint 1.", r.stdout + r.stderr)
        self.assertNotIn("Chapter 1: Chapter 1", r.stdout)            # the title once
        r = run([wb, "run", "1", "--solution"], self.ed)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("student edition", r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
