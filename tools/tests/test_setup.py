"""Where students are: the dev container (valid JSON, a Debian 12 image, a post-create command that
exists, the clangd extension; kept by `release`), and the install line printed on machines
without apt (Homebrew, dnf, pacman), with a fake /etc/os-release. No build."""
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from wb import packages  # noqa: E402

DEVCONTAINER = ROOT / ".devcontainer" / "devcontainer.json"


class DevContainer(unittest.TestCase):
    def setUp(self):
        self.cfg = json.loads(DEVCONTAINER.read_text())   # plain JSON, no comments

    def test_debian_12_image(self):
        image = self.cfg.get("image", "")
        self.assertRegex(image, r"(^debian:bookworm|devcontainers/base:bookworm|:12)", image)

    def test_post_create_runs_an_existing_command(self):
        cmd = self.cfg["postCreateCommand"].split()
        self.assertEqual(cmd[0], "./workbook")
        self.assertTrue((ROOT / "workbook").is_file())
        # the subcommand and its options parse: --help exits 0 and names them
        r = subprocess.run([sys.executable, str(ROOT / "tools" / "wb" / "cli.py"), cmd[1], "--help"],
                           capture_output=True, text=True, env=dict(os.environ, WB_SKIP_PACKAGES="1"))
        self.assertEqual(r.returncode, 0, r.stderr)
        for opt in cmd[2:]:
            self.assertIn(opt.split("=")[0], r.stdout)

    def test_extensions(self):
        exts = self.cfg["customizations"]["vscode"]["extensions"]
        self.assertIn("llvm-vs-code-extensions.vscode-clangd", exts)
        self.assertIn("ms-vscode.cmake-tools", exts)

    def test_release_keeps_it(self):
        try:
            from wb.commands import release
        except ImportError:
            self.skipTest("the student edition has no release command")
        self.assertFalse(release.excluded(".devcontainer/devcontainer.json"))


def fake_os(text: str):
    d = tempfile.mkdtemp(prefix="wb-os-")
    p = Path(d) / "os-release"
    p.write_text(text)
    return mock.patch.dict(os.environ, {"WB_OS_RELEASE": str(p)})


class OtherSystems(unittest.TestCase):
    def test_detection(self):
        for text, want in (('ID=debian\nVERSION_ID="12"\n', "apt"), ('ID=ubuntu\nID_LIKE=debian\n', "apt"),
                           ('ID=fedora\nVERSION_ID=40\n', "dnf"), ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "dnf"),
                           ('ID=arch\n', "pacman"), ('ID=manjaro\nID_LIKE=arch\n', "pacman"),
                           ('ID=gentoo\n', "unknown")):
            with fake_os(text):
                self.assertEqual(packages.detect_system(), want, text)

    def test_every_package_is_mapped(self):
        for system, table in packages.OTHER_SYSTEMS.items():
            for p in packages.required_packages():
                self.assertIn(p, table, f"{p} has no {system} name (None when it is not packaged there)")
                if table[p] is None:
                    self.assertIn(p, packages.NOT_PACKAGED, f"{p} on {system}: say where it comes from")

    def test_lines(self):
        pkgs = packages.required_packages()
        line, _ = packages.install_line("dnf", pkgs)
        self.assertTrue(line.startswith("sudo dnf install -y "))
        for n in ("gcc-c++", "ninja-build", "xtensor-devel", "openblas-devel", "boost-devel", "gnuplot"):
            self.assertIn(f" {n}", line)
        line, elsewhere = packages.install_line("brew", pkgs)
        self.assertTrue(line.startswith("brew install "))
        for n in ("cmake", "ninja", "ccache", "xtensor", "openblas", "boost", "gnuplot", "fswatch"):
            self.assertIn(f" {n}", line)
        self.assertNotIn("libxtensor", line)
        self.assertTrue(any("gnuplot-iostream" in e for e in elsewhere))
        line, _ = packages.install_line("pacman", pkgs)
        self.assertTrue(line.startswith("sudo pacman -S --needed "))
        self.assertIn(" inotify-tools", line)

    def test_prints_the_line_and_goes_on(self):
        """On Fedora with xtensor missing: the dnf line, the version warning, and no SystemExit."""
        with fake_os("ID=fedora\n"), mock.patch.object(packages, "_tools_missing", return_value=["xtensor"]), \
                mock.patch.dict(os.environ, {}), mock.patch("sys.stderr", new_callable=io.StringIO) as err:
            os.environ.pop("WB_SKIP_PACKAGES", None)
            packages.ensure_packages()
        printed = err.getvalue()
        self.assertIn("not found: xtensor", printed)
        self.assertIn("sudo dnf install -y", printed)
        self.assertIn("xtensor 0.24", printed)
        self.assertIn("Debian 12", printed)
        self.assertIn(".devcontainer", printed)

    def test_quiet_when_everything_is_there(self):
        with fake_os("ID=arch\n"), mock.patch.object(packages, "_tools_missing", return_value=[]), \
                mock.patch.dict(os.environ, {}), mock.patch("sys.stderr", new_callable=io.StringIO) as err:
            os.environ.pop("WB_SKIP_PACKAGES", None)
            packages.ensure_packages()
        self.assertEqual(err.getvalue(), "")


if __name__ == "__main__":
    unittest.main()
