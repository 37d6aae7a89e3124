"""The backend connection as the user sees it: online / offline since HH:MM / reconnecting,
plus how many commands wait in the outbox. The sync engine writes it; the status bar shows it.
"""
from __future__ import annotations

from datetime import datetime
from enum import Enum

from psygnal import Signal


class Link(Enum):
    CONNECTING = "connecting"      # first attempt since start
    ONLINE = "online"
    RECONNECTING = "reconnecting"  # lost, trying again
    OFFLINE = "offline"            # lost, gave up for now (retrying with backoff)
    LOCAL = "local"                # no server configured: working on local data only


class ConnectionState:
    # Link, offline-since (datetime | None), queued command count (int)
    changed = Signal(object, object, int)

    def __init__(self) -> None:
        self._link = Link.CONNECTING
        self._since: datetime | None = None
        self._queued = 0

    @property
    def link(self) -> Link:
        return self._link

    @property
    def offline_since(self) -> datetime | None:
        """When the connection was lost (local time), None while online."""
        return self._since

    @property
    def queued(self) -> int:
        return self._queued

    def set_link(self, link: Link) -> None:
        if link == self._link:
            return
        if link == Link.ONLINE:
            self._since = None
        elif self._since is None and link in (Link.RECONNECTING, Link.OFFLINE):
            self._since = datetime.now().astimezone()
        self._link = link
        self.changed.emit(self._link, self._since, self._queued)

    def set_queued(self, count: int) -> None:
        if count != self._queued:
            self._queued = count
            self.changed.emit(self._link, self._since, self._queued)
