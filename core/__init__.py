"""The console's Qt-free core: what the app layer and the widgets build on, importing neither
PySide6 nor widgets nor the server (checked by lint-imports, pyproject.toml).

commands (the commands a console sends, with their UUIDs), store (the local replica and the
durable outbox table, SQLite), recommend (units to propose for an incident), regrade (an
incident's facts as the plans read them, and its level history), alarms and alarm_rules
(sensor alarm rules and plan suggestions), duplicates (is this report one already open?),
video_rank (cameras that see a point), paths (where the console keeps its files).
"""
