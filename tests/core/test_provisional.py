"""Issue 20: an incident filed offline is in the picture at once, marked pending, found by the
duplicate check, kept through a restart, and replaced by the server's record when it arrives."""
from __future__ import annotations

import asyncio

from core import commands as C
from core.connection import Link
from core.duplicates import find_duplicates
from tests.core.helpers_sync import running_engine, servers, wait_until

__all__ = ["servers"]  # the fixture


def _gas(incident_id: str, title: str = "示例 燃气泄漏") -> C.Command:
    return C.create_incident("gas", title, 116.4595, 39.9087, incident_id=incident_id,
                             facts={"caller": "示例来电人"})


def test_an_incident_filed_offline_shows_at_once_and_the_server_s_record_replaces_it(tmp_path, servers):
    db = tmp_path / "replica.sqlite"

    async def offline():
        async with running_engine(db, None) as (engine, live, conn, rec):
            engine.submit(_gas("INC-OFF-0001"))
            filed = live.get("incidents", "INC-OFF-0001")
            twin = find_duplicates("gas", 116.4597, 39.9088, live.records("incidents").values())
            return filed, twin

    filed, twin = asyncio.run(offline())
    assert filed["pending_sync"] is True and filed["title"] == "示例 燃气泄漏"
    assert filed["status"] == "active" and filed["level"] == "IV"
    assert [d.incident["id"] for d in twin] == ["INC-OFF-0001"]   # a second caller finds it offline

    async def restarted():  # the console restarted, still without a server
        async with running_engine(db, None) as (engine, live, conn, rec):
            return live.get("incidents", "INC-OFF-0001")

    assert asyncio.run(restarted())["pending_sync"] is True

    srv = servers()

    async def online():
        async with running_engine(db, srv.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE and conn.queued == 0, what="delivered")
            await wait_until(lambda: live.get("incidents", "INC-OFF-0001").get("pending_sync") is False,
                             what="the server's record")
            return live.get("incidents", "INC-OFF-0001")

    confirmed = asyncio.run(online())
    assert confirmed["title"] == "示例 燃气泄漏" and confirmed.get("created_at")


def test_a_refused_filing_leaves_no_incident_behind(tmp_path, servers):
    srv = servers()

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", srv.url) as (engine, live, conn, rec):
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            existing = next(iter(live.records("incidents")))
            title = live.get("incidents", existing)["title"]
            # the id of an incident the server has: refused, and never shown over the real one
            twin = engine.submit(C.create_incident("gas", "示例 重复编号", 116.41, 39.91, incident_id=existing))
            # a title longer than the server takes (256): refused as invalid
            bad = engine.submit(C.create_incident("gas", "示例" * 200, 116.41, 39.91, incident_id="INC-REF-0001"))
            shown = dict(live.get("incidents", "INC-REF-0001"))
            await wait_until(lambda: {twin, bad} <= {cid for cid, _ in rec.refused}, what="both refused")
            return existing, title, shown, live

    existing, title, shown, live = asyncio.run(scenario())
    assert shown["pending_sync"] is True                    # shown while it waited
    assert live.get("incidents", "INC-REF-0001") is None    # gone once refused
    assert live.get("incidents", existing)["title"] == title
