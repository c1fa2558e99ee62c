"""./workbook bench N: the benchmark of chapter N (6 or 7), measured on this machine.

Benchmarks are not tests: nothing here fails on a slow machine, and no test asserts a time.

  ./workbook bench 7     builds bench_ch07 (the reference solutions of chapter 7, Release, in
                         build-bench7/), measures this core's FMA peak, runs every rung of the ladder
                         at batch sizes 1, 2, 4, ..., 1024, then numpy and PyTorch (autograd +
                         optim.SGD, and a hand-written backward) with Debian's /usr/bin/python3, all in
                         one run and one thread; prints the table (samples/s, speed-up over the rung
                         before, fraction of the measured peak) and the ratios at B = 32 and B = 1;
                         writes bench/results/ch07.txt (this output), chapters/07_fast/measured.csv
                         (what the chapter text and figure read) and plots/ch07_speed.{png,svg,csv}.
  ./workbook bench 6     bench/run_ch06.sh (chapter 6's reference loop against numpy and PyTorch).

Figures are samples per second of the process's own CPU time (what other jobs on a shared machine
do not stretch) and of the wall clock; the load average is printed before and after.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from wb import core, progress

PY = "/usr/bin/python3"
LABELS = {
    "rung0": "0 readable (lazy auto)",
    "rung1": "7.1 values",
    "rung2": "7.2 noalias",
    "rung3": "7.3 gemm forward",
    "rung4": "7.4 workspace",
    "rung5": "7.5 vectorised",
    "blas-only": "the 5 BLAS calls alone",
    "numpy": "numpy",
    "torch-manual": "PyTorch, hand-written backward",
    "torch-autograd": "PyTorch, autograd + optim.SGD",
    "peak": "the FMA peak (measured)",
}
LADDER = ["rung0", "rung1", "rung2", "rung3", "rung4", "rung5"]
OTHERS = ["blas-only", "numpy", "torch-manual", "torch-autograd"]


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure a chapter's benchmark (6, 7): C++ against numpy and PyTorch")
    p.add_argument("chapter", help="6 or 7")
    p.add_argument("--batches", help="batch sizes, comma-separated (chapter 7 default: 1,2,4,...,1024)")
    p.add_argument("--repeats", type=int, help="timings per cell; the best counts (default 3; chapter 6: 5)")
    p.add_argument("--min-seconds", type=float,
                   help="each timing runs whole epochs until this much CPU time is used (default 0.2; chapter 6: 0.3)")
    p.add_argument("--impls", help="chapter 7: C++ implementations to run (default rung0,...,rung5,blas-only)")
    p.add_argument("--no-python", action="store_true", help="chapter 7: the C++ figures only")
    p.add_argument("--no-write", action="store_true",
                   help="chapter 7: print only; leave bench/results/ and plots/ as they are")
    p.set_defaults(func=run)


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "(unknown)"


def flops_per_sample(D: int, H: int, K: int, B: int) -> float:
    """Exercise 7.6's convention (a multiply-add is 2 FLOP, exp 1, the update shared by the batch)."""
    products = 2 * D * H + 2 * H * K + 2 * H * K + 2 * H * K + 2 * D * H
    return products + 2 * (H + K) + 4 * H + 5 * K + 3 * H + 2 * (D * H + H + H * K + K) / B


def run(args) -> int:
    if not (core.ROOT / "bench" / "CMakeLists.txt").exists():
        raise SystemExit("workbook: the benchmarks measure the reference solutions and are not part of the student "
                         "edition; the chapter texts show what they measured")
    if str(args.chapter) == "6":
        cmd = ["bash", str(core.ROOT / "bench" / "run_ch06.sh")]
        if args.batches:
            cmd += ["--batches", args.batches]
        if args.repeats:
            cmd += ["--repeats", str(args.repeats)]
        if args.min_seconds:
            cmd += ["--min-seconds", str(args.min_seconds)]
        return subprocess.run(cmd, cwd=core.ROOT).returncode
    if str(args.chapter) != "7":
        raise SystemExit(f"workbook: no benchmark for chapter {args.chapter} (there are: 6, 7)")
    return bench7(args)


class Tee:
    """Prints as it goes and keeps everything for bench/results/ch07.txt."""

    def __init__(self):
        self.lines: list = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)


