"""./workbook hint N.M: one more hint each time, '(hint k of n)', stops at the last, --reset starts over."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wbtree  # noqa: E402
from wbtree import TREE, workbook  # noqa: E402

from wb.commands.hint import parse_hints, wrap  # noqa: E402  (wbtree put the source's tools/ on the path)

HINTS = """# Hints for chapter 1

## 1.1 sigmoid
1. only one

## 1.2 sigmoid_prime
1. Gentle: the seed's formula.
2. Shapes: element-wise,
   same shape as z.
3. The common mistake: z (1 - z).

## 1.3 tanh_prime
"""


def setUpModule():
    wbtree.sync()


class ParseHints(unittest.TestCase):
    def test_sections_numbered_items_and_continuations(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "hints.md"
            p.write_text(HINTS)
            h = parse_hints(p)
        self.assertEqual(h["1.1"], ["only one"])
        self.assertEqual(h["1.2"], ["Gentle: the seed's formula.", "Shapes: element-wise, same shape as z.",
                                    "The common mistake: z (1 - z)."])
        self.assertEqual(h["1.3"], [])

    def test_every_chapter_hints_file_parses(self):
        for hints in sorted(wbtree.SRC.glob("chapters/*/hints.md")):
            with self.subTest(hints=str(hints)):
                h = parse_hints(hints)
                self.assertTrue(h, f"{hints}: no '## N.K name' sections with a numbered list")
                for k, items in h.items():
                    self.assertTrue(items, f"{hints}: section {k} has no numbered hints")

    def test_wrap_keeps_code_and_formulas_whole(self):
        text = "Compute s once into an `xt::xarray<double>` (a value, not `auto`), then return s * (1 - s) " * 2
        out = wrap(text, "  ", "  ", width=40)
        for line in out.splitlines():
            self.assertFalse(line.rstrip().endswith(("*", "`xt::xarray<double>")), out)
        self.assertIn("`xt::xarray<double>`", out)


class HintCommand(unittest.TestCase):
    def setUp(self):
        wbtree.sync()
        (TREE / "chapters" / wbtree.CHAPTER / "hints.md").write_text(HINTS)

    def test_levels_advance_and_stop_at_the_last(self):
        outs = [workbook("hint", "1.2").stdout for _ in range(4)]
        self.assertIn("(hint 1 of 3)", outs[0])
        self.assertIn("Gentle: the seed's formula.", outs[0])
        self.assertNotIn("Shapes", outs[0])
        self.assertIn("(hint 2 of 3)", outs[1])
        self.assertIn("Shapes: element-wise, same shape as z.", outs[1])
        self.assertIn("(hint 3 of 3)", outs[2])
        self.assertIn("The common mistake", outs[2])
        self.assertIn("last hint", outs[2])
        # after the last: the last again, and no more
        self.assertIn("(hint 3 of 3)", outs[3])
        self.assertIn("The common mistake", outs[3])
        self.assertIn("no more", outs[3])
        # --all shows every hint seen so far
        self.assertIn("Gentle", workbook("hint", "1.2", "--all").stdout)
        # levels are per exercise, and kept under .workbook/
        self.assertIn("(hint 1 of 1)", workbook("hint", "1.1").stdout)
        self.assertTrue((TREE / ".workbook" / "hints.json").exists())

    def test_reset_starts_over(self):
        workbook("hint", "1.2")
        workbook("hint", "1.2")
        r = workbook("hint", "1.2", "--reset")
        self.assertEqual(r.returncode, 0)
        self.assertIn("(hint 1 of 3)", workbook("hint", "1.2").stdout)

    def test_no_hints_and_bad_names(self):
        r = workbook("hint", "1.3")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no hints for exercise 1.3", r.stdout)
        r = workbook("hint", "1.9")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no exercise 1.9", r.stderr)
        r = workbook("hint", "sigmoid")
        self.assertIn("CHAPTER.NUMBER", r.stderr)


if __name__ == "__main__":
    unittest.main()
