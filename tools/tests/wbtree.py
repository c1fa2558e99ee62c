"""A copy of the workbook (chapter 1 only) with a warm build of its own, shared by the tools tests.

    python3 tools/tests/wbtree.py prepare     # CTest's fixture 'tools.prepare' runs this first

The copy lives in $WB_TOOLS_TEST_WORKDIR (CTest sets build/tools-tests) or in the temp dir. It is
synced from this source tree before each test (only changed files are rewritten, so the build
stays warm) with chapter 1's exercise files as their untouched stubs, and it is a git checkout
whose HEAD holds those stubs (for `reset`). Tests that plant errors do it in this copy, never in
the real chapters/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("WB_TOOLS_TEST_WORKDIR") or Path(tempfile.gettempdir()) / f"wb-tools-tests-{os.getuid()}")
TREE = WORK / "tree"
BUILD = TREE / "build"
CHAPTER = "01_sigmoid"
# What chapter 1 needs to build and be graded (bench/ and the other chapters stay out).
COPY = ["CMakeLists.txt", "cmake", "support", "tools", "workbook", f"chapters/{CHAPTER}", f"tests/{CHAPTER}",
        "tests/support", "datasets", ".gitignore"]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "build-*")

sys.path.insert(0, str(SRC / "tools"))


def env(**extra) -> dict:
    """The environment a test runs ./workbook with: the copy's build, chapter 1 only, no apt, no colour."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_BUILD_DIR=str(BUILD), WB_CHAPTERS="1", WB_SKIP_PACKAGES="1", NO_COLOR="1",
             PYTHONDONTWRITEBYTECODE="1")
    e.update(extra)
    return e


def _pristine(path: Path) -> bytes:
    """The untouched stub of one of this source tree's exercise files."""
    from wb import core  # the source tree's own driver

    m = core.EXERCISE_FILE.match(path.name)
    if m:
        ex = core.Exercise(int(path.parent.name[:2]), int(m.group(1)), m.group(2), path)
        stub = core.pristine_stub_bytes(ex, SRC)
        if stub is not None:
            return stub
    return path.read_bytes()


def _sync_file(src: Path, dst: Path, data: bytes | None = None) -> None:
    data = src.read_bytes() if data is None else data
    if dst.is_symlink() or (dst.exists() and not dst.is_file()):
        shutil.rmtree(dst) if dst.is_dir() and not dst.is_symlink() else dst.unlink()
    if not dst.exists() or dst.read_bytes() != data:
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
        shutil.copymode(src, dst)


def _sync_tree(src: Path, dst: Path, stubs: bool) -> None:
    if src.is_file():
        _sync_file(src, dst)
        return
    dst.mkdir(parents=True, exist_ok=True)
    names = set(os.listdir(src)) - set(IGNORE(str(src), os.listdir(src)))
    for name in set(os.listdir(dst)) - names:            # what a test left behind
        p = dst / name
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    for name in sorted(names):
        s, d = src / name, dst / name
        if s.is_dir():
            _sync_tree(s, d, stubs)
        else:
            _sync_file(s, d, _pristine(s) if stubs and s.name.endswith(".cpp") else None)


def sync() -> None:
    """Make the copy equal to the source (chapter 1 as untouched stubs); forget hints and backups."""
    TREE.mkdir(parents=True, exist_ok=True)
    for rel in COPY:
        s = SRC / rel
        if s.exists():
            _sync_tree(s, TREE / rel, stubs=rel.startswith("chapters/"))
    for extra in (".workbook", ".stubs"):
        shutil.rmtree(TREE / extra, ignore_errors=True)


def _git(*args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(TREE), "-c", "user.name=workbook tests", "-c", "user.email=tests@localhost",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True)


def prepare(verbose: bool = False) -> None:
    """Sync the copy, commit its stubs (git HEAD = the stubs) and warm its build (the first time:
    a minute or two for the precompiled headers; afterwards seconds)."""
    sync()
    if not (TREE / ".git").exists():
        _git("init", "-q")
    _git("add", "-A", f"chapters/{CHAPTER}")
    if _git("diff", "--cached", "--quiet").returncode != 0 or _git("rev-parse", "HEAD").returncode != 0:
        _git("commit", "-q", "-m", "stubs")
    r = subprocess.run([str(TREE / "workbook"), "check", "1"], env=env(), capture_output=not verbose, text=True)
    if r.returncode not in (0, 1) or not (BUILD / "bin" / "test_ch01_student").exists():
        raise RuntimeError(f"the test tree did not build:\n{r.stdout}\n{r.stderr}")


def workbook(*args, timeout: float = 240, **env_extra) -> subprocess.CompletedProcess:
    return subprocess.run([str(TREE / "workbook"), *args], env=env(**env_extra), capture_output=True, text=True,
                          timeout=timeout)


def plant(name: str, text: str) -> Path:
    """Write `text` as the copy's chapters/01_sigmoid/<name>."""
    p = TREE / "chapters" / CHAPTER / name
    p.write_text(text)
    return p


# Chapter 1 code to plant: a correct sigmoid (so that 1.2 can call it) and typical mistakes.
SIGMOID_OK = """#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = z;
    for (auto& v : out) v = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
    return out;
}
"""
SIGMOID_PRIME_OK = """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    xt::xarray<double> s = sigmoid(z);
    return s * (1.0 - s);
}
"""
SIGMOID_PRIME_RETURNS_SIGMA = """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    return sigmoid(z);   // planted: sigma(z) where sigma'(z) is due
}
"""

if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        prepare(verbose=True)
        print(f"the tools tests' tree is ready: {TREE}")
    elif sys.argv[1:] == ["sync"]:
        sync()
    else:
        print(__doc__)
        sys.exit(2)
