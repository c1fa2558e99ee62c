"""Failures that teach: planted errors in a copy of the tree, graded by ./workbook check 1 / list.

Each test plants files in the shared copy (wbtree.py), runs the driver there and reads what a
student would read."""
import re
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wbtree  # noqa: E402
from wbtree import SIGMOID_OK, SIGMOID_PRIME_OK, SIGMOID_PRIME_RETURNS_SIGMA, plant, workbook  # noqa: E402


def setUpModule():
    wbtree.prepare()


def line_of(out: str, exercise: str) -> str:
    """The status line of one exercise ('  ✓ 1.1   sigmoid   done')."""
    for line in out.splitlines():
        if re.match(rf"^\s+\S\s+{re.escape(exercise)}\s", line):
            return line
    raise AssertionError(f"no status line for {exercise} in:\n{out}")


class CompileErrors(unittest.TestCase):
    def setUp(self):
        wbtree.sync()

    def test_error_deep_in_xtensor_shows_the_students_line_first(self):
        plant("ex1_sigmoid.cpp", SIGMOID_OK)
        plant("ex2_sigmoid_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    xt::xarray<double> s = sigmoid(z);
    xt::xarray<std::string> names = s;   // planted: line 4, an error inside xtensor's assignment code
    return s;
}
""")
        r = workbook("check", "1")
        out = r.stdout
        self.assertEqual(r.returncode, 1, out + r.stderr)
        self.assertIn("does not compile", line_of(out, "1.2"))
        where = "chapters/01_sigmoid/ex2_sigmoid_prime.cpp:4:"
        self.assertIn(where, out)
        # the student's file:line comes before any mention of xtensor's headers, and no page of templates
        first_xt = out.find("xtensor/")
        self.assertGreater(first_xt, out.find(where))
        self.assertNotIn("required from", out)
        self.assertNotIn("/usr/include", out)
        self.assertIn("xt::xarray<std::string> names = s;", out)     # the line itself
        self.assertLess(len(out.splitlines()), 30, out)
        # the full log is one command away
        self.assertIn("./workbook check 1 --log", out)
        log = workbook("check", "1", "--log").stdout
        self.assertIn("required from here", log)
        # the other exercises still run, against the stub of the broken one
        self.assertIn("done", line_of(out, "1.1"))
        self.assertIn("not implemented", line_of(out, "1.3"))
        self.assertNotIn("not run", out)

    def test_syntax_error(self):
        plant("ex3_tanh_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    xt::xarray<double> t = xt::tanh(s)
    return 1.0 - t * t;
}
""")
        out = workbook("check", "1").stdout
        line = line_of(out, "1.3")
        self.assertIn("does not compile", line)
        self.assertIn("ex3_tanh_prime.cpp:4", line)
        self.assertIn("expected", line)
        self.assertIn("chapters/01_sigmoid/ex3_tanh_prime.cpp:4:", out)
        self.assertIn("not implemented", line_of(out, "1.1"))

    def test_helper_defined_in_two_files_does_not_link(self):
        plant("ex1_sigmoid.cpp", SIGMOID_OK.replace("xt::xarray<double> ch1::sigmoid", "double helper(double x) { return x; }\nxt::xarray<double> ch1::sigmoid"))
        plant("ex3_tanh_prime.cpp", """#include "sigmoid.hpp"
double helper(double x) { return 2 * x; }
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    (void)s;
    throw wb::not_implemented("1.3", "tanh_prime");
}
""")
        out = workbook("check", "1").stdout
        self.assertIn("multiple definition of helper(double)", line_of(out, "1.1"))
        self.assertIn("does not compile", line_of(out, "1.3"))
        self.assertIn("static", out)                 # the advice
        self.assertIn("not implemented", line_of(out, "1.2"))   # the others still run


