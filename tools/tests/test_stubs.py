"""What a student's stubs and hints must be, read from the sources (no build):

- every stub carries every #include its reference solution has (a student who writes the solution's
  code into the stub must not meet a compile error that is ours), and a statement that names
  wb::given:: names its header "workbook/given.hpp";
- no hint hands over a line of the reference solution's code (normalised: spaces, comments and a
  trailing semicolon do not count), and the last hint of an exercise is not its solution."""
from __future__ import annotations

import re
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import core  # noqa: E402

INCLUDE = re.compile(r"(?m)^\s*#\s*include\s*([<\"][^>\"]+[>\"])")


def includes(text: str) -> set:
    return set(INCLUDE.findall(text))


def statement(text: str) -> str:
    """The exercise file's statement block (between its first two // ===== rules)."""
    rules = list(re.finditer(r"(?m)^// =+$", text))
    return text[rules[0].end():rules[1].start()] if len(rules) >= 2 else ""


def norm_code(line: str) -> str:
    """A code line as compared: no comment, no spaces, no trailing ';', 1.0 read as 1."""
    line = line.split("//")[0]
    line = re.sub(r"\b(\d+)\.0\b", r"\1", line)
    line = re.sub(r"\s+", "", line)
    return line.rstrip(";")


def forms(n: str) -> set:
    """A normalised code line and what it computes: the whole line, without `return`, and the right
    side of an assignment or declaration (`const T x = ...`)."""
    out = {n}
    if n.startswith("return"):
        out.add(n[len("return"):])
    m = re.match(r"^[^=()]*?[^=!<>+\-*/]=(?!=)(.+)$", n)
    if m:
        out.add(m.group(1))
    return {f for f in out if len(f) >= 7}


def solution_code_lines(sol: Path, stub: str = "") -> set:
    """The normalised code lines of a reference solution's listing that say something (in each of
    their forms()): not `return out;`, a brace, an include, a signature, or what the stub's own text
    already says (the statement names the given checks to call, e.g. `check_weights(X, w)`)."""
    given = norm_code(" ".join(l.lstrip("/ ") for l in stub.splitlines()))
    text = sol.read_text(encoding="utf-8")
    bodies = re.findall(r"(?s)\[listing:[^\]]*\](.*?)\[/listing\]", text) or [text]
    out = set()
    for body in bodies:
        for l in body.splitlines():
            n = norm_code(l)
            if len(n) < 10 or n.startswith("#") or n in ("}", "};"):
                continue
            if re.fullmatch(r"[\w:<>,]+\w+\(.*\)\{", n):    # a function's signature line (the stub has it)
                continue
            out |= {f for f in forms(n) if f not in given}
    return out


def hint_levels(chapter_dir: Path) -> dict:
    """{'N.K': [hint text, ...]} from a chapter's hints.md ("## N.K name", then a numbered list)."""
    text = (chapter_dir / "hints.md").read_text(encoding="utf-8")
    out, cur, level = {}, None, None
    for line in text.splitlines():
        m = re.match(r"##\s+(\d+\.\d+)\b", line)
        if m:
            cur = m.group(1)
            out[cur] = []
            continue
        if cur is None:
            continue
        m = re.match(r"(\d+)\.\s+(.*)", line)
        if m:
            out[cur].append(m.group(2))
        elif out[cur] and line.strip():
            out[cur][-1] += "\n" + line
    return out


def code_spans(hint: str) -> list:
    """What in a hint reads as code: `inline spans` and the lines of fenced blocks."""
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"(?s)```.*?```", "", hint))
    for block in re.findall(r"(?s)```[^\n]*\n(.*?)```", hint):
        spans += block.splitlines()
    return spans


