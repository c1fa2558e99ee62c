"""Running untrusted student code: compiling it and running its tests.

Mode "bwrap" (bubblewrap, Debian package bubblewrap): a private mount namespace that shows only the
system folders (/usr, the loader cache, ...), the instructor tree read-only WITHOUT solutions/,
the mistakes bank, the grading config, .git and build folders, and the worker's build folder
(writable while compiling, read-only while testing) plus a scratch folder; no network (a new
network namespace has only a loopback), its own PID namespace, /tmp a fresh tmpfs. Test processes
also get rlimits (CPU, address space, file size, no core files) and, when the grader is root, run
as user nobody with a process cap.

Mode "limits": the fallback when bubblewrap is missing or cannot create namespaces: the same
rlimits and user, but the test process sees the real file system and network. Reports say so.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

NOBODY = 65534
WORKER_UID_BASE = 2_000_000_000   # far above any account: workers 2, 3, ... run their tests as these users
CPU_GRACE = 5       # seconds between the soft CPU limit (SIGXCPU) and the hard one (SIGKILL)
TMP_MB = 512        # the sandbox's /tmp: a tmpfs of this size (compilers' temporary files, tests' files)
# What the instructor tree shows to student code (top-level entries); the rest is hidden.
TREE_VISIBLE = {"chapters", "support", "tests", "cmake", "datasets", "tools", "bench", "docs", "plots",
                "CMakeLists.txt", "README.md", "workbook", ".gitignore"}
TREE_HIDDEN_BELOW = ["tests/mistakes", "tools/wb/grading", "tools/grading"]
ETC_FILES = ["ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "passwd", "group", "nsswitch.conf",
             "localtime", "ccache.conf", "gcc", "locale.alias"]


@dataclass
class Limits:
    cpu_seconds: int = 60
    memory_mb: int = 4096
    output_mb: int = 64
    nproc: int = 64
    scratch_mb: int = 256           # the whole scratch folder (a size-limited tmpfs under bubblewrap)

    @classmethod
    def from_config(cls, limits: dict) -> "Limits":
        return cls(int(limits["cpu_seconds"]), int(limits["memory_mb"]), int(limits["output_mb"]),
                   scratch_mb=int(limits.get("scratch_mb", 256)))

    @classmethod
    def compile_from_config(cls, limits: dict) -> "Limits":
        """The limits of every compiler (and linker) process: CPU seconds, address space, file size."""
        return cls(int(limits.get("compile_cpu_seconds", 300)), int(limits.get("compile_memory_mb", 2048)),
                   int(limits.get("compile_output_mb", 256)))

    def prlimit(self, nproc: bool = False) -> list:
        # CPU: the soft limit sends SIGXCPU (reported as "used up its CPU time"), the hard one, a few
        # seconds later, SIGKILL (for a process that ignores SIGXCPU). With both equal the kernel
        # sends SIGKILL straight away, which reads like the out-of-memory killer.
        a = ["prlimit", f"--cpu={self.cpu_seconds}:{self.cpu_seconds + CPU_GRACE}", f"--as={self.memory_mb << 20}",
             f"--fsize={self.output_mb << 20}", "--core=0", "--nofile=256"]
        if nproc:
            a += [f"--nproc={self.nproc}"]
        return a + ["--"]


class ScratchWatch:
    """Without bubblewrap (no size-limited tmpfs): polls the scratch folder's total size and kills the
    test process group when it exceeds the limit."""

    def __init__(self, scratch: Path, limit_bytes: int, proc):
        import threading
        self.scratch, self.limit, self.proc = Path(scratch), limit_bytes, proc
        self.tripped = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _size(self) -> int:
        total = 0
        for dirpath, _, files in os.walk(self.scratch):
            for f in files:
                try:
                    total += os.lstat(os.path.join(dirpath, f)).st_blocks * 512
                except OSError:
                    pass
        return total

    def _run(self) -> None:
        import signal
        while not self._stop.wait(0.25):
            if self._size() > self.limit:
                self.tripped = True
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


@dataclass
class Sandbox:
    mode: str                       # "bwrap" or "limits"
    reason: str = ""                # why the fallback, when mode == "limits"
    root: Path = core.ROOT
    extra_hidden: list = field(default_factory=list)   # more paths to hide (other submissions, results)
    drop_user: bool = False         # run tests as nobody (only when the grader is root)
    secret_env: dict = field(default_factory=dict)     # WB_HIDDEN_SEED for the hidden cases (grading/hidden.py)
    uid: int = NOBODY               # the tests' user when drop_user: one per worker (worker_uid)

    def describe(self) -> str:
        who = " as user nobody" if self.drop_user else ""
        if self.mode == "bwrap":
            return ("bubblewrap: no network, read-only view of the system and the instructor tree without "
                    f"solutions, a scratch folder the only writable place; rlimits{who}")
        return (f"limits only (NO bubblewrap: {self.reason}): CPU/memory/file-size rlimits and a timeout{who}; "
                "student code could read the file system and use the network")

    # ---- building -----------------------------------------------------------------------------
    def build_cmd(self, cmd: list, build_dir: Path, writable: list, readable: list, limits: Limits | None = None,
                  binds: list = (), masks: list = ()) -> list:
        """The build (ninja and every compiler it starts) with rlimits: CPU seconds, address space and
        file size per process (#include "/dev/zero" stops at the memory limit), inside bubblewrap.
        binds: (source, where) pairs shown read-only at another place; masks: folders (of the build
        folder too) covered by an empty tmpfs."""
        if limits is not None:
            cmd = limits.prlimit() + cmd
        if self.mode != "bwrap":
            return cmd
        args = self._base(readable, [*writable, build_dir])
        for w in writable:
            args += ["--bind", str(w), str(w)]
        args += ["--bind", str(build_dir), str(build_dir)]
        for src, where in binds:
            args += self._parents([where]) + ["--ro-bind", str(src), str(where)]
        for m in masks:
            args += ["--tmpfs", str(m)]
        args += ["--chdir", str(build_dir), "--setenv", "HOME", str(build_dir)]
        if os.geteuid() == 0:
            # bwrap run by root keeps every capability; the compilers need none (they write only into
            # root's own build and ccache folders), and whatever a file makes the assembler do
            # (integrity.check_source refuses the ways in that are known) gets none either
            args += ["--cap-drop", "ALL"]
        return ["bwrap", *args, "--", *cmd]

    # ---- testing --------------------------------------------------------------------------------
    def run_cmd(self, cmd: list, scratch: Path, readable: list, limits: Limits, extra_env: dict | None = None) -> list:
        lim = limits.prlimit(nproc=self.drop_user)
        user = (["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--inh-caps=-all", "--"]
                if self.drop_user else [])
        inner = lim + user + cmd
        if self.mode != "bwrap":
            return inner
        args = self._base(readable, [scratch])
        # the scratch folder: a fresh tmpfs of limited size (the total, not only each file), open to nobody
        args += ["--perms", "01777", "--size", str(limits.scratch_mb << 20), "--tmpfs", str(scratch),
                 "--chdir", str(scratch), "--setenv", "HOME", str(scratch), "--setenv", "TMPDIR", "/tmp"]
        for key, value in (extra_env or {}).items():
            args += ["--setenv", key, value]
        if self.drop_user:
            args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        elif os.geteuid() == 0:
            # bwrap run by root keeps every capability: a test process left as root (no user switch)
            # could unmount what hides the tree, remount the build folder read-write, mknod and mount
            # the disk (tools/tests/test_grade_attacks.py RootFallback). None for it.
            args += ["--cap-drop", "ALL"]
        return ["bwrap", *args, "--", *inner]

    def scratch_watch(self, scratch: Path, limits: Limits, proc) -> "ScratchWatch | None":
        """Under bubblewrap the tmpfs caps the scratch folder; without it, a watcher does."""
        if self.mode == "bwrap":
            return None
        return ScratchWatch(scratch, limits.scratch_mb << 20, proc)

    def env(self) -> dict:
        """The environment of sandboxed processes: nothing inherited but the basics."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1"}
        if self.mode != "bwrap":
            env["HOME"] = os.environ.get("HOME", "/tmp")
        env.update(self.secret_env)
        return env

    def _base(self, readable: list, writable: list = ()) -> list:
        a = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session",
             "--clearenv", "--dev", "/dev", "--proc", "/proc", "--size", str(TMP_MB << 20), "--tmpfs", "/tmp"]
        for d in ("usr", "bin", "sbin", "lib", "lib64", "lib32", "libx32"):
            p = Path("/") / d
            if p.is_symlink():
                a += ["--symlink", os.readlink(p), str(p)]
            elif p.is_dir():
                a += ["--ro-bind", str(p), str(p)]
        a += ["--perms", "0755", "--dir", "/etc"]      # made by bwrap: open it to user nobody
        for name in ETC_FILES:
            p = Path("/etc") / name
            if p.exists():
                a += ["--ro-bind", str(p), str(p)]
        # the folders above the bound ones are made by bwrap: open them to user nobody (0755); those
        # of the build and scratch folders after the tree's hidden parts (a tmpfs may cover them)
        a += self._parents([self.root / "."]) + ["--perms", "0755", "--dir", str(self.root)]
        a += self._tree(self.root)
        a += self._parents([*readable, *writable])
        for r in readable:
            a += ["--ro-bind", str(r), str(r)]
        for key, value in self.env().items():
            a += ["--setenv", key, value]
        return a

    @staticmethod
    def _parents(targets: list) -> list:
        a, made = [], set()
        for target in targets:
            for anc in reversed(Path(target).parents):
                if str(anc) in ("/", "/tmp") or anc in made:
                    continue
                made.add(anc)
                a += ["--perms", "0755", "--dir", str(anc)]
        return a

    def _tree(self, root: Path) -> list:
        a = []
        for entry in sorted(root.iterdir()):
            if entry.name in TREE_VISIBLE:
                a += ["--ro-bind", str(entry), str(entry)]
        for rel in TREE_HIDDEN_BELOW:
            p = root / rel
            if p.is_dir():
                a += ["--tmpfs", str(p)]
        for p in self.extra_hidden:
            p = Path(p)
            if p.is_dir() and _under(p, root) and p != root:
                a += ["--tmpfs", str(p)]
        return a


