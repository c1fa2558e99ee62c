"""./workbook watch [N]: rebuild and regrade a chapter each time one of its files is saved.

Shows the chapter's and the course's progress bars, every exercise's state, then the first
exercise not done: its name, equation and shapes (from its statement block) and why it fails.
Without N it watches the first chapter not done, and moves on when that chapter is done.
Saves are seen through inotifywait (Debian's inotify-tools), or by polling every 0.5 s where it is
missing. Ctrl-C stops it."""
from __future__ import annotations

import argparse
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from wb import core, report
from wb.commands import check

WATCHED = (".cpp", ".hpp", ".h")
CLEAR = "\033[H\033[2J\033[3J"


def register(sub) -> None:
    p = sub.add_parser("watch", help="rebuild and rerun a chapter's tests each time you save one of its files")
    p.add_argument("chapter", nargs="?", help="chapter number (default: the first chapter not done)")
    # for tests and the benchmark
    p.add_argument("--no-clear", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--max-runs", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--poll", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--debounce", type=float, default=0.15, help=argparse.SUPPRESS)
    p.set_defaults(func=watch)


def _relevant(path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith(WATCHED) and not name.startswith((".", "#"))


class PollWatcher:
    """mtime and size of the watched files, compared every `interval` seconds."""
    kind = "polling every 0.5 s"

    def __init__(self, dirs: list, interval: float = 0.5):
        self.dirs, self.interval = dirs, interval
        self.snap = self._snapshot()

    def _snapshot(self) -> dict:
        out = {}
        for d in self.dirs:
            try:
                for f in d.iterdir():
                    if _relevant(str(f)):
                        try:
                            st = f.stat()
                            out[str(f)] = (st.st_mtime_ns, st.st_size)
                        except OSError:
                            pass
            except OSError:
                pass
        return out

    def wait(self, debounce: float) -> list:
        while True:
            time.sleep(self.interval)
            now = self._snapshot()
            if now != self.snap:
                changed = sorted(k for k in set(now) | set(self.snap) if now.get(k) != self.snap.get(k))
                self.snap = now
                return changed

    def close(self) -> None:
        pass


class InotifyWatcher:
    """inotifywait -m on the chapter folder: close_write (editors that write in place) and moved_to
    (editors that write a temporary file and rename it)."""
    kind = "inotifywait"

    def __init__(self, dirs: list):
        self.proc = subprocess.Popen(
            ["inotifywait", "-m", "-e", "close_write,moved_to,create,delete", "--format", "%w%f", *map(str, dirs)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buf = b""
        try:
            self._wait_ready()
        except BaseException:
            self.close()
            raise

    def _wait_ready(self) -> None:
        """Until the watches are set up, so that no save is missed."""
        deadline = time.monotonic() + 10
        err = b""
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.proc.stderr], [], [], 0.5)
            if r:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                err += chunk
                if b"Watches established" in err:
                    return
            if self.proc.poll() is not None:
                break
        raise OSError("inotifywait did not start: " + err.decode(errors="replace").strip())

    def _lines(self, timeout: float | None) -> list:
        r, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not r:
            return []
        chunk = os.read(self.proc.stdout.fileno(), 65536)
        if not chunk:
            raise OSError("inotifywait stopped")
        self.buf += chunk
        *lines, self.buf = self.buf.split(b"\n")
        return [l.decode(errors="replace") for l in lines]

    def wait(self, debounce: float) -> list:
        changed: list = []
        while not changed:
            changed = [l for l in self._lines(None) if _relevant(l)]
        # debounce: an editor's save is often several events; wait until it is quiet
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            more = self._lines(debounce)
            if not more:
                break
            changed += [l for l in more if _relevant(l) and l not in changed]
        return sorted(set(changed))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


def make_watcher(dirs: list, poll: bool):
    if not poll and shutil.which("inotifywait"):
        try:
            return InotifyWatcher(dirs)
        except OSError as e:
            print(f"workbook: {e}; polling instead", file=sys.stderr)
    return PollWatcher(dirs)


def _pick_chapter(spec):
    chs = core.chapters()
    if not chs:
        raise SystemExit("workbook: there are no chapters to watch")
    if spec:
        return core.find_chapter(spec), False
    ch = report.first_open_chapter(chs)
    return (ch or chs[-1]), True


def show(ch: core.Chapter, statuses: list, clear: bool, note: str) -> None:
    if clear:
        sys.stdout.write(CLEAR)
    p = core.color()
    chs = core.chapters()
    done, total = report.course_progress(chs)
    head = report.chapter_heading(ch)
    report.print_chapter(ch, statuses, verbose_first=False, heading_width=len(head))
    print(f"{'Course':<{len(head)}}  " + report.bar(done, total))
    print()
    nxt = report.next_up(statuses)
    if nxt is None:
        print(p("green", f"Chapter {ch.number} is done. Run it: ./workbook run {ch.number}"))
    else:
        print(report.focus(nxt, why=True))
    print()
    print(p("dim", note))
    sys.stdout.flush()


def watch(args) -> int:
    ch, auto = _pick_chapter(args.chapter)
    clear = sys.stdout.isatty() and not args.no_clear
    core.ensure_packages()
    watcher = None
    runs = 0

    def on_term(signum, frame):
        raise KeyboardInterrupt

    old_term = signal.signal(signal.SIGTERM, on_term)
    try:
        watcher = make_watcher([ch.dir], args.poll)
        saved_at, saved = None, []
        while True:
            t0 = time.monotonic()
            ch = core.find_chapter(ch.number)          # exercises and statements as they are now
            statuses = check.grade_chapter(ch, packages=False)
            runs += 1
            took = (time.time() - saved_at) if saved_at else (time.monotonic() - t0)
            what = ("saved " + ", ".join(os.path.basename(s) for s in saved[:3]) + f": result {took:.1f} s after the save"
                    if saved_at else f"first run: {took:.1f} s")
            note = (f"[run {runs} at {time.strftime('%H:%M:%S')}; {what}] watching {core.short_path(ch.dir)}/ "
                    f"({watcher.kind}); Ctrl-C to stop")
            show(ch, statuses, clear, note)
            if args.max_runs and runs >= args.max_runs:
                break
            if auto and report.next_up(statuses) is None:
                nxt = report.first_open_chapter(core.chapters())
                if nxt is not None and nxt.number != ch.number:
                    print(f"On to chapter {nxt.number}: {nxt.short_title}", flush=True)
                    watcher.close()
                    ch = nxt
                    watcher = make_watcher([ch.dir], args.poll)
                    saved_at, saved = None, []
                    continue
            saved = watcher.wait(args.debounce)
            # the save's own time (the file's mtime): what the student waits for is save -> result
            mtimes = [os.stat(f).st_mtime for f in saved if os.path.exists(f)]
            saved_at = max(mtimes) if mtimes else time.time()
    except KeyboardInterrupt:
        print("\nworkbook watch: stopped. Your files are saved; ./workbook check N grades them again.", flush=True)
    finally:
        if watcher is not None:
            watcher.close()
        signal.signal(signal.SIGTERM, old_term)
    return 0
