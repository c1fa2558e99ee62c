"""./workbook book [N ...] [-o FILE]: render the chapters into one offline HTML book.

Each chapter text (chapters/NN_x/README.md) is read as it stands, and its markers are filled from
the sources, never retyped:

  <!-- listing:N.K -->        the tagged region // [listing:N.K] ... // [/listing] of the reference
                              solution (solutions/NN_x/*.cpp; given code in chapters/NN_x may be
                              tagged too). Student edition (no solutions/): the exercise's
                              statement and stub, and the book says so.
  <!-- statement:N.K -->      the statement block of chapters/NN_x/exK_name.cpp
  <!-- output:chNN:NAME -->   a file the chapter program wrote next to its plots, chNN_NAME.md
                              (inserted as Markdown), .txt (verbatim) or .csv (a table);
                              NAME "stdout" is everything the program printed
  <!-- figure:chNN_name -->   that figure here; the chapter's other figures follow at its end

A marker that names nothing (a missing tag, output or figure) is an error naming the chapter file
and line. The chapter programs run first (the reference solutions, through the machinery of
`./workbook plots`), so the figures and numbers are the ones this tree's code produces. Then
pandoc makes one standalone HTML file: MathML (no JavaScript, no CDN), images embedded as data
URIs, the CSS of tools/book/ inlined: it opens offline.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from wb import core
from wb.commands import plots

BOOK_DIR = core.ROOT / "tools" / "book"
TITLE = "Backpropagation, by hand and in C++"
MARKER = re.compile(r"<!--\s*(listing|statement|output|figure)\s*:\s*(.*?)\s*-->")
LOOSE_MARKER = re.compile(r"<!--\s*(listing|statement|output|figure)\b", re.I)
TAG_OPEN = re.compile(r"^\s*//\s*\[listing:([^\]\s]+)\]\s*$")
TAG_CLOSE = re.compile(r"^\s*//\s*\[/listing(?::[^\]]*)?\]\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)")
SOURCE_EXTS = {".cpp", ".hpp", ".h", ".cc"}


class BookError(Exception):
    """A problem in a chapter text or its sources; the message names the file and line."""


def register(sub) -> None:
    p = sub.add_parser("book", help="render the chapters into one offline HTML book (pandoc, MathML, listings from the sources)")
    p.add_argument("chapters", nargs="*", help="chapter numbers (default: every chapter)")
    p.add_argument("-o", "--output", help="the HTML file (default: build/book/workbook.html)")
    p.add_argument("--svg", action="store_true", help="embed the SVG figures instead of the PNGs")
    p.add_argument("--markdown", help="also write the Markdown that pandoc reads to this file (for authors)")
    p.add_argument("--no-build", action="store_true",
                   help="use the chapter programs already built (the tests do: the build ran before them)")
    p.set_defaults(func=run)


# ------------------------------------------------------------------------------------------------
# Tagged regions of the sources
# ------------------------------------------------------------------------------------------------
@dataclass
class Region:
    tag: str
    path: Path
    first: int                  # first line of code (1-based), after the opening tag
    last: int
    lines: list = field(default_factory=list)


def scan_tags(path: Path) -> list:
    """Every // [listing:TAG] ... // [/listing] region of a file (regions may nest; the tag lines
    themselves are left out)."""
    regions, stack = [], []
    for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if m := TAG_OPEN.match(line):
            stack.append(Region(m.group(1), path, i + 1, i + 1))
            continue
        if TAG_CLOSE.match(line):
            if not stack:
                raise BookError(f"{core.short_path(path)}:{i}: '// [/listing]' closes no open '// [listing:...]'")
            r = stack.pop()
            r.last = i - 1
            regions.append(r)
            continue
        for r in stack:
            r.lines.append(line)
    if stack:
        r = stack[-1]
        raise BookError(f"{core.short_path(path)}:{r.first - 1}: '// [listing:{r.tag}]' is never closed with '// [/listing]'")
    return regions


def source_files(folder: Path) -> list:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in SOURCE_EXTS and p.is_file())


def code_text(lines: list) -> str:
    text = textwrap.dedent("\n".join(lines)).strip("\n")
    return text


# ------------------------------------------------------------------------------------------------
# Markdown pieces
# ------------------------------------------------------------------------------------------------
def fence(code: str, attrs: str) -> list:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
    return [f"{ticks}{{{attrs}}}", *code.splitlines(), ticks]


def source_note(text: str) -> list:
    """Where a listing or an output comes from, as a div: a bracketed span here would be paired by
    pandoc 2.17 with a stray '[' in the chapter's prose, blocks earlier ("[begin, end) ranges")."""
    return ["::: {.listing-source}", text, ":::"]


