"""The hidden layer, grader side (issue 13).

Grading-only test cases live in grading/hidden/NN_name/*.cpp: inside each exercise's Boost.Test
suite a nested suite `hidden` whose cases draw their inputs from the course secret (the environment
variable WB_HIDDEN_SEED of the test process) and compare with the test's own references. The
student edition has none of them, so no expected value of theirs is ever visible.

Here:
- case names: a nested suite's case is named "hidden/<case>" (Boost's --list_content indents it,
  its JUnit classname is "exN_K_name.hidden");
- the gate: an exercise earns its points only if every one of its hidden cases passes; the hidden
  cases carry no points of their own (the public cases share the exercise's points, as before), so
  a constant that passes every public test still earns 0;
- the secret: `./workbook grade --secret TEXT`, else the grader's environment WB_HIDDEN_SEED, else
  grading/points.toml [hidden] seed; without one the cases run with the development seed compiled
  into grading/hidden/hidden.hpp (and the report says so); a test process gets only its
  submission's seed derived from it and from its files (seed_for), never the secret;
- the expected values: the student's build does not compute them (WB_EXPECTED), the grader compares
  the recorded values with the trusted run of the reference solutions (records.py);
- visibility: the hidden cases' Gradescope visibility, [hidden] visibility (default
  "after_due_date")."""
from __future__ import annotations

import os

PREFIX = "hidden/"
ENV = "WB_HIDDEN_SEED"


def is_hidden(case_name: str) -> bool:
    return case_name.startswith(PREFIX) or f"/{PREFIX}" in case_name


def parse_list_content(text: str) -> dict:
    """Boost.Test's --list_content (4 spaces a level) -> {top-level suite: [case names]}, the cases of
    nested suites named "sub/case". Suites and cases both end in '*' when enabled."""
    out: dict = {}
    stack: list = []   # (indent, name) of the open suites below the top level
    suite = None
    lines = [l.rstrip() for l in text.splitlines() if l.strip()]
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        name = line.strip().rstrip("*")
        if indent == 0:
            suite, stack = name, []
            out[suite] = []
            continue
        if suite is None:
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and len(nxt) - len(nxt.lstrip(" ")) > indent:   # it has children: a nested suite
            stack.append((indent, name))
            continue
        out[suite].append("/".join([n for _, n in stack] + [name]))
    return out


def case_key(classname: str, suite: str, name: str) -> str | None:
    """The case's name within `suite` for a JUnit testcase, or None when it belongs to another suite:
    'ex1_1_sigmoid.hidden' + 'random' -> 'hidden/random'."""
    if classname == suite:
        return name
    for sep in (".", "/"):
        if classname.startswith(suite + sep):
            return classname[len(suite) + 1:].replace(".", "/").replace(sep, "/") + "/" + name
    return None


def secret(cfg, cli: str | None = None) -> str:
    """The course secret: --secret, else the grader's WB_HIDDEN_SEED, else points.toml; '' if none."""
    if cli:
        return cli
    if os.environ.get(ENV):
        return os.environ[ENV]
    return str(getattr(cfg, "hidden", {}).get("seed", "") or "")


def seed_for(secret_text: str, submission: str, files: dict | None = None) -> str:
    """The seed one submission's hidden checks draw from: HMAC-SHA256(secret, who + what), where who is
    the submission's name or student id and what a digest of its exercise files. The course secret
    never reaches a test process (a student's code that prints its environment learns its own seed,
    which no one else's checks use), and a resubmission with any change draws other hidden inputs:
    answers learnt from one grading (the hidden cases' messages, shown after the due date) are no use
    in the next. The same files graded again draw the same inputs. '' without a secret."""
    if not secret_text:
        return ""
    import hashlib
    import hmac
    digest = hashlib.sha256()
    for key in sorted(files or {}):
        digest.update(("/".join(key) + "\0").encode())
        digest.update(hashlib.sha256(files[key]).digest())
    msg = submission.encode() + b"\0" + digest.hexdigest().encode()
    return "s1-" + hmac.new(secret_text.encode(), msg, hashlib.sha256).hexdigest()[:32]


def env_for(secret_text: str) -> dict:
    """What the test processes get: the secret, or nothing (the development seed)."""
    return {ENV: secret_text} if secret_text else {}


GATE_NOTE = ("0 points: this exercise's hidden checks (the same function on other inputs, shown after the due date) "
             "do not all pass; does it return the same numbers whatever its input?")


def apply_gate(ex) -> None:
    """After the worker scored `ex` (an ExerciseOutcome; worker.score_cases shares the points among
    the public cases): hidden cases carry no points of their own, and unless every one passes, no
    case of the exercise scores."""
    hidden = [c for c in ex.cases if is_hidden(c.name)]
    public = [c for c in ex.cases if not is_hidden(c.name)]
    if not hidden:
        return
    for c in hidden:
        c.max_score = 0.0
        c.score = 0.0
    ex.gated = not all(c.status == "passed" for c in hidden)
    if ex.gated:
        for c in public:
            if c.status == "passed" and c.score:
                c.score = 0.0
                c.message = (c.message + "\n" if c.message else "") + GATE_NOTE
