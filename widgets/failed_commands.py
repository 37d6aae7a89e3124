"""The commands the server kept failing on (set aside, core/outbox.py), for the operator to
重试 (send again) or 放弃 (give up), and the commands waiting for them.

The dialog observes the command tracker; it decides nothing itself: 重试 and 放弃 are asked of
the app layer through `retry_requested` / `abandon_requested`, which records who decided.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from core.tracker import CommandTracker, Status, Tracked
from widgets.bind import bind

ID_ROLE = Qt.ItemDataRole.UserRole


class FailedCommandsDialog(QDialog):
    retry_requested = Signal(str)    # command_id
    abandon_requested = Signal(str)  # command_id

    def __init__(self, tracker: CommandTracker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failed_commands")
        self.setWindowTitle(self.tr("发送失败的指令"))
        self._tracker = tracker
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("服务器多次处理出错的指令已暂停重发。请选择一条：重试（再次发送）或"
                               "放弃（不再发送，记入审计）。依赖它的指令在下方等待。"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.failed_list = QListWidget(self)
        self.failed_list.setObjectName("failed_list")
        self.failed_list.setWordWrap(True)
        layout.addWidget(self.failed_list, 2)
        row = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("重试"), self)
        self.retry_button.setObjectName("retry")
        self.abandon_button = QPushButton(self.tr("放弃…"), self)
        self.abandon_button.setObjectName("abandon")
        row.addWidget(self.retry_button)
        row.addWidget(self.abandon_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.held_label = QLabel(self.tr("等待中的指令"), self)
        layout.addWidget(self.held_label)
        self.held_list = QListWidget(self)
        self.held_list.setObjectName("held_list")
        self.held_list.setWordWrap(True)
        layout.addWidget(self.held_list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retry_button.clicked.connect(self._retry)
        self.abandon_button.clicked.connect(self._abandon)
        self.failed_list.currentItemChanged.connect(lambda *_: self._enable())
        bind(tracker.changed, self._on_changed, self)
        self.refresh()

    def refresh(self) -> None:
        current = self.selected()
        self._fill(self.failed_list, self._tracker.failed())
        self._fill(self.held_list, self._tracker.held())
        self.held_label.setVisible(self.held_list.count() > 0)
        self.held_list.setVisible(self.held_list.count() > 0)
        for i in range(self.failed_list.count()):
            if self.failed_list.item(i).data(ID_ROLE) == current:
                self.failed_list.setCurrentRow(i)
                break
        else:
            if self.failed_list.count():
                self.failed_list.setCurrentRow(0)
        self._enable()

    def selected(self) -> str | None:
        item = self.failed_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    @staticmethod
    def _fill(widget: QListWidget, items: list[Tracked]) -> None:
        widget.clear()
        for t in items:
            when = t.at.astimezone().strftime("%H:%M:%S")
            item = QListWidgetItem(f"{when}  {t.reason}")
            item.setData(ID_ROLE, t.command_id)
            item.setToolTip(t.command_id)
            widget.addItem(item)

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.retry_button.setEnabled(chosen)
        self.abandon_button.setEnabled(chosen)

    def _on_changed(self, tracked: Tracked) -> None:
        if tracked.status in (Status.FAILED, Status.HELD) or self._listed(tracked.command_id):
            self.refresh()

    def _listed(self, command_id: str) -> bool:
        return any(w.item(i).data(ID_ROLE) == command_id
                   for w in (self.failed_list, self.held_list) for i in range(w.count()))

    def _retry(self) -> None:
        command_id = self.selected()
        if command_id:
            self.retry_requested.emit(command_id)

    def _abandon(self) -> None:
        """Ask first (window-modal, without a nested event loop), then ask the app layer."""
        command_id = self.selected()
        if not command_id:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("放弃指令"),
                          self.tr("放弃后该指令不再发送，依赖它的指令将照常发往服务器（服务器可能拒绝）。"
                                  "确定放弃？"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirm_abandon")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                self.abandon_requested.emit(command_id)

        box.finished.connect(answered)
        box.open()
