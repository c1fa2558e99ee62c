"""./workbook grade: intake, sandboxed grading, scoring, the result files, the gradebook, and that a
mistake in chapter 1 costs nothing in chapter 3.

The grading workers build chapters 1 and 3 only (WB_GRADE_CHAPTERS) in a folder shared with
test_mistakes.py ($WB_TOOLS_TEST_WORKDIR/grade-work), so only the first of them builds cold."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import core  # noqa: E402
from wb.grading import submission  # noqa: E402

WORK = Path(os.environ.get("WB_TOOLS_TEST_WORKDIR") or Path(tempfile.gettempdir()) / f"wb-tools-tests-{os.getuid()}")
GRADE_WORK = WORK / "grade-work"
CH3 = ROOT / "chapters" / "03_regression"
CHAPTERS = "1,3" if (CH3 / "CMakeLists.txt").exists() else "1"


def env(**extra) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", WB_GRADE_CHAPTERS=CHAPTERS)
    e.update(extra)
    return e


def workbook(*args, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run([str(ROOT / "workbook"), *args], capture_output=True, text=True, env=env(**kw), timeout=1500)
    return r


SOL = ROOT / "solutions" / "01_sigmoid"
STUB = ROOT / "chapters" / "01_sigmoid"


def solution(name: str) -> bytes:
    return (SOL / name).read_bytes()


CRASHY = b"""#include "sigmoid.hpp"
#include <limits>
#include <stdexcept>
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    if (z.size() == 1) throw std::runtime_error("boom");                  // one_half_at_zero
    if (z.size() == 3) { volatile int* p = nullptr; *p = 1; }              // reference_values
    if (z.size() == 4) { while (true) {} }                                  // extreme_inputs_are_finite
    return z * std::numeric_limits<double>::quiet_NaN();                    // symmetry, shape_is_kept
}
"""
SIGMA_FOR_PRIME = b"""#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) { return 1.0 / (1.0 + xt::exp(-z)); }
"""
BROKEN = b"""#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    return 1.0 - s * s   // the semicolon is missing
}
"""
INCLUDES_SOLUTION = b"""#define STR(x) #x
#define PATH(x) STR(x)
#include PATH(WB_SOURCE_DIR/solutions/01_sigmoid/ex3_tanh_prime.cpp)
"""


class Intake(unittest.TestCase):
    """submission.load: what counts as the student's files."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="wb-intake-"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_whole_tree_takes_only_exercise_files(self):
        t = self.tmp / "alice"
        (t / "chapters" / "01_sigmoid").mkdir(parents=True)
        (t / "tests" / "01_sigmoid").mkdir(parents=True)
        (t / "solutions" / "01_sigmoid").mkdir(parents=True)
        (t / "build" / "x").mkdir(parents=True)
        (t / "chapters" / "01_sigmoid" / "ex1_sigmoid.cpp").write_bytes(solution("ex1_sigmoid.cpp"))
        (t / "chapters" / "01_sigmoid" / "sigmoid.hpp").write_text("// changed header\n")
        (t / "tests" / "01_sigmoid" / "test_sigmoid.cpp").write_text("// all pass\n")
        (t / "solutions" / "01_sigmoid" / "ex2_sigmoid_prime.cpp").write_bytes(solution("ex2_sigmoid_prime.cpp"))
        (t / "CMakeLists.txt").write_bytes((ROOT / "CMakeLists.txt").read_bytes())
        (t / "build" / "x" / "junk.o").write_bytes(b"\0" * 10)
        sub = submission.load(t)
        self.assertEqual(sub.name, "alice")
        self.assertEqual(set(sub.files), {("01_sigmoid", "ex1_sigmoid.cpp")})
        why = dict(sub.ignored)
        self.assertIn("changed", why["tests/01_sigmoid/test_sigmoid.cpp"])
        self.assertIn("changed", why["chapters/01_sigmoid/sigmoid.hpp"])
        self.assertIn("identical", why["CMakeLists.txt"])
        self.assertIn("outside chapters/", why["solutions/01_sigmoid/ex2_sigmoid_prime.cpp"])
        self.assertTrue(any("build/" in line for line in sub.ignored_summary()))

    def test_zip_refuses_traversal_links_and_bombs(self):
        z = self.tmp / "bob.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("bob/ex2_sigmoid_prime.cpp", SIGMA_FOR_PRIME)
            zf.writestr("../../etc/ex1_sigmoid.cpp", b"evil")
            zf.writestr("/abs/ex3_tanh_prime.cpp", b"evil")
            link = zipfile.ZipInfo("bob/ex4_central_difference.cpp")
            link.external_attr = (0o120777 << 16)
            zf.writestr(link, "/work/main/solutions/01_sigmoid/ex4_central_difference.cpp")
            zf.writestr("bob/big.txt", b"0" * (8 << 20))
        sub = submission.load(z)
        self.assertEqual(sub.name, "bob")
        self.assertEqual(set(sub.files), {("01_sigmoid", "ex2_sigmoid_prime.cpp")})
        self.assertEqual(sub.files[("01_sigmoid", "ex2_sigmoid_prime.cpp")], SIGMA_FOR_PRIME)
        text = "\n".join(sub.problems)
        self.assertIn("../../etc/ex1_sigmoid.cpp", text)
        self.assertIn("/abs/ex3_tanh_prime.cpp", text)
        self.assertIn("zip bomb", text)
        self.assertIn("bob/ex4_central_difference.cpp", dict(sub.ignored))

    def test_folder_symlinks_are_never_followed(self):
        t = self.tmp / "carol"
        t.mkdir()
        (t / "ex4_central_difference.cpp").symlink_to(SOL / "ex4_central_difference.cpp")
        (t / "ex1_sigmoid.cpp").write_bytes(b"// mine\n")
        sub = submission.load(t)
        self.assertEqual(set(sub.files), {("01_sigmoid", "ex1_sigmoid.cpp")})
        self.assertIn("symbolic link", dict(sub.ignored)["ex4_central_difference.cpp"])

    def test_tarball_and_duplicates(self):
        tp = self.tmp / "dave.tar.gz"
        with tarfile.open(tp, "w:gz") as tf:
            for name, data in [("dave/chapters/01_sigmoid/ex1_sigmoid.cpp", b"// the one\n"),
                               ("dave/old/ex1_sigmoid.cpp", b"// an old copy\n")]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
            info = tarfile.TarInfo("dave/ex2_sigmoid_prime.cpp")
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            tf.addfile(info)
        sub = submission.load(tp)
        self.assertEqual(sub.name, "dave")
        self.assertEqual(sub.files[("01_sigmoid", "ex1_sigmoid.cpp")], b"// the one\n")
        self.assertIn("another copy", dict(sub.ignored)["dave/old/ex1_sigmoid.cpp"])
        self.assertNotIn(("01_sigmoid", "ex2_sigmoid_prime.cpp"), sub.files)


