"""The console's Qt-free core: what the app layer and the widgets build on, importing neither
PySide6 nor widgets nor the server (checked by lint-imports, pyproject.toml); its tests run in
a virtualenv without Qt (scripts/headless.sh).

state (the live picture, with psygnal change signals), connection (online / offline since …),
settings (the settings schema), api (the backend client) and sse (the one event-stream
parser), store (the local replica and the durable outbox table, SQLite), outbox and sync (the
sync engine: snapshot, outbox replay, event stream, reconnects), sync_worker (the engine as a
headless process), auth (the sign-in token cache), audit (the console's own hash chain),
commands (the commands a console sends, with their UUIDs), recommend (units to propose for an
incident), regrade (an incident's facts as the plans read them, and its level history), alarms
and alarm_rules (sensor alarm rules and plan suggestions), duplicates (is this report one
already open?), video_rank (cameras that see a point), retry (the one backoff policy), paths
(where the console keeps its files).
"""
