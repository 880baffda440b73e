#!/usr/bin/env bash
# Sets up .venv with EHR Sim (plus the test tools with --test) and Qt's system libraries.
# Safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

say() { printf 'ehr-sim setup: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$(command -v "$candidate"); break
  fi
done
[ -n "$python" ] || { say "Python 3.11 or newer is required (apt-get install python3)."; exit 1; }

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  say "creating $venv with $python"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    say "python's venv module is missing; installing python3-venv"
    rm -rf "$venv"
    if command -v apt-get >/dev/null && as_root apt-get update -qq &&
       as_root apt-get install -y -qq python3-venv >/dev/null; then
      "$python" -m venv "$venv"
    else
      say "could not install python3-venv: run 'sudo apt-get install python3-venv' and try again"; exit 1
    fi
  fi
fi

stamp="$venv/.ehr-sim-installed"
want="$(cat "$root/pyproject.toml" | sha256sum | cut -c1-16)$extras"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing EHR Sim$extras into .venv (first time takes a minute)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root$extras"
  echo "$want" > "$stamp"
fi

"$venv/bin/python" "$root/packaging/qt_system_libs.py" --install

# The class tests (tests/classroom) start a real PostgreSQL from Debian's server binaries.
if [ -n "$extras" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 &&
   ! command -v initdb >/dev/null 2>&1; then
  say "installing PostgreSQL's server binaries for the class tests"
  if ! { command -v apt-get >/dev/null && as_root apt-get update -qq &&
         as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; then
    say "could not install postgresql: the class tests will be skipped (sudo apt-get install postgresql)"
  fi
fi
