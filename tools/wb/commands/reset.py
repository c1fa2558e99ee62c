"""./workbook reset N.M: put exercise N.M's untouched stub back. Your version is kept first, in
.workbook/backups/<file>.<date-time>, and the command says where: no work is ever lost.
The stub comes from .stubs/ (the student edition ships it there), else from git HEAD."""
from __future__ import annotations

import time

from wb import core


def register(sub) -> None:
    p = sub.add_parser("reset", help="restore exercise N.M's stub (your version is kept in a backup the command names)")
    p.add_argument("exercise", help="exercise as CHAPTER.NUMBER, e.g. 1.2")
    p.add_argument("--list", action="store_true", help="list the backups of this exercise instead")
    p.set_defaults(func=reset)


def backup_dir():
    return core.state_dir() / "backups"


def backups_of(ex: core.Exercise) -> list:
    d = backup_dir()
    return sorted(d.glob(ex.path.name + ".*")) if d.is_dir() else []


def reset(args) -> int:
    ex = core.find_exercise(args.exercise)
    if args.list:
        found = backups_of(ex)
        for b in found:
            print(core.short_path(b))
        if not found:
            print(f"no backups of exercise {ex.id} {ex.name} yet")
        return 0
    stub = core.pristine_stub_bytes(ex)
    if stub is None:
        raise SystemExit(f"workbook: cannot find the original stub of exercise {ex.id}: neither "
                         f".stubs/{ex.folder}/{ex.path.name} nor git HEAD has it; nothing was changed")
    current = ex.path.read_bytes() if ex.path.exists() else None
    if current == stub:
        print(f"{core.short_path(ex.path)} is already the untouched stub: nothing to do.")
        return 0
    backup = None
    if current is not None:
        d = backup_dir()
        d.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = d / f"{ex.path.name}.{stamp}"
        k = 1
        while backup.exists():
            k += 1
            backup = d / f"{ex.path.name}.{stamp}-{k}"
        backup.write_bytes(current)
        if backup.read_bytes() != current:
            raise SystemExit(f"workbook: could not write the backup {backup}; nothing was changed")
    tmp = ex.path.with_name(ex.path.name + ".wb-reset")
    tmp.write_bytes(stub)
    tmp.replace(ex.path)
    print(f"Exercise {ex.id} {ex.name}: {core.short_path(ex.path)} is the untouched stub again.")
    if backup is not None:
        print(f"Your version is kept in {core.short_path(backup)}")
        print(f"  (to get it back: cp {core.short_path(backup)} {core.short_path(ex.path)})")
    if b"not_implemented" not in stub:
        print("note: the restored file does not throw wb::not_implemented: is the stub in git HEAD really a stub?")
    return 0
