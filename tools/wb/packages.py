"""The Debian packages the workbook needs (packages.txt), and installing them; on a machine
without apt, the install line for its own package manager (Homebrew, dnf, pacman).

Only Debian 12 is tested. The other systems' names are a best effort: their xtensor is newer than
the 0.24 the workbook is written for (Homebrew and Fedora ship 0.25-0.27, whose headers moved),
so the line is printed with that warning, and the dev container is the recommended way there."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path


PACKAGES_FILE = Path(__file__).resolve().parent / "packages.txt"


def required_packages() -> list:
    return [l.strip() for l in PACKAGES_FILE.read_text().splitlines() if l.strip() and not l.startswith("#")]


def missing_packages(packages: list) -> list:
    if not shutil.which("dpkg-query"):
        return []
    # one dpkg-query for all of them (it prints what it knows, and fails only on unknown names)
    r = subprocess.run(["dpkg-query", "-W", "-f=${Package}\t${Status}\n", *packages], capture_output=True, text=True)
    installed = set()
    for line in r.stdout.splitlines():
        name, _, status = line.partition("\t")
        if "install ok installed" in status:
            installed.add(name.split(":")[0])
    return [p for p in packages if p.split(":")[0] not in installed]


# Debian package -> its name on other systems (None: not packaged there; the note says what to do).
OTHER_SYSTEMS = {
    "brew": {
        "g++": None, "cmake": "cmake", "ninja-build": "ninja", "ccache": "ccache", "lld": "lld", "python3": "python",
        "libxtensor-dev": "xtensor", "libxtensor-blas-dev": None, "libopenblas-dev": "openblas",
        "libboost-test-dev": "boost", "libgnuplot-iostream-dev": None, "gnuplot-nox": "gnuplot",
        "inotify-tools": "fswatch", "clangd": "llvm", "pandoc": "pandoc", "bubblewrap": None,
    },
    "dnf": {
        "g++": "gcc-c++", "cmake": "cmake", "ninja-build": "ninja-build", "ccache": "ccache", "lld": "lld", "python3": "python3",
        "libxtensor-dev": "xtensor-devel", "libxtensor-blas-dev": "xtensor-blas-devel",
        "libopenblas-dev": "openblas-devel", "libboost-test-dev": "boost-devel",
        "libgnuplot-iostream-dev": None, "gnuplot-nox": "gnuplot", "inotify-tools": "inotify-tools",
        "clangd": "clang-tools-extra", "pandoc": "pandoc", "bubblewrap": "bubblewrap",
    },
    "pacman": {
        "g++": "gcc", "cmake": "cmake", "ninja-build": "ninja", "ccache": "ccache", "lld": "lld", "python3": "python",
        "libxtensor-dev": "xtensor", "libxtensor-blas-dev": None, "libopenblas-dev": "openblas",
        "libboost-test-dev": "boost", "libgnuplot-iostream-dev": None, "gnuplot-nox": "gnuplot",
        "inotify-tools": "inotify-tools", "clangd": "clang", "pandoc": "pandoc-cli", "bubblewrap": "bubblewrap",
    },
}
INSTALL = {"apt": "sudo apt-get update && sudo apt-get install -y --no-install-recommends",
           "brew": "brew install", "dnf": "sudo dnf install -y", "pacman": "sudo pacman -S --needed"}
NOT_PACKAGED = {
    "g++": "a C++17 compiler: Apple's clang (xcode-select --install)",
    "libxtensor-blas-dev": "xtensor-blas 0.20 (header-only): from conda-forge or github.com/xtensor-stack/xtensor-blas",
    "libgnuplot-iostream-dev": "gnuplot-iostream (one header, gnuplot-iostream.h): github.com/dstahlke/gnuplot-iostream",
    "bubblewrap": "bubblewrap (Linux only; grading sandbox)",
}
KNOWN_GOOD = ("known good (the only system tested): Debian 12 with g++ 12.2 or clang 14, CMake 3.25, "
              "xtensor 0.24.3, xtl 0.7.2, xtensor-blas 0.20.0, Boost 1.74")


def detect_system(os_release: Path | None = None) -> str:
    """'apt', 'dnf', 'pacman', 'brew' or 'unknown': /etc/os-release (WB_OS_RELEASE names another file,
    for tests), else macOS, else which package manager is on PATH."""
    path = Path(os_release or os.environ.get("WB_OS_RELEASE") or "/etc/os-release")
    ids = []
    try:
        for line in path.read_text().splitlines():
            k, _, v = line.partition("=")
            if k in ("ID", "ID_LIKE"):
                ids += v.strip().strip('"').lower().split()
    except OSError:
        pass
    for names, system in ((("debian", "ubuntu"), "apt"), (("fedora", "rhel", "centos"), "dnf"),
                          (("arch", "manjaro", "endeavouros"), "pacman")):
        if any(i in names for i in ids):
            return system
    if ids and "WB_OS_RELEASE" in os.environ:
        return "unknown"
    if platform.system() == "Darwin":
        return "brew"
    for tool, system in (("apt-get", "apt"), ("dnf", "dnf"), ("pacman", "pacman"), ("brew", "brew")):
        if shutil.which(tool):
            return system
    return "unknown"


def install_line(system: str, packages: list) -> tuple:
    """(the command installing `packages` (Debian names) on `system`, [what has to come from elsewhere])."""
    if system == "apt":
        return f"{INSTALL['apt']} {' '.join(packages)}", []
    table = OTHER_SYSTEMS.get(system)
    if table is None:
        return "", [f"the Debian packages {' '.join(packages)} (or your system's equivalents)"]
    names, elsewhere = [], []
    for p in packages:
        n = table.get(p, p)
        if n is None:
            elsewhere.append(NOT_PACKAGED.get(p, p))
        elif n not in names:
            names.append(n)
    return (f"{INSTALL[system]} {' '.join(names)}" if names else ""), elsewhere


def _tools_missing() -> list:
    """On a machine without dpkg: what the build needs and cannot find (a quick look, not a proof)."""
    out = []
    if not shutil.which("cmake"):
        out.append("cmake")
    if not (shutil.which("ninja") or shutil.which("ninja-build")):
        out.append("ninja")
    if not any(shutil.which(c) for c in ("c++", "g++", "clang++")):
        out.append("a C++ compiler")
    roots = [Path("/usr/include"), Path("/usr/local/include"), Path("/opt/homebrew/include")]
    if os.environ.get("CONDA_PREFIX"):
        roots.append(Path(os.environ["CONDA_PREFIX"]) / "include")
    for header, what in (("xtensor/xarray.hpp", "xtensor"), ("xtensor-blas/xlinalg.hpp", "xtensor-blas"),
                         ("boost/test/unit_test.hpp", "Boost.Test")):
        if not any((r / header).exists() for r in roots):
            out.append(what)
    return out


def other_system_message(system: str, packages: list) -> str:
    line, elsewhere = install_line(system, packages)
    name = {"brew": "macOS (Homebrew)", "dnf": "Fedora/RHEL (dnf)", "pacman": "Arch (pacman)"}.get(system, "this system")
    out = [f"workbook: {name} is not Debian: the workbook installs its packages itself only with apt."]
    if line:
        out.append(f"install them with:\n  {line}")
    for e in elsewhere:
        out.append(f"  and by hand: {e}")
    out.append("note: these names are untested; the workbook needs xtensor 0.24 (newer releases moved their "
               "headers), " + KNOWN_GOOD + ".")
    out.append("the sure way on macOS and Windows: open this folder in VS Code with the Dev Containers extension "
               "(.devcontainer/: Debian 12, everything installed).")
    return "\n".join(out)


def ensure_packages(extra: list = (), use_sudo: bool = False, always_print: bool = False) -> None:
    """Install what is missing (apt-get when root, or through sudo with use_sudo), or print the
    exact command and stop. Without apt: print the line for this system's package manager when
    something looks missing, and go on (CMake names what it cannot find)."""
    if os.environ.get("WB_SKIP_PACKAGES"):
        return
    pkgs = required_packages() + list(extra)
    system = detect_system()
    if system != "apt" or not shutil.which("dpkg-query"):
        missing_tools = _tools_missing()
        if missing_tools or always_print:
            if missing_tools:
                print("workbook: not found: " + ", ".join(missing_tools), file=sys.stderr)
            print(other_system_message(system, pkgs), file=sys.stderr, flush=True)
        return
    missing = missing_packages(pkgs)
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + missing
    sudo = []
    if os.geteuid() != 0 and use_sudo and shutil.which("sudo") and \
            subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        sudo = ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive"]
    if os.geteuid() != 0 and not sudo:
        raise SystemExit("workbook: missing Debian packages: " + " ".join(missing) +
                         "\ninstall them with:\n  sudo apt-get update && sudo " + " ".join(cmd))
    print("workbook: installing " + " ".join(missing), file=sys.stderr, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in (1, 2):
        subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, check=False)
        r = subprocess.run(sudo + cmd + ["-qq"], env=env)
        if r.returncode == 0:
            return
    raise SystemExit("workbook: apt-get could not install: " + " ".join(missing))