def worker_uid(index: int) -> int:
    """The user a worker's tests run as: nobody for the first, a user of its own (no account needed)
    for each other, so RLIMIT_NPROC, which the kernel counts per user over the whole machine, is per
    worker: a test that holds its limit of processes cannot stop another worker's tests from starting."""
    return NOBODY if index <= 1 else WORKER_UID_BASE + index


def _under(p: Path, root: Path) -> bool:
    try:
        p.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def detect(requested: str = "auto", root: Path = core.ROOT) -> Sandbox:
    """The sandbox to use: bubblewrap when it works here, else limits only (with the reason)."""
    drop = os.geteuid() == 0 and shutil.which("setpriv") is not None
    if requested == "limits" or requested == "none":
        return Sandbox("limits", "disabled with --sandbox limits", root, drop_user=drop)
    if not shutil.which("bwrap"):
        if requested == "bwrap":
            raise SystemExit("workbook: --sandbox bwrap: bubblewrap is not installed (apt-get install bubblewrap)")
        return Sandbox("limits", "bubblewrap (bwrap) is not installed", root, drop_user=drop)
    sb = Sandbox("bwrap", "", root, drop_user=drop)
    probe = sb.run_cmd(["/bin/true"], Path("/tmp"), [], Limits())
    try:
        r = subprocess.run(probe, capture_output=True, text=True, timeout=30, env=sb.env())
        ok, why = r.returncode == 0, (r.stderr.strip() or f"exit code {r.returncode}")
    except (OSError, subprocess.TimeoutExpired) as e:
        ok, why = False, str(e)
    if ok:
        return sb
    if drop:  # maybe only the user switch fails (no setpriv capabilities): try without it
        sb.drop_user = False
        r = subprocess.run(sb.run_cmd(["/bin/true"], Path("/tmp"), [], Limits()), capture_output=True, text=True,
                           timeout=30, env=sb.env())
        if r.returncode == 0:
            return sb
    if requested == "bwrap":
        raise SystemExit(f"workbook: --sandbox bwrap: bubblewrap cannot create its namespaces here: {why}")
    return Sandbox("limits", f"bubblewrap cannot create namespaces here ({why.splitlines()[-1] if why else '?'})",
                   root, drop_user=drop)