def stream(cmd: list, out: Tee, env: dict) -> list:
    """Runs cmd, echoing its lines through out; returns them."""
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=core.ROOT) as p:
        for line in p.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            out(line)
    if p.returncode != 0:
        out(f"# {Path(cmd[-1] if cmd[0] == PY else cmd[0]).name}: exit {p.returncode}")
    return lines


def bench7(args) -> int:
    core.ensure_packages()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    bdir = Path(os.environ.get("WB_BENCH_BUILD_DIR", core.ROOT / "build-bench7"))
    core.configure(bdir, {"WB_CHAPTERS": "7", "CMAKE_BUILD_TYPE": "Release"})
    r = progress.run(["cmake", "--build", str(bdir), "--target", "bench_ch07"], "building the chapter-7 benchmark")
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
        raise SystemExit("workbook: bench_ch07 does not build (see above)")
    exe = bdir / "bin" / "bench_ch07"

    batches = args.batches or ",".join(str(2 ** i) for i in range(11))
    opts = ["--batches", batches, "--repeats", str(args.repeats or 3), "--min-seconds", str(args.min_seconds or 0.2)]
    out = Tee()
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                   if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    out(f"# chapter 7 benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    out(f"# machine: {os.uname().machine}, {cpu}, {os.cpu_count()} cores; load average at start: {loadavg()}")
    out(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} OPENBLAS_NUM_THREADS=1"
        + ("  (OPENBLAS_CORETYPE forces OpenBLAS's kernels for that core type: it may be slower than the"
           " kernels OpenBLAS picks by itself)" if os.environ.get("OPENBLAS_CORETYPE") else ""))
    lines = stream([str(exe)] + opts + (["--impls", args.impls] if args.impls else []), out, env)
    if not args.no_python:
        have_numpy = subprocess.run([PY, "-c", "import numpy"], capture_output=True).returncode == 0
        have_torch = subprocess.run([PY, "-c", "import torch"], capture_output=True).returncode == 0
        if have_numpy:
            lines += stream([PY, str(core.ROOT / "bench" / "numpy_bench.py")] + opts, out, env)
        else:
            out("# numpy: not installed (apt-get install -y python3-numpy); no numpy figures")
        if have_torch:
            lines += stream([PY, str(core.ROOT / "bench" / "torch_bench.py")] + opts + ["--variants", "autograd,manual"],
                            out, env)
        else:
            out("# PyTorch: not installed (apt-get install -y python3-torch); no PyTorch figures")
    # the peak once more at the end: the machine may have been busier or quieter than at the start
    lines += stream([str(exe), "--impls", "none", "--repeats", "3"], out, env)
    out(f"# load average at the end: {loadavg()}")

    res: dict = {}
    peaks = []
    notes = [l for l in dict.fromkeys(out.lines) if l.startswith("# ") and any(
        k in l for k in ("machine:", "OPENBLAS_CORETYPE", "OpenBLAS core", "BLAS libraries", "peak:", "load average",
                         "PyTorch 1", "numpy 1", "not installed", "benchmark,"))]
    for l in lines:
        f = l.split()
        if len(f) == 5 and f[0] == "RESULT":
            name = "torch-autograd" if f[1] == "torch" else f[1]
            res[(name, int(f[2]))] = (float(f[3]), float(f[4]))
        elif len(f) == 3 and f[0] == "PEAK":
            peaks.append((float(f[1]), float(f[2])))
    peak = max(p[0] for p in peaks) if peaks else 0.0
    bs = sorted({b for (_, b) in res})
    impls = [i for i in LADDER + OTHERS if any((i, b) in res for b in bs)]
    report(out, res, bs, impls, peak, peaks)
    if not args.no_write:
        write_files(out, res, bs, impls, peak, notes, exe, env)
    return 0


