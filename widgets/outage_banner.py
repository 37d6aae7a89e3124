"""A full-width banner across the top of the window while the server cannot be reached: an
outage nobody on the shift can miss (issue 20). It says since when (HH:MM:SS) and for how long,
how many commands wait to be sent, that the map and lists show the picture as it was, and
offers 立即重连. Amber while the console is reconnecting, red once it has gone offline."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from core.connection import ConnectionState, Link
from widgets import labels
from widgets.bind import bind

STYLES = {
    Link.RECONNECTING: "#outageBanner { background: #f2c81d; border-bottom: 3px solid #b8860b; }"
                       " #outageBanner QLabel { color: #111; }",
    Link.OFFLINE: "#outageBanner { background: #d7191c; border-bottom: 3px solid #7f0000; }"
                  " #outageBanner QLabel { color: #fff; }",
}


class OutageBanner(QFrame):
    reconnect_clicked = Signal()

    def __init__(self, connection: ConnectionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outageBanner")
        self._connection = connection
        self.label = QLabel(self)
        self.label.setObjectName("outage_text")
        self.label.setWordWrap(True)  # never wider than the window
        font = self.label.font()
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.35)
        font.setBold(True)
        self.label.setFont(font)
        self.button = QPushButton(self)
        self.button.setObjectName("reconnect_now")
        self.button.clicked.connect(self.reconnect_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh)
        bind(connection.changed, self._on_changed, self)
        self.hide()
        self._on_changed(connection.link, connection.offline_since, connection.queued)

    def _on_changed(self, link: Link, _since, _queued: int) -> None:
        down = link in (Link.RECONNECTING, Link.OFFLINE)
        if down:
            self.setStyleSheet(STYLES[link])
            self._refresh()
            self._tick.start()
        else:
            self._tick.stop()
        self.setVisible(down)

    def _refresh(self) -> None:
        c = self._connection
        since = c.offline_since or datetime.now().astimezone()
        lasted = labels.duration((datetime.now().astimezone() - since).total_seconds())
        if c.link == Link.RECONNECTING:
            head = self.tr("与指挥中心服务器的连接中断（自 %1 起，%2），正在重连…")
        else:
            head = self.tr("离线：无法连接指挥中心服务器（自 %1 起，已 %2）")
        head = head.replace("%1", since.strftime("%H:%M:%S")).replace("%2", lasted)
        queued = (self.tr("%1 条指令待发送（离线排队，恢复后自动发送）").replace("%1", str(c.queued))
                  if c.queued else self.tr("无待发送指令"))
        self.label.setText(f"{head}\n{queued}　·　"
                           + self.tr("地图与列表为 %1 时的数据").replace("%1", since.strftime("%H:%M:%S")))
        self.button.setText(self.tr("立即重连"))

    def text(self) -> str:
        return self.label.text()
