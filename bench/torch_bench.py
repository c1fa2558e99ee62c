#!/usr/bin/python3
"""Chapter 6 benchmark, PyTorch side: the same network, data and protocol as bench_ch06.cpp.

One epoch of mini-batch SGD on digits (1797 samples), 64-32-10 (nn.Linear, sigmoid, linear),
F.cross_entropy (log-softmax + mean NLL: the same loss as the chapter's softmax + mean
cross-entropy), float64, autograd and torch.optim.SGD, torch.set_num_threads(1), CPU.
Prints "RESULT torch <B> <samples per CPU second> <samples per wall second>" per batch size.

    /usr/bin/python3 bench/torch_bench.py [--batches 1,32,256] [--repeats 5]
(Debian: apt-get install -y python3-torch)
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import args_parser, blas_libraries, load_digits  # noqa: E402


class Net(torch.nn.Module):
    def __init__(self, init):
        super().__init__()
        self.fc1 = torch.nn.Linear(64, 32)
        self.fc2 = torch.nn.Linear(32, 10)
        with torch.no_grad():  # the same initial weights as the other two programs
            self.fc1.weight.copy_(torch.from_numpy(init.normal(0.0, 1.0 / np.sqrt(64), (64, 32)).T))
            self.fc1.bias.zero_()
            self.fc2.weight.copy_(torch.from_numpy(init.normal(0.0, 1.0 / np.sqrt(32), (32, 10)).T))
            self.fc2.bias.zero_()

    def forward(self, x):
        return self.fc2(torch.sigmoid(self.fc1(x)))


def train_epoch(net, opt, X, labels, B, gen):
    N = X.shape[0]
    order = torch.randperm(N, generator=gen)
    for begin in range(0, N, B):
        idx = order[begin:begin + B]
        opt.zero_grad()
        loss = F.cross_entropy(net(X[idx]), labels[idx])  # mean over the batch
        loss.backward()
        opt.step()


def main():
    args = args_parser("torch").parse_args()
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    print(f"# PyTorch {torch.__version__}, autograd + optim.SGD, torch.get_num_threads() = {torch.get_num_threads()}")
    print(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    cfg = re.findall(r"(?:BLAS_INFO|LAPACK_INFO|USE_MKLDNN|USE_OPENMP)=[^,]*", torch.__config__.show())
    print(f"# torch build: {', '.join(cfg) if cfg else '(no BLAS_INFO in torch.__config__.show())'}")
    Xn, Yn = load_digits()
    X = torch.from_numpy(Xn)
    labels = torch.from_numpy(Yn.argmax(axis=1))
    torch.zeros(2, 2) @ torch.zeros(2, 2)
    print(f"# BLAS libraries loaded: {blas_libraries()}")
    N = X.shape[0]
    print(f"# data: N = {N} samples, network 64-32-10, float64, eta 0.1")
    for B in args.batches:
        net = Net(np.random.default_rng(6))
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        gen = torch.Generator().manual_seed(1)
        train_epoch(net, opt, X, labels, B, gen)  # warm-up
        best_cpu = best_wall = 0.0
        for _ in range(args.repeats):
            c0, t0 = time.process_time(), time.perf_counter()
            epochs = 0
            while True:
                train_epoch(net, opt, X, labels, B, gen)
                epochs += 1
                cpu = time.process_time() - c0
                if cpu >= args.min_seconds:
                    break
            wall = time.perf_counter() - t0
            best_cpu, best_wall = max(best_cpu, N * epochs / cpu), max(best_wall, N * epochs / wall)
        print(f"RESULT torch {B} {best_cpu:.0f} {best_wall:.0f}", flush=True)


if __name__ == "__main__":
    main()
