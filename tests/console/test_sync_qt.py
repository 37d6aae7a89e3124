"""The sync engine under the GUI's qasync loop: every signal a widget sees arrives on the Qt thread."""
from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from core import commands as C
from core.connection import Link
from tests.core.helpers_sync import running_engine, servers, wait_until

__all__ = ["servers"]  # the fixture


def test_under_qasync_updates_and_answers_reach_the_gui_thread(tmp_path, servers, qapp, run_coro):
    srv = servers()
    gui = qapp.thread()
    wrong_thread: list[str] = []

    def on_gui_thread(name):
        def check(*_args):
            if QThread.currentThread() is not gui or threading.current_thread() is not threading.main_thread():
                wrong_thread.append(name)
        return check

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", srv.url) as (engine, live, conn, rec):
            live.layer_changed.connect(on_gui_thread("layer_changed"))
            conn.changed.connect(on_gui_thread("connection.changed"))
            engine.command_accepted.connect(on_gui_thread("command_accepted"))
            engine.command_refused.connect(on_gui_thread("command_refused"))
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            unit = next(u for u in live.records("units").values() if u["status"] == "available"
                        and not u.get("incident_id"))
            incident = next(i for i in live.records("incidents").values() if i["status"] != "closed")
            ok = engine.submit(C.dispatch_unit(unit["id"], incident["id"]))
            again = engine.submit(C.dispatch_unit(unit["id"], incident["id"]))
            await wait_until(lambda: live.get("units", unit["id"])["status"] == "dispatched",
                             what="the dispatch shown on the unit")
            await wait_until(lambda: rec.refused, what="the refusal")
            return unit, ok, again, rec, live

    unit, ok, again, rec, live = run_coro(scenario())
    assert rec.accepted == [ok]
    assert rec.refused[0][0] == again and "不能重复调派" in rec.refused[0][1]
    assert live.get("units", unit["id"])["incident_id"] is not None
    assert wrong_thread == []
