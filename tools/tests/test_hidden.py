"""The hidden layer (issue 13): grading-only test cases in grading/hidden/NN_name/, on inputs drawn
from a course secret, that gate an exercise's points.

- every exercise of every chapter found in chapters/ (chapters added later included) has at least
  one hidden case: in the sources (a nested suite `hidden` inside the exercise's suite, with a
  WB_TEST_CASE) and, where this build has the test programs, in their --list_content;
- the grader's side: nested cases are named hidden/<case>, a failing hidden case zeroes its
  exercise (a constant earns 0 however many public tests it passes), the hidden cases carry no
  points and have their own Gradescope visibility ("after_due_date" by default), the secret goes
  to the test processes (WB_HIDDEN_SEED) from --secret, the environment or points.toml;
- `./workbook release DIR` leaves grading/ out: no hidden source, no hidden.hpp in the edition;
- end to end: a hard-coded 1.2 graded with ./workbook grade --secret scores 0 on 1.2, and its
  hidden case is in results.json with visibility after_due_date (uses the grading workers shared
  with test_grade.py: $WB_TOOLS_TEST_WORKDIR/grade-work)."""
from __future__ import annotations

import json
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
from wb.grading import config, hidden  # noqa: E402
from wb.grading.sandbox import Sandbox  # noqa: E402
from wb.grading.worker import CaseOutcome, ExerciseOutcome, score_cases  # noqa: E402

HIDDEN = ROOT / "grading" / "hidden"
WORK = Path(os.environ.get("WB_TOOLS_TEST_WORKDIR") or Path(tempfile.gettempdir()) / f"wb-tools-tests-{os.getuid()}")
GRADE_WORK = WORK / "grade-work"
CHAPTERS = "1,3" if (ROOT / "chapters" / "03_regression" / "CMakeLists.txt").exists() else "1"


def hidden_suites(folder: str) -> dict:
    """exercise suite -> number of WB_TEST_CASEs inside its nested `hidden` suite, from the sources."""
    out: dict = {}
    for f in sorted((HIDDEN / folder).glob("*.cpp")):
        text = re.sub(r"//[^\n]*", "", f.read_text())
        stack: list = []
        for m in re.finditer(r"BOOST_AUTO_TEST_SUITE\((\w+)\)|BOOST_AUTO_TEST_SUITE_END\(\)|WB_TEST_CASE\((\w+)\)"
                             r"|BOOST_AUTO_TEST_CASE\((\w+)", text):
            if m.group(1):
                stack.append(m.group(1))
            elif m.group(0).startswith("BOOST_AUTO_TEST_SUITE_END"):
                if stack:
                    stack.pop()
            elif len(stack) >= 2 and stack[-1] == "hidden":
                out[stack[0]] = out.get(stack[0], 0) + 1
    return out


class EveryExerciseHasHiddenCases(unittest.TestCase):
    def test_sources_cover_every_exercise_of_every_chapter(self):
        chapters = core.chapters()
        self.assertGreaterEqual(len(chapters), 7)
        missing = []
        for ch in chapters:
            found = hidden_suites(ch.folder)
            for ex in ch.exercises:
                if found.get(ex.suite, 0) < 1:
                    missing.append(f"{ex.id} {ex.name} (suite {ex.suite}): no case in a nested suite `hidden` in "
                                   f"grading/hidden/{ch.folder}/*.cpp")
        self.assertEqual(missing, [], "\n".join(missing))

    def test_the_built_test_programs_list_them(self):
        bdir = Path(os.environ.get("WB_BUILD_DIR") or core.build_dir())
        checked = 0
        for ch in core.chapters():
            binary = core.test_binary(ch, "solution", bdir)
            if not binary.exists():
                continue
            r = subprocess.run([str(binary), "--list_content"], capture_output=True, text=True, timeout=60)
            listed = hidden.parse_list_content(r.stdout + r.stderr)
            for ex in ch.exercises:
                cases = [c for c in listed.get(ex.suite, []) if hidden.is_hidden(c)]
                self.assertTrue(cases, f"{binary.name}: suite {ex.suite} lists no hidden/<case>")
            checked += 1
        if not checked:
            self.skipTest("no chapter test program built in this build folder")

    def test_hidden_helpers_follow_the_contract(self):
        text = (HIDDEN / "hidden.hpp").read_text()
        self.assertIn("namespace wb::hidden", text)
        self.assertIn('std::getenv("WB_HIDDEN_SEED")', text)
        self.assertRegex(text, r"wb::Rng rng\(")
        self.assertIn('hidden_src', (ROOT / "cmake" / "Workbook.cmake").read_text())


