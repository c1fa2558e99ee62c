#!/usr/bin/env bash
# The student's loop, timed (save one exercise file -> result, in `check 1` and in `watch 1`).
# Options: --runs N, --in-place, --all-chapters, --dir DIR; see run.py.
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/run.py" "$@"