def report(out: Tee, res: dict, bs: list, impls: list, peak: float, peaks: list) -> None:
    def fmt(v):
        return f"{v / 1e6:.2f}M" if v >= 1e6 else f"{v / 1e3:.1f}k"

    out("")
    out("samples per CPU second, one epoch of digits (1797 samples), 64-32-10, float64, 1 thread; best of the timings")
    out(f"{'implementation':32s}" + "".join(f"{'B=' + str(b):>9s}" for b in bs))
    for i in impls:
        out(f"{LABELS[i]:32s}" + "".join(f"{fmt(res[(i, b)][0]) if (i, b) in res else '-':>9s}" for b in bs))
    if peak > 0:
        out(f"{LABELS['peak']:32s}" + "".join(f"{fmt(peak / flops_per_sample(64, 32, 10, b)):>9s}" for b in bs))
        out(f"(the peak row: the measured FMA peak {peak / 1e9:.1f} GFLOP per CPU second"
            f" [{', '.join(f'{p[0] / 1e9:.1f}' for p in peaks)} at start and end]"
            f" / flops_per_sample(64, 32, 10, B), exercise 7.6's count: {flops_per_sample(64, 32, 10, 32):.1f} FLOP"
            f" a sample at B = 32)")
    for B in (32, 1):
        if not any((i, B) in res for i in impls):
            continue
        out("")
        out(f"at B = {B}: {'implementation':30s} {'samples/s':>10s} {'wall':>10s} {'speed-up':>9s} {'of peak':>8s}")
        prev = None
        for i in impls:
            if (i, B) not in res:
                continue
            c, w = res[(i, B)]
            up = f"{c / prev:.2f}x" if i in LADDER and prev else ""
            frac = f"{100 * c * flops_per_sample(64, 32, 10, B) / peak:.1f}%" if peak > 0 else "n/a"
            out(f"{'':9s}{LABELS[i]:30s} {c:10.0f} {w:10.0f} {up:>9s} {frac:>8s}")
            if i in LADDER:
                prev = c
    out("")
    for B in (32, 1):
        if ("rung5", B) not in res:
            continue
        parts = []
        for other, goal in (("torch-autograd", 15 if B == 32 else 20), ("torch-manual", None), ("numpy", 5 if B == 32 else None),
                            ("rung0", None), ("blas-only", None)):
            if (other, B) in res:
                ratio = res[("rung5", B)][0] / res[(other, B)][0]
                parts.append(f"/{other} {ratio:.1f}x" + (f" (goal {goal}x)" if goal else ""))
        out(f"ratios of 7.5 at B = {B} (cpu): " + ", ".join(parts))
    if ("rung5", 32) in res and peak > 0:
        frac = res[("rung5", 32)][0] * flops_per_sample(64, 32, 10, 32) / peak
        out(f"7.5 at B = 32 reaches {100 * frac:.1f}% of the measured peak (goal 50%)")


def write_files(out: Tee, res: dict, bs: list, impls: list, peak: float, notes: list, exe: Path, env: dict) -> None:
    results = core.ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    csv = core.ROOT / "chapters" / "07_fast" / "measured.csv"
    rows = ["# " + n.lstrip("# ") for n in notes]
    rows.append("impl,label,B,cpu,wall")
    for i in impls:
        for b in bs:
            if (i, b) in res:
                c, w = res[(i, b)]
                rows.append(f'{i},"{LABELS[i]}",{b},{c:.0f},{w:.0f}')
    if peak > 0:
        for b in bs:
            s = peak / flops_per_sample(64, 32, 10, b)
            rows.append(f'peak,"{LABELS["peak"]}",{b},{s:.0f},{s:.0f}')
        rows.append(f'peak-flops,"FLOP per CPU second",0,{peak:.0f},{peak:.0f}')
        rows.append(f'flops-per-sample,"flops_per_sample(64, 32, 10, 32)",32,{flops_per_sample(64, 32, 10, 32):.3f},0')
    csv.write_text("\n".join(rows) + "\n")
    txt = results / "ch07.txt"
    out(f"(written to {core.short_path(txt)} and {core.short_path(csv)})")
    txt.write_text("\n".join(out.lines) + "\n")
    plots = core.ROOT / "plots"
    r = subprocess.run([str(exe), "--plot", str(csv), "--dir", str(plots)], capture_output=True, text=True, env=env)
    if r.returncode == 0:
        print("wrote plots/ch07_speed.png, .svg, .csv (also drawn by ./workbook plots 7 from the same file)")
    else:
        print(f"workbook: the figure was not drawn: {(r.stdout + r.stderr).strip()}", file=sys.stderr)
