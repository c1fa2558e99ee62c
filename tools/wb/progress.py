"""Showing what a long step is doing: one status line on stderr ("building chapter 3 ... [12/40] 0:35")
that updates in place on a terminal, and an occasional plain line when stderr is a pipe or a log.

Nothing is shown for a step that ends within QUIET seconds (the edit-save-check loop stays quiet);
a longer one is announced by then and updated every second (so the first build never looks hung).
WB_PROGRESS=0 turns it off, WB_PROGRESS=1 forces the plain lines."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time

QUIET = float(os.environ.get("WB_PROGRESS_QUIET", "1.0"))   # seconds before anything is shown
PLAIN_EVERY = 10.0                                         # seconds between plain lines (not a terminal)
NINJA_STEP = re.compile(r"^\[(\d+)/(\d+)\]\s+(.*)$")


def _mode() -> str:
    v = os.environ.get("WB_PROGRESS", "")
    if v == "0":
        return "off"
    if v == "1":
        return "plain"
    return "tty" if sys.stderr.isatty() else "plain"


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def short_step(desc: str) -> str:
    """'Building CXX object chapters/03_x/CMakeFiles/ch03_student_lib.dir/ex1_a.cpp.o' -> 'compiling ex1_a.cpp'."""
    m = re.match(r"Building CXX object .*/(?:cmake_pch\.hxx\.gch|cmake_pch\.hxx\.pch)$", desc)
    if m:
        return "precompiling the headers"
    m = re.match(r"Building CXX object (?:.*/)?([^/]+?)\.o$", desc)
    if m:
        return "compiling " + m.group(1).replace("__/", "")
    m = re.match(r"Linking CXX (?:executable|static library|shared library) (?:.*/)?(\S+)$", desc)
    if m:
        return "linking " + m.group(1)
    return desc


class Status:
    """A status line for one step. Use as a context manager; feed it ninja's lines with step()."""

    def __init__(self, what: str, note: str = "", stream=None):
        self.what, self.note = what, note
        self.stream = stream or sys.stderr
        self.mode = _mode()
        self.t0 = time.monotonic()
        self.done = self.total = 0
        self.current = ""
        self.shown = False
        self.last_plain = 0.0
        self.width = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = None

    # ninja's "[n/m] description" lines (and any other line, ignored)
    def step(self, line: str) -> None:
        m = NINJA_STEP.match(line)
        if m and not m.group(3).startswith(("Re-checking globbed", "Re-running CMake")):
            with self._lock:
                self.done, self.total, self.current = int(m.group(1)), int(m.group(2)), short_step(m.group(3))

    def __enter__(self):
        if self.mode != "off":
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread:
            self._thread.join()
        if self.shown and self.mode == "tty":
            self.stream.write("\r\033[K")
            self.stream.flush()
        took = time.monotonic() - self.t0
        # the closing line: always in a log; on a terminal only after a long step (the loop stays clean)
        if self.shown and (self.mode == "plain" or took >= 10):
            self.stream.write(f"workbook: {self.what}: done in {_clock(took)}\n")
            self.stream.flush()
        return False

    def _line(self) -> str:
        counts = f" [{self.done}/{self.total}]" if self.total else ""
        cur = f" (last done: {self.current})" if self.current else ""
        return f"workbook: {self.what}{counts} {_clock(time.monotonic() - self.t0)}{cur}"

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            now = time.monotonic()
            if now - self.t0 < QUIET:
                continue
            with self._lock:
                text = self._line()
            if not self.shown:
                self.shown = True
                if self.note:
                    self.stream.write(f"workbook: {self.what} ({self.note})\n")
                if self.mode == "plain":
                    self.stream.write(text + "\n")
                    self.last_plain = now
                    self.stream.flush()
                    continue
            if self.mode == "tty":
                cols = shutil.get_terminal_size((100, 20)).columns
                self.stream.write("\r" + text[: max(20, cols - 1)] + "\033[K")
                self.stream.flush()
            elif now - self.last_plain >= PLAIN_EVERY:
                self.stream.write(text + "\n")
                self.stream.flush()
                self.last_plain = now


def run(cmd: list, what: str, note: str = "", env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Run cmd (a build) with its output captured, as subprocess.run(capture_output=True, text=True)
    would, while a status line says what it is doing."""
    lines = []
    with Status(what, note) as status:
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              errors="replace", env=env, cwd=cwd) as p:
            for line in p.stdout:
                lines.append(line)
                status.step(line.rstrip("\n"))
    return subprocess.CompletedProcess(cmd, p.returncode, "".join(lines), "")
