"""Where the console keeps its settings, data and logs.

By default the platform's user folders (platformdirs); `--profile DIR` puts everything under
DIR instead, which is how tests and a shared drill workstation keep profiles apart.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "emergency-console"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_profile(cls, profile: str | Path | None = None) -> "Paths":
        if profile:
            root = Path(profile).expanduser().resolve()
            paths = cls(root / "config", root / "data", root / "logs")
        else:
            paths = cls(Path(platformdirs.user_config_dir(APP)),
                        Path(platformdirs.user_data_dir(APP)),
                        Path(platformdirs.user_log_dir(APP)))
        for p in (paths.config_dir, paths.data_dir, paths.log_dir):
            p.mkdir(parents=True, exist_ok=True)
        return paths

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.ini"
