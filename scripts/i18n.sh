#!/usr/bin/env bash
# Refresh the English catalogue from the sources (Chinese is the source language), then
# compile it. New strings appear as type="unfinished" in resources/i18n/console_en.ts:
# translate them (Qt Linguist, or any editor) and run this again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="$(dirname "${PY:-$ROOT/.venv/bin/python}")"
mapfile -t sources < <(git ls-files --cached --others --exclude-standard 'console/*.py' 'widgets/*.py' 'maps/*.py' 'drills/*.py')
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language zh_CN -target-language en "${sources[@]}" \
  -ts resources/i18n/console_en.ts
"$BIN/pyside6-lrelease" -silent resources/i18n/console_en.ts -qm resources/i18n/console_en.qm
