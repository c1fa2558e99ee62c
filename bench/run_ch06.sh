#!/usr/bin/env bash
# Chapter 6 benchmark: builds bench_ch06 (the reference ch6::train_epoch), runs it, then the same
# training in numpy and in PyTorch, in one run; prints a table of samples/s at each batch size and
# the ratios at B = 32, and writes all of it to bench/results/ch06.txt.
#
#   bench/run_ch06.sh                                 # batch sizes 1, 32, 256; 5 timings each
#   bench/run_ch06.sh --batches 32 --repeats 3        # options go to all three programs
#   WB_BENCH_BUILD_DIR=/tmp/b bench/run_ch06.sh       # another build directory (default build-bench/)
#
# Needs the workbook's packages (./workbook installs them), and for the comparison Debian's
# python3-numpy and python3-torch (apt-get install -y python3-numpy python3-torch); without them
# the C++ figures are still measured and reported.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${WB_BENCH_BUILD_DIR:-$root/build-bench}"
results="$root/bench/results"
py=/usr/bin/python3
mkdir -p "$results"
out="$results/ch06.txt"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# One thread everywhere: OpenBLAS (C++ and numpy), OpenMP/MKL (PyTorch; the script also calls
# torch.set_num_threads(1)). OPENBLAS_CORETYPE is left as the environment sets it, and reported.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

# ---- build (Release, chapter 6 only) ------------------------------------------------------------
if [ ! -f "$build/CMakeCache.txt" ]; then
  gen=(); command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
  cmake -S "$root" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DWB_CHAPTERS=6 >/dev/null
fi
cmake --build "$build" --target bench_ch06 >/dev/null

# ---- run the three in one go --------------------------------------------------------------------
{
  echo "# chapter 6 training benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "# machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)} OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
} | tee "$log"
"$build/bin/bench_ch06" "$@" | tee -a "$log"
if "$py" -c "import numpy" 2>/dev/null; then
  "$py" "$root/bench/numpy_bench.py" "$@" | tee -a "$log"
else
  echo "# numpy: not installed (apt-get install -y python3-numpy); no numpy figures" | tee -a "$log"
fi
if "$py" -c "import torch" 2>/dev/null; then
  "$py" "$root/bench/torch_bench.py" "$@" | tee -a "$log"
else
  echo "# PyTorch: not installed (apt-get install -y python3-torch); no PyTorch figures" | tee -a "$log"
fi
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a "$log"

# ---- the table and the ratios -------------------------------------------------------------------
awk '
  /^RESULT / { cpu[$2, $3] = $4; wall[$2, $3] = $5; if (!($3 in seen)) { seen[$3] = 1; order[++n] = $3 } }
  function cell(prog, b) { return ((prog, b) in cpu) ? sprintf("%9.0f %9.0f", cpu[prog, b], wall[prog, b]) : sprintf("%9s %9s", "-", "-") }
  function ratio(a, b, B, arr) { return ((a, B) in arr && (b, B) in arr && arr[b, B] > 0) ? sprintf("%.2fx", arr[a, B] / arr[b, B]) : "n/a" }
  END {
    print ""
    print "samples per second, one epoch of digits (1797 samples), 64-32-10, float64, 1 thread; best of the timings"
    print "  cpu  = per second of the process'"'"'s own CPU time (what other jobs on a shared machine do not stretch)"
    print "  wall = per wall-clock second"
    printf "%6s | %-19s | %-19s | %-19s | %-19s\n", "B", "C++ reference", "numpy", "PyTorch", "C++ composed 6.1-6.6"
    printf "%6s | %9s %9s | %9s %9s | %9s %9s | %9s %9s\n", "", "cpu", "wall", "cpu", "wall", "cpu", "wall", "cpu", "wall"
    for (i = 1; i <= n; i++)
      printf "%6s | %s | %s | %s | %s\n", order[i], cell("cxx", order[i]), cell("numpy", order[i]), cell("torch", order[i]), cell("cxx-composed", order[i])
    print "(C++ reference: ch6::train_epoch of solutions/06_minibatch, the loop measured against the goals;"
    print " C++ composed: the same epoch as calls of the exercises 6.1 - 6.6, as a student writes it, for comparison)"
    print ""
    if (("cxx", 32) in cpu) {
      printf "ratios at B = 32 (cpu):  C++/PyTorch %s (goal >= 3x)   C++/numpy %s (goal >= 2x)\n", ratio("cxx", "torch", 32, cpu), ratio("cxx", "numpy", 32, cpu)
      printf "ratios at B = 32 (wall): C++/PyTorch %s                C++/numpy %s\n", ratio("cxx", "torch", 32, wall), ratio("cxx", "numpy", 32, wall)
    }
  }' "$log" | tee -a "$log"
cat "$log" > "$out"
echo "(written to ${out#$root/})"
