#!/usr/bin/env python3
"""The student's loop, timed: save one exercise file, wait for the result.

    bench/student_loop/run.sh [--runs 10] [--edition] [--load 2] [--in-place] [--all-chapters]

In a copy of the tree (default $WB_BENCH_DIR or /tmp/wb-bench-$UID, kept between runs so its build
is warm; with --edition the student edition `./workbook release` writes there, built outside it so
the build stays warm; or the tree itself with --in-place, restoring the file afterwards), it warms
the build, then, RUNS times each:
  check  writes exercise 1.2 (solved and back to the stub, alternately) and times
         `./workbook check 1` until it has printed the result. Each solved version differs from
         every earlier one (a new constant), so it is really compiled (a ccache miss), as a
         student's edit is; the stub is what `reset` writes back, which ccache must serve;
  watch  with `./workbook watch 1` running, writes the file and times save -> the new result on
         screen.
  broken with a compile error in 1.2 (two different ones, alternately), `./workbook check 1` must
         still grade the other exercises (1.1 "done": the chapter is re-linked with 1.2's stub).
Every run is checked: exercise 1.2 must show "done" after the solved version and "not implemented"
after the stub, and the build log must show that only the saved file was compiled.
--load N starts N competing compile loops (a big translation unit compiled again and again, no
ccache) for the whole measurement: "a busy laptop". The load average is printed with every
mode; the machine this runs on may be shared, so read the figures with it.
The environment is a student's: CCACHE_SLOPPINESS and CCACHE_BASEDIR are removed (the build must
set what ccache needs itself). ccache's hit/miss counts are printed for the check runs.
Prints each run, the medians, and the machine (nproc, compiler, load).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
FOLDER = "01_sigmoid"
SKIP = {".git", ".workbook", ".stubs", "build", "plots", "compile_commands.json", "__pycache__"}
SIGMOID = """#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = z;
    for (auto& v : out) v = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
    return out;
}
"""
SOLVED = """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    xt::xarray<double> s = sigmoid(z);
    return s * (1.0 - s);
}
"""


def solved(n: int) -> str:
    """SOLVED with a constant no earlier run used: a new compile, as a student's edit is."""
    return SOLVED.replace("return s * (1.0 - s);", f"return s * (1.0 - s) + 0.0 * {n};")
BROKEN = [SOLVED.replace("return s * (1.0 - s);", "return s * (1.0 - s)"),            # a missing ;
          SOLVED.replace("xt::xarray<double> s = sigmoid(z);",
                         "xt::xarray<double> s = sigmoid(z);\n    xt::xarray<std::string> t = s;")]  # inside xtensor
READY = "Ctrl-C to stop"


def stub_of(name: str) -> bytes:
    """The untouched stub: .stubs/, else git HEAD, else the file as it is."""
    shipped = SRC / ".stubs" / FOLDER / name
    if shipped.is_file():
        return shipped.read_bytes()
    r = subprocess.run(["git", "-C", str(SRC), "show", f"HEAD:chapters/{FOLDER}/{name}"], capture_output=True)
    return r.stdout if r.returncode == 0 else (SRC / "chapters" / FOLDER / name).read_bytes()


def sync(src: Path, dst: Path) -> None:
    """Copy src to dst, rewriting only files that differ (the copy's build stays warm)."""
    dst.mkdir(parents=True, exist_ok=True)
    names = {n for n in os.listdir(src) if n not in SKIP and not n.startswith("build")}
    for n in set(os.listdir(dst)) - names - SKIP:
        p = dst / n
        if not n.startswith("build"):
            shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    for n in names:
        s, d = src / n, dst / n
        if s.is_symlink():
            continue
        if s.is_dir():
            sync(s, d)
        elif not d.exists() or d.read_bytes() != s.read_bytes():
            shutil.copy2(s, d)


def write(path: Path, data: bytes) -> float:
    """Save like an editor does (write in place); returns the save's time."""
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return time.monotonic()


def state_of(out: str, ex: str = "1.2") -> str:
    m = re.search(rf"^\s+\S\s+{re.escape(ex)}\s+\w+\s+(done|failing|not implemented|does not compile|waiting|crashed|not run)",
                  out, re.M)
    return m.group(1) if m else "?"


def compiled_files(log: Path) -> list:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return []
    return re.findall(r"Building CXX object \S+/([^/\s]+\.cpp)\.o", text)


def machine() -> str:
    cxx = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores (nproc), {cxx[0] if cxx else 'c++ ?'}, "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def loadavg() -> str:
    a = os.getloadavg()
    return f"{a[0]:.2f} {a[1]:.2f} {a[2]:.2f}"