class Stubs(unittest.TestCase):
    def test_every_stub_has_its_solutions_includes(self):
        missing = []
        for ch in core.chapters():
            for ex in ch.exercises:
                sol = ROOT / "solutions" / ch.folder / ex.path.name
                if not sol.is_file():
                    continue
                stub = core.pristine_stub(ex) or ex.path.read_text(encoding="utf-8")
                lack = sorted(includes(sol.read_text(encoding="utf-8")) - includes(stub))
                if lack:
                    missing.append(f"chapters/{ch.folder}/{ex.path.name} lacks {', '.join(lack)}")
        self.assertEqual(missing, [], "stubs without an #include their solution has:\n" + "\n".join(missing))

    def test_the_check_sees_a_missing_include(self):
        sol = '#include <xtensor-blas/xlinalg.hpp>\n#include "x.hpp"\n#include "workbook/given.hpp"\n'
        stub = '#include "x.hpp"\n'
        self.assertEqual(sorted(includes(sol) - includes(stub)), ['"workbook/given.hpp"', "<xtensor-blas/xlinalg.hpp>"])

    def test_statements_that_use_given_name_its_header(self):
        bad = []
        for ch in core.chapters():
            for ex in ch.exercises:
                text = core.pristine_stub(ex) or ex.path.read_text(encoding="utf-8")
                st = statement(text)
                if "wb::given::" in st and '"workbook/given.hpp"' not in st:
                    bad.append(f"chapters/{ch.folder}/{ex.path.name}")
                if "wb::given::" in text and '"workbook/given.hpp"' not in includes(text):
                    bad.append(f"chapters/{ch.folder}/{ex.path.name} (no #include)")
        self.assertEqual(bad, [])


class Hints(unittest.TestCase):
    def test_every_exercise_has_hints_that_climb(self):
        for ch in core.chapters():
            levels = hint_levels(ch.dir)
            for ex in ch.exercises:
                self.assertIn(ex.id, levels, f"{ch.folder}/hints.md has no section for {ex.id}")
                self.assertGreaterEqual(len(levels[ex.id]), 2, f"hints for {ex.id}: fewer than two levels")

    def test_no_hint_pastes_a_solution_line(self):
        pasted = []
        for ch in core.chapters():
            levels = hint_levels(ch.dir)
            for ex in ch.exercises:
                sol = ROOT / "solutions" / ch.folder / ex.path.name
                if not sol.is_file():
                    continue
                code = solution_code_lines(sol, core.pristine_stub(ex) or ex.path.read_text(encoding="utf-8"))
                for i, hint in enumerate(levels.get(ex.id, []), 1):
                    for span in code_spans(hint):
                        if forms(norm_code(span)) & code:
                            pasted.append(f"{ch.folder}/hints.md {ex.id} hint {i}: `{span.strip()}`")
                    # a whole solution line in running text counts too
                    flat = norm_code(hint.replace("`", ""))
                    for c in code:
                        if len(c) >= 24 and c in flat and not any(c in norm_code(s) for s in code_spans(hint)):
                            pasted.append(f"{ch.folder}/hints.md {ex.id} hint {i}: {c}")
        self.assertEqual(pasted, [], "hints that paste a line of the reference solution:\n" + "\n".join(pasted))

    def test_the_check_sees_a_pasted_line(self):
        sol = ROOT / "solutions" / "01_sigmoid" / "ex1_sigmoid.cpp"
        code = solution_code_lines(sol)
        self.assertTrue(code, "no code lines read from the solution of 1.1")
        self.assertTrue(forms(norm_code("const double e = std::exp(v);  // pasted")) & code)
        code2 = solution_code_lines(ROOT / "solutions" / "01_sigmoid" / "ex2_sigmoid_prime.cpp")
        self.assertTrue(forms(norm_code("s * (1 - s)")) & code2)


class NoOutsideLinks(unittest.TestCase):
    def test_nothing_points_outside_the_repository(self):
        """The course's notes live outside the repository: no text may send a reader
        there; what they say is in docs/numbers.md and the chapter texts."""
        words = ["../" + "shared", "/work/" + "shared", "led" + "ger"]
        hits = []
        for f in sorted(ROOT.rglob("*")):
            rel = f.relative_to(ROOT).as_posix()
            # test_release.py lists these words as the ones an edition must not contain
            if not f.is_file() or rel.startswith((".git/", "build")) or "/build" in rel or f.stat().st_size > 2 << 20 \
                    or rel == "tools/tests/test_release.py":
                continue
            try:
                text = f.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for n, line in enumerate(text.splitlines(), 1):
                if any(w in line.lower() for w in words):
                    hits.append(f"{rel}:{n}: {line.strip()[:100]}")
        self.assertEqual(hits, [], "\n".join(hits))
        self.assertTrue((ROOT / "docs" / "numbers.md").is_file())


if __name__ == "__main__":
    unittest.main()
