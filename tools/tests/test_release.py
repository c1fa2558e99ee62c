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
        r = run([wb, "run", "1", "--solution"], self.ed)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("student edition", r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
