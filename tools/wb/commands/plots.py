"""./workbook plots [N] [--check]: regenerate the figures for slides from the reference solutions.

Each chapter program runs with WB_PLOTS_DIR pointing at a fresh directory of its own, so the
files it writes (plots/chNN_*.png, .svg, .csv, and any output files such as chNN_*.txt) are known
exactly; they are then copied into plots/ (or -o DIR). With --check every program runs twice and
the two runs must agree byte for byte (same seed, same pixels). Every figure is also read back
(its SVG) to check the style: a title, both axis labels, a legend; labels without units are
flagged. `./workbook book` uses the same machinery (generate()).
"""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

PROGRAM_TIMEOUT = float(os.environ.get("WB_PROGRAM_TIMEOUT", "900"))  # seconds for one chapter program
FIGURE_EXTS = (".png", ".svg")
# Axis labels that name a count are their own unit ("epoch", "iteration"); any other label should
# say what is measured and in what, "loss L(W) (mean over samples)" or "time [s]".
COUNT_WORDS = {"epoch", "epochs", "iteration", "iterations", "step", "steps", "update", "updates",
               "batch", "batches", "sample", "samples", "mini-batch", "mini-batches", "round", "rounds"}


def register(sub) -> None:
    p = sub.add_parser("plots", help="regenerate every figure for slides from the reference solutions (PNG, SVG, CSV)"
                       if core.has_solutions() else "draw every chapter's figures from your code (PNG, SVG, CSV)")
    p.add_argument("chapter", nargs="?", help="one chapter's figures only (a number)")
    p.add_argument("--check", action="store_true",
                   help="run each program twice and verify identical bytes; fail on figures without title, labels or legend")
    p.add_argument("-o", "--out", help="where the figures go (default: plots/)")
    p.add_argument("-v", "--verbose", action="store_true", help="show what the chapter programs print")
    p.add_argument("--no-build", action="store_true",
                   help="use the chapter programs already built (the tests do: the build ran before them)")
    p.set_defaults(func=run)


# ------------------------------------------------------------------------------------------------
# Running the chapter programs
# ------------------------------------------------------------------------------------------------
@dataclass
class ChapterRun:
    chapter: core.Chapter
    side: str
    dir: Path                   # where this run's files are
    returncode: int
    stdout: str                 # what the program printed, without the "plots: wrote <tmp path>" lines
    stderr: str
    files: dict = field(default_factory=dict)   # file name -> Path in dir

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def figures(self) -> list:
        """Figure stems this run wrote (a .png or .svg), sorted: ['ch01_sigmoid', 'ch01_tanh']."""
        return sorted({Path(n).stem for n in self.files if Path(n).suffix in FIGURE_EXTS})


def side_for_figures() -> str:
    """The reference solutions draw the figures; the student edition has only the student's code."""
    return "solution" if core.has_solutions() else "student"


def build_programs(chs: list, side: str, bdir: Path | None = None, no_build: bool = False):
    """Build the chapter programs; with no_build, only if one of them is missing (returns None
    when nothing was built)."""
    if no_build and all(core.program_binary(c, side, bdir).exists() for c in chs):
        return None
    targets = [f"{c.tag}_{side}" for c in chs]
    b = core.build(targets, bdir=bdir, keep_going=True, log_name=f"plots-{side}")
    if not b.ok and "unknown target" in b.log:
        # a chapter folder added since CMake last ran: the top-level glob needs a fresh configure
        r = subprocess.run(["cmake", "-S", str(core.ROOT), "-B", str(bdir or core.build_dir())],
                           capture_output=True, text=True)
        if r.returncode == 0:
            b = core.build(targets, bdir=bdir, keep_going=True, log_name=f"plots-{side}")
    return b


def run_program(ch: core.Chapter, side: str, outdir: Path, bdir: Path | None = None) -> ChapterRun:
    """Run one chapter program with WB_PLOTS_DIR=outdir (emptied first); collect what it wrote."""
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    exe = core.program_binary(ch, side, bdir)
    if not exe.exists():
        return ChapterRun(ch, side, outdir, 127, "", f"{exe} was not built")
    env = dict(os.environ, WB_PLOTS_DIR=str(outdir), LC_ALL="C.UTF-8")
    try:
        r = subprocess.run([str(exe)], cwd=core.ROOT, env=env, capture_output=True, text=True,
                           timeout=PROGRAM_TIMEOUT)
        code, out, err = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        code, err = 124, f"the chapter {ch.number} program ran longer than {PROGRAM_TIMEOUT:.0f} s and was stopped"
    files = {p.name: p for p in sorted(outdir.iterdir()) if p.is_file()}
    lines = [l for l in out.splitlines() if not (l.startswith("plots: wrote ") and str(outdir) in l)]
    return ChapterRun(ch, side, outdir, code, "\n".join(lines) + ("\n" if lines else ""), err, files)


