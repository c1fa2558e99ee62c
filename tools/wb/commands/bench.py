"""./workbook bench N: the benchmark of chapter N (6 or 7), measured on this machine.

Benchmarks are not tests: nothing here fails on a slow machine, and no test asserts a time.

  ./workbook bench 7     builds bench_ch07 (the reference solutions of chapter 7, Release, in
                         build-bench7/), measures this core's FMA peak, runs every rung of the ladder
                         at batch sizes 1, 2, 4, ..., 1024, then numpy and PyTorch (autograd +
                         optim.SGD, and a hand-written backward) with Debian's /usr/bin/python3, all in
                         one run and one thread; runs "the 5 BLAS calls alone" once more with the kernels
                         OpenBLAS picks by itself (OPENBLAS_CORETYPE unset) and with the best ones this
                         CPU can run (SkylakeX on AVX-512, Haswell on AVX2); prints the table (samples/s,
                         speed-up over the rung before, fraction of the measured peak, with the widest
                         FMA the CPU has) and the ratios at B = 32 and B = 1;
                         writes bench/results/ch07.txt (this output), chapters/07_fast/measured.csv
                         (what the chapter text and figure read) and plots/ch07_speed.{png,svg,csv}.
  ./workbook bench 6     bench/run_ch06.sh (chapter 6's reference loop against numpy and PyTorch).
  ./workbook bench 9     builds bench_ch09 (build-bench9/): chapter 9's graph engine (a tape per batch,
                         ch9::train_epoch) against a hand-written backward pass, then PyTorch (autograd
                         + optim.SGD, and its hand-written backward) at B = 1, 32, 256, one thread;
                         writes bench/results/ch09.txt, chapters/09_autodiff/measured.csv (what the
                         chapter text and figure read) and plots/ch09_bench.{png,svg,csv}.

Both install python3-numpy and python3-torch with the workbook's other packages when run as root
(else they print the apt-get line and stop; --no-python for the C++ figures alone).

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
    "blas-auto": "the 5 BLAS calls alone, OpenBLAS's own choice",
    "blas-best": "the 5 BLAS calls alone, best kernels for this CPU",
    "numpy": "numpy",
    "torch-manual": "PyTorch, hand-written backward",
    "torch-autograd": "PyTorch, autograd + optim.SGD",
    "peak": "the FMA peak (measured)",
    "peak-avx2": "the AVX2 FMA peak (measured)",
}
ISA_NAME = {"avx512": "AVX-512", "avx2": "AVX2", "scalar": "scalar"}
PY_PACKAGES = ["python3-numpy", "python3-torch"]
LADDER = ["rung0", "rung1", "rung2", "rung3", "rung4", "rung5"]
OTHERS = ["blas-only", "blas-auto", "blas-best", "numpy", "torch-manual", "torch-autograd"]


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure a chapter's benchmark (6, 7): C++ against numpy and PyTorch")
    p.add_argument("chapter", help="6, 7 or 9")
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
        core.ensure_packages(PY_PACKAGES)
        cmd = ["bash", str(core.ROOT / "bench" / "run_ch06.sh")]
        if args.batches:
            cmd += ["--batches", args.batches]
        if args.repeats:
            cmd += ["--repeats", str(args.repeats)]
        if args.min_seconds:
            cmd += ["--min-seconds", str(args.min_seconds)]
        return subprocess.run(cmd, cwd=core.ROOT).returncode
    if str(args.chapter) == "9":
        return bench9(args)
    if str(args.chapter) != "7":
        raise SystemExit(f"workbook: no benchmark for chapter {args.chapter} (there are: 6, 7, 9)")
    return bench7(args)


class Tee:
    """Prints as it goes and keeps everything for bench/results/ch07.txt."""

    def __init__(self):
        self.lines: list = []

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.lines.append(text)


def stream(cmd: list, out: Tee, env: dict, show=lambda line: True) -> list:
    """Runs cmd, echoing its lines through out (those show() accepts); returns them all."""
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=core.ROOT) as p:
        for line in p.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            if show(line):
                out(line)
    if p.returncode != 0:
        out(f"# {Path(cmd[-1] if cmd[0] == PY else cmd[0]).name}: exit {p.returncode}")
    return lines


def best_coretype() -> str:
    """OpenBLAS's kernels for the widest vector unit this CPU has ("" when it has neither)."""
    try:
        flags = next(l for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("flags")).split()
    except (OSError, StopIteration):
        return ""
    return "SkylakeX" if "avx512f" in flags else "Haswell" if "avx2" in flags and "fma" in flags else ""


