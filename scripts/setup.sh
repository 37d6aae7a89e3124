#!/usr/bin/env bash
# Installs what the console needs on a fresh Debian 12 machine (run as root), idempotently:
# the Debian packages Qt/QtWebEngine/QtMultimedia need under a virtual X server, a CJK font,
# PostgreSQL for the server tests, then a Python >= 3.12 virtualenv in .venv with the project.
# Sourcing this file leaves $PY pointing at the venv's python.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(xvfb xauth libnss3 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libegl1 libgl1 libxcomposite1
  libxdamage1 libxtst6 libxrandr2 libxkbfile1 libasound2 libpulse0 libfontconfig1 libglib2.0-0
  libdbus-1-3 fonts-wqy-microhei ffmpeg poppler-utils postgresql)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Python >= 3.12 (PySide6 6.12 aborts on 3.11 after ~2,000 signal emits; see docs/platform.md).
find_python() {
  local candidates=(python3.12 python3.13)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.12*/bin/python3 "$(pyenv root)"/versions/3.13*/bin/python3)
  fi
  candidates+=(/root/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.12 /usr/bin/python3.12 python3)
  for c in "${candidates[@]}"; do
    # a pyenv shim answers `command -v` but may not run: try each for real
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c" 2>/dev/null || echo "$c"
      return
    fi
  done
  return 1
}
if [ ! -x .venv/bin/python ]; then
  BASE_PY="$(find_python)" || { echo "setup: no Python >= 3.12 found; install python3.12 and retry" >&2; exit 1; }
  echo "setup: creating .venv with $BASE_PY"
  "$BASE_PY" -m venv .venv
fi
PY="$ROOT/.venv/bin/python"
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing the project into .venv (first time: about a minute)"
  "$PY" -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*; touch "$stamp"
fi
export PY
