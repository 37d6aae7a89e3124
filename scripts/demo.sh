#!/usr/bin/env bash
# Set-up command 1: install what is missing, then run the console on the embedded demo
# (embedded server on 127.0.0.1, SQLite in the user data folder, shipped data, no network).
# Without a display it starts a virtual one, writes a screenshot and prints where it is.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
export QTWEBENGINE_DISABLE_SANDBOX=1
# The full demo base map (zoom 9-16, ~11 MB) is drawn once here rather than committed;
# it returns at once when the file is already complete. Without it the map uses the
# committed zoom 9-13 set and scales it up.
echo "demo: drawing the offline base map tiles (first time only, a few minutes)"
"$PY" -m maps.tiles build "$ROOT/resources/tiles/demo.mbtiles" --max-zoom 16
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  out="${1:-$ROOT/out/demo.png}"
  mkdir -p "$(dirname "$out")"
  echo "demo: no display here; starting a virtual one and writing a screenshot"
  xvfb-run -a -s "-screen 0 1600x1000x24" "$PY" -m console --demo --screenshot "$out"
  echo "demo: screenshot written to $out"
else
  exec "$PY" -m console --demo "$@"
fi
