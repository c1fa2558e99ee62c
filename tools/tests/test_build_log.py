"""Reading the compiler's output: the student's file:line first, template noise shortened, link
errors named; and the suite results (crash, exception, an earlier exercise not done). No build."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wbtree  # noqa: E402,F401  (puts the source's tools/ on the path)

from wb import core  # noqa: E402

STUDENT = "/w/chapters/01_sigmoid/ex2_sigmoid_prime.cpp"
DEEP = f"""[0/2] Re-checking globbed directories...
[1/3] Building CXX object chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex2_sigmoid_prime.cpp.o
FAILED: chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex2_sigmoid_prime.cpp.o 
/usr/bin/ccache /usr/bin/c++ -I/w/chapters/01_sigmoid -O3 -std=c++17 -MD -MT chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex2_sigmoid_prime.cpp.o -MF x.o.d -o chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex2_sigmoid_prime.cpp.o -c {STUDENT}
In file included from /usr/include/xtensor/xtensor_simd.hpp:16,
                 from /usr/include/xtensor/xarray.hpp:19,
                 from <command-line>:
/usr/include/xtensor/xutils.hpp: In instantiation of 'auto xt::conditional_cast_functor<true, T>::operator()(U&&) const [with U = const double&; T = std::__cxx11::basic_string<char>]':
/usr/include/xtensor/xutils.hpp:712:56:   required from 'auto xt::conditional_cast(U&&)'
/usr/include/xtensor/xarray.hpp:491:30:   required from 'xt::xarray_container<EC, L, SC, Tag>::xarray_container(const xt::xexpression<E>&) [with E = xt::xarray_container<xt::uvector<double, std::allocator<double> >, xt::layout_type::row_major, xt::svector<long unsigned int, 4, std::allocator<long unsigned int>, true>, xt::xtensor_expression_tag>]'
{STUDENT}:9:33:   required from here
/usr/include/xtensor/xutils.hpp:697:20: error: no matching function for call to 'std::__cxx11::basic_string<char>::basic_string(const double&)'
  697 |             return static_cast<T>(std::forward<U>(u));
      |                    ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
/usr/include/c++/12/bits/basic_string.h:786:9: note: candidate: ...
ninja: build stopped: cannot make progress due to previous errors.
"""
LINK = """[2/3] Linking CXX executable bin/test_ch01_student
FAILED: bin/test_ch01_student 
: && /usr/bin/c++ -O3 x.o -o bin/test_ch01_student  chapters/01_sigmoid/libch01_student_lib.a && :
/usr/bin/ld: chapters/01_sigmoid/libch01_student_lib.a(ex4_central_difference.cpp.o): in function `helper(double)':
ex4_central_difference.cpp:(.text+0x750): multiple definition of `helper(double)'; chapters/01_sigmoid/libch01_student_lib.a(ex2_sigmoid_prime.cpp.o):ex2_sigmoid_prime.cpp:(.text+0x0): first defined here
collect2: error: ld returned 1 exit status
ninja: build stopped: cannot make progress due to previous errors.
"""


class CompileErrors(unittest.TestCase):
    def test_error_in_a_header_points_at_the_students_line(self):
        compiles, links, failed = core.parse_build_log(DEEP)
        self.assertEqual(list(compiles), [STUDENT])
        self.assertEqual(failed, ["chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex2_sigmoid_prime.cpp.o"])
        obj, cmd, block = compiles[STUDENT]
        e = core.first_compile_error(STUDENT, block)
        self.assertEqual((e.file, e.line, e.col), (STUDENT, 9, 33))
        self.assertEqual(e.message, "no matching function for call to 'std::string::basic_string(const double&)'")
        self.assertEqual(e.origin, "xtensor/xutils.hpp:697")
        self.assertTrue(e.text().startswith(f"{STUDENT}:9:33: error: no matching function"))
        self.assertIn(STUDENT, core.summarize_errors(DEEP))

    def test_error_in_the_students_file(self):
        with tempfile.TemporaryDirectory() as d:
            src = Path(d) / "ex3_tanh_prime.cpp"
            src.write_text("a\nb\n    return 1 - t * t;\n")
            block = [f"{src}: In function 'xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>&)':",
                     f"{src}:3:5: error: expected ',' or ';' before 'return'",
                     "    3 |     return 1 - t * t;", "      |     ^~~~~~"]
            e = core.first_compile_error(str(src), block)
        self.assertEqual((e.line, e.col, e.origin), (3, 5, ""))
        self.assertEqual(e.code, ["    3 |     return 1 - t * t;", "      |     ^~~~~~"])

    def test_template_names_are_shortened(self):
        long = ("xt::xarray_container<xt::uvector<double, std::allocator<double> >, xt::layout_type::row_major, "
                "xt::svector<long unsigned int, 4, std::allocator<long unsigned int>, true>, xt::xtensor_expression_tag>")
        self.assertEqual(core.tidy_types(f"cannot convert '{long}' to 'int'"),
                         "cannot convert 'xt::xarray<double>' to 'int'")
        t2 = "xt::xtensor_container<xt::uvector<double, std::allocator<double> >, 2, xt::layout_type::row_major, xt::xtensor_expression_tag>"
        self.assertEqual(core.tidy_types(t2 + "&"), "xt::xtensor<double, 2>&")
        self.assertEqual(core.tidy_types("std::__cxx11::basic_string<char>"), "std::string")
        self.assertLessEqual(len(core.tidy_types("x" * 1000)), 260)

    def test_link_errors_name_both_files(self):
        compiles, links, failed = core.parse_build_log(LINK)
        self.assertEqual(compiles, {})
        self.assertEqual(failed, ["bin/test_ch01_student"])
        msgs = core._link_messages(links[0][1])
        self.assertEqual(msgs, ["multiple definition of helper(double) (in ex4_central_difference.cpp, ex2_sigmoid_prime.cpp)"])

    def test_lld_link_errors(self):
        """lld (the build links with it when installed) words it in several lines: the same messages."""
        block = """ld.lld: error: duplicate symbol: helper(double)
