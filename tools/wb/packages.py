"""The Debian packages the workbook needs (packages.txt), and installing them."""
from __future__ import annotations

import os
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


def ensure_packages(extra: list = ()) -> None:
    """Install what is missing (apt-get when root), or print the exact command and stop."""
    if os.environ.get("WB_SKIP_PACKAGES"):
        return
    pkgs = required_packages() + list(extra)
    if not shutil.which("dpkg-query"):
        print("workbook: not a Debian system (no dpkg); make sure these are installed: " + " ".join(pkgs), file=sys.stderr)
        return
    missing = missing_packages(pkgs)
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + missing
    if os.geteuid() != 0:
        raise SystemExit("workbook: missing Debian packages: " + " ".join(missing) +
                         "\ninstall them with:\n  sudo apt-get update && sudo " + " ".join(cmd))
    print("workbook: installing " + " ".join(missing), file=sys.stderr, flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for attempt in (1, 2):
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        r = subprocess.run(cmd + ["-qq"], env=env)
        if r.returncode == 0:
            return
    raise SystemExit("workbook: apt-get could not install: " + " ".join(missing))