class WrongResults(unittest.TestCase):
    def setUp(self):
        wbtree.sync()

    def test_value_shape_and_crash_each_cost_only_their_exercise(self):
        plant("ex1_sigmoid.cpp", SIGMOID_OK)
        plant("ex2_sigmoid_prime.cpp", SIGMOID_PRIME_RETURNS_SIGMA)
        plant("ex3_tanh_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    xt::xarray<double> t = 1.0 - xt::tanh(s) * xt::tanh(s);
    if (t.dimension() == 2) return xt::transpose(t);   // planted: a stray transpose
    return t;
}
""")
        plant("ex4_central_difference.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    (void)f; (void)h;
    volatile const double* p = z.data() + (std::size_t(1) << 40);   // planted: far out of bounds
    return xt::xarray<double>{*p};
}
""")
        r = workbook("check", "1", "-v")
        out = r.stdout
        self.assertIn("done", line_of(out, "1.1"))
        # a wrong value: exercise, element, expected, got, tolerance, and a guess
        self.assertIn("failing", line_of(out, "1.2"))
        self.assertRegex(out, r"exercise 1\.2 sigmoid_prime: sigma'\(0\) differs in 1 of 1 elements \(tolerance")
        self.assertIn("element (0): expected 0.25, got 0.5", out)
        self.assertIn("guess (not a verdict): it matches what sigma(z)", out)
        # a wrong shape names both shapes
        self.assertIn("failing", line_of(out, "1.3"))
        self.assertRegex(out, r"exercise 1\.3 tanh_prime: .* should be 3x2.*, got 2x3: a missing transpose\?")
        # a crash costs only its own exercise
        self.assertIn("crashed", line_of(out, "1.4"))
        self.assertIn("memory access violation", out)
        self.assertIn("out of bounds", out)

    def test_nan_and_exceptions_read_clearly(self):
        plant("ex1_sigmoid.cpp", SIGMOID_OK)
        plant("ex2_sigmoid_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    xt::xarray<double> s = sigmoid(z);
    return s * (1.0 - s) * z / z;   // planted: 0/0 = NaN at z = 0
}
""")
        plant("ex3_tanh_prime.cpp", """#include <stdexcept>
#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    (void)s;
    throw std::runtime_error("planted: my own check failed");
}
""")
        plant("ex4_central_difference.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    xt::xarray<double> bad = xt::ones<double>({7});
    return (f(z + h) - f(z - h)) / (2 * h) + bad;   // planted: shapes that do not broadcast
}
""")
        out = workbook("check", "1", "-v").stdout
        self.assertRegex(out, r"exercise 1\.2 sigmoid_prime: sigma'\(0\) element \(0\) is NaN")
        self.assertIn("throws std::runtime_error: planted: my own check failed", line_of(out, "1.3"))
        self.assertIn("xt::broadcast_error", out)
        self.assertRegex(out, r"the shapes \S+ and \(7,\) do not broadcast")   # both shapes, not "compile in DEBUG"

    def test_a_failure_that_follows_from_another_and_a_reducer_slip(self):
        plant("ex1_sigmoid.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) { return z; }   // planted: wrong
""")
        plant("ex2_sigmoid_prime.cpp", SIGMOID_PRIME_OK)
        plant("ex3_tanh_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    double total = xt::sum(s);   // planted: a reducer used as a double, no ()
    return s * total;
}
""")
        out = workbook("check", "1", "-v").stdout
        self.assertIn("failing", line_of(out, "1.1"))
        self.assertIn("it calls exercise 1.1 sigmoid, which fails: fix 1.1 first", out)
        self.assertIn("does not compile", line_of(out, "1.3"))
        self.assertIn("xt::sum(a)()", out)

    def test_list_shows_the_four_states(self):
        plant("ex1_sigmoid.cpp", SIGMOID_OK)
        plant("ex2_sigmoid_prime.cpp", "#include \"sigmoid.hpp\"\nthis does not compile\n")
        plant("ex3_tanh_prime.cpp", """#include "sigmoid.hpp"
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) { return s; }
""")
        out = workbook("list").stdout
        self.assertIn("done", line_of(out, "1.1"))
        self.assertIn("does not compile", line_of(out, "1.2"))
        self.assertIn("failing", line_of(out, "1.3"))
        self.assertIn("not implemented", line_of(out, "1.4"))
        self.assertRegex(out, r"Course\s+\[.*\] 1/4")


if __name__ == "__main__":
    unittest.main()
