"""./workbook hint N.M: the hints of exercise N.M, one more each time it is asked, gentlest first
(a pointer to the seed's formula, then the shapes, then the step the common mistake gets wrong).
The hints live next to the chapter text, in chapters/NN_x/hints.md:

    ## 1.2 sigmoid_prime
    1. the gentlest hint
    2. the next one (continuation lines indented)

How far a student has got is kept in .workbook/hints.json (local, never committed)."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from wb import core, report


def register(sub) -> None:
    p = sub.add_parser("hint", help="the next hint for exercise N.M (one more each time; --reset starts over)")
    p.add_argument("exercise", nargs="?", help="exercise as CHAPTER.NUMBER, e.g. 1.2 (default: the next one to do)")
    p.add_argument("--reset", action="store_true", help="start this exercise's hints over from the first")
    p.add_argument("--all", action="store_true", help="show every hint asked for so far, not only the newest")
    p.set_defaults(func=hint)


def parse_hints(path: Path) -> dict:
    """'1.2' -> [hint text, ...] from a hints.md: '## N.K name' headings, then a numbered list."""
    out: dict = {}
    current = None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        m = re.match(r"^##\s+(\d+\.\d+)\b", line)
        if m:
            current = out.setdefault(m.group(1), [])
            continue
        if line.startswith("#"):
            current = None
            continue
        if current is None:
            continue
        m = re.match(r"^\s{0,3}\d+[.)]\s+(.*)$", line)
        if m:
            current.append(m.group(1).strip())
        elif current and line.strip() and (line.startswith((" ", "\t"))):
            current[-1] += " " + line.strip()
    return out


def wrap(text: str, first: str, rest: str, width: int = 96) -> str:
    """Fill a paragraph without breaking `code spans` or the formulas' "a * (1 - a)"."""
    keep = "\x00"
    guarded = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", keep), text)
    guarded = re.sub(r"(?<=\S) ([*/+=-]) (?=\S)", lambda m: keep + m.group(1) + keep, guarded)
    body = textwrap.fill(guarded, width=width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False)
    return body.replace(keep, " ")


def _levels_path() -> Path:
    return core.state_dir() / "hints.json"


def load_levels() -> dict:
    try:
        return json.loads(_levels_path().read_text())
    except (OSError, ValueError):
        return {}


def save_levels(levels: dict) -> None:
    path = _levels_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(levels, indent=1, sort_keys=True))
    tmp.replace(path)


def _next_exercise() -> core.Exercise:
    progress = report.load_progress()
    for ch in core.chapters():
        for ex in ch.exercises:
            if not report.known_done(ex, progress):
                return ex
    raise SystemExit("workbook: every exercise is done; ask for a hint by number, e.g. ./workbook hint 1.2")


def hint(args) -> int:
    ex = core.find_exercise(args.exercise) if args.exercise else _next_exercise()
    p = core.color()
    hints_file = ex.path.parent / "hints.md"
    hints = parse_hints(hints_file).get(ex.id, [])
    if not hints:
        print(f"There are no hints for exercise {ex.id} {ex.name} yet "
              f"({core.short_path(hints_file)} has no section '## {ex.id} {ex.name}').")
        print(f"The chapter text is in {core.short_path(ex.path.parent / 'README.md')}; the statement is at the top of "
              f"{core.short_path(ex.path)}.")
        return 1
    levels = load_levels()
    if args.reset:
        levels.pop(ex.id, None)
        save_levels(levels)
        print(f"The hints of exercise {ex.id} {ex.name} start over: the next ./workbook hint {ex.id} shows the first.")
        return 0
    seen = int(levels.get(ex.id, 0))
    level = min(seen + 1, len(hints))
    levels[ex.id] = level
    save_levels(levels)
    print(p("bold", f"Exercise {ex.id} {ex.name}") + f"  (hint {level} of {len(hints)})")
    shown = range(1, level + 1) if args.all else [level]
    for k in shown:
        prefix = f"{k}. " if args.all else ""
        body = wrap(hints[k - 1], "  " + prefix, "  " + " " * len(prefix))
        print(body if k == level else p("dim", body))
    if seen >= len(hints):
        print(p("dim", f"That was the last hint: there are no more for {ex.id} "
                       f"(./workbook hint {ex.id} --reset starts over; the chapter text: "
                       f"{core.short_path(ex.path.parent / 'README.md')})."))
    elif level == len(hints):
        print(p("dim", "That is the last hint."))
    else:
        print(p("dim", f"(ask again for hint {level + 1}: ./workbook hint {ex.id})"))
    return 0
