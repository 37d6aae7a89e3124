"""Where the console keeps its settings, data and logs.

By default the platform's user folders (platformdirs); `--profile DIR` puts everything under
DIR instead, which is how tests and a shared drill workstation keep profiles apart.
"""
from __future__ import annotations

import hashlib
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


def replica_file(data_dir: Path, server_url: str | None, *, demo: bool = False,
                 drill: bool = False) -> Path:
    """The replica (and outbox) file for a server: one per server address, so changing the
    server in the settings never mixes one server's records with another's (a new database
    behind the same address is caught by its instance id, core/sync.py). Commands queued for
    the old server stay in its file, sent when the console points at it again.

    A `replica.sqlite` from before there was one per server becomes the configured server's
    (if it was another's, the instance check rebuilds its records; its outbox is kept).
    """
    if demo:
        return data_dir / ("replica-drill.sqlite" if drill else "replica-demo.sqlite")
    url = (server_url or "").strip().rstrip("/")
    old = data_dir / "replica.sqlite"
    if not url:
        return old   # no server: local work only
    new = data_dir / f"replica-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}.sqlite"
    if old.exists() and not new.exists():
        for suffix in ("", "-wal", "-shm"):
            moved = Path(f"{old}{suffix}")
            if moved.exists():
                moved.rename(Path(f"{new}{suffix}"))
    return new
