"""The reader test of `./workbook book`: render the book as a reader gets it, then read it.

1. The HTML itself: formulas are MathML (no `$$`, no `\\frac` left in the text), every image is
   embedded (data: URI), nothing is fetched from the network (no scripts, styles or images by URL),
   every chapter has its anchor, and every listing is the tagged region of the source file that
   the suites test, character for character.
2. The preprocessing: a marker that names nothing is an error naming the chapter file and line.
3. In a browser: Chromium headless opens the file. --dump-dom reads what the book's own check
   script found (every <img> decoded, every formula laid out as MathML: a fraction's numerator
   above its denominator); --screenshot takes each chapter alone (workbook.html?chapter=N), and
   the picture must show the chapter from its top line. Screenshots are kept in
   build/book/screenshots/ to look at.

Chromium: when it is missing and we are root (CI), the test installs Debian's `chromium` (through
the driver's package installer); not root, it says loudly that the browser part was SKIPPED.
WB_BOOK_BROWSER=skip skips it on purpose (also said loudly). When the browser part is skipped and
the rest passes, the script exits 77, which CTest reports as "Skipped". Run alone:
    python3 tools/tests/test_book.py -v
"""
from __future__ import annotations

import html
import html.parser
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import types
import unittest
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import core  # noqa: E402
from wb.commands import book, plots  # noqa: E402

BOOK_TIMEOUT = 1800
BROWSER_TIMEOUT = 180
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars"]
RAW_LATEX = re.compile(r"\$\$|\\(?:[A-Za-z]{2,}|[,;!])|\$[^$\s][^$\n]{0,80}\$")


def say(msg: str) -> None:
    print(f"test_book: {msg}", file=sys.stderr, flush=True)