class GraderSide(unittest.TestCase):
    LISTING = ("ex1_1_sigmoid*\n    one_half_at_zero*\n    shape_is_kept*\n    hidden*\n        random_arrays*\n"
               "ex1_2_sigmoid_prime*\n    hidden*\n        random_arrays*\n        other*\n    reference_values*\n")

    def test_list_content_names_nested_cases(self):
        got = hidden.parse_list_content(self.LISTING)
        self.assertEqual(got["ex1_1_sigmoid"], ["one_half_at_zero", "shape_is_kept", "hidden/random_arrays"])
        self.assertEqual(got["ex1_2_sigmoid_prime"], ["hidden/random_arrays", "hidden/other", "reference_values"])

    def test_junit_classnames_of_nested_suites(self):
        self.assertEqual(hidden.case_key("ex1_1_sigmoid", "ex1_1_sigmoid", "x"), "x")
        self.assertEqual(hidden.case_key("ex1_1_sigmoid.hidden", "ex1_1_sigmoid", "x"), "hidden/x")
        self.assertEqual(hidden.case_key("ex1_1_sigmoid/hidden", "ex1_1_sigmoid", "x"), "hidden/x")
        self.assertIsNone(hidden.case_key("ex1_10_other", "ex1_1", "x"))
        self.assertIsNone(hidden.case_key("ex1_2_sigmoid_prime.hidden", "ex1_1_sigmoid", "x"))

    @staticmethod
    def exercise(statuses: dict, mode: str = "split") -> ExerciseOutcome:
        ex = ExerciseOutcome("3.6", "dW1", "ex3_6_dW1", "chapters/03_regression/ex6_dW1.cpp", 10.0, mode, "visible", True)
        ex.cases = [CaseOutcome(n, s) for n, s in statuses.items()]
        score_cases(ex)
        return ex

    def test_a_constant_scores_zero_however_many_public_tests_pass(self):
        ex = self.exercise({"a": "passed", "b": "passed", "c": "passed", "d": "failed", "hidden/random": "failed"})
        self.assertTrue(ex.gated)
        self.assertEqual(ex.score, 0.0)
        self.assertEqual(sum(c.score for c in ex.cases), 0.0)
        self.assertIn("hidden checks", ex.cases[0].message)

    def test_hidden_cases_gate_but_carry_no_points(self):
        ex = self.exercise({"a": "passed", "b": "failed", "hidden/random": "passed"})
        self.assertFalse(ex.gated)
        self.assertEqual(ex.score, 5.0)
        self.assertEqual([c.max_score for c in ex.cases], [5.0, 5.0, 0.0])
        self.assertAlmostEqual(sum(c.max_score for c in ex.cases), ex.points)
        full = self.exercise({"a": "passed", "b": "passed", "hidden/random": "passed"}, "all_or_nothing")
        self.assertEqual(full.score, 10.0)

    def test_results_json_gives_hidden_cases_their_visibility(self):
        from wb.grading import results
        from wb.grading.submission import Submission
        from wb.grading.worker import ChapterOutcome, SubmissionResult

        ex = self.exercise({"a": "passed", "hidden/random": "failed"})
        ex.hidden_visibility = "after_due_date"
        res = SubmissionResult(Submission("s", Path(".")), [ChapterOutcome(3, "03_regression", "t", [ex])], "limits", 1)
        js = results.gradescope_json(res)
        by_name = {t["name"]: t for t in js["tests"]}
        self.assertEqual(by_name["3.6 dW1 / a"]["visibility"], "visible")
        self.assertEqual(by_name["3.6 dW1 / hidden/random"]["visibility"], "after_due_date")
        self.assertEqual(by_name["3.6 dW1 / hidden/random"]["max_score"], 0.0)
        self.assertEqual(js["score"], 0.0)

    def test_secret_and_visibility_come_from_the_config(self):
        tmp = Path(tempfile.mkdtemp(prefix="wb-hidden-cfg-"))
        try:
            p = tmp / "points.toml"
            p.write_text('[hidden]\nseed = "course-2026"\nvisibility = "hidden"\n')
            cfg = config.load(p)
            self.assertEqual(cfg.hidden["visibility"], "hidden")
            env = {k: v for k, v in os.environ.items()}
            os.environ.pop(hidden.ENV, None)
            try:
                self.assertEqual(hidden.secret(cfg), "course-2026")
                self.assertEqual(hidden.secret(cfg, "from-cli"), "from-cli")
                os.environ[hidden.ENV] = "from-env"
                self.assertEqual(hidden.secret(cfg), "from-env")
            finally:
                os.environ.clear()
                os.environ.update(env)
            self.assertEqual(config.load(tmp / "none.toml").hidden["visibility"], "after_due_date")
            p.write_text('[hidden]\nvisibility = "sometimes"\n')
            with self.assertRaises(SystemExit):
                config.load(p)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_the_test_processes_get_the_secret(self):
        sb = Sandbox("limits", secret_env=hidden.env_for("s3cret"))
        self.assertEqual(sb.env()[hidden.ENV], "s3cret")
        self.assertNotIn(hidden.ENV, Sandbox("limits").env())
        self.assertIn("s3cret", " ".join(Sandbox("bwrap", secret_env=hidden.env_for("s3cret"))._base([], [])))

    def test_each_submission_gets_its_own_seed_never_the_secret(self):
        files = {("01_sigmoid", "ex1_sigmoid.cpp"): b"one", ("01_sigmoid", "ex2_sigmoid_prime.cpp"): b"two"}
        a, b = hidden.seed_for("s3cret", "alice", files), hidden.seed_for("s3cret", "bob", files)
        self.assertNotEqual(a, b)
        self.assertEqual(a, hidden.seed_for("s3cret", "alice", dict(files)))   # a regrade draws the same inputs
        changed = {**files, ("01_sigmoid", "ex2_sigmoid_prime.cpp"): b"two, with a table of answers"}
        self.assertNotEqual(a, hidden.seed_for("s3cret", "alice", changed))   # a resubmission draws others
        self.assertNotIn("s3cret", a)
        self.assertNotEqual(a, hidden.seed_for("other", "alice", files))
        self.assertEqual(hidden.seed_for("", "alice", files), "")         # no secret: the development seed

    def test_the_shipped_points_file_sets_no_secret(self):
        self.assertEqual(config.load().hidden["seed"], "", "grading/points.toml must not carry the course secret")


