"""./workbook test: build everything and run every suite: each exercise's tests on the reference
solution (must pass) and on the untouched stub (must fail: the stub check), plus the support and
tool tests. Ends with 'N passed, M failed' and exits non-zero on any failure."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from wb import core


def register(sub) -> None:
    p = sub.add_parser("test", help="build and run all test suites (solutions pass, stubs fail); ends with 'N passed, M failed'"
                       if core.has_solutions() else
                       "build and run every test suite on your files; ends with 'N passed, M failed'")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="parallel tests")
    p.add_argument("-L", "--label", help="only CTest tests with this label regex (e.g. ch03)")
    p.set_defaults(func=test)


def test(args) -> int:
    core.ensure_packages()
    core.configure()
    print("workbook: building ...", flush=True)
    r = subprocess.run(["cmake", "--build", str(core.build_dir())])
    if r.returncode != 0:
        print("0 passed, 1 failed")
        raise SystemExit("workbook: the build failed (see above)")
    labels = "solution|stubcheck|support|tools" if core.has_solutions() else "student|support|tools"
    cmd = ["ctest", "--test-dir", str(core.build_dir()), "-L", labels, "-j", str(args.jobs),
           "--output-on-failure", "--no-tests=error"]
    if args.label:
        cmd += ["-L", args.label]
    print(f"workbook: running the tests ({' '.join(cmd[3:])}) ...", flush=True)
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace") as proc:
        for line in proc.stdout:         # each test's line as it ends (minutes in all: never silent)
            lines.append(line)
            sys.stdout.write(line)
            sys.stdout.flush()
    r = subprocess.CompletedProcess(cmd, proc.returncode, "".join(lines), "")
    m = re.search(r"(\d+)% tests passed, (\d+) tests? failed out of (\d+)", r.stdout)
    if not m:
        print("0 passed, 1 failed")
        print("workbook: could not read CTest's summary", file=sys.stderr)
        return 1
    failed, total = int(m.group(2)), int(m.group(3))
    if failed and not core.has_solutions():
        print("(student edition: the student-side tests fail until the exercises are done; use ./workbook check N)")
    print(f"{total - failed} passed, {failed} failed")
    return 0 if failed == 0 and r.returncode == 0 else 1
