"""What grading writes for a submission: results.json (Gradescope's format), junit.xml, report.txt,
and its line in the class gradebook (gradebook.csv)."""
from __future__ import annotations

import csv
import fcntl
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from wb.grading import hidden
from wb.grading.worker import ChapterOutcome, SubmissionResult

STATUS_WORDS = {
    "passed": "passed", "failed": "failed", "nan": "failed: NaN or Inf", "not_implemented": "not implemented",
    "exception": "threw an exception", "timeout": "timed out", "crashed": "crashed", "no_result": "no result",
    "does_not_compile": "does not compile", "integrity": "not graded (integrity)", "not_run": "not run",
}


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def gradescope_json(res: SubmissionResult, extra_output: str = "") -> dict:
    tests = []
    for ch in res.chapters:
        for ex in ch.exercises:
            for k, c in enumerate(ex.cases, 1):
                out = STATUS_WORDS.get(c.status, c.status) + (("\n" + c.message) if c.message else "")
                if ex.mode == "all_or_nothing" and c.status == "passed" and c.score == 0:
                    out += "\n(all or nothing: this exercise scores only when all of its tests pass)"
                tests.append({
                    "name": f"{ex.id} {ex.name} / {c.name}",
                    "number": f"{ex.id}.{k}",
                    "score": c.score,
                    "max_score": c.max_score,
                    "status": "passed" if c.status == "passed" else "failed",
                    "output": out[:8000],
                    "visibility": ex.hidden_visibility if hidden.is_hidden(c.name) else ex.visibility,
                    "tags": [f"chapter {ch.number}", f"exercise {ex.id}", c.status]
                            + (["hidden"] if hidden.is_hidden(c.name) else []),
                })
    return {
        "score": res.score,
        "max_score": res.max_score,
        "execution_time": round(res.seconds, 2),
        "output": summary_text(res) + (("\n" + extra_output) if extra_output else ""),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"sandbox": res.sandbox,
                       "chapters": {f"ch{c.number:02d}": c.score for c in res.chapters},
                       "ignored_files": [p for p, _ in res.submission.ignored][:200]},
    }


def junit_xml(res: SubmissionResult) -> str:
    root = ET.Element("testsuites", name=res.submission.name, tests="0", failures="0", time=f"{res.seconds:.2f}")
    total = failures = 0
    for ch in res.chapters:
        for ex in ch.exercises:
            fails = sum(c.status != "passed" for c in ex.cases)
            ts = ET.SubElement(root, "testsuite", name=f"ch{ch.number:02d}.{ex.suite}", tests=str(len(ex.cases)),
                               failures=str(fails), time=f"{ex.seconds:.2f}")
            for c in ex.cases:
                tc = ET.SubElement(ts, "testcase", classname=f"ch{ch.number:02d}.{ex.suite}", name=c.name)
                ET.SubElement(tc, "properties")
                props = tc.find("properties")
                ET.SubElement(props, "property", name="score", value=str(c.score))
                ET.SubElement(props, "property", name="max_score", value=str(c.max_score))
                if c.status == "passed":
                    continue
                tag = {"not_run": "skipped"}.get(c.status, "error" if c.status in ("crashed", "exception", "timeout",
                                                                                    "no_result") else "failure")
                el = ET.SubElement(tc, tag, message=STATUS_WORDS.get(c.status, c.status), type=c.status)
                el.text = c.message
            total += len(ex.cases)
            failures += fails
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def summary_text(res: SubmissionResult) -> str:
    lines = [f"Score {_num(res.score)} / {_num(res.max_score)}"]
    for ch in res.chapters:
        lines.append(f"  chapter {ch.number}: {_num(ch.score)} / {_num(ch.max_score)}"
                     + ("" if ch.compiled else "   (does not compile)")
                     + ("   (integrity violation)" if ch.integrity and not ch.integrity.ok else ""))
    if res.submission.problems:
        lines.append("Problems with the submission (these files were refused):")
        lines += [f"  {p}" for p in res.submission.problems[:20]]
        if len(res.submission.problems) > 20:
            lines.append(f"  ... and {len(res.submission.problems) - 20} more (see the report)")
    if res.submission.ignored:
        lines.append(f"{len(res.submission.ignored)} files of the submission were ignored (only chapters/NN_x/exK_*.cpp "
                     "files count; tests and build files come from the course): see the report")
    return "\n".join(lines)