def run(cmd: list, cwd: Path, **extra) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    e.update(extra)
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=e, timeout=1500)


class WithheldExpected(unittest.TestCase):
    """WB_EXPECTED(expr): in the grader's student build (WB_WITHHOLD_EXPECTED) expr is not evaluated, so
    the student's process never holds a hidden answer; elsewhere it is expr."""

    SOURCE = ('#include <cstdlib>\n#include <type_traits>\n#include "workbook/testing.hpp"\n'
              "double answer() { std::abort(); }\n"
              "int main() {\n"
              "    auto e = WB_EXPECTED(answer() * 2.0);\n"
              "#ifdef WB_WITHHOLD_EXPECTED\n"
              "    static_assert(std::is_same_v<decltype(e), wb::test::Withheld>);\n"
              "#else\n"
              "    static_assert(std::is_same_v<decltype(e), double>);\n"
              "#endif\n"
              "    auto m = WB_MISTAKES({\"twice\", xt::xarray<double>(answer())});\n"
              "    return static_cast<int>(m.size());\n}\n")

    def test_both_builds_compile_and_only_the_student_one_withholds(self):
        cxx = shutil.which("g++") or shutil.which("c++")
        if not cxx:
            self.skipTest("no C++ compiler")
        tmp = Path(tempfile.mkdtemp(prefix="wb-withheld-"))
        try:
            src = tmp / "w.cpp"
            src.write_text(self.SOURCE)
            inc = ["-I", str(ROOT / "support" / "include"), "-DBOOST_TEST_DYN_LINK"]
            for defs, mistakes in ((["-DWB_WITHHOLD_EXPECTED=1"], 0), ([], 1)):
                exe = tmp / "w"
                r = subprocess.run([cxx, "-std=c++17", "-Wall", "-Wextra", "-Werror", *inc, *defs, str(src), "-o", str(exe),
                                    "-lboost_unit_test_framework"],
                                   capture_output=True, text=True, timeout=300)
                self.assertEqual(r.returncode, 0, r.stderr[-3000:])
                if defs:   # withheld: answer() (which aborts) never runs
                    self.assertEqual(subprocess.run([str(exe)], timeout=30).returncode, mistakes)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_every_hidden_check_withholds_its_expected_value(self):
        """Every hidden case has at least one check whose expected value is inside WB_EXPECTED: the
        grader's gate rests on values the student's process cannot know."""
        problems = []
        for f in sorted(HIDDEN.glob("*/*.cpp")):
            text = f.read_text()
            # helpers of the file (functions at the left margin) whose body has a withheld check
            helpers = set()
            for m in re.finditer(r"^[A-Za-z][\w:<>,&*\s]*?\b(\w+)\s*\([^;{}]*\)[^;{}]*\{", text, re.M):
                end = text.find("\n}", m.end())
                if "WB_EXPECTED(" in text[m.end():end]:
                    helpers.add(m.group(1))
            for m in re.finditer(r"WB_TEST_CASE\((\w+)\)\s*\{", text):
                body = text[m.end():text.find("\nBOOST_AUTO_TEST_SUITE_END", m.end())]
                if "WB_EXPECTED(" not in body and not any(re.search(rf"\b{h}\s*\(", body) for h in helpers):
                    problems.append(f"{f.relative_to(ROOT)}: case {m.group(1)} has no WB_EXPECTED check")
        self.assertEqual(problems, [], "\n".join(problems))


