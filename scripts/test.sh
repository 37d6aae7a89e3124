#!/usr/bin/env bash
# Set-up command 2: install what is missing, start PostgreSQL for the server tests, run every test.
# pytest-xvfb starts a 24-bit virtual X server for the Qt tests by itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/postgres.sh"
export QTWEBENGINE_DISABLE_SANDBOX=1
cd "$ROOT"
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure, not a pass.
[ $rc -eq 5 ] && { echo "test: no tests were collected" >&2; exit 1; }
exit $rc
