#!/usr/bin/python3
"""Chapter 6 benchmark, PyTorch side: the same network, data and protocol as bench_ch06.cpp.

One epoch of mini-batch SGD on digits (1797 samples), 64-32-10 (nn.Linear, sigmoid, linear),
F.cross_entropy (log-softmax + mean NLL: the same loss as the chapter's softmax + mean
cross-entropy), float64, autograd and torch.optim.SGD, torch.set_num_threads(1), CPU.
Prints "RESULT torch <B> <samples per CPU second> <samples per wall second>" per batch size.

--variants autograd,manual adds chapter 7's second PyTorch figure, "RESULT torch-manual ...": the
same step with a hand-written backward pass (delta2 = (P - Y)/B as in numpy_bench.py) in torch
operations under torch.no_grad(), updates in place: PyTorch without autograd and optim.

    /usr/bin/python3 bench/torch_bench.py [--batches 1,32,256] [--repeats 5] [--variants autograd,manual]
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
from bench_common import args_parser, blas_libraries, load_digits, openblas_core  # noqa: E402


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


def train_epoch_manual(params, X, Y, B, eta, gen):
    """The hand-written backward pass in torch operations: no graph, no optimizer."""
    W1, b1, W2, b2 = params
    N = X.shape[0]
    order = torch.randperm(N, generator=gen)
    with torch.no_grad():
        for begin in range(0, N, B):
            idx = order[begin:begin + B]
            Xb, Yb = X[idx], Y[idx]
            n = Xb.shape[0]
            H = torch.sigmoid(torch.addmm(b1, Xb, W1))
            P = torch.softmax(torch.addmm(b2, H, W2), dim=1)
            loss = -(Yb * torch.log(P + 1e-300)).sum() / n  # noqa: F841 (computed, as the others do)
            d2 = (P - Yb) / n
            d1 = (d2 @ W2.T) * H * (1.0 - H)
            W2.addmm_(H.T, d2, alpha=-eta)
            b2.sub_(d2.sum(dim=0, keepdim=True), alpha=eta)
            W1.addmm_(Xb.T, d1, alpha=-eta)
            b1.sub_(d1.sum(dim=0, keepdim=True), alpha=eta)


def manual_params(init):
    W1 = torch.from_numpy(init.normal(0.0, 1.0 / np.sqrt(64), (64, 32)))
    b1 = torch.zeros(1, 32, dtype=torch.float64)
    W2 = torch.from_numpy(init.normal(0.0, 1.0 / np.sqrt(32), (32, 10)))
    b2 = torch.zeros(1, 10, dtype=torch.float64)
    return [W1, b1, W2, b2]


def time_it(epoch, N, args):
    """Warm-up, then args.repeats timings of whole epochs filling args.min_seconds of CPU time; the best."""
    epoch()
    best_cpu = best_wall = 0.0
    for _ in range(args.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        epochs = 0
        while True:
            epoch()
            epochs += 1
            cpu = time.process_time() - c0
            if cpu >= args.min_seconds:
                break
        wall = time.perf_counter() - t0
        best_cpu, best_wall = max(best_cpu, N * epochs / cpu), max(best_wall, N * epochs / wall)
    return best_cpu, best_wall


def main():
    parser = args_parser("torch")
    parser.add_argument("--variants", default="autograd",
                        help="autograd (nn.Linear, F.cross_entropy, optim.SGD: 'RESULT torch'), manual "
                             "(hand-written backward: 'RESULT torch-manual'); comma-separated (default autograd)")
    args = parser.parse_args()
    variants = args.variants.split(",")
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
    print(f"# OpenBLAS core: {openblas_core()}")
    N = X.shape[0]
    print(f"# data: N = {N} samples, network 64-32-10, float64, eta 0.1")
    for variant in variants:
        for B in args.batches:
            if variant == "autograd":
                net = Net(np.random.default_rng(6))
                opt = torch.optim.SGD(net.parameters(), lr=0.1)
                gen = torch.Generator().manual_seed(1)
                best_cpu, best_wall = time_it(lambda: train_epoch(net, opt, X, labels, B, gen), N, args)
                name = "torch"
            elif variant == "manual":
                params = manual_params(np.random.default_rng(6))
                gen = torch.Generator().manual_seed(1)
                Y = torch.from_numpy(Yn)
                best_cpu, best_wall = time_it(lambda: train_epoch_manual(params, X, Y, B, 0.1, gen), N, args)
                name = "torch-manual"
            else:
                raise SystemExit(f"torch_bench.py: unknown variant {variant!r} (autograd, manual)")
            print(f"RESULT {name} {B} {best_cpu:.0f} {best_wall:.0f}", flush=True)

if __name__ == "__main__":
    main()