def generate(chs: list, workdir: Path, side: str | None = None, bdir: Path | None = None,
             no_build: bool = False) -> tuple:
    """Build and run the chapter programs of `chs`, each into workdir/chNN. Returns
    (runs: {chapter number: ChapterRun}, build result or None)."""
    side = side or side_for_figures()
    b = build_programs(chs, side, bdir, no_build)
    runs = {}
    for ch in chs:
        runs[ch.number] = run_program(ch, side, workdir / ch.tag, bdir)
    return runs, b


def failure_text(run: ChapterRun, lines: int = 15) -> str:
    tail = (run.stdout + run.stderr).strip().splitlines()[-lines:]
    return "\n".join("    " + l for l in tail)


# ------------------------------------------------------------------------------------------------
# Style: read a figure's SVG back (gnuplot 5.4's svg terminal) for its title, labels and legend
# ------------------------------------------------------------------------------------------------
@dataclass
class FigureStyle:
    name: str
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    legend: list = field(default_factory=list)
    series: list = field(default_factory=list)    # series titles from the CSV

    def problems(self) -> list:
        out = []
        if not self.title:
            out.append("no title")
        if not self.xlabel:
            out.append("no x-axis label")
        if not self.ylabel:
            out.append("no y-axis label")
        if not self.legend:
            out.append("no legend")
        elif len([s for s in self.series if s]) < len(self.series):
            out.append("a series without a title (missing from the legend)")
        return out

    def unit_warnings(self) -> list:
        return [f"{axis} label '{label}' has no units" for axis, label in (("x", self.xlabel), ("y", self.ylabel))
                if label and not has_units(label)]


def has_units(label: str) -> bool:
    """'loss L(W) (mean squared error)', 'time [s]' and counts ('epoch') say what they measure."""
    if re.search(r"\(.*\)|\[.*\]", label):
        return True
    return label.strip().lower() in COUNT_WORDS


_NS = "{http://www.w3.org/2000/svg}"


def _text_of(el) -> str:
    return "".join(el.itertext()).strip()


def read_style(svg: Path, csv: Path | None = None) -> FigureStyle:
    style = FigureStyle(svg.stem)
    try:
        root = ET.parse(svg).getroot()
    except (ET.ParseError, OSError):
        return style
    vb = (root.get("viewBox") or "0 0 1200 750").split()
    height = float(vb[3]) if len(vb) == 4 else 750.0
    in_plot: set = set()
    for g in root.iter(f"{_NS}g"):
        if (g.get("id") or "").startswith("gnuplot_plot_"):
            # the legend shows an entry as text inside the plot's group (with "unset key" the
            # group keeps its <title> but draws no text)
            t = g.find(f"{_NS}title")
            drawn = any(True for _ in g.iter(f"{_NS}text"))
            if drawn and t is not None and (t.text or "").strip() and t.text.strip() not in style.legend:
                style.legend.append(t.text.strip())
            for sub in g.iter():
                in_plot.add(id(sub))
    legend_texts = set(style.legend)
    middle, rotated = [], []
    for g in root.iter(f"{_NS}g"):
        if id(g) in in_plot:
            continue
        m = re.match(r"translate\(([-\d.]+),([-\d.]+)\)(?:\s*rotate\(([-\d.]+)\))?", g.get("transform") or "")
        texts = [t for t in g.findall(f"{_NS}text")]
        if not m or not texts:
            continue
        text = " ".join(_text_of(t) for t in texts)
        if not text or text in legend_texts:
            continue
        x, y, rot = float(m.group(1)), float(m.group(2)), m.group(3)
        if rot and float(rot) % 180:
            rotated.append((x, text))
        elif g.get("text-anchor") == "middle":
            middle.append((y, text))
    numeric = re.compile(r"^[-+\u2212]?[\d.,]+(e[-+]?\d+)?(\s*[-+\u2212]?\d+)?%?$", re.I)
    words = [(y, t) for y, t in middle if not numeric.match(t)]
    if words:
        top = min(words)
        if top[0] < height * 0.2:
            style.title = top[1]
        bottom = max(words)
        if bottom[0] > height * 0.8 and bottom is not top:
            style.xlabel = bottom[1]
    if rotated:
        style.ylabel = min(rotated)[1]
    if csv and csv.exists():
        seen = []
        for line in csv.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            m = re.match(r'^"((?:[^"\\]|\\.)*)",', line)
            if m and m.group(1) not in seen:
                seen.append(m.group(1))
        style.series = seen
    return style


def check_styles(files: dict) -> tuple:
    """({figure: [problems]}, {figure: [unit warnings]}) for every .svg among files (name -> Path)."""
    problems, units = {}, {}
    for name, path in sorted(files.items()):
        if not name.endswith(".svg"):
            continue
        st = read_style(path, path.with_suffix(".csv"))
        if st.problems():
            problems[st.name] = st.problems()
        if st.unit_warnings():
            units[st.name] = st.unit_warnings()
    return problems, units