class Release(unittest.TestCase):
    def test_the_edition_has_no_hidden_source(self):
        tmp = Path(tempfile.mkdtemp(prefix="wb-hidden-release-"))
        try:
            ed = tmp / "edition"
            r = run([str(ROOT / "workbook"), "release", str(ed)], ROOT, WB_CHAPTERS="1")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertFalse((ed / "grading").exists(), "grading/ is in the student edition")
            self.assertFalse((ed / "tools" / "tests" / "test_hidden.py").exists())
            leaks = []
            for f in ed.rglob("*"):
                if f.is_file() and (f.suffix in (".cpp", ".hpp", ".h", ".cmake") or f.name == "CMakeLists.txt"):
                    text = f.read_text(errors="replace")
                    if re.search(r"BOOST_AUTO_TEST_SUITE\(hidden\)|wb::hidden::|#include \"hidden\.hpp\"", text):
                        leaks.append(str(f.relative_to(ed)))
            self.assertEqual(leaks, [], f"hidden test code in the edition: {leaks}")
            # the edition's own tests still build without grading/: the references header is there
            self.assertTrue((ed / "tests" / "01_sigmoid" / "reference.hpp").exists())
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class ConstantEarnsNothing(unittest.TestCase):
    """A hard-coded sigma' (the printed numbers as literals) passes public tests but scores 0."""

    def test_grade_with_a_secret(self):
        tmp = Path(tempfile.mkdtemp(prefix="wb-hidden-grade-"))
        try:
            sub = tmp / "constant" / "chapters" / "01_sigmoid"
            sub.mkdir(parents=True)
            for f in (ROOT / "solutions" / "01_sigmoid").glob("ex*.cpp"):
                shutil.copy(f, sub / f.name)
            shutil.copy(ROOT / "tests" / "mistakes" / "01_sigmoid" / "hard_coded_printed_values" / "ex2_sigmoid_prime.cpp",
                        sub / "ex2_sigmoid_prime.cpp")
            # a student who prints the hidden seed (in an exception's message, shown in the report)
            leak = tmp / "leak" / "chapters" / "01_sigmoid"
            leak.mkdir(parents=True)
            (leak / "ex1_sigmoid.cpp").write_text(
                '#include <cstdlib>\n#include <stdexcept>\n#include <string>\n#include "sigmoid.hpp"\n'
                "xt::xarray<double> ch1::sigmoid(const xt::xarray<double>&) {\n"
                '    const char* s = std::getenv("WB_HIDDEN_SEED");\n'
                '    throw std::runtime_error(std::string("SEED=[") + (s ? s : "none") + "]");\n}\n')
            out = tmp / "out"
            r = run([str(ROOT / "workbook"), "grade", "-q", "--work", str(GRADE_WORK), "-o", str(out),
                     "--secret", "a-course-secret", str(tmp / "constant"), str(tmp / "leak")], ROOT,
                    WB_GRADE_CHAPTERS=CHAPTERS)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            leaked = (out / "leak" / "report.txt").read_text() + (out / "leak" / "results.json").read_text()
            self.assertIn("SEED=[s1-", leaked)                  # its own derived seed, and only that
            self.assertNotIn("a-course-secret", leaked)
            self.assertNotIn(hidden.seed_for("a-course-secret", "constant", {}), leaked)
            js = json.loads((out / "constant" / "results.json").read_text())
            t12 = [t for t in js["tests"] if t["name"].startswith("1.2 ")]
            public = [t for t in t12 if "/ hidden/" not in t["name"]]
            secret = [t for t in t12 if "/ hidden/" in t["name"]]
            self.assertTrue(secret, "no hidden case of 1.2 in results.json")
            self.assertTrue(any(t["status"] == "passed" for t in public), "the constant should pass some public test")
            self.assertEqual(sum(t["score"] for t in t12), 0, "a constant must earn nothing on 1.2")
            self.assertTrue(all(t["visibility"] == "after_due_date" for t in secret))
            self.assertTrue(all(t["status"] == "failed" for t in secret))
            t11 = [t for t in js["tests"] if t["name"].startswith("1.1 ")]
            self.assertAlmostEqual(sum(t["score"] for t in t11), 10.0, places=3)   # the real solution keeps its points
            report = (out / "constant" / "report.txt").read_text()
            self.assertIn("hidden check fails", report)
            self.assertNotIn("development seed", report)   # the secret was given
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
