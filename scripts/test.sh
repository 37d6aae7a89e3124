#!/usr/bin/env bash
# Set-up command 2: install what is missing, start PostgreSQL for the server tests, run every test.
# pytest-xvfb starts a 24-bit virtual X server for the Qt tests by itself.
#
# The suite runs lint-imports, then four pytest processes: core, plans, maps and cap in a second
# virtualenv without Qt (scripts/headless.sh), the server and drill tests (no windows), then the
# console and the widget tests, each process starting QtWebEngine afresh. Arguments, if any,
# go to a single pytest run instead (e.g. `bash scripts/test.sh tests/plans -k search`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/postgres.sh"
export QTWEBENGINE_DISABLE_SANDBOX=1
cd "$ROOT"

run_pytest() {  # run_pytest NAME ARGS...: one pytest run; a crash (death by a signal) is a failure
  local name=$1; shift
  local rc=0
  "$PY" -m pytest --junitxml="out/junit-$name.xml" "$@" || rc=$?
  if [ $rc -ge 128 ]; then
    echo "test: the '$name' run died of signal $((rc - 128)): a crash, and a failure; its log above ends where it died" >&2
  fi
  # pytest exits 5 when it collected nothing: that is a failure, not a pass.
  [ $rc -eq 5 ] && echo "test: the '$name' run collected no tests" >&2
  return $rc
}

mkdir -p out
rm -f out/junit-*.xml
status=0
if [ $# -gt 0 ]; then
  run_pytest args "$@" || status=$?
else
  # the arrows between packages (pyproject.toml [tool.importlinter])
  "$ROOT/.venv/bin/lint-imports" || { echo "test: an import goes the wrong way (lint-imports above)" >&2; status=1; }
  # core, plans, maps and cap (and the plans CLI) in a virtualenv without Qt: they must run headless
  bash "$ROOT/scripts/headless.sh" --junitxml=out/junit-headless.xml || status=$?
  run_pytest domain tests/server tests/drills tests/fuzz tests/benchmarks || status=$?
  run_pytest console tests/console || status=$?
  run_pytest widgets tests/widgets || status=$?
fi
"$PY" - <<'PY'
import glob
import xml.etree.ElementTree as ET
t = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for f in glob.glob("out/junit-*.xml"):
    for suite in ET.parse(f).getroot().iter("testsuite"):
        for k in t:
            t[k] += int(suite.get(k, 0))
failed = t["failures"] + t["errors"]
print(f"total: {t['tests'] - failed - t['skipped']} passed, {failed} failed, {t['skipped']} skipped")
PY
exit $status
