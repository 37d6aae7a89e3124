"""The drill banner: impossible to miss, so nobody mistakes an exercise for a live incident."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class DrillBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drillBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(34)
        self.setStyleSheet(
            "#drillBanner { color: #111; font-weight: bold; font-size: 15pt;"
            " background: qlineargradient(x1:0, y1:0, x2:1, y2:0, stop:0 #ffb000, stop:0.5 #ffd24d,"
            " stop:1 #ffb000); border-bottom: 3px solid #d7191c; }")
        self.translate_ui()
        self.hide()

    def translate_ui(self) -> None:
        self.setText(self.tr("演练模式 EXERCISE — 所有数据与指令均为演练，不会调派实战力量"))
