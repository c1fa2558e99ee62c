"""./workbook gradescope: the bundle's layout, and its setup.sh + run_autograder run in a simulated
/autograder (AUTOGRADER_ROOT) on sample submissions, writing Gradescope's results.json.
(Chapter 1 only, through WB_GRADE_CHAPTERS, to stay fast.)"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env(ag: Path) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(AUTOGRADER_ROOT=str(ag), WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1",
             WB_GRADE_CHAPTERS="1")
    return e


class Bundle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-gradescope-"))
        cls.ag = cls.tmp / "autograder"
        cls.ag.mkdir()
        cls.proc = subprocess.run([str(ROOT / "workbook"), "gradescope", "-o", str(cls.ag / "source")],
                                  capture_output=True, text=True, env=env(cls.ag), timeout=600)
        cls.setup = subprocess.run(["bash", str(cls.ag / "source" / "setup.sh")], capture_output=True, text=True,
                                   env=env(cls.ag), timeout=1500, cwd=cls.ag / "source")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def grade(self, files: dict) -> dict:
        sub = self.ag / "submission"
        res = self.ag / "results"
        shutil.rmtree(sub, ignore_errors=True)
        shutil.rmtree(res, ignore_errors=True)
        for rel, data in files.items():
            (sub / rel).parent.mkdir(parents=True, exist_ok=True)
            (sub / rel).write_bytes(data)
        sub.mkdir(exist_ok=True)
        # Gradescope's metadata: run_autograder passes the submitter's id (--student-id, the hidden seed's)
        (self.ag / "submission_metadata.json").write_text(json.dumps({"users": [{"id": 4711, "email": "s@example.org"}]}))
        r = subprocess.run([str(self.ag / "run_autograder")], capture_output=True, text=True, env=env(self.ag),
                           timeout=900)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("--student-id", (self.ag / "run_autograder").read_text())
        return json.loads((res / "results.json").read_text())

    def test_bundle_layout(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout + self.proc.stderr)
        src = self.ag / "source"
        for name in ("setup.sh", "run_autograder", "workbook", "CMakeLists.txt", "grading/points.toml",
                     "tests/01_sigmoid", "chapters/01_sigmoid/ex1_sigmoid.cpp", "tools/wb/commands/grade.py"):
            self.assertTrue((src / name).exists(), name)
        for name in (".git", "tests/mistakes", ".ci"):
            self.assertFalse((src / name).exists(), f"{name} is in the bundle")
        # setup.sh built the trusted run from solutions/ and deleted them
        self.assertFalse((src / "solutions").exists(), "solutions/ stayed in the image after setup.sh")
        trusted = list((src / "build-grade").glob("worker-*/trusted"))
        self.assertTrue(trusted, "no trusted build")
        self.assertEqual(trusted[0].stat().st_mode & 0o077, 0, "the trusted build is open to other users")
        self.assertTrue(os.access(src / "run_autograder", os.X_OK))
        with zipfile.ZipFile(src.with_suffix(".zip")) as z:
            names = set(z.namelist())
        self.assertIn("setup.sh", names)
        self.assertIn("run_autograder", names)
        self.assertTrue(any(n.startswith("solutions/") for n in names), "the bundle needs solutions/ for the trusted build")

    def test_setup_builds_the_grader(self):
        self.assertEqual(self.setup.returncode, 0, self.setup.stdout + self.setup.stderr)
        self.assertTrue((self.ag / "run_autograder").exists())

    def test_run_autograder_full_marks(self):
        sol = ROOT / "solutions" / "01_sigmoid"
        r = self.grade({f"chapters/01_sigmoid/{f.name}": f.read_bytes() for f in sol.glob("ex*.cpp")})
        self.assertEqual(r["score"], r["max_score"])
        self.assertGreater(r["max_score"], 0)
        self.assertTrue(all(t["score"] == t["max_score"] for t in r["tests"]))
        self.assertTrue(all({"name", "score", "max_score", "output", "visibility"} <= set(t) for t in r["tests"]))

    def test_run_autograder_partial_with_ignored_tests(self):
        sol = ROOT / "solutions" / "01_sigmoid"
        r = self.grade({"ex1_sigmoid.cpp": (sol / "ex1_sigmoid.cpp").read_bytes(),
                        "tests/01_sigmoid/test_sigmoid.cpp": b"// nothing to fail\n"})
        self.assertEqual(r["score"], 10)
        self.assertIn("ignored", r["output"])
        self.assertTrue(any("not implemented" in t["output"] for t in r["tests"]))


if __name__ == "__main__":
    unittest.main()
