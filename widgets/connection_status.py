"""Status-bar indicator: online / offline since HH:MM / reconnecting, and queued commands."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.connection import ConnectionState, Link
from widgets.bind import bind

COLOURS = {Link.ONLINE: "#3cb371", Link.CONNECTING: "#f2c81d", Link.RECONNECTING: "#f2c81d",
           Link.OFFLINE: "#d7191c", Link.LOCAL: "#7d8894"}


class ConnectionStatus(QWidget):
    def __init__(self, connection: ConnectionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._connection = connection
        self._dot = QLabel(self)
        self.label = QLabel(self)
        self.queue_label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self._dot)
        layout.addWidget(self.label)
        layout.addWidget(self.queue_label)
        bind(connection.changed, self._on_connection_changed, self)
        self._on_connection_changed(connection.link, connection.offline_since, connection.queued)

    def text(self) -> str:
        return f"{self.label.text()} {self.queue_label.text()}".strip()

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
