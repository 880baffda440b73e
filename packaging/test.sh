#!/usr/bin/env bash
# One command for a developer or CI: set up (first time only) and run every check and test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/packaging/bootstrap.sh" --test
bin="$root/.venv/bin"
export QT_QPA_PLATFORM=offscreen

echo "== ruff"; "$bin/ruff" check src tests benchmarks packaging
"$bin/ruff" format --check src tests benchmarks packaging
echo "== mypy"; "$bin/mypy"
if [ "${EHR_SIM_SKIP_WHEEL:-}" = 1 ] && [ "${CI:-}" != true ]; then
  echo "== wheel: skipped (EHR_SIM_SKIP_WHEEL=1; CI never skips it)"
else
  echo "== wheel: build, install in a clean virtualenv, run from another folder"
  "$root/packaging/wheel_smoke.sh"
fi
echo "== import contracts (pyproject.toml [tool.importlinter])"; "$bin/lint-imports"
echo "== catalogue of actions"; "$bin/python" -m ehr_sim.packs.catalogue docs/packs.md --check
echo "== pytest"
set +e
"$bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass" >&2
  exit 1
fi
exit "$status"
