"""./workbook watch: a save in the copy's chapter 1 is picked up (inotifywait, and polling), the
screen shows the bars and the exercise to do next, and Ctrl-C leaves cleanly."""
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wbtree  # noqa: E402
from wbtree import SIGMOID_OK, TREE, plant  # noqa: E402

READY = "Ctrl-C to stop"


def setUpModule():
    wbtree.prepare()


class Watch:
    """./workbook watch ... in the copy, its output collected by a thread."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([str(TREE / "workbook"), "watch", *args], env=wbtree.env(),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.out = ""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.out += line

    def text(self) -> str:
        with self.lock:
            return self.out

    def wait_for(self, predicate, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            t = self.text()
            if predicate(t):
                return t
            if self.proc.poll() is not None:
                self.reader.join(5)
                t = self.text()
                if predicate(t):
                    return t
                raise AssertionError(f"watch exited ({self.proc.returncode}) before the expected output:\n{t}")
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting; watch printed:\n{self.text()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)
        self.proc.stdout.close()


def children(pid: int) -> list:
    r = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(x) for x in r.stdout.split()]


class WatchTest(unittest.TestCase):
    def setUp(self):
        wbtree.sync()

    def _picks_up_a_save(self, *extra):
        w = Watch("1", "--no-clear", "--max-runs", "2", *extra)
        try:
            first = w.wait_for(lambda t: READY in t)
            self.assertIn("Chapter 1:", first)
            self.assertRegex(first, r"Course\s+\[")
            self.assertIn("Exercise 1.1 sigmoid", first)                # the first exercise not done,
            self.assertIn("Equation:", first)                           # its equation and shapes,
            self.assertIn("Shapes:", first)                             # from the chapter source
            self.assertNotIn("\033[2J", first)                          # --no-clear (and not a terminal)
            time.sleep(0.3)
            plant("ex1_sigmoid.cpp", SIGMOID_OK)                        # the student saves 1.1
            w.proc.wait(timeout=120)
            out = w.text()
            second = out[out.index(READY) + len(READY):]
            self.assertRegex(second, r"✓ 1\.1\s+sigmoid\s+done")
            self.assertIn("saved ex1_sigmoid.cpp", second)
            self.assertIn("Exercise 1.2 sigmoid_prime", second)         # the next one to do
            self.assertEqual(w.proc.returncode, 0)
        finally:
            w.stop()

    @unittest.skipUnless(shutil.which("inotifywait"), "inotify-tools is not installed")
    def test_picks_up_a_save_with_inotifywait(self):
        self._picks_up_a_save()

    def test_picks_up_a_save_by_polling(self):
        self._picks_up_a_save("--poll")

    def test_a_compile_error_on_screen(self):
        w = Watch("1", "--no-clear", "--max-runs", "2")
        try:
            w.wait_for(lambda t: READY in t)
            time.sleep(0.3)
            plant("ex1_sigmoid.cpp", "#include \"sigmoid.hpp\"\nxt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {\n"
                                     "    return z +;\n}\n")
            w.proc.wait(timeout=120)
            second = w.text().split(READY)[1]
            self.assertIn("does not compile", second)
            self.assertIn("chapters/01_sigmoid/ex1_sigmoid.cpp:3:", second)
            self.assertIn("Why:", second)
        finally:
            w.stop()

    @unittest.skipUnless(shutil.which("inotifywait"), "inotify-tools is not installed")
    def test_ctrl_c_leaves_cleanly(self):
        w = Watch("--no-clear")                                        # no N: the first chapter not done
        try:
            out = w.wait_for(lambda t: READY in t)
            self.assertIn("Chapter 1:", out)
            kids = children(w.proc.pid)
            names = [Path(f"/proc/{k}/comm").read_text().strip() for k in kids if Path(f"/proc/{k}/comm").exists()]
            self.assertIn("inotifywait", names)
            w.proc.send_signal(signal.SIGINT)
            self.assertEqual(w.proc.wait(timeout=20), 0)
            w.reader.join(5)
            self.assertIn("stopped", w.text().strip().splitlines()[-1])
            time.sleep(0.2)
            for k in kids:
                self.assertFalse(Path(f"/proc/{k}").exists() and
                                 Path(f"/proc/{k}/stat").read_text().split()[2] != "Z",
                                 f"child {k} still runs after Ctrl-C")
        finally:
            w.stop()


if __name__ == "__main__":
    unittest.main()
