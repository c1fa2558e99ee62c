"""Grading student submissions: intake (submission.py), the sandbox (sandbox.py), the reusable
per-worker build (worker.py), integrity checks (integrity.py), scoring and the result files
(results.py), the points (config.py, reading grading/points.toml)."""
