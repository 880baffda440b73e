#!/usr/bin/env bash
# Builds the wheel and tries it the way a lab machine gets it: installed into a clean
# virtualenv in a temporary folder and run from there, far from this checkout.
#   - the build prints no warnings;
#   - `ehr-sim packs list` finds the built-in core pack inside the installed package;
#   - the stylesheet is inside the installed package;
#   - the app starts offscreen, shows its window, opens a clinic and exits 0
#     (EHR_SIM_EXIT_WHEN_READY=1 makes it quit once the clinic is on screen).
# Dependencies come from pip's cache (or PyPI the first time). Set EHR_SIM_SKIP_WHEEL=1 to
# skip this step in packaging/test.sh for a quick local run; CI always runs it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/.venv/bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/ehr-sim-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { printf 'wheel smoke: %s\n' "$*" >&2; exit 1; }

"$bin/python" -m build --no-isolation --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "the build failed"; }
if grep -i "warn" "$work/build.log" >&2; then fail "the build printed warnings (above)"; fi
wheel=$(ls "$work"/dist/*.whl)
echo "built $(basename "$wheel")"

"$bin/python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" 2>&1 |
  grep -v "^WARNING: Location '.*' is ignored" >&2 || true
[ -x "$work/venv/bin/ehr-sim" ] || fail "pip did not install the ehr-sim command"

cd "$work"  # another folder: nothing from the checkout can be found by accident
unset PYTHONPATH
export XDG_DATA_HOME="$work/data" QT_QPA_PLATFORM=offscreen
site=$("$work/venv/bin/python" -c 'import ehr_sim, pathlib; print(pathlib.Path(ehr_sim.__file__).parent)')
case "$site" in "$work"/venv/*) ;; *) fail "ehr_sim was imported from $site, not the clean virtualenv" ;; esac

listing=$("$work/venv/bin/ehr-sim" packs list) || { echo "$listing" >&2; fail "packs list failed"; }
echo "$listing"
echo "$listing" | grep -q "^core .* · built-in · $site/scenarios/core$" ||
  fail "packs list did not find the core pack inside the installed package"
"$work/venv/bin/python" -c '
from ehr_sim.bundled import resource
import sys
sheet = resource("style.qss")
sys.exit(0 if sheet is not None and sheet.is_relative_to(sys.argv[1]) else f"no stylesheet: {sheet}")
' "$site"

"$work/venv/bin/ehr-sim" world --seed 3 --patients 40 --out "$work/clinic.db" >"$work/world.log" 2>&1 ||
  { cat "$work/world.log" >&2; fail "ehr-sim world failed"; }
# "ready" once the window is on screen and the event loop turns, "loaded" once the clinic is in it.
started=$(EHR_SIM_EXIT_WHEN_READY=1 timeout 120 "$work/venv/bin/ehr-sim" --db "$work/clinic.db" \
  2>"$work/app.log") || { cat "$work/app.log" >&2; fail "the app did not start and exit 0"; }
[ "$(echo "$started" | tr '\n' ' ')" = "ready loaded " ] ||
  { cat "$work/app.log" >&2; fail "the app did not show its window and open the clinic ($started)"; }
echo "the installed app started offscreen, showed its window and opened the clinic"