>>> defined at ex1_sigmoid.cpp
>>>            chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex1_sigmoid.cpp.o:(helper(double)) in archive x.a
>>> defined at ex3_tanh_prime.cpp
>>>            chapters/01_sigmoid/CMakeFiles/ch01_student_lib.dir/ex3_tanh_prime.cpp.o:(.text+0x0) in archive x.a
ld.lld: error: undefined symbol: ch1::sigmoid(xt::xarray_container<xt::uvector<double, std::allocator<double> >, (xt::layout_type)1, xt::svector<unsigned long, 4ul, std::allocator<unsigned long>, true>, xt::xtensor_expression_tag> const&)
>>> referenced by ex2_sigmoid_prime.cpp
collect2: error: ld returned 1 exit status""".splitlines()
        self.assertEqual(core._link_messages(block), [
            "multiple definition of helper(double) (in ex1_sigmoid.cpp, ex3_tanh_prime.cpp)",
            "undefined reference to ch1::sigmoid(xt::xarray<double> const&) (in ex2_sigmoid_prime.cpp)"])


JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite tests="4">
<testcase classname="ex1_2_sigmoid_prime" name="a"><error message="x" type="uncaught exception"><![CDATA[
UNCAUGHT EXCEPTION:
- file: unknown location
EXCEPTION STACK TRACE: --------------
wb::not_implemented: exercise 1.1 sigmoid is not implemented yet
-------------------------------------
Last checkpoint:
]]></error></testcase>
<testcase classname="ex1_4_central_difference" name="b"><error message="x" type="system fatal error"><![CDATA[
memory access violation at address: 0x1: no mapping at fault address
]]></error></testcase>
<testcase classname="ex1_4_central_difference" name="c"><skipped/></testcase>
<testcase classname="ex1_3_tanh_prime" name="d"><error message="x" type="uncaught exception"><![CDATA[
xt::broadcast_error: Incompatible dimension of arrays, compile in DEBUG for more info
]]></error></testcase>
</testsuite>
"""


class SuiteResults(unittest.TestCase):
    def test_junit_statuses(self):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "j.xml"
            p.write_text(JUNIT)
            a = core.parse_junit(p, "ex1_2_sigmoid_prime")
            b = core.parse_junit(p, "ex1_4_central_difference")
            c = core.parse_junit(p, "ex1_3_tanh_prime")
        self.assertEqual([(x.name, x.status) for x in a], [("a", "not_implemented")])
        self.assertEqual([(x.name, x.status) for x in b], [("b", "crashed"), ("c", "skipped")])
        self.assertEqual(c[0].status, "exception")
        self.assertIn("xt::broadcast_error", c[0].message)

    def test_waiting_for_an_earlier_exercise_and_the_report(self):
        from wb import report
        ex = core.Exercise(1, 2, "sigmoid_prime", Path("/nowhere/01_sigmoid/ex2_sigmoid_prime.cpp"))
        r = core.SuiteResult("ex1_2_sigmoid_prime", "not_implemented",
                             [core.CaseResult("a", "not_implemented", "exercise 1.1 sigmoid is not implemented yet")],
                             waiting_for="1.1 sigmoid")
        s = report.from_suite(ex, r)
        self.assertEqual(s.state, "waiting")
        self.assertIn("1.1 sigmoid", s.summary)
        crash = core.SuiteResult("ex1_2_sigmoid_prime", "crashed",
                                 [core.CaseResult("b", "crashed", "memory access violation at address: 0x1: no mapping at fault address")],
                                 not_run=3)
        s = report.from_suite(ex, crash)
        self.assertEqual(s.summary, "crashed in b (memory access violation)")
        self.assertIn("3 more tests of this exercise did not run", s.details)
        self.assertIn("guess (not a verdict)", s.details)


