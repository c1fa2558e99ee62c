#!/usr/bin/python3
"""Chapter 6 benchmark, numpy side: the same network, data and protocol as bench_ch06.cpp.

One epoch of mini-batch SGD on digits (1797 samples), 64-32-10, sigmoid hidden layer, softmax
output, mean cross-entropy, float64, hand-written backward pass (delta2 = (P - Y)/B, seed 002),
products through numpy's BLAS with one thread. Prints "RESULT numpy <B> <samples per CPU second> <samples per wall second>" per batch size.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/numpy_bench.py [--batches 1,32,256] [--repeats 5]
"""
import os

# One BLAS thread; must be set before numpy loads OpenBLAS.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import args_parser, blas_libraries, load_digits, openblas_core  # noqa: E402


def sigmoid(z):
    # The plain formula, as a numpy user writes it: for z < -709 exp(-z) overflows to inf and the
    # result is still the right 0 (the overflow warning is silenced in main).
    return 1.0 / (1.0 + np.exp(-z))


def train_epoch(W1, b1, W2, b2, X, Y, B, eta, rng):
    N = X.shape[0]
    order = rng.permutation(N)
    losses = []
    for begin in range(0, N, B):
        idx = order[begin:begin + B]
        Xb, Yb = X[idx], Y[idx]
        n = Xb.shape[0]
        H = sigmoid(Xb @ W1 + b1)
        Z2 = H @ W2 + b2
        Z2 -= Z2.max(axis=1, keepdims=True)
        E = np.exp(Z2)
        P = E / E.sum(axis=1, keepdims=True)
        losses.append(-np.sum(Yb * np.log(P + 1e-300)) / n)
        d2 = (P - Yb) / n
        dW2 = H.T @ d2
        db2 = d2.sum(axis=0, keepdims=True)
        d1 = (d2 @ W2.T) * H * (1.0 - H)
        dW1 = Xb.T @ d1
        db1 = d1.sum(axis=0, keepdims=True)
        W1 -= eta * dW1
        b1 -= eta * db1
        W2 -= eta * dW2
        b2 -= eta * db2
    return losses


def main():
    args = args_parser("numpy").parse_args()
    np.seterr(over="ignore")
    print(f"# numpy {np.__version__}, hand-written backward pass")
    print(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    X, Y = load_digits()
    np.zeros((2, 2)) @ np.zeros((2, 2))  # make sure the BLAS is loaded before we look
    print(f"# BLAS libraries loaded: {blas_libraries()}")
    print(f"# OpenBLAS core: {openblas_core()}")
    N = X.shape[0]
    print(f"# data: N = {N} samples, network 64-32-10, float64, eta 0.1")
    for B in args.batches:
        init = np.random.default_rng(6)
        W1 = init.normal(0.0, 1.0 / np.sqrt(64), (64, 32))
        b1 = np.zeros((1, 32))
        W2 = init.normal(0.0, 1.0 / np.sqrt(32), (32, 10))
        b2 = np.zeros((1, 10))
        rng = np.random.default_rng(1)
        train_epoch(W1, b1, W2, b2, X, Y, B, 0.1, rng)  # warm-up
        best_cpu = best_wall = 0.0
        for _ in range(args.repeats):
            c0, t0 = time.process_time(), time.perf_counter()
            epochs = 0
            while True:
                train_epoch(W1, b1, W2, b2, X, Y, B, 0.1, rng)
                epochs += 1
                cpu = time.process_time() - c0
                if cpu >= args.min_seconds:
                    break
            wall = time.perf_counter() - t0
            best_cpu, best_wall = max(best_cpu, N * epochs / cpu), max(best_wall, N * epochs / wall)
        print(f"RESULT numpy {B} {best_cpu:.0f} {best_wall:.0f}", flush=True)


if __name__ == "__main__":
    main()
