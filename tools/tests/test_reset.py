"""./workbook reset N.M: the stub back byte for byte, the student's version kept in a named backup."""
import re
import subprocess
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wbtree  # noqa: E402
from wbtree import SIGMOID_PRIME_OK, TREE, plant, workbook  # noqa: E402

EX = TREE / "chapters" / wbtree.CHAPTER / "ex2_sigmoid_prime.cpp"


def head_bytes() -> bytes:
    return subprocess.run(["git", "-C", str(TREE), "show", f"HEAD:chapters/{wbtree.CHAPTER}/{EX.name}"],
                          capture_output=True, check=True).stdout


def setUpModule():
    wbtree.prepare()          # the copy is a git checkout whose HEAD holds the stubs


class Reset(unittest.TestCase):
    def setUp(self):
        wbtree.sync()

    def backups(self) -> list:
        d = TREE / ".workbook" / "backups"
        return sorted(d.glob(EX.name + ".*")) if d.exists() else []

    def test_restores_the_stub_from_git_and_keeps_a_backup(self):
        work = SIGMOID_PRIME_OK.encode() + b"// my work \xc3\xa9\r\n"
        EX.write_bytes(work)
        r = workbook("reset", "1.2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(EX.read_bytes(), head_bytes())            # byte for byte
        (backup,) = self.backups()
        self.assertRegex(backup.name, r"^ex2_sigmoid_prime\.cpp\.\d{8}-\d{6}$")
        self.assertEqual(backup.read_bytes(), work)                 # nothing lost
        self.assertIn(f".workbook/backups/{backup.name}", r.stdout)  # and the command says where

    def test_twice_in_a_row_keeps_both_versions(self):
        plant(EX.name, "// first\n" + SIGMOID_PRIME_OK)
        workbook("reset", "1.2")
        plant(EX.name, "// second\n" + SIGMOID_PRIME_OK)
        workbook("reset", "1.2")
        found = self.backups()
        self.assertEqual(len(found), 2)
        self.assertEqual(sorted(b.read_text().splitlines()[0] for b in found), ["// first", "// second"])
        self.assertIn(EX.name, workbook("reset", "1.2", "--list").stdout)

    def test_untouched_stub_makes_no_backup(self):
        r = workbook("reset", "1.2")
        self.assertIn("already the untouched stub", r.stdout)
        self.assertEqual(self.backups(), [])

    def test_shipped_stubs_come_first(self):
        shipped = TREE / ".stubs" / wbtree.CHAPTER / EX.name
        shipped.parent.mkdir(parents=True)
        stub = head_bytes().replace(b"\n", b"\r\n") + b"// shipped \xff\r\n"   # odd bytes survive
        shipped.write_bytes(stub)
        plant(EX.name, SIGMOID_PRIME_OK)
        r = workbook("reset", "1.2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(EX.read_bytes(), stub)

    def test_pristine_stub_api(self):
        from wb import core
        ex = core.Exercise(1, 2, "sigmoid_prime", EX)
        self.assertEqual(core.pristine_stub_bytes(ex, TREE), head_bytes())
        self.assertEqual(core.pristine_stub(ex, TREE).encode("utf-8", "surrogateescape"), head_bytes())
        self.assertIn("not_implemented", core.pristine_stub(ex, TREE))
        empty = TREE / ".workbook" / "nowhere"
        empty.mkdir(parents=True)
        self.assertIsNone(core.pristine_stub(ex, empty))

    def test_unknown_exercise(self):
        r = workbook("reset", "1.7")
        self.assertNotEqual(r.returncode, 0)
        self.assertTrue(re.search(r"no exercise 1\.7", r.stderr), r.stderr)


if __name__ == "__main__":
    unittest.main()