def report_text(res: SubmissionResult) -> str:
    sub = res.submission
    out = [f"Submission {sub.name}   (from {sub.source})",
           f"Graded {time.strftime('%Y-%m-%d %H:%M:%S')} by ./workbook grade (worker {res.worker}); "
           f"{res.seconds:.1f} s (build {res.build_seconds:.1f} s, tests {res.test_seconds:.1f} s)",
           f"Sandbox: {res.sandbox}",
           "", f"Score: {_num(res.score)} / {_num(res.max_score)}", ""]
    used = sorted(f"chapters/{k[0]}/{k[1]}" + (f"   (from {sub.origin[k]})" if sub.origin.get(k) != f"chapters/{k[0]}/{k[1]}" else "")
                  for k in sub.files)
    out.append(f"Files used from the submission ({len(used)}):")
    out += [f"  {u}" for u in used] or ["  (none: every exercise is graded as not implemented)"]
    missing = [e.file for ch in res.chapters for e in ch.exercises if not e.submitted]
    if missing:
        out.append(f"Not in the submission ({len(missing)}), graded as the untouched stub: " + ", ".join(missing))
    ignored = sub.ignored_summary()
    if ignored:
        out.append("Ignored (the instructor's copies of tests, build files and headers were used):")
        out += [f"  {i}" for i in ignored]
    if sub.problems:
        out.append("Problems with the submission:")
        out += [f"  {p}" for p in sub.problems]
    out += [f"Note: {n}" for n in res.notes]
    for ch in res.chapters:
        out.append("")
        out.append(chapter_text(ch))
    out.append("")
    out.append("Statuses: passed; failed (with the values and, where a known mistake explains them, a guess); "
               "failed: NaN or Inf; threw an exception; timed out; crashed; not implemented; does not compile.")
    return "\n".join(out) + "\n"


def chapter_text(ch: ChapterOutcome) -> str:
    head = f"Chapter {ch.number}: {ch.title}   {_num(ch.score)} / {_num(ch.max_score)}"
    lines = [head]
    if not ch.compiled:
        lines.append("  DOES NOT COMPILE: this chapter scores 0. The compiler's first error:")
        lines += ["    " + l for l in ch.compile_error.splitlines()[:4]]
    if ch.integrity:
        for v in ch.integrity.violations:
            lines.append(f"  INTEGRITY: {v}")
        if ch.integrity.violations:
            lines.append("  (the chapter's results cannot be trusted and score 0; flagged for review)")
        for w in ch.integrity.review:
            lines.append(f"  review: {w}")
        for w in ch.integrity.warnings[:5]:
            lines.append(f"  warning: {w}")
    for ex in ch.exercises:
        word = STATUS_WORDS.get(ex.status, ex.status)
        sub = "" if ex.submitted else "   [not submitted]"
        lines.append(f"  {ex.id:<5} {ex.name:<26} {_num(ex.score):>6} / {_num(ex.points):<4} {word}"
                     + (f": {ex.summary}" if ex.summary and ex.status not in ("not_implemented",) else "") + sub)
        if ex.status in ("passed", "not_implemented", "does_not_compile", "integrity", "not_run"):
            continue
        for c in ex.cases:
            if c.status == "passed":
                continue
            lines.append(f"      {c.name}: {STATUS_WORDS.get(c.status, c.status)}")
            for l in c.message.splitlines()[:10]:
                lines.append(f"          {l}")
    return "\n".join(lines)


def write_all(res: SubmissionResult, outdir: Path) -> Path:
    d = Path(outdir) / res.submission.name
    d.mkdir(parents=True, exist_ok=True)
    (d / "results.json").write_text(json.dumps(gradescope_json(res), indent=1) + "\n")
    (d / "junit.xml").write_text(junit_xml(res))
    (d / "report.txt").write_text(report_text(res))
    update_gradebook(Path(outdir) / "gradebook.csv", res)
    return d


def update_gradebook(path: Path, res: SubmissionResult) -> None:
    """One line a submission: submission, chNN scores..., total, max_score, graded_at. A submission
    graded again replaces its line. Safe against parallel writers (a lock file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.with_name(path.name + ".lock")
    with open(lock, "w") as lf:
        fcntl.flock(lf, fcntl.LOCK_EX)
        rows = []
        if path.exists():
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
        row = {"submission": res.submission.name}
        for ch in res.chapters:
            row[f"ch{ch.number:02d}"] = _num(ch.score)
        row["total"] = _num(res.score)
        row["max_score"] = _num(res.max_score)
        row["graded_at"] = time.strftime("%Y-%m-%dT%H:%M:%S")
        rows = [r for r in rows if r.get("submission") != row["submission"]] + [row]
        chapters = sorted({k for r in rows for k in r if k.startswith("ch") and k[2:].isdigit()})
        fields = ["submission", *chapters, "total", "max_score", "graded_at"]
        rows.sort(key=lambda r: r.get("submission", ""))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(buf.getvalue())
        tmp.replace(path)
