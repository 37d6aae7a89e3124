"""The drill banner: impossible to miss, so nobody mistakes an exercise for a live incident.
While a drill plays it also names the scenario and shows the drill clock."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class DrillBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drillBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(34)
        self.setWordWrap(True)  # never wider than the map: a long line wraps, not the window grows
        self.setStyleSheet(
            "#drillBanner { color: #111; font-weight: bold; font-size: 15pt;"
            " background: qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 #ffb000, stop:0.5 #ffd24d,"
            " stop:1 #ffb000); border-bottom: 3px solid #d7191c; }")
        self._drill: tuple[str, str, bool] | None = None  # scenario title, clock, paused
        self.translate_ui()
        self.hide()

    def show_drill(self, title: str | None, clock: str = "", paused: bool = False) -> None:
        """Name the drill that plays and its clock (HH:MM:SS); None when no drill plays."""
        self._drill = None if title is None else (title, clock, paused)
        self.translate_ui()

    def translate_ui(self) -> None:
        text = self.tr("演练模式 EXERCISE — 所有数据与指令均为演练，不会调派实战力量")
        if self._drill is not None:
            title, clock, paused = self._drill
            state = self.tr("（已暂停）") if paused else ""
            text += "\n" + self.tr("正在演练：%1　演练时间 %2%3").replace("%1", title).replace("%2", clock) \
                .replace("%3", state)
        self.setText(text)
