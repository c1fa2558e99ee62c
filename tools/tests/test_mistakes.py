"""./workbook mistakes: the bank's format, that a wrong case must be caught with the right message,
that a correct variant must pass, and that a wrong case the tests let through fails the run.

Uses a few of chapter 1's cases and a planted bank; the grading workers are shared with
test_grade.py ($WB_TOOLS_TEST_WORKDIR/grade-work, chapters from WB_GRADE_CHAPTERS)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb.commands import mistakes  # noqa: E402

WORK = Path(os.environ.get("WB_TOOLS_TEST_WORKDIR") or Path(tempfile.gettempdir()) / f"wb-tools-tests-{os.getuid()}")
GRADE_WORK = WORK / "grade-work"
CHAPTERS = "1,3" if (ROOT / "chapters" / "03_regression" / "CMakeLists.txt").exists() else "1"
BANK = ROOT / "tests" / "mistakes"


def workbook(*args) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", WB_GRADE_CHAPTERS=CHAPTERS)
    return subprocess.run([str(ROOT / "workbook"), *args], capture_output=True, text=True, env=e, timeout=1500)


class BankFormat(unittest.TestCase):
    def test_every_case_loads(self):
        cases, problems = mistakes.load_cases(BANK)
        self.assertEqual(problems, [], problems)
        self.assertGreaterEqual(len(cases), 10)
        for c in cases:
            self.assertIn(c.kind, ("wrong", "correct"))
            self.assertTrue(c.mistake, f"{c.label}: say what the case does (mistake = ...)")
            if c.kind == "wrong":
                self.assertTrue(c.expect, f"{c.label}: a wrong case names what the report should say (expect = ...)")

    def test_chapter_one_covers_the_classic_mistakes(self):
        cases, _ = mistakes.load_cases(BANK, chapters=[1])
        wrong = {c.name for c in cases if c.kind == "wrong"}
        correct = {c.name for c in cases if c.kind == "correct"}
        for name in ("sigma_where_prime_due", "activation_formula_on_z", "prime_of_activation", "tanh_formula_on_s",
                     "forward_difference", "divided_by_h", "naive_unstable_sigmoid", "sigmoid_tanh_transform"):
            self.assertIn(name, wrong)
        for name in ("prime_from_exp", "tanh_prime_cosh"):
            self.assertIn(name, correct)


class Runner(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-bank-"))
        bank = cls.tmp / "bank" / "01_sigmoid"
        for name in ("sigma_where_prime_due", "naive_unstable_sigmoid", "prime_from_exp", "tanh_prime_cosh"):
            shutil.copytree(BANK / "01_sigmoid" / name, bank / name)
        # planted: a "mistake" that is in fact correct, so the tests rightly pass it: the runner must
        # report it as NOT CAUGHT and fail
        planted = bank / "planted_not_a_mistake"
        planted.mkdir()
        shutil.copy(ROOT / "solutions" / "01_sigmoid" / "ex3_tanh_prime.cpp", planted / "ex3_tanh_prime.cpp")
        (planted / "case.toml").write_text('kind = "wrong"\nexercise = "1.3"\nmistake = "none"\nexpect = ["guess"]\n')
        # planted: a wrong case whose message does not say what the metadata expects
        vague = bank / "planted_wrong_expectation"
        vague.mkdir()
        shutil.copy(BANK / "01_sigmoid" / "divided_by_h" / "ex4_central_difference.cpp", vague)
        (vague / "case.toml").write_text('kind = "wrong"\nexercise = "1.4"\nmistake = "h"\nexpect = ["a transpose"]\n')
        cls.proc = workbook("mistakes", "--bank", str(cls.tmp / "bank"), "-j", "2", "--work", str(GRADE_WORK))
        cls.out = cls.proc.stdout

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def line(self, name: str) -> str:
        return next((l for l in self.out.splitlines() if f"01_sigmoid/{name} " in l), "")

    def test_wrong_cases_are_caught_with_their_message(self):
        self.assertTrue(self.line("sigma_where_prime_due").startswith("ok"), self.out)
        self.assertIn("caught", self.line("sigma_where_prime_due"))
        self.assertTrue(self.line("naive_unstable_sigmoid").startswith("ok"), self.out)

    def test_correct_variants_pass(self):
        self.assertTrue(self.line("prime_from_exp").startswith("ok"), self.out)
        self.assertTrue(self.line("tanh_prime_cosh").startswith("ok"), self.out)

    def test_a_mistake_the_tests_let_through_fails_the_run(self):
        self.assertTrue(self.line("planted_not_a_mistake").startswith("FAIL"), self.out)
        self.assertIn("NOT CAUGHT", self.line("planted_not_a_mistake"))
        self.assertTrue(self.line("planted_wrong_expectation").startswith("FAIL"), self.out)
        self.assertIn("'a transpose'", self.line("planted_wrong_expectation"))
        self.assertNotEqual(self.proc.returncode, 0)
        self.assertIn("4 passed, 2 failed", self.out)


if __name__ == "__main__":
    unittest.main()
