"""The terminal: colours when stdout is one."""
from __future__ import annotations

import os
import sys


def color(enabled: bool | None = None):
    """ANSI colours when stdout is a terminal (NO_COLOR respected)."""
    if enabled is None:
        enabled = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    codes = dict(green="32", red="31", yellow="33", blue="34", dim="2", bold="1", cyan="36")

    def paint(name: str, text: str) -> str:
        return f"\033[{codes[name]}m{text}\033[0m" if enabled else text

    return paint