class Relations(unittest.TestCase):
    """An exercise's state that follows from another's says so (report.relate)."""

    def setUp(self):
        from wb import report
        self.report = report
        self.tmp = tempfile.TemporaryDirectory()
        d = Path(self.tmp.name)
        self.ex1 = core.Exercise(3, 2, "loss", d / "ex2_loss.cpp")
        self.ex2 = core.Exercise(3, 7, "train", d / "ex7_train.cpp")
        self.ex1.path.write_text("double ch3::loss(const Matrix& f, const Matrix& t) { syntax error }\n")
        self.ex2.path.write_text("// loss(f, t) in a comment does not count\n"
                                 "Training ch3::train(...) { double l = loss(fw.f, t); return {}; }\n")
        self.ch = type("Ch", (), {"exercises": [self.ex1, self.ex2]})()

    def tearDown(self):
        self.tmp.cleanup()

    def test_waiting_on_an_exercise_that_does_not_compile(self):
        r = core.SuiteResult("ex3_7_train", "not_implemented",
                             [core.CaseResult("a", "not_implemented", "exercise 3.2 loss is not implemented yet")],
                             waiting_for="3.2 loss")
        st = {"3.2": self.report.ExerciseStatus(self.ex1, "does not compile", "ex2_loss.cpp:1: error"),
              "3.7": self.report.from_suite(self.ex2, r)}
        self.report.relate(self.ch, st, {"3.2"})
        self.assertEqual(st["3.7"].state, "waiting")
        self.assertEqual(st["3.7"].summary, "it calls exercise 3.2 loss, which does not compile (its stub stands in)")
        self.assertNotIn("not implemented", st["3.7"].summary)

    def test_a_failure_that_follows_from_an_earlier_one(self):
        fail = lambda ex: core.SuiteResult(ex.suite, "failed", [core.CaseResult("a", "failed", "x differs")])
        st = {"3.2": self.report.from_suite(self.ex1, fail(self.ex1)), "3.7": self.report.from_suite(self.ex2, fail(self.ex2))}
        self.report.relate(self.ch, st, set())
        self.assertIn("it calls exercise 3.2 loss, which fails: fix 3.2 first", st["3.7"].summary)
        self.assertIn("may follow from it", st["3.7"].details)
        self.assertNotIn("calls", st["3.2"].summary)
        # when the callee is done, nothing is added
        st["3.2"] = self.report.ExerciseStatus(self.ex1, "done")
        st["3.7"] = self.report.from_suite(self.ex2, fail(self.ex2))
        self.report.relate(self.ch, st, set())
        self.assertNotIn("calls", st["3.7"].summary)

    def test_calls_of_ignores_given_and_comments(self):
        self.ex2.path.write_text("// loss(\nTraining ch3::train() { wb::given::loss(x); x.loss(1); }\n")
        self.assertEqual(self.report.calls_of(self.ex2, [self.ex1, self.ex2]), [])
        self.ex2.path.write_text("Training ch3::train() { return ch3::loss(a, b); }\n")
        self.assertEqual(self.report.calls_of(self.ex2, [self.ex1, self.ex2]), [self.ex1])


class Guesses(unittest.TestCase):
    def test_a_reducer_used_as_a_double(self):
        from wb import report
        # g++ 12 and clang 14 on `double s = xt::sum(a * a);` (the types shortened)
        gcc = ("cannot convert 'xt::xreducer<xt::xreducer_functors<xt::detail::plus, xt::const_value<double>, "
               "xt::detail::plus>, xt::xfunction<...>, ...>' to 'double' in initialization")
        clang = "no viable conversion from 'reducer_type' (aka 'xreducer<xt::xreducer_functors<...>>') to 'double'"
        code = "    4 |     double s = xt::sum(a * a);"
        for msg in (gcc, clang):
            hint = report.compile_hint(msg, code)
            self.assertIn("xt::sum(a)()", hint, msg)
        self.assertEqual(report.compile_hint("expected ';' before 'return'", code), "")

    def test_a_missing_include(self):
        from wb import report
        hint = report.compile_hint("'linalg' is not a member of 'xt'", "    3 |     Matrix Z = xt::linalg::dot(X, W);")
        self.assertIn("<xtensor-blas/xlinalg.hpp>", hint)

    def test_broadcast_error_names_both_shapes(self):
        from wb import report
        msg = "Incompatible dimension of arrays:\n LHS shape = (4, 3, )\n RHS shape = (3, 4, )"
        self.assertEqual(report.broadcast_shapes(msg), ((4, 3), (3, 4)))
        self.assertIn("the shapes 4x3 and 3x4 do not broadcast", report.broadcast_hint(msg))
        self.assertIn("transpose", report.broadcast_hint(msg))
        self.assertIn("(15,) and (7,)", report.broadcast_hint("LHS shape = (15, )\n RHS shape = (7, )"))
        self.assertEqual(report.broadcast_hint("Incompatible dimension of arrays, compile in DEBUG for more info"), "")


if __name__ == "__main__":
    unittest.main()
