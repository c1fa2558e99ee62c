"""What every command shares, as one name: `from wb import core; core.X`.

The code lives in small modules by concern; this facade re-exports every name the commands,
the grader and the tests use, so that `core.X` keeps working:
  layout.py          ROOT, chapters and exercises, pristine stubs, build_dir, binaries' paths
  term.py            color
  packages.py        the Debian packages (packages.txt), installing them
  build.py           configure, build, BuildResult, a source's errors in a build
  compile_errors.py  reading compiler/Ninja output: CompileError, first_compile_error, tidy_types
  fallback.py        re-linking a chapter's tests with broken files replaced by their stubs
  suites.py          running one exercise's suite in its own process (run_suite, run_suites)
New code may import from those modules directly."""
from __future__ import annotations

from wb.build import (BuildResult, _cache_value, build, built_chapters, compile_error_for,  # noqa: F401
                      configure, errors_for, link_compile_commands)
from wb.compile_errors import (_CONTEXT_LINE, _ERROR_LINE, _NINJA_PROGRESS, CompileError,  # noqa: F401
                               _header_name, _link_messages, _same_file, _source_line,
                               _split_template_args, _value_type, first_compile_error,
                               parse_build_log, summarize_errors, tidy_types)
from wb.fallback import _ninja_commands, fallback_test_binary  # noqa: F401
from wb.layout import (EXERCISE_FILE, ROOT, Chapter, Exercise, build_dir, chapter_title,  # noqa: F401
                       chapters, file_digest, find_chapter, find_exercise, usage_error, has_solutions,
                       parse_doc, pristine_stub, pristine_stub_bytes, program_binary, short_path,
                       state_dir, test_binary)
from wb.packages import PACKAGES_FILE, ensure_packages, missing_packages, required_packages  # noqa: F401
from wb.suites import (_LIVE, NOT_IMPLEMENTED, SUITE_TIMEOUT, CaseResult, SuiteResult,  # noqa: F401
                       _clean, _kill, _suite_exercise, parse_junit, run_suite, run_suites)
from wb.term import color  # noqa: F401