# ------------------------------------------------------------------------------------------------
# The command
# ------------------------------------------------------------------------------------------------
def _copy_into(run: ChapterRun, dest: Path) -> tuple:
    """Copy a run's files into dest (atomically, one by one); remove this chapter's files there
    that the program no longer writes. Returns (written, removed) as lists of Paths."""
    dest.mkdir(parents=True, exist_ok=True)
    written, removed = [], []
    for name, src in run.files.items():
        target = dest / name
        tmp = dest / f".{name}.tmp{os.getpid()}"
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)
        written.append(target)
    for old in sorted(dest.glob(f"{run.chapter.tag}_*")):
        if old.is_file() and old.name not in run.files and old.suffix in (".png", ".svg", ".csv", ".txt", ".md"):
            old.unlink()
            removed.append(old)
    return written, removed


def compare_runs(a: ChapterRun, b: ChapterRun) -> list:
    """Differences between two runs of the same program: missing files and differing bytes."""
    diffs = []
    for name in sorted(set(a.files) | set(b.files)):
        if name not in a.files or name not in b.files:
            diffs.append(f"{name}: written by only one of the two runs")
        elif not filecmp.cmp(a.files[name], b.files[name], shallow=False):
            diffs.append(f"{name}: the two runs wrote different bytes")
    return diffs


def stdout_note(a: ChapterRun, b: ChapterRun) -> str:
    """Printed output may differ (a benchmark prints timings); then the book must not quote it."""
    if a.stdout == b.stdout:
        return ""
    la, lb = a.stdout.splitlines(), b.stdout.splitlines()
    first = next((i for i, (x, y) in enumerate(zip(la, lb)) if x != y), min(len(la), len(lb)))
    return (f"the printed output differs between the two runs (from line {first + 1}: timings?); "
            f"the book should not quote it with <!-- output:{a.chapter.tag}:stdout -->")


def run(args) -> int:
    core.ensure_packages()
    chs = [core.find_chapter(args.chapter)] if args.chapter else core.chapters()
    side = side_for_figures()
    dest = Path(args.out).resolve() if args.out else core.ROOT / "plots"
    p = core.color()
    if side == "student":
        print("workbook: the figures come from your own code; "
              "chapters whose exercises are not done yet draw nothing", file=sys.stderr)
    b = build_programs(chs, side, no_build=args.no_build)
    if b is not None and not b.ok:
        for src, err in b.first_errors.items():
            print(f"workbook: does not compile: {err.splitlines()[0]}", file=sys.stderr)
        print(f"workbook: the build failed (full log: {core.short_path(b.log_path)})", file=sys.stderr)
        if side == "solution":
            return 1
    failed, nondeterministic, style_failures = [], [], []
    total = 0
    with tempfile.TemporaryDirectory(prefix="wb-plots-") as tmp:
        for ch in chs:
            r1 = run_program(ch, side, Path(tmp) / "first" / ch.tag)
            if args.verbose:
                sys.stdout.write(r1.stdout)
            if not r1.ok:
                print(p("red", f"chapter {ch.number}: the program stopped (exit {r1.returncode})"))
                print(failure_text(r1))
                failed.append(ch.number)
                continue
            written, removed = _copy_into(r1, dest)
            total += len(written)
            figs = r1.figures()
            heading = ch.title if ch.title.lower().startswith("chapter") else f"Chapter {ch.number}: {ch.title}"
            print(p("bold", heading) + f"  ({len(figs)} figure{'s' * (len(figs) != 1)})")
            for f in written:
                print(f"  {core.short_path(f)}")
            for f in removed:
                print(f"  removed {core.short_path(f)} (no longer written by chapter {ch.number})")
            if not figs:
                print(p("yellow", f"  chapter {ch.number} wrote no figures"))
            problems, units = check_styles(r1.files)
            for fig, probs in problems.items():
                print(p("red", f"  style: {fig}: " + ", ".join(probs)))
                style_failures.append(fig)
            for fig, warns in units.items():
                print(p("yellow", f"  units: {fig}: " + "; ".join(warns)))
            if args.check:
                r2 = run_program(ch, side, Path(tmp) / "second" / ch.tag)
                diffs = compare_runs(r1, r2) if r2.ok else [f"the second run stopped (exit {r2.returncode})"]
                if diffs:
                    nondeterministic.append(ch.number)
                    for d in diffs:
                        print(p("red", f"  not deterministic: {d}"))
                else:
                    print(p("green", f"  deterministic: a second run wrote the same {len(r1.files)} file{'s' * (len(r1.files) != 1)}, byte for byte"))
                if r2.ok and (note := stdout_note(r1, r2)):
                    print(p("yellow", f"  note: {note}"))
    print(f"\n{total} file{'s' * (total != 1)} written to {core.short_path(dest)}"
          + (f"; chapters {failed} stopped" if failed else ""))
    if args.check:
        if nondeterministic:
            print(p("red", f"check: chapters {nondeterministic} are not deterministic"))
        if style_failures:
            print(p("red", f"check: {len(style_failures)} figures lack a title, an axis label or a legend"))
        if not nondeterministic and not style_failures and not failed:
            print(p("green", "check: every figure is reproducible byte for byte and has a title, axis labels and a legend"))
    bad = failed and side == "solution"
    return 1 if bad or (args.check and (nondeterministic or style_failures or failed)) else 0