class Grading(unittest.TestCase):
    """One grading run over several submissions, -j 2, then checks of what it wrote."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-grade-"))
        subs = cls.tmp / "subs"
        # perfect: a whole tree with the solutions in chapters/, and a test file "fixed" to pass
        perfect = subs / "perfect"
        (perfect / "chapters" / "01_sigmoid").mkdir(parents=True)
        for f in SOL.glob("ex*.cpp"):
            shutil.copy(f, perfect / "chapters" / "01_sigmoid" / f.name)
        (perfect / "tests" / "01_sigmoid").mkdir(parents=True)
        (perfect / "tests" / "01_sigmoid" / "test_sigmoid.cpp").write_text('#include "workbook/testing.hpp"\n')
        # troubles (a zip of loose files): crash, exception, hang, NaN in 1.1; a known mistake in 1.2
        with zipfile.ZipFile(subs / "troubles.zip", "w") as zf:
            zf.writestr("ex1_sigmoid.cpp", CRASHY)
            zf.writestr("ex2_sigmoid_prime.cpp", SIGMA_FOR_PRIME)
            zf.writestr("ex4_central_difference.cpp", solution("ex4_central_difference.cpp"))
        # broken: 1.3 does not compile; the rest correct
        broken = subs / "broken"
        broken.mkdir()
        for f in SOL.glob("ex*.cpp"):
            shutil.copy(f, broken / f.name)
        (broken / "ex3_tanh_prime.cpp").write_bytes(BROKEN)
        # sneaky: 1.3 includes the reference solution
        sneaky = subs / "sneaky"
        sneaky.mkdir()
        (sneaky / "ex3_tanh_prime.cpp").write_bytes(INCLUDES_SOLUTION)
        cls.out = cls.tmp / "out"
        cls.proc = workbook("grade", "-j", "2", "-o", str(cls.out), "--work", str(GRADE_WORK),
                           str(perfect), str(subs / "troubles.zip"), str(broken), str(sneaky))
        cls.subs = subs

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def results(self, name: str) -> dict:
        return json.loads((self.out / name / "results.json").read_text())

    def ch1(self, name: str) -> float:
        return json.loads((self.out / name / "results.json").read_text())["extra_data"]["chapters"]["ch01"]

    def test_run_succeeds_and_names_the_sandbox(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout + self.proc.stderr)
        self.assertIn("graded 4 of 4 submissions", self.proc.stdout)
        self.assertRegex(self.proc.stdout, r"\d+\.\d s per submission")
        self.assertIn("sandbox:", self.proc.stdout)

    def test_gradescope_results_format(self):
        r = self.results("perfect")
        self.assertEqual(r["score"], 40 + (0 if CHAPTERS == "1" else 0))
        self.assertEqual(len(r["tests"]), expected_test_count())
        for t in r["tests"]:
            self.assertEqual(set(t) >= {"name", "score", "max_score", "output", "visibility"}, True)
            self.assertIn(t["visibility"], ("visible", "hidden", "after_due_date", "after_published"))
        self.assertAlmostEqual(sum(t["max_score"] for t in r["tests"]), r["max_score"], places=2)
        ch1 = [t for t in r["tests"] if t["name"].startswith("1.")]
        self.assertTrue(all(t["score"] == t["max_score"] for t in ch1))

    def test_changed_tests_are_ignored_and_reported(self):
        report = (self.out / "perfect" / "report.txt").read_text()
        self.assertIn("tests/01_sigmoid/test_sigmoid.cpp (changed", report)
        self.assertEqual(self.ch1("perfect"), 40)

    def test_each_failure_costs_its_own_test_and_is_named(self):
        r = self.results("troubles")
        by = {t["name"]: t for t in r["tests"]}
        expect = {"1.1 sigmoid / one_half_at_zero": "threw an exception",
                  "1.1 sigmoid / reference_values": "crashed",
                  "1.1 sigmoid / extreme_inputs_are_finite": "timed out",
                  "1.1 sigmoid / symmetry": "NaN"}
        for name, word in expect.items():
            self.assertEqual(by[name]["score"], 0, name)
            self.assertIn(word, by[name]["output"], name)
        # 1.2: the known mistake is named; 1.3 (not submitted): not implemented; 1.4 full marks
        prime = [t for t in r["tests"] if t["name"].startswith("1.2 ")]
        self.assertTrue(any("sigma(z)" in t["output"] and "guess" in t["output"] for t in prime))
        self.assertTrue(all("not implemented" in t["output"] for t in r["tests"] if t["name"].startswith("1.3 ")))
        self.assertTrue(all(t["score"] == t["max_score"] for t in r["tests"] if t["name"].startswith("1.4 ")))
        self.assertEqual(self.ch1("troubles"), 10)

    def test_a_chapter_that_does_not_compile_scores_zero_with_the_first_error(self):
        self.assertEqual(self.ch1("broken"), 0)
        report = (self.out / "broken" / "report.txt").read_text()
        self.assertIn("DOES NOT COMPILE", report)
        self.assertIn("chapters/01_sigmoid/ex3_tanh_prime.cpp:3", report)
        self.assertIn("error:", report)

    def test_a_solution_cannot_be_included(self):
        self.assertEqual(self.ch1("sneaky"), 0)
        report = (self.out / "sneaky" / "report.txt").read_text()
        self.assertTrue("No such file" in report or "INTEGRITY" in report, report)

    def test_junit_and_gradebook(self):
        root = ET.parse(self.out / "troubles" / "junit.xml").getroot()
        self.assertEqual(root.tag, "testsuites")
        self.assertGreater(int(root.get("failures")), 0)
        rows = list(csv.DictReader((self.out / "gradebook.csv").open()))
        self.assertEqual(sorted(r["submission"] for r in rows), ["broken", "perfect", "sneaky", "troubles"])
        perfect = next(r for r in rows if r["submission"] == "perfect")
        self.assertEqual(perfect["ch01"], "40")
        self.assertIn("total", perfect)

    def test_regrading_replaces_the_gradebook_line(self):
        r = workbook("grade", "-o", str(self.out), "--work", str(GRADE_WORK), str(self.subs / "sneaky"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        rows = list(csv.DictReader((self.out / "gradebook.csv").open()))
        self.assertEqual([r["submission"] for r in rows].count("sneaky"), 1)
        self.assertEqual(len(rows), 4)


def expected_test_count() -> int:
    """How many test cases the graded chapters have (the authoring contract: one WB_TEST_CASE each)."""
    n = 0
    for chapter in CHAPTERS.split(","):
        folder = next((ROOT / "tests").glob(f"{int(chapter):02d}_*"))
        n += sum(f.read_text().count("WB_TEST_CASE(") for f in folder.glob("*.cpp"))
        # the hidden cases (grading/hidden/NN_x/, issue 13) are graded too
        n += sum(f.read_text().count("WB_TEST_CASE(") for f in (ROOT / "grading" / "hidden" / folder.name).glob("*.cpp"))
    return n


@unittest.skipUnless(CHAPTERS == "1,3", "chapter 3 has not landed")
class Independence(unittest.TestCase):
    """A mistake in chapter 1 costs no points in chapter 3: chapter 3 uses the workbook's own
    sigmoid (wb::given), never the student's."""

    def test_wrong_chapter_1_correct_chapter_3(self):
        tmp = Path(tempfile.mkdtemp(prefix="wb-indep-"))
        try:
            for name, wrong_ch1 in (("wrong1", True), ("right1", False)):
                s = tmp / name
                (s / "chapters" / "01_sigmoid").mkdir(parents=True)
                (s / "chapters" / "03_regression").mkdir(parents=True)
                for f in SOL.glob("ex*.cpp"):
                    shutil.copy(f, s / "chapters" / "01_sigmoid" / f.name)
                if wrong_ch1:   # every chapter-1 exercise wrong: sigma(-z), z(1-z), 1-s^2, forward difference
                    (s / "chapters/01_sigmoid/ex1_sigmoid.cpp").write_text(
                        '#include "sigmoid.hpp"\nxt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) '
                        '{ return 1.0 / (1.0 + xt::exp(z)); }\n')
                    (s / "chapters/01_sigmoid/ex2_sigmoid_prime.cpp").write_bytes(SIGMA_FOR_PRIME)
                    (s / "chapters/01_sigmoid/ex3_tanh_prime.cpp").write_bytes(BROKEN)
                for f in (ROOT / "solutions" / "03_regression").glob("ex*.cpp"):
                    shutil.copy(f, s / "chapters" / "03_regression" / f.name)
            out = tmp / "out"
            r = workbook("grade", "-o", str(out), "--work", str(GRADE_WORK), str(tmp / "wrong1"), str(tmp / "right1"))
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            wrong = json.loads((out / "wrong1" / "results.json").read_text())["extra_data"]["chapters"]
            right = json.loads((out / "right1" / "results.json").read_text())["extra_data"]["chapters"]
            self.assertEqual(wrong["ch01"], 0)
            self.assertGreater(right["ch01"], 0)
            self.assertGreater(right["ch03"], 0)
            self.assertEqual(wrong["ch03"], right["ch03"], "a wrong chapter 1 cost points in chapter 3")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