class Load:
    """N compile loops of a big translation unit (a chapter-1 test file: Boost.Test and xtensor), no
    ccache, output thrown away: two compile jobs competing with the student's, as on a busy laptop."""

    def __init__(self, n: int, bdir: Path):
        self.procs = []
        if n <= 0:
            return
        import json
        cmds = json.loads((bdir / "compile_commands.json").read_text())
        big = next(c for c in cmds if "/tests/" in c["file"] and c["file"].endswith(".cpp"))
        cmd = big["command"]
        cmd = re.sub(r"^\S*ccache\s+", "", cmd)                       # the compiler itself, no cache
        cmd = re.sub(r"\s-include\s+\S+", " ", cmd).replace("-Winvalid-pch", "")   # no precompiled header
        cmd = re.sub(r"\s-MD\s+-MT\s+\S+\s+-MF\s+\S+", " ", cmd)
        cmd = re.sub(r"\s-o\s+\S+", " -o /dev/null", cmd)
        for _ in range(n):
            self.procs.append(subprocess.Popen(["bash", "-c", f"while true; do {cmd} >/dev/null 2>&1; done"],
                                               cwd=big["directory"], start_new_session=True))
        print(f"bench: {n} competing compile loops of {Path(big['file']).name} started", flush=True)

    def stop(self):
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            p.wait()


def ccache_stats() -> dict:
    r = subprocess.run(["ccache", "--print-stats"], capture_output=True, text=True)
    out = {}
    for line in r.stdout.splitlines():
        k, _, v = line.partition("\t")
        if v.strip().isdigit():
            out[k] = int(v)
    return out


def cache_delta(before: dict, after: dict) -> str:
    d = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    hits = d.get("direct_cache_hit", 0) + d.get("preprocessed_cache_hit", 0)
    misses = d.get("cache_miss", 0)
    other = {k: v for k, v in d.items() if v and k.startswith(("could_not_use", "unsupported", "preprocessor_error"))}
    return f"ccache: {hits} hits, {misses} misses" + (f", {other}" if other else "")


