"""Every build says what it is doing: nothing for a step under a second (the loop stays quiet), a
status line after that (what is built, ninja's [n/m], the time so far). No build."""
import io
import os
import sys
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from wb import build, progress  # noqa: E402

NINJA = "echo '[1/3] Building CXX object chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex1_sigmoid.cpp.o'; " \
        "sleep {}; echo '[3/3] Linking CXX executable bin/test_ch01_student'"


def run(seconds: float) -> tuple:
    with mock.patch.dict(os.environ, {"WB_PROGRESS": "1"}), mock.patch.object(progress, "QUIET", 0.3), \
            mock.patch("sys.stderr", new_callable=io.StringIO) as err:
        r = progress.run(["bash", "-c", NINJA.format(seconds)], "building chapter 1's tests (your files)", "first build")
    return r, err.getvalue()


class Progress(unittest.TestCase):
    def test_a_quick_step_says_nothing(self):
        r, err = run(0)
        self.assertEqual(err, "")
        self.assertEqual(r.returncode, 0)
        self.assertIn("[3/3] Linking", r.stdout)      # the output is still captured whole

    def test_a_long_step_says_what_it_does(self):
        r, err = run(1.2)
        self.assertIn("workbook: building chapter 1's tests (your files) (first build)", err)
        self.assertIn("[1/3]", err)
        self.assertIn("compiling ex1_sigmoid.cpp", err)
        self.assertIn("done in 0:01", err)

    def test_what_is_built(self):
        self.assertEqual(build.describe_targets(["test_ch03_student"]), "building chapter 3's tests (your files)")
        self.assertEqual(build.describe_targets([f"test_ch0{i}_student" for i in range(1, 8)]),
                         "building the tests of chapters 1-7 (your files)")
        self.assertEqual(build.describe_targets(["ch01_solution", "ch03_solution"]),
                         "building the programs of chapters 1, 3 (reference solutions)")
        self.assertEqual(progress.short_step("Building CXX object support/CMakeFiles/wb_pch.dir/cmake_pch.hxx.gch"),
                         "precompiling the headers")
        self.assertEqual(progress.short_step("Linking CXX executable bin/test_ch01_student"), "linking test_ch01_student")


if __name__ == "__main__":
    unittest.main()
