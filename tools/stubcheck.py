#!/usr/bin/env python3
"""CTest's stub check: every test case of one exercise's suite must FAIL on the untouched stub,
and fail because the stub is not implemented, so that no test can pass without the student's work.

usage: stubcheck.py TEST_BINARY SUITE EXERCISE_ID FUNCTION
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wb.core import run_suite  # noqa: E402


def main() -> int:
    binary, suite, ex_id, fn = sys.argv[1:5]
    r = run_suite(Path(binary), suite)
    label = f"exercise {ex_id} {fn}"
    if not r.cases:
        print(f"stubcheck {label}: no test results ({r.status}).\n{r.output}")
        return 1
    passing = [c.name for c in r.cases if c.status == "passed"]
    other = [c for c in r.cases if c.status not in ("passed", "not_implemented")]
    print(f"stubcheck {label}: {len(r.cases)} test cases on the stub: {len(passing)} passed, "
          f"{len(r.cases) - len(passing) - len(other)} not implemented, {len(other)} failed otherwise")
    if passing:
        print(f"FAIL: these tests pass on the untouched stub, so they cannot tell a solution from none: "
              + ", ".join(passing)
              + "\n(if the stub in chapters/ was edited on purpose, this check is expected to fail there:"
              " students use ./workbook check)")
        return 1
    for c in other:
        print(f"FAIL: {c.name} failed on the stub for another reason than 'not implemented' ({c.status}):\n  {c.message}")
    if other:
        return 1
    print(f"OK: every test of {label} fails on the stub with '{label} is not implemented yet'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
