"""The status bar tells the truth about the backend: online, offline since HH:MM, back online."""
from __future__ import annotations

import pytest

from core.connection import Link
from server.embedded import start_embedded


@pytest.fixture
def server(tmp_path):
    srv = start_embedded(f"sqlite:///{tmp_path / 'server.sqlite'}")
    yield srv
    srv.stop()


def test_indicator_follows_the_server_going_away_and_coming_back(make_shell, server, qtbot, tmp_path):
    shell = make_shell("--server", server.url, profile=tmp_path / "p")
    status = shell.window.connection_status
    assert shell.connection.link == Link.ONLINE
    assert status.text() == "在线"
    assert len(shell.state.records("units")) > 0

    server.kill()  # the server process dies: no goodbye on the wire
    qtbot.waitUntil(lambda: shell.connection.link in (Link.RECONNECTING, Link.OFFLINE), timeout=60_000)
    assert status.text() in ("正在重连…",) or status.text().startswith("离线（自 ")
    qtbot.waitUntil(lambda: shell.connection.link == Link.OFFLINE, timeout=90_000)
    since = shell.connection.offline_since.strftime("%H:%M")
    assert status.text() == f"离线（自 {since} 起）"
    # the picture stays: a duty officer keeps working on what the console already has
    assert len(shell.state.records("units")) > 0

    server.start()
    qtbot.waitUntil(lambda: shell.connection.link == Link.ONLINE, timeout=90_000)
    assert status.text() == "在线"
