#!/usr/bin/env bash
# The Qt-free packages' tests (core, plans, maps, cap, and the `plans` CLI) in a second virtualenv
# that has everything the project needs except Qt: PySide6, pyqtgraph and qasync are not
# installed there, so a Qt import anywhere on those paths fails the run. Run by scripts/test.sh;
# `bash scripts/headless.sh [pytest args]` runs it alone. Sourcing setup.sh first is assumed
# (Debian packages; $PY is the main venv's python).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
QT_PACKAGES="PySide6 pyqtgraph qasync pytest-qt pytest-xvfb"
HPY="$ROOT/.venv-headless/bin/python"
stamp=".venv-headless/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "headless: creating .venv-headless (the project without Qt)"
  BASE="$("${PY:-$ROOT/.venv/bin/python}" -c 'import sys; print(sys._base_executable)')"
  rm -rf .venv-headless
  "$BASE" -m venv .venv-headless
  # the project's dependencies and test tools, read from pyproject.toml, minus the Qt ones
  mapfile -t deps < <("$HPY" - "$QT_PACKAGES" <<'PY'
import re, sys, tomllib
qt = {n.lower() for n in sys.argv[1].split()}
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for req in project["dependencies"] + project["optional-dependencies"]["test"]:
    name = re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0]
    if name.lower() not in qt:
        print(req)
PY
)
  "$HPY" -m pip install -q "${deps[@]}"
  "$HPY" -m pip install -q --no-deps -e .
  touch "$stamp"
fi
for pkg in $QT_PACKAGES; do
  if "$HPY" -m pip show -q "$pkg" >/dev/null 2>&1; then
    echo "headless: $pkg is installed in .venv-headless; the run would not prove anything" >&2
    exit 1
  fi
done
exec "$HPY" -m pytest -c scripts/pytest-headless.ini --rootdir "$ROOT" "$@"