class Watch:
    def __init__(self, tree: Path, env: dict):
        self.proc = subprocess.Popen([str(tree / "workbook"), "watch", "1", "--no-clear"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.out, self.cv = "", threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cv:
                self.out += line
                self.cv.notify_all()

    def wait_screens(self, n: int, timeout: float = 300) -> str:
        """Until the n-th screen is complete; returns that screen."""
        with self.cv:
            ok = self.cv.wait_for(lambda: self.out.count(READY) >= n or self.proc.poll() is not None, timeout)
            if not ok or self.out.count(READY) < n:
                raise SystemExit(f"watch did not show screen {n}:\n{self.out[-3000:]}")
            return self.out.split(READY)[n - 1]

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="saves timed in each mode (default 10)")
    ap.add_argument("--in-place", action="store_true", help="use this tree and its build/ (the file is restored)")
    ap.add_argument("--all-chapters", action="store_true", help="configure every chapter, not only chapter 1")
    ap.add_argument("--dir", default=os.environ.get("WB_BENCH_DIR") or f"/tmp/wb-bench-{os.getuid()}",
                    help="where the copy lives (kept between runs)")
    ap.add_argument("--edition", action="store_true", help="measure in the student edition (./workbook release)")
    ap.add_argument("--load", type=int, default=0, help="competing compile loops running meanwhile (e.g. 2)")
    ap.add_argument("--modes", default="check,broken,watch", help="which loops to time (default all three)")
    args = ap.parse_args()
    modes = set(args.modes.split(","))

    env = {k: v for k, v in os.environ.items() if not k.startswith("WB_")
           and k not in ("CCACHE_SLOPPINESS", "CCACHE_BASEDIR")}
    env.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    if args.in_place:
        tree = SRC
    elif args.edition:
        tree = Path(args.dir) / "edition"
        print(f"bench: writing the student edition into {tree}", flush=True)
        r = subprocess.run([str(SRC / "workbook"), "release", str(tree), "--force"], capture_output=True, text=True,
                           env=dict(env, WB_SKIP_PACKAGES="1"))
        if r.returncode != 0:
            raise SystemExit(f"./workbook release failed:\n{r.stdout}\n{r.stderr}")
        env["WB_BUILD_DIR"] = str(Path(args.dir) / "build-edition")   # outside the edition: stays warm
        if not args.all_chapters:
            env["WB_CHAPTERS"] = "1"
    else:
        tree = Path(args.dir) / "tree"
        print(f"bench: syncing a copy of the tree into {tree}", flush=True)
        sync(SRC, tree)
        # the untouched stubs where the student edition ships them (the copy is not a git checkout)
        for f in (SRC / "chapters" / FOLDER).glob("ex*_*.cpp"):
            d = tree / ".stubs" / FOLDER / f.name
            d.parent.mkdir(parents=True, exist_ok=True)
            d.write_bytes(stub_of(f.name))
        env["WB_BUILD_DIR"] = str(tree / "build")
        if not args.all_chapters:
            env["WB_CHAPTERS"] = "1"
    bdir = Path(env.get("WB_BUILD_DIR", tree / "build"))
    ex1 = tree / "chapters" / FOLDER / "ex1_sigmoid.cpp"
    ex2 = tree / "chapters" / FOLDER / "ex2_sigmoid_prime.cpp"
    saved = {p: p.read_bytes() for p in (ex1, ex2)}
    stub = stub_of(ex2.name) if not args.edition else (tree / ".stubs" / FOLDER / ex2.name).read_bytes()
    serial = [int(time.time()) % 100000 * 100]

    def version(i: int):
        """Even runs: a solved version never compiled before; odd runs: the stub (from ccache)."""
        if i % 2 == 0:
            serial[0] += 1
            return solved(serial[0]).encode(), "done"
        return stub, "not implemented"
    log = bdir / "logs" / "check-ch01.log"

    def check() -> str:
        r = subprocess.run([str(tree / "workbook"), "check", "1"], env=env, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            raise SystemExit(f"./workbook check 1 failed:\n{r.stdout}\n{r.stderr}")
        return r.stdout

    checks, watches, brokens, bad = [], [], [], []
    loads = {}
    load = None
    try:
        write(ex1, SIGMOID.encode())            # 1.1 solved, so that 1.2 can pass
        t = time.monotonic()
        print("bench: warming the build (the first time builds the precompiled headers: minutes) ...", flush=True)
        check()
        print(f"bench: warm-up took {time.monotonic() - t:.1f} s", flush=True)
        for i in range(2):                      # two warm runs, not timed
            write(ex2, version(i)[0])
            check()
        load = Load(args.load, bdir)
        if args.load:
            time.sleep(10)                      # let the load average see them

        if "check" in modes:
            print(f"\n./workbook check 1 after saving {ex2.name} ({args.runs} runs; load average {loadavg()})")
            before = ccache_stats()
            for i in range(args.runs):
                data, want = version(i)
                t0 = write(ex2, data)
                out = check()
                dt = time.monotonic() - t0
                got, files = state_of(out), compiled_files(log)
                checks.append(dt)
                ok = got == want and files == [ex2.name]
                if not ok:
                    bad.append(f"check run {i + 1}: 1.2 is '{got}' (wanted '{want}'), compiled {files}")
                print(f"  run {i + 1:2d}: {dt:5.2f} s   1.2 {got:<16} {'new code' if i % 2 == 0 else 'the stub'}  "
                      f"compiled: {', '.join(files) or '-'}   load {loadavg()}" + ("" if ok else "   <-- unexpected"), flush=True)
            loads["check"] = loadavg()
            print("  " + cache_delta(before, ccache_stats()) + f"; load average at the end {loads['check']}")

        if "broken" in modes:
            print(f"\n./workbook check 1 after saving {ex2.name} with a compile error ({args.runs} runs)")
            for i in range(args.runs):
                t0 = write(ex2, BROKEN[i % 2].encode())
                out = check()
                dt = time.monotonic() - t0
                got, other = state_of(out), state_of(out, "1.1")
                brokens.append(dt)
                ok = got == "does not compile" and other == "done"
                if not ok:
                    bad.append(f"compile-error run {i + 1}: 1.2 is '{got}', 1.1 is '{other}'")
                print(f"  run {i + 1:2d}: {dt:5.2f} s   1.2 {got:<16} 1.1 {other}" + ("" if ok else "   <-- unexpected"),
                      flush=True)
            loads["broken"] = loadavg()

        if "watch" in modes:
            print(f"\n./workbook watch 1: save -> result on screen ({args.runs} runs; load average {loadavg()})")
            w = Watch(tree, env)
            try:
                w.wait_screens(1)
                for i in range(args.runs):
                    data, want = version(i)
                    time.sleep(0.3)                 # a student does not save twice within 0.3 s
                    t0 = write(ex2, data)
                    screen = w.wait_screens(i + 2)
                    dt = time.monotonic() - t0
                    got = state_of(screen)
                    watches.append(dt)
                    if got != want:
                        bad.append(f"watch run {i + 1}: 1.2 is '{got}' (wanted '{want}')")
                    print(f"  run {i + 1:2d}: {dt:5.2f} s   1.2 {got}" + ("" if got == want else "   <-- unexpected"),
                          flush=True)
            finally:
                w.stop()
            loads["watch"] = loadavg()
    finally:
        if load is not None:
            load.stop()
        for p, data in saved.items():
            if p.read_bytes() != data:
                p.write_bytes(data)

    print(f"\nmachine: {machine()}")
    print(f"tree: {tree}{' (student edition)' if args.edition else ''}   build: {bdir}   "
          f"competing compile loops: {args.load}")

    def med(xs: list) -> str:
        return f"{statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f})" if xs else "-"
    parts = []
    if checks:
        parts.append(f"check {med(checks)} [new code {med(checks[0::2])}; the stub {med(checks[1::2])}]"
                     f" at load {loads.get('check')}")
    if watches:
        parts.append(f"watch {med(watches)} at load {loads.get('watch')}")
    if brokens:
        parts.append(f"check with a compile error {med(brokens)} at load {loads.get('broken')}")
    print("median save -> result: " + "; ".join(parts))
    for b in bad:
        print("unexpected: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
