"""What bench/numpy_bench.py and bench/torch_bench.py share: the data, the options, the BLAS report.
Standard library and numpy only."""
import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def args_parser(name):
    p = argparse.ArgumentParser(description=f"chapter 6 training benchmark ({name})")
    p.add_argument("--batches", default="1,32,256", type=lambda s: [int(b) for b in s.split(",")],
                   help="batch sizes, comma-separated (default 1,32,256)")
    p.add_argument("--repeats", default=5, type=int, help="timings per batch size; the best counts (default 5)")
    p.add_argument("--min-seconds", default=0.3, type=float,
                   help="each timing runs whole epochs until the process has used this much CPU time (default 0.3)")
    return p


def load_digits():
    """digits.csv: 64 pixels 0..16 and the label per line. Returns X / 16 (N x 64) and one-hot Y (N x 10)."""
    data = np.loadtxt(ROOT / "datasets" / "digits.csv", delimiter=",")
    X = np.ascontiguousarray(data[:, :64] / 16.0)
    y = data[:, 64].astype(int)
    Y = np.zeros((len(y), 10))
    Y[np.arange(len(y)), y] = 1.0
    return X, Y


def blas_libraries():
    """The BLAS/MKL shared libraries mapped into this process (from /proc/self/maps)."""
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                i = line.find("/")
                if i < 0:
                    continue
                path = line[i:].strip()
                base = path.rsplit("/", 1)[-1]
                if ("blas" in base or "mkl" in base) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    return ", ".join(libs) if libs else "(none found in /proc/self/maps)"


def openblas_core():
    """OpenBLAS's name for the kernels it runs (openblas_get_corename()), when an OpenBLAS is loaded."""
    import ctypes
    for path in blas_libraries().split(", "):
        if "openblas" not in path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return "(no OpenBLAS loaded)"