class Page(html.parser.HTMLParser):
    """What a reader's browser would see: the visible text (outside code, math, scripts and
    styles), the images, the external references, the ids and the code blocks."""
    HIDDEN = {"pre", "code", "math", "script", "style", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = {t: 0 for t in self.HIDDEN}
        self.text: list = []
        self.imgs: list = []
        self.external: list = []
        self.ids: set = set()
        self.math = 0
        self.code: list = []
        self.styles: list = []
        self.body_attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.depth:
            self.depth[tag] += 1
        if tag == "math":
            self.math += 1
        if tag == "pre":
            self.code.append("")
        if tag == "body":
            self.body_attrs = a
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "img":
            self.imgs.append(a.get("src", ""))
        for attr in ("src", "href", "data", "poster"):
            v = (a.get(attr) or "").strip()
            if re.match(r"^(https?:)?//", v, re.I) and not (tag == "a" and attr == "href"):
                self.external.append(f"<{tag} {attr}={v[:80]}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.depth:
            self.depth[tag] -= 1

    def handle_endtag(self, tag):
        if tag in self.depth and self.depth[tag] > 0:
            self.depth[tag] -= 1

    def handle_data(self, data):
        if self.depth["pre"] and self.code:
            self.code[-1] += data
        if self.depth["style"]:
            self.styles.append(data)
        if not any(self.depth.values()):
            self.text.append(data)


def normalize(code: str) -> str:
    return re.sub(r"\s+", " ", code).strip()


# ------------------------------------------------------------------------------------------------
# PNG: enough of a decoder (8-bit RGB/RGBA, no interlace) to see where a screenshot has ink
# ------------------------------------------------------------------------------------------------
def png_rows(path: Path) -> tuple:
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or interlace or ctype not in (2, 6):
        raise ValueError(f"{path}: a PNG this test cannot read (depth {depth}, colour type {ctype})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows


def inked(rows: list) -> list:
    """Per row: does it hold anything dark (text, a rule, a plot line)?"""
    return [min(r) < 128 for r in rows]


# ------------------------------------------------------------------------------------------------
class BookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-test-book-"))
        cls.html_path = cls.tmp / "workbook.html"
        cls.md_path = cls.tmp / "book.md"
        cmd = [str(ROOT / "workbook"), "book", "-o", str(cls.html_path), "--markdown", str(cls.md_path), "--no-build"]
        say("rendering: " + " ".join(cmd[1:]))
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=BOOK_TIMEOUT)
        cls.render_output = r.stdout + r.stderr
        if r.returncode != 0 or not cls.html_path.exists():
            raise AssertionError(f"./workbook book failed (exit {r.returncode}):\n{cls.render_output[-6000:]}")
        cls.html = cls.html_path.read_text(encoding="utf-8")
        cls.md = cls.md_path.read_text(encoding="utf-8")
        cls.page = Page()
        cls.page.feed(cls.html)
        cls.chapters = [c for c in core.chapters() if (c.dir / "README.md").exists()]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # ---- the HTML ------------------------------------------------------------------------------
    def test_formulas_are_mathml(self):
        self.assertGreater(self.page.math, 0, "no <math> element: the formulas were not converted to MathML")
        text = "".join(self.page.text)
        left = sorted({m.group(0) for m in RAW_LATEX.finditer(text)})
        self.assertEqual(left, [], f"raw LaTeX left in the text (not turned into MathML): {left[:10]}")
        plain = sorted(set(re.findall(r"\S*[_^]\{[^}\s]*\}\S*", text)))
        if plain:   # not an error: quoted as the seeds print them; but they are not typeset
            say(f"{len(plain)} TeX-like formulas written as plain text (not typeset as MathML; write them "
                f"between $...$): {' '.join(plain[:12])}{' ...' if len(plain) > 12 else ''}")
        dollars = len(re.findall(r"\$\$", self.md))
        self.assertLessEqual(dollars // 2, len(re.findall(r'<math display="block"', self.html)),
                             "fewer display formulas in the HTML than $$...$$ in the chapter texts")

    def test_images_are_embedded(self):
        imgs = self.page.imgs
        figures = len(re.findall(r"^\s*!\[", self.md, re.M))
        if core.has_solutions():   # (the student edition draws only what the student's code can)
            self.assertGreater(len(imgs), 0, "the book has no images: no chapter drew a figure?")
        self.assertEqual(len(imgs), figures, "not every figure of the chapter texts became an <img>")
        for src in imgs:
            ok = src.startswith("data:image/") or (src and not re.match(r"^\w+:", src) and (self.tmp / src).exists())
            self.assertTrue(ok, f"an <img> that is neither embedded nor an existing file: {src[:100]}")

    def test_offline(self):
        self.assertEqual(self.page.external, [], "the book refers to resources on the network")
        self.assertNotRegex(self.html, r"<script[^>]+src=", "the book loads a script from a file or URL")
        self.assertNotRegex(self.html, r"<link[^>]+rel=\"?stylesheet", "the CSS is not inlined")
        css = "\n".join(self.page.styles)
        self.assertNotRegex(css, r"@import|url\(\s*['\"]?(https?:)?//", "the CSS fetches something")

    def test_every_chapter_has_its_anchor(self):
        for c in self.chapters:
            self.assertIn(f"chapter-{c.number}", self.page.ids, f"chapter {c.number} has no anchor #chapter-{c.number}")
        self.assertIn('<nav id="TOC"', self.html)
        self.assertIn("<title>Backpropagation, by hand and in C++</title>", self.html)

    def test_listings_are_the_tested_sources(self):
        """Each <!-- listing:N.K --> became the tagged region of the solution file, unchanged."""
        code = [normalize(c) for c in self.page.code]
        checked = 0
        for c in self.chapters:
            markers = book.MARKER.findall((c.dir / "README.md").read_text(encoding="utf-8"))
            folders = [ROOT / "solutions" / c.folder, c.dir] if core.has_solutions() else [c.dir]
            regions = {}
            for folder in folders:
                for f in book.source_files(folder):
                    for r in book.scan_tags(f):
                        regions.setdefault(r.tag, []).append(r)
            for kind, arg in markers:
                if kind != "listing" or arg not in regions:
                    continue    # (a marker without a region fails the rendering itself)
                for r in regions[arg]:
                    want = normalize(book.code_text(r.lines))
                    self.assertTrue(any(want in c_ for c_ in code),
                                    f"listing {arg}: the book's code is not {core.short_path(r.path)} "
                                    f"lines {r.first}-{r.last}")
                    checked += 1
        if core.has_solutions():
            self.assertGreater(checked, 0, "no listing checked: the chapter texts have no <!-- listing:N.K --> markers?")
        say(f"{checked} listings are the tagged regions of the sources, character for character")

    # ---- in a browser --------------------------------------------------------------------------
    def browser(self) -> str:
        if os.environ.get("WB_BOOK_BROWSER", "").lower() in ("0", "no", "skip", "off"):
            say("BROWSER PART SKIPPED: WB_BOOK_BROWSER=skip")
            self.skipTest("WB_BOOK_BROWSER=skip")
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if exe:
            return exe
        if os.geteuid() == 0 and shutil.which("apt-get"):
            say("chromium is missing: installing Debian's chromium for the browser part (large, once)")
            try:
                core.ensure_packages(extra=["chromium"])
            except SystemExit as e:
                self.fail(f"the browser part cannot run: installing chromium failed: {e}")
            exe = shutil.which("chromium")
            if exe:
                return exe
            self.fail("the browser part cannot run: chromium was installed but is not on PATH")
        say("BROWSER PART SKIPPED: chromium is not installed and this is not root "
            "(sudo apt-get install chromium, then run the test again)")
        self.skipTest("chromium is not installed")

    def chromium(self, exe: str, args: list, profile: str) -> subprocess.CompletedProcess:
        prof = self.tmp / f"profile-{profile}"
        cmd = [exe, *BROWSER_FLAGS, f"--user-data-dir={prof}", *args]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=BROWSER_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"chromium did not finish in {BROWSER_TIMEOUT} s: {' '.join(cmd)}")
        shutil.rmtree(prof, ignore_errors=True)
        return r

    def dom_attrs(self, exe: str, url: str, profile: str) -> dict:
        r = self.chromium(exe, ["--virtual-time-budget=10000", "--dump-dom", url], profile)
        m = re.search(r"<body([^>]*)>", r.stdout)
        self.assertIsNotNone(m, f"chromium --dump-dom printed no page (exit {r.returncode}):\n{r.stderr[-3000:]}")
        return dict(re.findall(r'(data-[\w-]+)="([^"]*)"', m.group(1)))

    def test_in_a_browser(self):
        exe = self.browser()
        version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
        url = self.html_path.as_uri()

        # the whole book: every image decoded, every formula laid out as MathML
        attrs = self.dom_attrs(exe, url, "dom")
        self.assertEqual(attrs.get("data-checked"), "complete", f"the page's check did not run: {attrs}")
        self.assertEqual(int(attrs["data-images"]), len(self.page.imgs))
        self.assertEqual(attrs["data-images-broken"], "0", f"broken images in the browser: {attrs}")
        self.assertEqual(attrs["data-images-ok"], "yes", attrs)
        self.assertEqual(int(attrs["data-math"]), self.page.math)
        self.assertEqual(attrs["data-math-empty"], "0", f"formulas with no size in the browser: {attrs}")
        self.assertEqual(attrs["data-fractions-flat"], "0", f"fractions not laid out as MathML: {attrs}")
        self.assertEqual(attrs["data-math-ok"], "yes", attrs)

        # each chapter alone: it starts at the top, its images load, and the screenshot shows it
        shots = core.build_dir() / "book" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        for c in self.chapters:
            # No #fragment: headless --screenshot captures from the top of the page without the
            # fragment's scroll, so everything above the anchor would come out blank.
            curl = f"{url}?chapter={c.number}"
            a = self.dom_attrs(exe, curl, f"dom{c.number}")
            self.assertEqual(a.get("data-chapter"), str(c.number), f"chapter {c.number}: the one-chapter view did not open")
            self.assertLess(int(a["data-chapter-offset"]), 200, f"chapter {c.number} does not start at the top: {a}")
            self.assertEqual(a["data-chapter-images-broken"], "0", f"chapter {c.number}: broken images: {a}")
            png = shots / f"{c.tag}.png"
            png.unlink(missing_ok=True)
            r = self.chromium(exe, ["--window-size=1280,2000", f"--screenshot={png}", curl], f"shot{c.number}")
            self.assertTrue(png.exists(), f"chapter {c.number}: no screenshot (exit {r.returncode}):\n{r.stderr[-2000:]}")
            w, h, rows = png_rows(png)
            self.assertEqual((w, h), (1280, 2000), f"{png}: the screenshot is {w}x{h}")
            ink = inked(rows)
            self.assertGreater(sum(ink[:300]), 20, f"{png}: the top of the chapter is blank")
            self.assertGreater(sum(ink) / len(ink), 0.2, f"{png}: the chapter page is mostly blank")
        say(f"BROWSER PART RAN: {version}: {attrs['data-images']} images decoded, {attrs['data-math']} formulas "
            f"laid out as MathML ({attrs['data-fractions']} fractions stacked); screenshots of "
            f"{len(self.chapters)} chapters in {core.short_path(shots)}")


class PreprocessTest(unittest.TestCase):
    """The markers on a made-up chapter: filled in place, or an error naming the file and line."""

    def fake_chapter(self, text: str, files: dict | None = None):
        d = Path(tempfile.mkdtemp(prefix="wb-fake-chapter-"))
        self.addCleanup(shutil.rmtree, d, True)
        (d / "README.md").write_text(text, encoding="utf-8")
        for name, body in (files or {}).items():
            (d / name).write_text(body, encoding="utf-8")
        ch = types.SimpleNamespace(number=99, folder="99_fake", title="Fake", exercises=[], dir=d, tag="ch99")
        rundir = d / "run"
        rundir.mkdir()
        run = plots.ChapterRun(ch, "solution", rundir, 0, "epoch 1 loss 0.5\n", "", {})
        src = book.Sources([ch], {99: run}, "solution", ".png")
        return book.Chapter(src, ch)

    def test_program_outputs_are_pulled_in(self):
        ch = self.fake_chapter("# Chapter 99: fake\n\n<!-- output:ch99:table -->\n\n<!-- output:ch99:summary -->\n")
        run = ch.src.runs[99].dir
        (run / "ch99_table.csv").write_text("epoch,loss per sample\n0,0.811\n200,0.045\n")
        (run / "ch99_summary.txt").write_text("held-out accuracy 0.9912 (113 of 114)\n")
        md = "\n".join(ch.render())
        self.assertEqual(ch.errors, [])
        self.assertIn("| epoch | loss per sample |\n|---:|---:|\n| 0 | 0.811 |\n| 200 | 0.045 |", md)
        self.assertIn("held-out accuracy 0.9912 (113 of 114)", md)
        self.assertIn("`plots/ch99_table.csv`", md)

    def test_a_stray_bracket_in_prose_swallows_nothing(self):
        """pandoc 2.17 pairs a '[' of the prose ("[begin, end) ranges") with a later ']{...}'
        blocks away; the book's own blocks must give it nothing to pair with."""
        if not shutil.which("pandoc"):
            self.skipTest("pandoc is not installed")
        # (the smallest code found that, with a ']{.class}' span after each listing, lost 99.1)
        code = "".join(f"// [listing:99.{k}]\nvoid f{k}() {{\n    f.H = sigmoid(Z1);\n\n}}\n// [/listing]\n" for k in (1, 2, 3))
        ch = self.fake_chapter("# Chapter 99: fake\n\n**99.1** the batches as [begin, end) ranges.\n\n"
                               "<!-- listing:99.1 -->\n\n**99.2** more.\n\n<!-- listing:99.2 -->\n\n"
                               "**99.3** and [a link](#chapter-99).\n\n<!-- listing:99.3 -->\n", {"given.cpp": code})
        md = "\n".join(ch.render())
        out = ch.src.runs[99].dir / "book.html"
        book.pandoc(md, ch.src.runs[99].dir, out)
        html_text = out.read_text(encoding="utf-8")
        for k in (1, 2, 3):
            self.assertIn(f'id="listing-99-{k}"', html_text)
            self.assertIn(f"f{k}", html_text)
        self.assertIn("[begin, end) ranges", html_text)

    def test_a_missing_listing_names_the_file_and_line(self):
        ch = self.fake_chapter("# Chapter 99: fake\n\ntext\n\n1. **99.1** <!-- listing:99.1 -->\n")
        ch.render()
        self.assertEqual(len(ch.errors), 1)
        self.assertRegex(ch.errors[0], r"README\.md:5: <!-- listing:99\.1 --> names no tagged region")

    def test_a_missing_figure_or_output_is_an_error(self):
        ch = self.fake_chapter("# Chapter 99: fake\n\n<!-- figure:ch99_loss -->\n\n<!-- output:ch99:table -->\n"
                               "<!-- listing 99.2 -->\n")
        with self.assertRaisesRegex(book.BookError, r"README\.md:6: a marker the book cannot read"):
            ch.render()
        ch = self.fake_chapter("# Chapter 99: fake\n\n<!-- figure:ch99_loss -->\n\n<!-- output:ch99:table -->\n")
        ch.render()
        self.assertEqual(len(ch.errors), 2)
        self.assertRegex(ch.errors[0], r"README\.md:3: <!-- figure:ch99_loss -->: .*drew no such figure")
        self.assertRegex(ch.errors[1], r"README\.md:5: <!-- output:ch99:table -->: .*wrote no ch99_table")

    def test_markers_are_filled_in_place(self):
        ch = self.fake_chapter(
            "# Chapter 99: fake\n\n1. **99.1 `f`** <!-- listing:99.1 -->\n\n<!-- output:ch99:stdout -->\n\n"
            "```\n<!-- listing:99.404 --> (inside a code block: left alone)\n```\n"
            "Quoted in prose, `<!-- listing:99.405 -->` is left alone too.\n",
            {"given.cpp": "int a;\n// [listing:99.1]\nint f() {\n    return 1;\n}\n// [/listing]\n"})
        md = "\n".join(ch.render())
        self.assertEqual(ch.errors, [])
        self.assertIn("#chapter-99", md)
        self.assertIn("   ```{.cpp}\n   int f() {\n       return 1;\n   }\n   ```", md)   # inside the list item
        self.assertIn("lines 3\u20135", md)
        self.assertIn("epoch 1 loss 0.5", md)
        self.assertIn("<!-- listing:99.404 -->", md)
        self.assertIn("`<!-- listing:99.405 -->`", md)


if __name__ == "__main__":
    # Exit 77 (CTest's SKIP_RETURN_CODE for the tools tests) when everything else passed but the
    # browser part could not run, so that a skipped browser check shows as "Skipped", never as a
    # silent pass.
    result = unittest.main(exit=False).result
    browser_skipped = any("test_in_a_browser" in str(t) for t, _ in result.skipped)
    if not result.wasSuccessful():
        sys.exit(1)
    if browser_skipped:
        say("exit 77: the HTML checks passed, the browser part was SKIPPED")
        sys.exit(77)
    sys.exit(0)
