"""Issue 19, as the operator meets it: a command the server keeps failing on shows as a red
"发送失败" in the status bar; the dialog lists it with the server's answer and what waits for
it; 重试 sends it (then what waited), 放弃 (after a confirmation) gives it up for good.

Real server process, a proxy that plays the server's bug (HTTP 500 on one marked command), the
real sync engine under the GUI's qasync loop, the real widgets."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from core import commands as C
from core.connection import Link
from core.tracker import CommandTracker, Status
from tests.core.helpers_proxy import FaultProxy
from tests.core.helpers_sync import running_engine, servers, wait_until

__all__ = ["servers"]  # the fixture


def test_the_operator_sees_a_failed_command_retries_it_and_gives_another_up(tmp_path, servers, qtbot,
                                                                            run_coro):
    from console.command_flow import CommandFlow
    from widgets.connection_status import ConnectionStatus

    srv = servers()
    proxy = FaultProxy("127.0.0.1", srv.port)
    proxy.fail_marked = b"POISON-77b1"
    window = QMainWindow()
    qtbot.addWidget(window)
    tracker = CommandTracker()
    flow = CommandFlow(tracker, window, lambda: "dispatcher_1", window)

    async def scenario():
        async with running_engine(tmp_path / "replica.sqlite", proxy.url) as (engine, live, conn, rec):
            tracker.attach(engine)
            status = ConnectionStatus(conn, window, tracker=tracker)
            window.statusBar().addPermanentWidget(status)
            status.failed_clicked.connect(flow.open_dialog)
            window.show()
            await wait_until(lambda: conn.link == Link.ONLINE, what="online")
            assert not status.failed_button.isVisible()
            unit = next(u for u in live.records("units").values() if u["status"] == "available")["id"]
            created = tracker.submit(C.create_incident("燃气泄漏", "POISON-77b1 示例", 116.41, 39.91,
                                                       incident_id="INC-UI19-0001"))
            dispatch = tracker.submit(C.dispatch_unit(unit, "INC-UI19-0001"))
            await wait_until(lambda: status.failed_button.isVisible(), timeout=60, what="the red button")
            assert status.failed_button.text() == "发送失败：1 条"
            assert "发送失败：1 条" in status.text()
            await wait_until(lambda: tracker.status(dispatch).status is Status.HELD, what="the dispatch held")

            qtbot.mouseClick(status.failed_button, Qt.MouseButton.LeftButton)
            dialog = flow.dialog
            assert dialog is not None and dialog.isVisible()
            assert dialog.failed_list.count() == 1
            assert "立案（INC-UI19-0001）" in dialog.failed_list.item(0).text()
            assert "HTTP 500" in dialog.failed_list.item(0).text()
            assert dialog.held_list.isVisible() and dialog.held_list.count() == 1
            assert dialog.held_list.item(0).text().endswith(
                "等待立案（INC-UI19-0001）：该指令发送失败，重试或放弃后本指令再发送")

            proxy.fail_marked = None   # the server is mended; 重试
            qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: tracker.status(dispatch).status is Status.ACCEPTED, timeout=60,
                             what="the creation, then the dispatch that waited")
            assert tracker.status(created).status is Status.ACCEPTED
            await wait_until(lambda: not status.failed_button.isVisible(), what="the button gone")
            assert dialog.failed_list.count() == 0 and not dialog.held_list.isVisible()

            proxy.fail_marked = b"POISON-0c3e"   # another one, given up
            doomed = tracker.submit(C.add_note("INC-UI19-0001", "POISON-0c3e"))
            await wait_until(lambda: dialog.failed_list.count() == 1, timeout=60, what="listed")
            qtbot.mouseClick(dialog.abandon_button, Qt.MouseButton.LeftButton)
            box = dialog.findChild(QMessageBox, "confirm_abandon")
            assert box is not None and box.isVisible()
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
            await wait_until(lambda: not box.isVisible(), what="the question closed")
            assert tracker.status(doomed).status is Status.FAILED   # "No" changed nothing
            qtbot.mouseClick(dialog.abandon_button, Qt.MouseButton.LeftButton)
            box = next(b for b in dialog.findChildren(QMessageBox, "confirm_abandon") if b.isVisible())
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
            await wait_until(lambda: tracker.status(doomed).status is Status.REFUSED, what="given up")
            await flow.stop()
            return tracker.status(doomed).reason, window.statusBar().currentMessage()

    try:
        reason, message = run_coro(scenario())
    finally:
        proxy.close()
    assert reason == "已由操作员（dispatcher_1）放弃，未发送"
    assert message == "已放弃"
