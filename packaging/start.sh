#!/usr/bin/env bash
# One command for a trainee: set up (first time only) and launch EHR Sim.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/packaging/bootstrap.sh"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "ehr-sim: no display found (DISPLAY/WAYLAND_DISPLAY unset); run this from a desktop session." >&2
  exit 1
fi
exec "$root/.venv/bin/ehr-sim" "$@"
