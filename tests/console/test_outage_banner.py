"""Issue 20: an outage nobody on the shift can miss. The demo console's server is frozen for
real (SIGSTOP: no FIN, no RST, only silence); the banner across the top of the window says
since when, how many commands wait, and goes when the server is back."""
from __future__ import annotations

import os
import re
import signal
import time

from core import commands as C
from core.connection import Link


def test_a_frozen_server_raises_the_banner_across_the_window_and_its_return_lowers_it(make_shell, qtbot):
    shell = make_shell()
    banner = shell.window.outage_banner
    assert shell.connection.link == Link.ONLINE and not banner.isVisible()
    incident = next(i for i in shell.state.records("incidents").values() if i["status"] != "closed")["id"]
    pid = shell.embedded.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        frozen = time.monotonic()
        qtbot.waitUntil(banner.isVisible, timeout=15_000)
        noticed = time.monotonic() - frozen
        # the stream's keep-alive is 1 s and 2.5 s of silence is an outage (benchmarks measure it)
        assert noticed < 10, noticed
        assert re.search(r"（自 \d\d:\d\d:\d\d 起", banner.text())
        assert "连接中断" in banner.text() or "离线" in banner.text()
        assert "地图与列表为" in banner.text()
        # the map's live layers greyed under 数据截至 HH:MM:SS
        view = shell.window.central
        got = []
        qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
        script = ("(document.querySelector('.leaflet-container').classList.contains('ecc-stale') ? 'grey|' : 'live|')"
                  " + ((document.getElementById('ecc-stale-note') || {}).textContent || '')")
        qtbot.waitUntil(lambda: (view.run_js(script, got.append), bool(got) and got[-1].startswith("grey|"))[1],
                        timeout=10_000)
        assert re.fullmatch(r"grey\|离线 · 地图数据截至 \d\d:\d\d:\d\d", got[-1])
        # across the whole window, above the docks, not only over the map
        assert banner.width() >= shell.window.width() - 2
        assert banner.mapTo(shell.window, banner.rect().topLeft()).y() < shell.window.centralWidget().y()
        shell.commands.submit(C.add_note(incident, "示例 断网期间的备注"))
        qtbot.waitUntil(lambda: "1 条指令待发送" in banner.text(), timeout=5_000)
        # a dispatch in the outage says it waits, never that it was sent
        shell.state.select("incidents", incident)
        shell.incidents.actions["dispatch"].trigger()
        panel = shell.window.panel("dispatch")
        units = panel.unit_ids()
        assert units
        panel.accept()
        rows = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
        qtbot.waitUntil(lambda: all(r.text(4).startswith("待发送（排队中") for r in rows), timeout=5_000)
        assert "已提交" in shell.window.statusBar().currentMessage()
        assert "已发送" not in shell.window.statusBar().currentMessage()
        # an incident filed in the outage is in the list at once, marked, and a second caller
        # reporting the same leak is offered it (the duplicate check works on what is shown)
        filed = shell.incidents.file_incident({"type": "gas", "title": "示例 断网期间立案", "lon": 116.4595,
                                               "lat": 39.9087, "level": "IV"})
        incidents = shell.window.panel("incidents").model
        qtbot.waitUntil(lambda: incidents.row_of(filed) >= 0, timeout=5_000)
        status = incidents.data(incidents.index(incidents.row_of(filed), 4))
        assert status == "待同步（未送达服务器）"
        assert filed in [d.incident["id"] for d in shell.incidents.duplicates("gas", 116.4596, 39.9088)]
        # every list row from the replica says how old it is
        first = incidents.data(incidents.index(incidents.row_of(incident), 0))
        assert re.fullmatch(rf"{incident} · (不足 1 分钟前|\d+ 分钟前)", first), first
    finally:
        os.kill(pid, signal.SIGCONT)
    shell.window.outage_banner.reconnect_clicked.emit()   # 立即重连, as the duty officer would
    qtbot.waitUntil(lambda: shell.connection.link == Link.ONLINE, timeout=30_000)
    assert not banner.isVisible()
    after = []
    qtbot.waitUntil(lambda: (view.run_js(script, after.append), bool(after) and after[-1].startswith("live|"))[1],
                    timeout=10_000)   # live again: not greyed
    qtbot.waitUntil(lambda: shell.connection.queued == 0, timeout=15_000)
    qtbot.waitUntil(lambda: all(r.text(4).startswith(("已送达", "被拒绝")) for r in rows), timeout=15_000)
    assert any(r.text(4) == "已送达：服务器已确认调派" for r in rows)
    qtbot.waitUntil(lambda: incidents.data(incidents.index(incidents.row_of(filed), 4)) == "处置中",
                    timeout=15_000)   # the server's record now
    assert incidents.data(incidents.index(incidents.row_of(incident), 0)) == incident   # live: no age
