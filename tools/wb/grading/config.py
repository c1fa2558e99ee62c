"""The grading configuration: grading/points.toml (points per exercise, scoring mode, visibility,
limits). An exercise that the file does not name gets the defaults, so new chapters need no edit."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from wb import core

CONFIG_FILE = core.ROOT / "grading" / "points.toml"
MODES = ("split", "all_or_nothing")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
COMPILE_POLICIES = ("chapter", "exercise")

BUILTIN = {
    "defaults": {"points": 10, "mode": "split", "visibility": "visible", "on_compile_error": "chapter"},
    "limits": {"test_timeout": 10, "suite_timeout": 60, "cpu_seconds": 60, "memory_mb": 4096, "output_mb": 64,
               "scratch_mb": 256, "build_timeout": 300, "compile_cpu_seconds": 300, "compile_memory_mb": 2048,
               "compile_output_mb": 256, "submission_budget": 600, "record_mb": 64},
    "build": {"cxx_flags": "-O1 -DNDEBUG"},
    # the hidden cases (grading/hidden/): the course secret they draw their inputs from, their visibility
    "hidden": {"seed": "", "visibility": "after_due_date"},
}


@dataclass
class ExerciseRule:
    points: float
    mode: str
    visibility: str


@dataclass
class Config:
    path: Path | None
    defaults: dict
    limits: dict
    build: dict
    chapters: dict = field(default_factory=dict)    # "6" -> {points: ...}
    exercises: dict = field(default_factory=dict)   # "6.7" -> {points: ..., mode: ..., visibility: ...}
    warnings: list = field(default_factory=list)
    hidden: dict = field(default_factory=lambda: dict(BUILTIN["hidden"]))   # seed, visibility
    secret_cli: str | None = None   # ./workbook grade --secret (wins over the environment and the file)

    @property
    def on_compile_error(self) -> str:
        return self.defaults["on_compile_error"]

    def rule(self, ex_id: str) -> ExerciseRule:
        chapter = ex_id.split(".")[0]
        merged = dict(self.defaults)
        merged.update(self.chapters.get(chapter, {}))
        merged.update(self.exercises.get(ex_id, {}))
        return ExerciseRule(float(merged["points"]), merged["mode"], merged["visibility"])

    def check_known(self, known_ids: set) -> None:
        """Warn about overrides for exercises that do not exist (a typo, or a chapter not landed)."""
        for ex_id in self.exercises:
            if ex_id not in known_ids:
                self.warnings.append(f"{self.path}: [exercises.\"{ex_id}\"] names no exercise of this tree (ignored)")


def load(path: Path | None = None) -> Config:
    path = Path(path or os.environ.get("WB_POINTS", CONFIG_FILE))
    data: dict = {}
    if path.exists():
        with open(path, "rb") as f:
            data = tomllib.load(f)
    else:
        path = None
    cfg = Config(path, dict(BUILTIN["defaults"]), dict(BUILTIN["limits"]), dict(BUILTIN["build"]))
    cfg.defaults.update(data.get("defaults", {}))
    cfg.limits.update(data.get("limits", {}))
    cfg.build.update(data.get("build", {}))
    cfg.hidden.update(data.get("hidden", {}))
    if cfg.hidden["visibility"] not in VISIBILITIES:
        raise SystemExit(f"workbook: {path}: [hidden] visibility must be one of {VISIBILITIES}")
    if not isinstance(cfg.hidden["seed"], (str, int)):
        raise SystemExit(f"workbook: {path}: [hidden] seed must be a string (the course secret)")
    cfg.chapters = {str(k): dict(v) for k, v in data.get("chapters", {}).items()}
    cfg.exercises = {str(k): dict(v) for k, v in data.get("exercises", {}).items()}
    for where, table in [("defaults", cfg.defaults)] + [(f"chapters.{k}", v) for k, v in cfg.chapters.items()] \
            + [(f'exercises."{k}"', v) for k, v in cfg.exercises.items()]:
        if "mode" in table and table["mode"] not in MODES:
            raise SystemExit(f"workbook: {path}: [{where}] mode must be one of {MODES}, not {table['mode']!r}")
        if "visibility" in table and table["visibility"] not in VISIBILITIES:
            raise SystemExit(f"workbook: {path}: [{where}] visibility must be one of {VISIBILITIES}")
        if "points" in table and (not isinstance(table["points"], (int, float)) or table["points"] < 0):
            raise SystemExit(f"workbook: {path}: [{where}] points must be a number >= 0")
    if cfg.defaults["on_compile_error"] not in COMPILE_POLICIES:
        raise SystemExit(f"workbook: {path}: on_compile_error must be one of {COMPILE_POLICIES}")
    return cfg