def md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()<>#+!|^~$@])", r"\\\1", text)


def csv_table(text: str, source: str) -> list:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if r]
    if not rows:
        raise BookError(f"{source}: the output file is empty")
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]

    def cell(c: str) -> str:
        c = c.strip()
        return md_escape(c) if c else " "

    out = ["| " + " | ".join(cell(c) for c in rows[0]) + " |",
           "|" + "|".join("---:" if all(_numeric(r[j]) for r in rows[1:]) and len(rows) > 1 else "---"
                          for j in range(width)) + "|"]
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows[1:]]
    return out


def _numeric(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


# ------------------------------------------------------------------------------------------------
# The book's sources: chapters, their runs, their tags
# ------------------------------------------------------------------------------------------------
class Sources:
    def __init__(self, chapters: list, runs: dict, edition: str, figure_ext: str):
        self.chapters = {c.number: c for c in chapters}
        self.runs = runs                      # chapter number -> plots.ChapterRun
        self.edition = edition                # "solution" or "student"
        self.figure_ext = figure_ext
        self.regions: dict = {}               # chapter number -> {tag: [Region]}
        self.figure_titles: dict = {}

    def tags(self, n: int) -> dict:
        if n not in self.regions:
            ch = self.chapters[n]
            found: dict = {}
            folders = [core.ROOT / "solutions" / ch.folder] if self.edition == "solution" else []
            folders.append(ch.dir)
            for folder in folders:
                for f in source_files(folder):
                    for r in scan_tags(f):
                        found.setdefault(r.tag, []).append(r)
            self.regions[n] = found
        return self.regions[n]

    def find_tag(self, tag: str, n: int) -> list:
        """The regions tagged `tag`: this chapter's first, then the chapter its number names."""
        order = [n]
        if m := re.match(r"^(\d+)\.", tag):
            order.append(int(m.group(1)))
        for k in order:
            if k in self.chapters and tag in self.tags(k):
                return self.tags(k)[tag]
        return []

    def exercise(self, ident: str):
        m = re.fullmatch(r"(\d+)\.(\d+)", ident)
        if not m or int(m.group(1)) not in self.chapters:
            return None
        for ex in self.chapters[int(m.group(1))].exercises:
            if ex.number == int(m.group(2)):
                return ex
        return None

    def figure_title(self, path: Path) -> str:
        if path not in self.figure_titles:
            svg = path.with_suffix(".svg")
            title = plots.read_style(svg).title if svg.exists() else ""
            self.figure_titles[path] = re.sub(r"^Chapter\s+\d+\s*[:.\-\u2013\u2014]\s*", "", title)
        return self.figure_titles[path]


def statement_lines(path: Path) -> tuple:
    """(statement text, stub code) of an exercise file: the block between the // ==== rules, and
    what follows it."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    rules = [i for i, l in enumerate(lines) if re.match(r"^//\s*={10,}\s*$", l)]
    if len(rules) < 2:
        return "", ""
    block = [re.sub(r"^// ?", "", l) for l in lines[rules[0] + 1:rules[1]]]
    stub = "\n".join(lines[rules[0]:]).strip("\n")
    return "\n".join(block).strip("\n"), stub


# ------------------------------------------------------------------------------------------------
# Preprocessing one chapter text
# ------------------------------------------------------------------------------------------------
class Chapter:
    def __init__(self, src: Sources, ch: core.Chapter):
        self.src, self.ch = src, ch
        self.readme = ch.dir / "README.md"
        self.where = core.short_path(self.readme)
        self.placed: set = set()
        self.figure_count = 0
        self.listed: set = set()
        self.notes: list = []
        self.errors: list = []

    # each handler returns the Markdown lines that replace the marker
    def listing(self, arg: str, line: int) -> list:
        regions = self.src.find_tag(arg, self.ch.number)
        ex = self.src.exercise(arg)
        self.listed.add(arg)
        anchor = "listing-" + re.sub(r"[^\w-]", "-", arg)
        if regions:
            code = "\n\n".join(code_text(r.lines) for r in regions)
            where = "; ".join(f"`{core.short_path(r.path)}`, lines {r.first}\u2013{r.last}" for r in regions)
            label = f"Listing {arg}" if re.fullmatch(r"\d+\.\d+", arg) else f"Listing: {arg}"
            return [f"::: {{.listing #{anchor}}}", *fence(code, ".cpp"),
                    *source_note(f"{label} \u2014 {where}"), ":::"]
        if self.src.edition == "student" and ex is not None:
            _, stub = statement_lines(ex.path)
            return [f"::: {{.listing .student #{anchor}}}", *fence(stub, ".cpp"),
                    *source_note(f"Exercise {arg} \u2014 "
                                 f"the statement and your code in `{core.short_path(ex.path)}` (the stub, "
                                 f"until you fill it in)"), ":::"]
        hint = ""
        if ex is not None:
            hint = (f" (put '// [listing:{arg}]' and '// [/listing]' around the code in "
                    f"solutions/{ex.path.parent.name}/{ex.path.name})")
        raise BookError(f"{self.where}:{line}: <!-- listing:{arg} --> names no tagged region{hint}")

    def statement(self, arg: str, line: int) -> list:
        ex = self.src.exercise(arg)
        if ex is None:
            raise BookError(f"{self.where}:{line}: <!-- statement:{arg} --> names no exercise (write it as N.K)")
        text, _ = statement_lines(ex.path)
        if not text:
            raise BookError(f"{self.where}:{line}: {core.short_path(ex.path)} has no statement block between '// ====' rules")
        return [f"::: {{.statement #statement-{arg.replace('.', '-')}}}", *fence(text, ".text"),
                *source_note(f"The statement of exercise {arg}, from `{core.short_path(ex.path)}`"), ":::"]

    def output(self, arg: str, line: int) -> list:
        m = re.fullmatch(r"ch(\d+):([\w.-]+)", arg)
        if not m:
            raise BookError(f"{self.where}:{line}: <!-- output:{arg} --> should read <!-- output:chNN:NAME -->")
        n, name = int(m.group(1)), m.group(2)
        run = self.src.runs.get(n)
        if run is None:
            raise BookError(f"{self.where}:{line}: <!-- output:{arg} -->: there is no chapter {n}")
        if not run.ok:
            if self.src.edition == "student":
                return [f"::: {{.note}}", f"*The output of the chapter {n} program appears here once its exercises "
                        f"are done: `./workbook run {n}`.*", ":::"]
            raise BookError(f"{self.where}:{line}: <!-- output:{arg} -->: the chapter {n} program stopped "
                            f"(exit {run.returncode}):\n{plots.failure_text(run)}")
        tag = f"ch{n:02d}"
        if name == "stdout":
            return ["::: {.output}", *fence(run.stdout.rstrip("\n"), ".text"),
                    *source_note(f"What the chapter {n} program prints (`./workbook run {n}`)"), ":::"]
        stem = name if name.startswith(tag + "_") else f"{tag}_{name}"
        for ext in (".md", ".txt", ".csv"):
            f = run.dir / (stem + ext)
            if f.exists():
                text = f.read_text(encoding="utf-8", errors="replace")
                caption = source_note(f"Written by the chapter {n} program: `plots/{stem}{ext}`")
                if ext == ".md":
                    body = text.rstrip("\n").splitlines()
                elif ext == ".txt":
                    body = fence(text.rstrip("\n"), ".text")
                else:
                    body = csv_table(text, f"plots/{stem}{ext}")
                return ["::: {.output}", *body, "", *caption, ":::"]
        written = ", ".join(sorted(n_ for n_ in run.files if not n_.endswith((".png", ".svg")))) or "none"
        raise BookError(f"{self.where}:{line}: <!-- output:{arg} -->: the chapter {n} program wrote no "
                        f"{stem}.md, .txt or .csv (its data files: {written})")

    def figure(self, arg: str, line: int) -> list:
        m = re.fullmatch(r"(ch(\d+)_[\w-]+)", arg)
        if not m:
            raise BookError(f"{self.where}:{line}: <!-- figure:{arg} --> should read <!-- figure:chNN_name -->")
        n = int(m.group(2))
        run = self.src.runs.get(n)
        if run is None:
            raise BookError(f"{self.where}:{line}: <!-- figure:{arg} -->: there is no chapter {n}")
        if not run.ok and self.src.edition == "student":
            self.placed.add(arg)
            return [f"*Figure `{arg}` appears here once the chapter {n} exercises are done: `./workbook run {n}`.*"]
        if not run.ok:
            raise BookError(f"{self.where}:{line}: <!-- figure:{arg} -->: the chapter {n} program stopped "
                            f"(exit {run.returncode}):\n{plots.failure_text(run)}")
        if arg not in run.figures():
            raise BookError(f"{self.where}:{line}: <!-- figure:{arg} -->: the chapter {n} program drew no such figure "
                            f"(it drew: {', '.join(run.figures()) or 'none'})")
        self.placed.add(arg)
        return self.figure_markdown(run, arg)

    def figure_markdown(self, run: plots.ChapterRun, stem: str) -> list:
        self.figure_count += 1
        ext = self.src.figure_ext if (stem + self.src.figure_ext) in run.files else \
            next(e for e in plots.FIGURE_EXTS if stem + e in run.files)
        path = run.files[stem + ext]
        title = self.src.figure_title(path) or stem.split("_", 1)[1].replace("_", " ")
        caption = (f"Figure {self.ch.number}.{self.figure_count}: {md_escape(title)}. "
                   f"`plots/{stem}.png`, `.svg`; the data: `{stem}.csv`")
        rel = path.relative_to(run.dir.parent)
        return [f"![{caption}]({rel.as_posix()}){{#fig-{stem}}}"]

    # the whole text
    def render(self) -> list:
        if not self.readme.exists():
            raise BookError(f"{self.where}: missing: the chapter text (the chapter contract, docs/authoring.md)")
        lines = self.readme.read_text(encoding="utf-8").splitlines()
        out: list = []
        in_fence = None
        titled = False
        handlers = dict(listing=self.listing, statement=self.statement, output=self.output, figure=self.figure)
        for i, raw in enumerate(lines, 1):
            fm = FENCE.match(raw)
            if in_fence:
                if fm and fm.group(1)[0] == in_fence[0] and len(fm.group(1)) >= len(in_fence):
                    in_fence = None
                out.append(raw)
                continue
            if fm:
                in_fence = fm.group(1)
                out.append(raw)
                continue
            if not titled and raw.startswith("# "):
                out.append(f"{raw.rstrip()} {{#chapter-{self.ch.number} .chapter}}")
                titled = True
                continue
            spans = [m.span() for m in INLINE_CODE.finditer(raw)]    # `<!-- listing:N.K -->` quoted in prose

            def quoted(m) -> bool:
                return any(a <= m.start() < b for a, b in spans)
            markers = [m for m in MARKER.finditer(raw) if not quoted(m)]
            if len(markers) != len([m for m in LOOSE_MARKER.finditer(raw) if not quoted(m)]):
                raise BookError(f"{self.where}:{i}: a marker the book cannot read: {raw.strip()} "
                                "(write <!-- listing:N.K -->, <!-- statement:N.K -->, <!-- output:chNN:NAME --> "
                                "or <!-- figure:chNN_name -->)")
            for m in re.finditer(r"!\[[^\]]*\]\(\s*<?(https?:)?//", raw):
                raise BookError(f"{self.where}:{i}: an image from the network; the book must work offline "
                                "(draw it with the chapter program or put it in the repository)")
            if not markers:
                out.append(raw)
                continue
            blocks = []
            for m in markers:
                try:
                    blocks.append(handlers[m.group(1)](m.group(2), i))
                except BookError as e:      # report every hole of the chapter, not just the first
                    self.errors.append(str(e))
                    blocks.append([])
            text = raw
            for m in reversed(markers):
                text = text[:m.start()] + text[m.end():]
            text = text.rstrip()
            if text.strip():
                item = LIST_ITEM.match(text)
                indent = " " * len(item.group(1)) if item else re.match(r"^\s*", text).group(0)
                out.append(text)
            else:
                indent = re.match(r"^\s*", raw).group(0)
            for b in blocks:
                out.append("")
                out.extend((indent + l) if l.strip() else "" for l in b)
            out.append("")
        if in_fence:
            raise BookError(f"{self.where}: a code fence {in_fence} is never closed")
        if not titled:
            out[:0] = [f"# Chapter {self.ch.number}: {self.ch.title} {{#chapter-{self.ch.number} .chapter}}", ""]
        run = self.src.runs.get(self.ch.number)
        if run is not None and run.ok:
            rest = [f for f in run.figures() if f not in self.placed]
            if rest:
                out += ["", "## Figures", "",
                        f"Drawn by the chapter {self.ch.number} program on the "
                        f"{'reference solutions' if run.side == 'solution' else 'your code'} "
                        f"(`./workbook plots {self.ch.number}` writes them to `plots/` for slides).", ""]
                for f in rest:
                    out += self.figure_markdown(run, f) + [""]
        elif run is not None and self.src.edition == "student":
            out += ["", "::: {.note}", f"*The figures of chapter {self.ch.number} appear here once its exercises are "
                    f"done (`./workbook check {self.ch.number}`, then `./workbook book` again).*", ":::"]
        for ex in self.ch.exercises:
            if ex.id not in self.listed:
                self.notes.append(f"{self.where}: exercise {ex.id} ({ex.name}) has no <!-- listing:{ex.id} --> marker")
        return out


# ------------------------------------------------------------------------------------------------
# pandoc
# ------------------------------------------------------------------------------------------------
def embed_flag() -> list:
    """pandoc >= 2.19 says --embed-resources; Debian 12's 2.17 says --self-contained."""
    r = subprocess.run(["pandoc", "--help"], capture_output=True, text=True)
    return ["--embed-resources", "--standalone"] if "--embed-resources" in r.stdout else ["--self-contained"]


def git_revision() -> str:
    try:
        r = subprocess.run(["git", "-C", str(core.ROOT), "describe", "--always", "--dirty"],
                           capture_output=True, text=True, timeout=20)
        return r.stdout.strip() if r.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


def front_matter(edition: str, chapters: list) -> list:
    """A YAML block: the abstract (what the book is made of) goes above the contents."""
    rev = git_revision()
    what = ("The code listings are the reference solutions that the test suites check, pulled from "
            "`solutions/` by their `// [listing:N.K]` tags; the figures and printed numbers come from running "
            "the chapter programs on those solutions while this book was made."
            if edition == "solution" else
            "This is the student edition: the exercises appear as their statements and stubs, for you to "
            "complete; the figures appear once your code draws them.")
    made = (f"[Made by `./workbook book`{' from commit ' + rev if rev else ''}; "
            f"chapters {', '.join(str(c.number) for c in chapters)}.]{{.made}}")
    body = ("Each chapter derives one step of backpropagation from the lecture notes, states the convention it "
            "follows, and then sets the exercises that implement it. " + what)
    return ["---", "abstract: |", "  " + body, "", "  " + made, "...", ""]


def pandoc(markdown: str, workdir: Path, output: Path) -> None:
    md = workdir / "book.md"
    md.write_text(markdown, encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = output.with_name(output.name + ".tmp")
    # The chapter texts write TeX math between dollars; outside it, plain-text formulas must stay
    # as written: no superscript up to the next caret ("t^{(d)} - out^{(d)}"), no footnote from
    # "delta^[N]", and no TeX command silently dropped (-raw_tex: it shows, and the test sees it).
    cmd = ["pandoc", str(md), "-f", "markdown-superscript-subscript-inline_notes-raw_tex", "-t", "html5", "--standalone", *embed_flag(),
           "--mathml", "--toc", "--toc-depth=2", "--section-divs",
           "--template", str(BOOK_DIR / "template.html"),
           "--css", str(BOOK_DIR / "book.css"),
           "--lua-filter", str(BOOK_DIR / "book.lua"),
           "--include-after-body", str(BOOK_DIR / "selfcheck.html"),
           "--highlight-style", "tango",
           "--resource-path", str(workdir),
           "--metadata", f"title={TITLE}", "--metadata", "lang=en",
           "-o", str(tmp_out)]
    r = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    problems = [l for l in r.stderr.splitlines() if l.strip()]
    fatal = [l for l in problems if re.search(r"Could not (fetch|find)|not found|resource", l, re.I)]
    if r.returncode != 0 or fatal:
        tmp_out.unlink(missing_ok=True)
        raise BookError("pandoc failed:\n" + "\n".join(problems or [f"exit {r.returncode}"]) +
                        f"\n(its input: {md})")
    for l in problems:
        print(f"pandoc: {l}", file=sys.stderr)
    tmp_out.replace(output)


# ------------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------------
def run(args) -> int:
    core.ensure_packages(extra=["pandoc"])
    if not shutil.which("pandoc"):
        raise SystemExit("workbook: pandoc is missing: apt-get install pandoc")
    every = core.chapters()
    chs = [core.find_chapter(c) for c in args.chapters] if args.chapters else every
    chs = sorted({c.number: c for c in chs}.values(), key=lambda c: c.number)
    edition = "solution" if core.has_solutions() else "student"
    output = Path(args.output).resolve() if args.output else core.build_dir() / "book" / "workbook.html"

    # the chapters whose programs the texts quote (a chapter may quote another's output)
    needed = {c.number for c in chs}
    for c in chs:
        readme = c.dir / "README.md"
        if readme.exists():
            for m in MARKER.finditer(readme.read_text(encoding="utf-8")):
                if mm := re.match(r"ch(\d+)", m.group(2)):
                    needed.add(int(mm.group(1)))
    run_chs = [c for c in every if c.number in needed]
    print(f"workbook: running the chapter programs on {'the reference solutions' if edition == 'solution' else 'your code'} "
          f"(chapters {', '.join(str(c.number) for c in run_chs)}) ...", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="wb-book-") as tmp:
        return make_book(args, chs, run_chs, edition, Path(tmp), output)


def make_book(args, chs: list, run_chs: list, edition: str, work: Path, output: Path) -> int:
    runs, b = plots.generate(run_chs, work, side=edition, no_build=args.no_build)
    if b is not None and not b.ok and edition == "solution":
        for src, err in b.first_errors.items():
            print(f"workbook: does not compile: {err.splitlines()[0]}", file=sys.stderr)
        raise SystemExit(f"workbook: the build failed (full log: {core.short_path(b.log_path)})")
    for n, r in runs.items():
        if not r.ok and edition == "solution":
            raise SystemExit(f"workbook: the chapter {n} program stopped on the reference solutions "
                             f"(exit {r.returncode}):\n{plots.failure_text(r)}")

    src = Sources(run_chs, runs, edition, ".svg" if args.svg else ".png")
    parts = front_matter(edition, chs)
    notes = []
    errors = []
    try:
        for c in chs:
            chapter = Chapter(src, c)
            try:
                parts += chapter.render() + [""]
            except BookError as e:
                errors.append(str(e))
            errors += chapter.errors
            notes += chapter.notes
        if errors:
            raise BookError(f"{len(errors)} problem{'s' * (len(errors) > 1)}:\n" + "\n".join("  " + e for e in errors))
        markdown = "\n".join(parts) + "\n"
        if args.markdown:
            Path(args.markdown).write_text(markdown, encoding="utf-8")
        pandoc(markdown, work, output)
    except BookError as e:
        print(f"workbook: book: {e}", file=sys.stderr)
        return 1
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    size = output.stat().st_size
    print(f"workbook: wrote {output} ({size / 1e6:.1f} MB, {len(chs)} chapter{'s' * (len(chs) != 1)}, "
          f"{'reference' if edition == 'solution' else 'student'} edition); open it in any browser, offline")
    return 0
