"""Value records: the grader's own verdict on every value check (issue 13).

The student's test process signs a verdict line per test case (support/src/test_main.cpp), but code
in that process shares its memory with the key and the harness, so a signed "passed" proves only
that nothing in the process objected. What that code cannot fake without doing the exercise is the
numbers. Every value check (check_close, check_shape, check_gradient in support/src/testing.cpp)
writes a record of the value the exercise computed; in the student's build nothing of the expected
value (hidden cases do not even compute it: WB_EXPECTED). The worker also runs the same tests
built with the reference solutions (the trusted build, WB_GRADE_ROLE=trusted, no student code in
it), whose records carry the expected value and the tolerance. A case passes only if its signed
verdict says so AND each of its records agrees with the trusted run's:

    the same number of checks, at the same places (file:line), in the same order;
    close  the same shape, every value finite and |actual - expected| <= abs + rel x |expected|;
    shape  the same shape;
    grad   the same shape and relative_error(analytic, numeric) < tol (as testing.cpp defines it);
    same   (check_same: two values the exercise computed, e.g. two runs with one seed) the record
           carries both, compared with each other under the trusted run's tolerance.

Record line (after the MAC is checked):  WBR1 <seq> <suite>/<case> <index> <payload> <mac>
payload: k=<kind>;at=<file:line>;w=<what>;a=<shape>[;v=<values>][;g=<guess>][;e=<shape>][;ev=<values>][;tol=<a>,<r>]
(shape "s" a scalar, "s2x3" a 2x3 matrix; values "%.17g" comma-separated; what percent-encoded)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import unquote

LINE = re.compile(rb"WBR1 (\d+) (\S+) (\d+) (\S+) ([0-9a-f]{64})")


@dataclass
class Record:
    index: int
    kind: str
    at: str
    what: str
    shape: tuple
    values: list | None = None
    eshape: tuple | None = None
    evalues: list | None = None
    tol: tuple | None = None
    guess: str = ""      # a withheld check: the known wrong answer the value matches (no verdict)


def _shape(text: str) -> tuple:
    if not text.startswith("s"):
        raise ValueError(f"no shape: {text[:20]}")
    return tuple(int(d) for d in text[1:].split("x")) if len(text) > 1 else ()


def _values(text: str) -> list:
    return [float(v) for v in text.split(",")] if text else []


def parse(index: int, payload: str) -> Record:
    """A record's payload; ValueError when it is malformed."""
    fields = dict(f.split("=", 1) for f in payload.split(";") if "=" in f)
    kind = fields.get("k", "")
    if kind not in ("close", "shape", "grad", "same") or "a" not in fields:
        raise ValueError(f"an unknown record: {payload[:40]}")
    r = Record(index, kind, unquote(fields.get("at", "")), unquote(fields.get("w", "")), _shape(fields["a"]))
    if "v" in fields:
        r.values = _values(fields["v"])
    if "e" in fields:
        r.eshape = _shape(fields["e"])
    if "ev" in fields:
        r.evalues = _values(fields["ev"])
    if "g" in fields:
        r.guess = unquote(fields["g"])
    if "tol" in fields:
        a, _, b = fields["tol"].partition(",")
        r.tol = (float(a), float(b))
    size = math.prod(r.shape) if r.shape else 1
    if r.values is not None and len(r.values) != size:
        raise ValueError(f"{len(r.values)} values for shape {r.shape}")
    return r


def _shape_str(shape: tuple) -> str:
    return "x".join(map(str, shape)) if shape else "a scalar"


def _index(shape: tuple, flat: int) -> str:
    if not shape:
        return "(scalar)"
    idx = []
    for d in reversed(shape):
        idx.append(flat % d)
        flat //= d
    return "(" + ",".join(map(str, reversed(idx))) + ")"


def _num(v: float) -> str:
    return f"{v:.12g}"


def relative_error(a: list, b: list) -> float:
    """As support/src/testing.cpp: max|a-b| / max(max|a| + max|b|, 1e-300)."""
    if not a:
        return 0.0
    diff = max(abs(x - y) for x, y in zip(a, b))
    if not math.isfinite(diff):
        return math.inf
    return diff / max(max(map(abs, a)) + max(map(abs, b)), 1e-300)


def disagreement(got: Record, ref: Record) -> str | None:
    """None when the student's record agrees with the trusted one; else why not, for the report (with
    the student's run's guess at the mistake, where it had one)."""
    why = _disagreement(got, ref)
    if why and got.guess:
        why += "\n    guess (not a verdict): " + got.guess
    return why


def _disagreement(got: Record, ref: Record) -> str | None:
    where = f" [{ref.at}]"
    what = ref.what or "the value"
    if got.kind != ref.kind or got.at != ref.at:
        return f"the checks ran in another order than in the reference run (at {got.at}, {ref.at} was due)"
    if ref.kind == "same":   # two of the exercise's own values (check_same): compared with each other
        if got.values is None or got.evalues is None or got.shape != got.eshape:
            return f"{what}: not the same shape as the first time{where}"
        ref = Record(ref.index, "close", ref.at, ref.what, ref.shape, eshape=got.eshape, evalues=got.evalues, tol=ref.tol)
    if ref.kind == "shape" or ref.eshape is not None and got.shape != ref.eshape:
        want = ref.eshape if ref.eshape is not None else ref.shape
        if got.shape != want:
            return f"{what} should be {_shape_str(want)}, got {_shape_str(got.shape)}{where}"
        if ref.kind == "shape":
            return None
    if got.values is None or ref.evalues is None:
        return None if ref.evalues is None else f"{what}: no values recorded{where}"
    for i, v in enumerate(got.values):
        if not math.isfinite(v):
            return f"{what} element {_index(got.shape, i)} is {'NaN' if math.isnan(v) else 'Inf'}: the exercise produced a non-finite number{where}"
    if ref.kind == "grad":
        tol = ref.tol[0] if ref.tol else 1e-6
        err = relative_error(got.values, ref.evalues)
        if err < tol:
            return None
        return f"{what} vs central differences: relative error {_num(err)} (tolerance {_num(tol)}){where}"
    a_tol, r_tol = ref.tol or (0.0, 0.0)
    bad = [i for i, (x, e) in enumerate(zip(got.values, ref.evalues)) if not abs(x - e) <= a_tol + r_tol * abs(e)]
    if not bad:
        return None
    lines = [f"{what} differs in {len(bad)} of {len(got.values)} elements (tolerance {_num(a_tol)} + "
             f"{_num(r_tol)} x |expected|){where}"]
    for i in bad[:4]:
        lines.append(f"    element {_index(got.shape, i)}: expected {_num(ref.evalues[i])}, got {_num(got.values[i])}")
    if len(bad) > 4:
        lines.append(f"    ... and {len(bad) - 4} more")
    return "\n".join(lines)


def compare_case(got: list, ref: list) -> str | None:
    """A case's records against the trusted run's: None if all agree, else the first disagreement."""
    for g, r in zip(got, ref):
        why = disagreement(g, r)
        if why:
            return why
    if len(got) < len(ref):
        r = ref[len(got)]
        return f"the case stopped before its check of {r.what or 'a value'} [{r.at}] (the reference run made {len(ref)} checks, this one {len(got)})"
    if len(got) > len(ref):
        g = got[len(ref)]
        return f"the case made more checks than the reference run ({len(got)} for {len(ref)}; the first extra one at {g.at})"
    return None