def bench7(args) -> int:
    core.ensure_packages([] if args.no_python else PY_PACKAGES)
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
        info = {}
        for l in Path("/proc/cpuinfo").read_text().split("\n\n")[0].splitlines():
            k, _, v = l.partition(":")
            info[k.strip()] = v.strip()
        cpu = f"{info.get('model name', '?')} (family {info.get('cpu family', '?')} model {info.get('model', '?')})"
    except OSError:
        pass
    out(f"# chapter 7 benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    out(f"# machine: {os.uname().machine}, {cpu}, {os.cpu_count()} cores; load average at start: {loadavg()}")
    out(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} OPENBLAS_NUM_THREADS=1"
        + ("  (OPENBLAS_CORETYPE forces OpenBLAS's kernels for that core type: it may be slower than the"
           " kernels OpenBLAS picks by itself)" if os.environ.get("OPENBLAS_CORETYPE") else ""))
    lines = stream([str(exe)] + opts + (["--impls", args.impls] if args.impls else []), out, env)
    # The BLAS calls alone again, in processes of their own: with the kernels OpenBLAS picks by itself
    # (OPENBLAS_CORETYPE unset) and with the best ones for this CPU. (The environment's setting, if
    # any, is what the run above used; tests and CI never change it.)
    cores = {}
    if not args.impls or "blas-only" in args.impls.split(","):
        best = best_coretype()
        for name, coretype in (("blas-auto", None), ("blas-best", best)):
            if name == "blas-best" and not best:
                continue
            cenv = {k: v for k, v in env.items() if k != "OPENBLAS_CORETYPE"}
            if coretype:
                cenv["OPENBLAS_CORETYPE"] = coretype
            out(f"# {name}: OPENBLAS_CORETYPE={coretype or '(unset)'}")
            got = stream([str(exe), "--impls", name] + opts, out, cenv,
                         show=lambda l: l.startswith(("RESULT ", "# OpenBLAS c", "# OPENBLAS_CORETYPE")))
            lines += [l for l in got if l.startswith("RESULT ")]
            cores[name] = next((l.split(":", 1)[1].strip() for l in got if l.startswith("# OpenBLAS core:")), "?")
    cores["blas-only"] = next((l.split(":", 1)[1].strip() for l in lines if l.startswith("# OpenBLAS core:")), "?")
    if not args.no_python:
        # ensure_packages() above installed them (or stopped with the apt-get line): a missing module
        # now is a broken installation, said as such, not a column that silently vanishes
        for mod, script, extra in (("numpy", "numpy_bench.py", []),
                                   ("torch", "torch_bench.py", ["--variants", "autograd,manual"])):
            r = subprocess.run([PY, "-c", f"import {mod}"], capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"workbook: {PY} cannot import {mod} although its Debian package is installed:\n"
                                 f"{r.stderr.strip()[-800:]}")
            lines += stream([PY, str(core.ROOT / "bench" / script)] + opts + extra, out, env)
    # the peaks once more at the end: the machine may have been busier or quieter than at the start
    lines += stream([str(exe), "--impls", "none", "--repeats", "3"], out, env)
    out(f"# load average at the end: {loadavg()}")

    res: dict = {}
    peaks: dict = {}   # isa -> [FLOP per CPU second, ...] (start and end)
    notes = [l for l in dict.fromkeys(out.lines) if l.startswith("# ") and any(
        k in l for k in ("machine:", "CPU:", "OPENBLAS_CORETYPE", "OpenBLAS core", "BLAS libraries", "peak (",
                         "peak check", "7.5 runs", "load average", "PyTorch 1", "numpy 1", "benchmark,"))]
    for l in lines:
        f = l.split()
        if len(f) == 5 and f[0] == "RESULT":
            name = "torch-autograd" if f[1] == "torch" else f[1]
            res[(name, int(f[2]))] = (float(f[3]), float(f[4]))
        elif len(f) == 4 and f[0] == "PEAK":
            peaks.setdefault(f[1], []).append(float(f[2]))
    roof = next(iter(peaks), "")   # the widest FMA the CPU has: measured first
    peak = max(peaks[roof]) if roof else 0.0
    peak2 = max(peaks["avx2"]) if roof != "avx2" and "avx2" in peaks else 0.0
    labels = dict(LABELS)
    for name in ("blas-only", "blas-auto", "blas-best"):
        if name in cores:
            labels[name] = {"blas-only": "the 5 BLAS calls alone, {} kernels (as the environment sets)",
                            "blas-auto": "the 5 BLAS calls alone, {} kernels (OpenBLAS's own choice)",
                            "blas-best": "the 5 BLAS calls alone, {} kernels (best for this CPU)"}[name].format(cores[name])
    if roof:
        labels["peak"] = f"the {ISA_NAME.get(roof, roof)} FMA peak (measured)"
    bs = sorted({b for (_, b) in res})
    impls = [i for i in LADDER + OTHERS if any((i, b) in res for b in bs)]
    report(out, res, bs, impls, peak, peaks, roof, peak2, labels)
    if not args.no_write:
        write_files(out, res, bs, impls, peak, peak2, notes, exe, env, labels)
    return 0


