"""./workbook gradescope [-o DIR]: write the Gradescope autograder bundle (instructors).

DIR/ (and DIR.zip, the file to upload as the assignment's autograder) holds, at its root:
  setup.sh        Gradescope runs it once when it builds the image: installs the Debian/Ubuntu
                  packages and builds the grading worker (the instructor side of every chapter)
  run_autograder  runs for each submission: grades /autograder/submission with ./workbook grade
                  and writes /autograder/results/results.json
  the tree        everything grading needs: chapters (pristine stubs), tests, support, cmake, tools,
                  datasets, grading/ and solutions/ (setup.sh builds the trusted run from them,
                  then deletes them: the image keeps only the trusted test programs, in a folder
                  closed to the tests' user nobody). Not in it: .git, build folders, the mistakes
                  bank, CI.
AUTOGRADER_ROOT (default /autograder) moves the whole layout, so the bundle can be tried locally:
  AUTOGRADER_ROOT=/tmp/ag bash /tmp/ag/source/setup.sh && AUTOGRADER_ROOT=/tmp/ag /tmp/ag/source/run_autograder"""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from wb import core
from wb.commands import release

LEFT_OUT = ["tests/mistakes/", ".ci/", ".git/", ".github/", "bench/", ".workbook/", ".stubs/",
            "compile_commands.json", "tools/tests/"]

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, in /autograder/source, when it builds the autograder image.
set -euo pipefail
AG="${AUTOGRADER_ROOT:-/autograder}"
SRC="$AG/source"
cd "$SRC"
export DEBIAN_FRONTEND=noninteractive
if ! command -v python3 >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq python3; fi
chmod +x workbook run_autograder
# ./workbook installs the packages of tools/wb/packages.txt (and bubblewrap) that are missing,
# then builds the grading worker once: the support library, every chapter's test objects, and the
# trusted build (the same tests with the reference solutions: the grader checks every submission's
# values against its run). Then the solutions' sources go: the trusted programs stay, in a folder
# only root reads (the tests run as user nobody).
./workbook grade --prepare --work "${WB_GRADE_WORK:-$SRC/build-grade}" -o "$SRC/build-grade/results"
rm -rf "$SRC/solutions"
cp run_autograder "$AG/run_autograder" 2>/dev/null || true
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission: /autograder/submission holds the student's files (a
# whole tree, a chapters/ folder or loose exK_*.cpp files); the results go to
# /autograder/results/results.json. Only the chapter exercise files are taken from the submission.
set -uo pipefail
AG="${AUTOGRADER_ROOT:-/autograder}"
SRC="$AG/source"
OUT="$AG/results"
mkdir -p "$OUT"
cd "$SRC"
export WB_SKIP_PACKAGES=1 NO_COLOR=1
# the submitter(s), from Gradescope's metadata: each student's hidden checks draw their own inputs
student=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print("+".join(sorted(str(u.get("id") or u.get("email") or "") for u in m.get("users", []))))' \
          "$AG/submission_metadata.json" 2>/dev/null || true)
./workbook grade --work "${WB_GRADE_WORK:-$SRC/build-grade}" -o "$OUT/grade" --name submission \
    ${student:+--student-id "$student"} "$AG/submission" > "$OUT/grade.log" 2>&1
status=$?
if [ -f "$OUT/grade/submission/results.json" ]; then
  cp "$OUT/grade/submission/results.json" "$OUT/results.json"
else
  python3 - "$OUT" "$status" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
log = (out / "grade.log").read_text(errors="replace")[-4000:] if (out / "grade.log").exists() else ""
json.dump({"score": 0, "output": "The autograder could not grade this submission (exit code %s); "
           "please tell the course staff.\n\n%s" % (sys.argv[2], log), "tests": []},
          open(out / "results.json", "w"))
PY
fi
tail -5 "$OUT/grade.log"
exit 0
"""


def register(sub) -> None:
    p = sub.add_parser("gradescope", help="write the Gradescope autograder bundle (setup.sh, run_autograder, the tree)")
    p.add_argument("-o", "--out", default=None, help="the bundle folder (default: build-grade/gradescope); DIR.zip too")
    p.set_defaults(func=gradescope)


def left_out(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0].startswith("build") or any(p in release.NEVER_DIRS for p in parts) or rel.endswith(".pyc"):
        return True
    return any((rel + "/").startswith(x) if x.endswith("/") else rel == x for x in LEFT_OUT)


def write_bundle(dest: Path, root: Path = core.ROOT) -> dict:
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    stubs = {f"chapters/{ch.folder}/{ex.path.name}": release.stub_bytes(ex)
             for ch in core.chapters(root) for ex in ch.exercises}
    files = [f for f in release.tree_files(root) if not left_out(f)]
    for rel in files:
        src, dst = root / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if rel in stubs:
            dst.write_bytes(stubs[rel])
        else:
            shutil.copy2(src, dst)
    for rel, data in stubs.items():
        if not (dest / rel).exists():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(data)
    for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
        (dest / name).write_text(text)
        os.chmod(dest / name, 0o755)
    zpath = dest.with_suffix(".zip")
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(dest.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo.from_file(p, p.relative_to(dest).as_posix())
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, p.read_bytes())
    return {"files": len(files) + 2, "zip": zpath}


def gradescope(args) -> int:
    from wb.commands.grade import default_work
    dest = Path(args.out or (default_work() / "gradescope")).resolve()
    if dest == core.ROOT or dest in core.ROOT.parents:
        raise SystemExit("workbook gradescope: -o must be a folder of its own")
    stats = write_bundle(dest)
    print(f"workbook gradescope: the autograder bundle is in {dest} ({stats['files']} files) and {stats['zip']}")
    print("  upload the .zip as the assignment's autograder (Ubuntu image); setup.sh installs the packages and builds "
          "the grader once, run_autograder grades each submission into /autograder/results/results.json")
    print("  try it here: AUTOGRADER_ROOT=/tmp/ag (copy the bundle to /tmp/ag/source, a submission to /tmp/ag/submission), "
          "then bash /tmp/ag/source/setup.sh && /tmp/ag/source/run_autograder")
    return 0
