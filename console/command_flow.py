"""What the operator sees of the outbox beyond single answers: commands set aside after server
errors (重试 / 放弃, widgets/failed_commands.py) and a replica rebuilt from a new server.

Given the command tracker, the window (console/services.py `Ui`) and who is signed in; it
reads nothing else of the shell.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from core.tracker import CommandTracker, Status, Tracked
from widgets.bind import bind
from widgets.failed_commands import FailedCommandsDialog

log = logging.getLogger(__name__)


class CommandFlow(QObject):
    def __init__(self, tracker: CommandTracker, ui, operator: Callable[[], str | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tracker = tracker
        self._ui = ui
        self._operator = operator
        self.dialog: FailedCommandsDialog | None = None
        self.reset_notice: QMessageBox | None = None
        self._tasks: set[asyncio.Task] = set()
        bind(tracker.changed, self._on_command_changed, self)

    # -- failed commands -------------------------------------------------------------------
    def open_dialog(self) -> FailedCommandsDialog:
        """The failed commands, for 重试 / 放弃 (one dialog, brought forward if open)."""
        if self.dialog is None:
            self.dialog = FailedCommandsDialog(self._tracker, self._ui)
            self.dialog.retry_requested.connect(self.retry)
            self.dialog.abandon_requested.connect(self.abandon)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def retry(self, command_id: str) -> None:
        self._run(self._tracker.retry(command_id, self._operator()), self.tr("已重新发送"))

    def abandon(self, command_id: str) -> None:
        self._run(self._tracker.abandon(command_id, self._operator()), self.tr("已放弃"))

    def _run(self, coro, done_text: str) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)

        def finished(t: asyncio.Task) -> None:
            self._tasks.discard(t)
            if t.cancelled():
                return
            if t.exception() is not None:
                log.error("outbox decision failed: %r", t.exception())
                self._ui.statusBar().showMessage(self.tr("操作未完成：%1").replace("%1", str(t.exception())), 15_000)
            elif t.result():
                self._ui.statusBar().showMessage(done_text, 8_000)
            else:  # answered meanwhile (another click, a retry that already went through)
                self._ui.statusBar().showMessage(self.tr("该指令已不在失败列表中"), 8_000)

        task.add_done_callback(finished)

    def _on_command_changed(self, tracked: Tracked) -> None:
        if tracked.status is Status.FAILED:
            log.warning("command %s set aside: %s", tracked.command_id, tracked.reason)
            self._ui.statusBar().showMessage(
                self.tr("指令发送失败，已暂停重发：%1（点击状态栏右侧红色“发送失败”处理）")
                .replace("%1", tracked.reason), 30_000)

    # -- a replica rebuilt -----------------------------------------------------------------
    def on_replica_reset(self, reason: str) -> None:
        """The sync engine threw the replica away for the server's snapshot: say so, plainly,
        without stopping the operator (a window that stays until read)."""
        log.warning("replica rebuilt: %s", reason)
        if self.reset_notice is None:
            self.reset_notice = QMessageBox(QMessageBox.Icon.Information, self.tr("本地数据已重建"), "",
                                            QMessageBox.StandardButton.Ok, self._ui)
            self.reset_notice.setObjectName("replica_reset_notice")
            self.reset_notice.setModal(False)
        self.reset_notice.setText(reason)
        self.reset_notice.show()
        self._ui.statusBar().showMessage(reason, 30_000)

    async def stop(self) -> None:
        """Wait for the operator's last decision to reach the outbox."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