def report(out: Tee, res: dict, bs: list, impls: list, peak: float, peaks: dict, roof: str, peak2: float,
           labels: dict) -> None:
    def fmt(v):
        return f"{v / 1e6:.2f}M" if v >= 1e6 else f"{v / 1e3:.1f}k"

    w = max(32, max(len(labels[i]) for i in impls) + 1) if impls else 32
    out("")
    out("samples per CPU second, one epoch of digits (1797 samples), 64-32-10, float64, 1 thread; best of the timings")
    out(f"{'implementation':{w}s}" + "".join(f"{'B=' + str(b):>9s}" for b in bs))
    for i in impls:
        out(f"{labels[i]:{w}s}" + "".join(f"{fmt(res[(i, b)][0]) if (i, b) in res else '-':>9s}" for b in bs))
    for name, p in (("peak", peak), ("peak-avx2", peak2)):
        if p > 0:
            out(f"{labels[name]:{w}s}" + "".join(f"{fmt(p / flops_per_sample(64, 32, 10, b)):>9s}" for b in bs))
    if peak > 0:
        out(f"(the peak rows: the measured FMA peak / flops_per_sample(64, 32, 10, B), exercise 7.6's count:"
            f" {flops_per_sample(64, 32, 10, 32):.1f} FLOP a sample at B = 32; the roof is {ISA_NAME.get(roof, roof)},"
            f" the widest FMA this CPU has; GFLOP per CPU second at start and end: "
            + "; ".join(f"{ISA_NAME.get(k, k)} {', '.join(f'{v / 1e9:.1f}' for v in vs)}" for k, vs in peaks.items()) + ")")
    for B in (32, 1):
        if not any((i, B) in res for i in impls):
            continue
        out("")
        out(f"at B = {B}: {'implementation':{w}s} {'samples/s':>10s} {'wall':>10s} {'speed-up':>9s} {'of peak':>8s}")
        prev = None
        for i in impls:
            if (i, B) not in res:
                continue
            c, wall = res[(i, B)]
            up = f"{c / prev:.2f}x" if i in LADDER and prev else ""
            frac = f"{100 * c * flops_per_sample(64, 32, 10, B) / peak:.1f}%" if peak > 0 else "n/a"
            out(f"{'':9s}{labels[i]:{w}s} {c:10.0f} {wall:10.0f} {up:>9s} {frac:>8s}")
            if i in LADDER:
                prev = c
    out("")
    for B in (32, 1):
        if ("rung5", B) not in res:
            continue
        parts = []
        for other, goal in (("torch-autograd", 15 if B == 32 else 20), ("torch-manual", None), ("numpy", 5 if B == 32 else None),
                            ("rung0", None), ("blas-only", None), ("blas-auto", None), ("blas-best", 1 if B == 32 else None)):
            if (other, B) in res:
                ratio = res[("rung5", B)][0] / res[(other, B)][0]
                parts.append(f"/{other} {ratio:.2f}x" + (f" (goal {goal}x)" if goal else ""))
        out(f"ratios of 7.5 at B = {B} (cpu): " + ", ".join(parts))
    if ("rung5", 32) in res and peak > 0:
        frac = res[("rung5", 32)][0] * flops_per_sample(64, 32, 10, 32) / peak
        out(f"7.5 at B = 32 reaches {100 * frac:.1f}% of the measured {ISA_NAME.get(roof, roof)} peak (goal 50%)"
            + (f", {100 * res[('rung5', 32)][0] * flops_per_sample(64, 32, 10, 32) / peak2:.1f}% of the AVX2 one"
               if peak2 > 0 else ""))


def write_files(out: Tee, res: dict, bs: list, impls: list, peak: float, peak2: float, notes: list, exe: Path,
                env: dict, labels: dict) -> None:
    results = core.ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    csv = core.ROOT / "chapters" / "07_fast" / "measured.csv"
    rows = ["# " + n.lstrip("# ") for n in notes]
    rows.append("impl,label,B,cpu,wall")
    for i in impls:
        for b in bs:
            if (i, b) in res:
                c, w = res[(i, b)]
                rows.append(f'{i},"{labels[i]}",{b},{c:.0f},{w:.0f}')
    for name, p in (("peak", peak), ("peak-avx2", peak2)):
        if p > 0:
            for b in bs:
                v = p / flops_per_sample(64, 32, 10, b)
                rows.append(f'{name},"{labels[name]}",{b},{v:.0f},{v:.0f}')
    if peak > 0:
        rows.append(f'peak-flops,"FLOP per CPU second, {labels["peak"]}",0,{peak:.0f},{peak:.0f}')
        if peak2 > 0:
            rows.append(f'peak-flops-avx2,"FLOP per CPU second, {labels["peak-avx2"]}",0,{peak2:.0f},{peak2:.0f}')
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


