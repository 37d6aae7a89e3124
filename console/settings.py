"""Settings stored in an INI file through QSettings; the schema is core/settings.py.

Unknown keys are ignored and a value of the wrong type falls back to its default with a
logged warning, so a hand-edited or older settings file never stops the console starting.
"""
from __future__ import annotations

import logging
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QSettings

from core.settings import SCHEMA_VERSION, Settings

log = logging.getLogger(__name__)

_STORED = [f for f in fields(Settings) if f.name != "extra"]


class SettingsStore:
    """Reads and writes Settings in an INI file through QSettings."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    @property
    def qsettings(self) -> QSettings:
        """The underlying QSettings, for window state and layouts (values only)."""
        return self._qs

    def load(self) -> Settings:
        values = {}
        self._qs.beginGroup("settings")
        try:
            for f in _STORED:
                if not self._qs.contains(f.name):
                    continue
                raw = self._qs.value(f.name)
                try:
                    values[f.name] = _coerce(raw, f.type)
                except (TypeError, ValueError):
                    log.warning("setting %s in %s has the unreadable value %r; using the default",
                                f.name, self.path, raw)
        finally:
            self._qs.endGroup()
        values["schema_version"] = SCHEMA_VERSION
        return Settings(**values).validated()

    def save(self, settings: Settings) -> None:
        self._qs.beginGroup("settings")
        for f in _STORED:
            self._qs.setValue(f.name, getattr(settings, f.name))
        self._qs.endGroup()
        self._qs.sync()


def _coerce(raw, type_name):
    if type_name in ("bool", bool):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no", ""):
            return False
        raise ValueError(raw)
    if type_name in ("int", int):
        return int(raw)
    if raw is None:
        return ""
    return str(raw)
