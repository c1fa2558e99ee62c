"""`./workbook plots`: every chapter program, run on the reference solutions, draws the same
figures twice byte for byte (same seed, same pixels), each with a title, axis labels and a legend,
in the one style (PNG 1600x1000, SVG, CSV); one chapter can be asked for alone; the style check
itself notices a figure without a title or legend. Run alone:
    python3 tools/tests/test_plots.py -v
"""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import core  # noqa: E402
from wb.commands import plots  # noqa: E402

TIMEOUT = 1800


def workbook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "workbook"), *args], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def png_size(path: Path) -> tuple:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


class PlotsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="wb-test-plots-"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    @unittest.skipUnless(core.has_solutions(), "the student edition has no reference solutions to draw from")
    def test_every_chapter_is_deterministic_and_styled(self):
        out = self.tmp / "all"
        r = workbook("plots", "--check", "--no-build", "-o", str(out))
        text = r.stdout + r.stderr
        self.assertEqual(r.returncode, 0, f"./workbook plots --check failed:\n{text[-6000:]}")
        self.assertIn("check: every figure is reproducible byte for byte and has a title, axis labels and a legend", text)
        drawn = 0     # (a chapter may draw nothing; the workbook as a whole does)
        for ch in core.chapters():
            self.assertRegex(text, rf"(?m)^Chapter {ch.number}:", f"chapter {ch.number} was not run")
            figs = sorted(out.glob(f"{ch.tag}_*.png"))
            drawn += len(figs)
            for png in figs:
                self.assertEqual(png_size(png), (1600, 1000), f"{png.name}: not the slide size")
                self.assertTrue(png.with_suffix(".svg").exists(), f"{png.name} has no SVG")
                self.assertTrue(png.with_suffix(".csv").exists(), f"{png.name} has no CSV data")
                self.assertIn(f"  {png}", text, f"{png.name} is not in the printed list of files")
        self.assertGreater(drawn, 0, "no chapter drew a figure")
        units = re.findall(r"units: .*", text)
        if units:
            print("test_plots: figures whose axis labels lack units (reported, not failed):\n  "
                  + "\n  ".join(units), file=sys.stderr)

    @unittest.skipUnless(core.has_solutions(), "the student edition has no reference solutions to draw from")
    def test_one_chapter_alone(self):
        out = self.tmp / "one"
        out.mkdir()
        (out / "ch01_stale.png").write_bytes(b"old")
        (out / "ch02_other.png").write_bytes(b"another chapter's")
        r = workbook("plots", "1", "--no-build", "-o", str(out))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        names = sorted(p.name for p in out.iterdir())
        self.assertIn("ch01_sigmoid.png", names)
        self.assertNotIn("ch01_stale.png", names, "a figure chapter 1 no longer draws was left behind")
        self.assertIn("ch02_other.png", names, "plots 1 touched another chapter's files")
        self.assertTrue(all(n.startswith(("ch01_", "ch02_other")) for n in names), names)

    def test_style_check_notices_what_is_missing(self):
        gnuplot = shutil.which("gnuplot")
        if not gnuplot:
            self.skipTest("gnuplot is not installed")
        good, bad = self.tmp / "good.svg", self.tmp / "bad.svg"
        script = (f"set terminal svg size 1200,750 dynamic enhanced font 'DejaVu Sans,16'\n"
                  f"set output '{good}'\nset title 'Chapter 9: loss'\nset xlabel 'epoch'\n"
                  f"set ylabel 'loss L (mean squared error)'\nplot x**2 title 'eta = 0.5'\n"
                  f"set output '{bad}'\nunset title\nunset xlabel\nset ylabel 'value'\nunset key\nplot x**2\n")
        subprocess.run([gnuplot], input=script, text=True, check=True, capture_output=True)
        g = plots.read_style(good)
        self.assertEqual((g.title, g.xlabel, g.ylabel, g.legend),
                         ("Chapter 9: loss", "epoch", "loss L (mean squared error)", ["eta = 0.5"]))
        self.assertEqual(g.problems(), [])
        self.assertEqual(g.unit_warnings(), [])
        b = plots.read_style(bad)
        self.assertEqual(b.problems(), ["no title", "no x-axis label", "no legend"])
        self.assertEqual(b.unit_warnings(), ["y label 'value' has no units"])

    def test_units(self):
        for label in ("epoch", "loss L(W)", "time [s]", "z (pre-activation)"):
            self.assertTrue(plots.has_units(label), label)
        for label in ("value", "accuracy", "loss"):
            self.assertFalse(plots.has_units(label), label)


if __name__ == "__main__":
    unittest.main()
