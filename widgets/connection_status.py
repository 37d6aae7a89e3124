"""Status-bar indicator: online / offline since HH:MM / reconnecting, queued commands, and
the commands set aside after server errors (a red button that opens them for 重试 / 放弃)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from core.connection import ConnectionState, Link
from core.tracker import CommandTracker, Status, Tracked
from widgets.bind import bind

COLOURS = {Link.ONLINE: "#3cb371", Link.CONNECTING: "#f2c81d", Link.RECONNECTING: "#f2c81d",
           Link.OFFLINE: "#d7191c", Link.LOCAL: "#7d8894"}


class ConnectionStatus(QWidget):
    failed_clicked = Signal()  # the operator wants to see the failed commands

    def __init__(self, connection: ConnectionState, parent: QWidget | None = None,
                 tracker: CommandTracker | None = None) -> None:
        super().__init__(parent)
        self._connection = connection
        self._tracker = tracker
        self._dot = QLabel(self)
        self.label = QLabel(self)
        self.queue_label = QLabel(self)
        self.failed_button = QPushButton(self)
        self.failed_button.setObjectName("failed_commands_button")
        self.failed_button.setFlat(True)
        self.failed_button.setStyleSheet("QPushButton { color: #ffffff; background: #d7191c; "
                                         "border-radius: 3px; padding: 1px 8px; font-weight: bold; }")
        self.failed_button.setToolTip(self.tr("服务器多次处理出错、已暂停重发的指令：点击查看，重试或放弃"))
        self.failed_button.clicked.connect(self.failed_clicked)
        self.failed_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self._dot)
        layout.addWidget(self.label)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.failed_button)
        bind(connection.changed, self._on_connection_changed, self)
        self._on_connection_changed(connection.link, connection.offline_since, connection.queued)
        if tracker is not None:
            bind(tracker.changed, self._on_command_changed, self)
            self._show_failed()

    def _on_command_changed(self, tracked: Tracked) -> None:
        if tracked.status is Status.FAILED or self.failed_button.isVisible():
            self._show_failed()

    def _show_failed(self) -> None:
        n = len(self._tracker.failed())
        self.failed_button.setText(self.tr("发送失败：%1 条").replace("%1", str(n)))
        self.failed_button.setVisible(n > 0)

    def text(self) -> str:
        failed = self.failed_button.text() if self.failed_button.isVisibleTo(self) else ""
        return " ".join(t for t in (self.label.text(), self.queue_label.text(), failed) if t)

    def _on_connection_changed(self, link: Link, since, queued: int) -> None:
        self._dot.setText(f'<span style="color:{COLOURS[link]}; font-size:14pt">●</span>')
        if link == Link.ONLINE:
            text = self.tr("在线")
        elif link == Link.CONNECTING:
            text = self.tr("正在连接…")
        elif link == Link.RECONNECTING:
            text = self.tr("正在重连…")
        elif link == Link.OFFLINE:
            text = self.tr("离线（自 %1 起）").replace("%1", since.strftime("%H:%M") if since else "--:--")
        else:
            text = self.tr("本地数据（未连接服务器）")
        self.label.setText(text)
        self.queue_label.setText(self.tr("待发送命令：%1").replace("%1", str(queued)) if queued else "")
        self.setToolTip(self.tr("与指挥中心服务器的连接状态；离线时命令在本机排队，恢复后自动发送"))