LABELS9 = {"engine": "9.10 the graph engine (tape)", "hand": "hand-written backward (chapter 6)",
           "ch8": "chapter 8's backward (hand-written, L layers)",
           "torch-autograd": "PyTorch, autograd + optim.SGD", "torch-manual": "PyTorch, hand-written backward"}


def bench9(args) -> int:
    """Chapter 9: the engine against a hand-written backward pass and PyTorch, per training step."""
    core.ensure_packages()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    bdir = Path(os.environ.get("WB_BENCH_BUILD_DIR", core.ROOT / "build-bench9"))
    with8 = (core.ROOT / "solutions" / "08_deep").is_dir() and (core.ROOT / "chapters" / "08_deep" / "CMakeLists.txt").exists()
    core.configure(bdir, {"WB_CHAPTERS": "8;9" if with8 else "9", "CMAKE_BUILD_TYPE": "Release"})
    r = subprocess.run(["cmake", "--build", str(bdir), "--target", "bench_ch09", "ch09_solution"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
        raise SystemExit("workbook: bench_ch09 does not build (see above)")
    opts = ["--batches", args.batches or "1,32,256", "--repeats", str(args.repeats or 3),
            "--min-seconds", str(args.min_seconds or 0.2)]
    out = Tee()
    out(f"# chapter 9 benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    out(f"# machine: {os.uname().machine}, {os.cpu_count()} cores; load average at start: {loadavg()}")
    lines = stream([str(bdir / "bin" / "bench_ch09")] + opts, out, env)
    if subprocess.run([PY, "-c", "import torch"], capture_output=True).returncode == 0:
        lines += stream([PY, str(core.ROOT / "bench" / "torch_bench.py")] + opts + ["--variants", "autograd,manual"], out, env)
    else:
        out("# PyTorch: not installed (apt-get install -y python3-torch); no PyTorch figures")
    out(f"# load average at the end: {loadavg()}")
    res: dict = {}
    for l in lines:
        f = l.split()
        if len(f) == 5 and f[0] == "RESULT":
            res[("torch-autograd" if f[1] == "torch" else f[1], int(f[2]))] = (float(f[3]), float(f[4]))
    bs = sorted({b for (_, b) in res})
    impls = [i for i in LABELS9 if any((i, b) in res for b in bs)]
    out("")
    out("samples per CPU second (training steps x B per CPU second), one epoch of digits, 64-32-10, float64, 1 thread")
    out(f"{'implementation':44s}" + "".join(f"{'B=' + str(b):>10s}" for b in bs))
    for i in impls:
        out(f"{LABELS9[i]:44s}" + "".join(f"{res[(i, b)][0]:10.0f}" if (i, b) in res else f"{'-':>10s}" for b in bs))
    for other in ("hand", "torch-autograd"):
        if all(("engine", b) in res and (other, b) in res for b in bs):
            out(f"{other} / engine: " + ", ".join(f"B = {b}: {res[(other, b)][0] / res[('engine', b)][0]:.2f}x" for b in bs))
    if args.no_write:
        return 0
    results = core.ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    notes = [l for l in dict.fromkeys(out.lines) if l.startswith("# ") and any(
        k in l for k in ("machine:", "OpenBLAS core", "BLAS libraries", "load average", "PyTorch", "benchmark,"))]
    csv = core.ROOT / "chapters" / "09_autodiff" / "measured.csv"
    rows = ["# " + n.lstrip("# ") for n in notes] + ["impl,label,B,cpu,wall"]
    for i in impls:
        for b in bs:
            if (i, b) in res:
                rows.append(f'{i},"{LABELS9[i]}",{b},{res[(i, b)][0]:.0f},{res[(i, b)][1]:.0f}')
    csv.write_text("\n".join(rows) + "\n")
    txt = results / "ch09.txt"
    out(f"(written to {core.short_path(txt)} and {core.short_path(csv)})")
    txt.write_text("\n".join(out.lines) + "\n")
    r = subprocess.run([str(bdir / "bin" / "ch09_solution")], capture_output=True, text=True,
                       env=dict(env, WB_PLOTS_DIR=str(core.ROOT / "plots")))
    if r.returncode == 0:
        print("wrote plots/ch09_bench.png, .svg, .csv (also drawn by ./workbook plots 9 from the same file)")
    else:
        print(f"workbook: the figure was not drawn: {(r.stdout + r.stderr).strip()[-2000:]}", file=sys.stderr)
    return 0
