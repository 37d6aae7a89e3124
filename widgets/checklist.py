"""Checklist panel: the response level and why, the plans, and the tasks by department.

Each task shows its deadline as a live countdown and its status with who and when. Overdue
tasks stand out three ways (red band, warning icon, sorted to the top) so that colour is
not the only signal. Status buttons ask; `set_task_status` confirms. The 预案 column names
the plan each task comes from, with the 示例 badge for a generated demo plan, or for a duty the
regulations set (reporting by level: who reports to whom, how, within how long) the clause
that requires it; a note in the header says so when every plan of the activation is demo
content. A level that is not graded (待研判, 另行定级) says so in a neutral colour, with the
level the response works at meanwhile (先期处置, IV).
"""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QStyle,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from maps.palette import LEVEL_COLOURS, text_colour
from widgets.plan_tasks import CLOSED, TaskState
from widgets import labels, sample_mark

TASK_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_BACKGROUND = QColor("#ffcdd2")
OVERDUE_FOREGROUND = QColor("#b71c1c")
ADDED_FOREGROUND = QColor("#1565c0")
DONE_FOREGROUND = QColor("#757575")
COL_TASK, COL_DEADLINE, COL_STATUS, COL_WHO, COL_PLAN = range(5)


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ChecklistPanel(QWidget):
    # task id (str), requested status (str: pending|in_progress|done|not_applicable), note (str)
    task_status_change_requested = Signal(str, str, str)

    def __init__(self, library=None, parent: QWidget | None = None) -> None:
        """`library` (plans.library.PlanLibrary) names each task's plan and says whether it is
        demo content; without it the panel knows only the activation's own plans."""
        super().__init__(parent)
        self._library = library
        self.activation = None
        self._plan_titles: dict[str, str] = {}
        self._tasks: dict[str, TaskState] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self._overdue: frozenset[str] = frozenset()
        self._build()
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._on_timer_timeout)

    # -- public ----------------------------------------------------------------------------

    def set_activation(self, activation, started_at: datetime) -> None:
        """Show an activation's level, reason, plans and tasks; deadlines run from started_at."""
        self.activation = activation
        self._tasks = {t.id: TaskState(t, _aware(started_at)) for t in activation.tasks}
        self._show_header(activation)
        self._rebuild()
        self._timer.start()

    def apply_regrade(self, regrade_or_activation, at: datetime | None = None) -> list[str]:
        """Adopt a re-graded activation: keep every task and its status, add the new ones
        (marked as added, their deadlines running from `at`). Returns the added task ids."""
        current = getattr(regrade_or_activation, "current", regrade_or_activation)
        previous_level = self.activation.level if self.activation else None
        start = _aware(at or _now())
        added = [t for t in current.tasks if t.id not in self._tasks]
        for task in added:
            self._tasks[task.id] = TaskState(task, start, added=True)
        self.activation = current
        self._show_header(current, previous_level)
        self._rebuild()
        return [t.id for t in added]

    def set_task_status(self, task_id: str, status: str, by: str, at: datetime) -> None:
        """A confirmed status change (from the outbox/server) for one task."""
        state = self._tasks.get(task_id)
        if state is None:
            return
        state.status, state.by, state.at = status, by, _aware(at)
        if state.requested == status:
            state.requested = None
        self._rebuild()

    def task_item(self, task_id: str) -> QTreeWidgetItem | None:
        """The row showing a task (for the shell's 'go to task' and for tests)."""
        return self._items.get(task_id)

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.level_label = QLabel(self)
        self.level_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.level_label.setMinimumWidth(90)
        self.reason_label = QLabel(self)
        self.reason_label.setWordWrap(True)
        self.plans_label = QLabel(self)
        self.plans_label.setWordWrap(True)
        self.resources_label = QLabel(self)
        self.resources_label.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.sample_label = QLabel(self)
        self.sample_label.setWordWrap(True)
        self.sample_label.setTextFormat(Qt.TextFormat.RichText)
        self.sample_label.hide()
        header = QHBoxLayout()
        header.addWidget(self.level_label)
        text = QVBoxLayout()
        text.addWidget(self.sample_label)
        text.addWidget(self.reason_label)
        text.addWidget(self.plans_label)
        text.addWidget(self.resources_label)
        text.addWidget(self.summary_label)
        header.addLayout(text, 1)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("任务"), self.tr("时限"), self.tr("状态"), self.tr("处理人 · 时间"),
                                   self.tr("预案")])
        self.tree.setColumnWidth(COL_TASK, 380)
        self.tree.setIconSize(sample_mark.badge_size(self.tree.font()))
        self.tree.setWordWrap(True)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("备注（可选）"))
        self.status_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for status, label in (("in_progress", self.tr("开始处理")), ("done", self.tr("完成")),
                              ("not_applicable", self.tr("不适用")), ("pending", self.tr("重新打开"))):
            button = QPushButton(label, self)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, s=status: self._request_status(s))
            self.status_buttons[status] = button
            buttons.addWidget(button)
        buttons.addWidget(self.note_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def _show_header(self, activation, previous_level: str | None = None) -> None:
        colour = labels.grading_colour(activation, LEVEL_COLOURS)
        if activation.graded:
            self.level_label.setText(f"{activation.level}\n{activation.level_name}")
            self.level_label.setStyleSheet(f"background:{colour}; color:{text_colour(colour)}; font-size:18pt;"
                                           "font-weight:bold; padding:6px; border-radius:4px;")
        else:   # 待研判 / 另行定级: no level is claimed; the tasks are those of 先期处置 (IV)
            self.level_label.setText(f"{labels.grading(activation)}\n{labels.grading_working(activation)}")
            self.level_label.setStyleSheet(f"background:{colour}; color:{text_colour(colour)}; font-size:11pt;"
                                           "font-weight:bold; padding:6px; border-radius:4px;")
        self.level_label.setWordWrap(not activation.graded)
        reason = labels.grading_reason(activation)
        if previous_level and previous_level != activation.level:
            reason = self.tr("由 {a} 级调整为 {b} 级：{r}").format(a=previous_level, b=activation.level,
                                                            r=reason)
        self.reason_label.setText(reason)
        plans = self.tr("；").join(self.tr("{title}（{tier}）").format(
            title=p.title, tier=labels.tier_name(p.tier)) for p in activation.plans)
        self.plans_label.setText(self.tr("启动预案：{p}").format(p=plans or "—"))
        self.plans_label.setToolTip("\n".join(f"{p.title}：{p.why}" for p in activation.plans))
        self._plan_titles.update({p.plan_id: p.title for p in activation.plans})
        if activation.sample:
            self.sample_label.setText(self.tr("{badge} 本次启动的预案均为示例：演示用生成内容，非正式印发的预案")
                                      .format(badge=sample_mark.badge_html()))
        self.sample_label.setVisible(bool(activation.sample))
        units = self.tr("、").join(self.tr("{kind} {n}").format(kind=labels.unit_kind(k), n=n)
                                  for k, n in sorted(activation.resources.items(), key=lambda kv: -kv[1]))
        self.resources_label.setText(self.tr("需调集：{u}").format(u=units) if units else "")

    def _rebuild(self) -> None:
        now = _now()
        current = self.tree.currentItem()
        current_id = current.data(0, TASK_ROLE) if current else None
        self.tree.clear()
        self._items.clear()
        groups: dict[str, list[TaskState]] = {}
        for state in self._tasks.values():
            groups.setdefault(state.department, []).append(state)
        ordered = sorted(groups.items(), key=lambda kv: min(s.sort_key(now) for s in kv[1]))
        for department, states in ordered:
            open_count = sum(1 for s in states if s.status not in CLOSED)
            late = sum(1 for s in states if s.overdue(now))
            title = self.tr("{d}（{o}/{n} 未完成）").format(d=department, o=open_count, n=len(states))
            group = QTreeWidgetItem([title + (self.tr("，{k} 项超时").format(k=late) if late else "")])
            bold = QFont()
            bold.setBold(True)
            group.setFont(COL_TASK, bold)
            group.setFirstColumnSpanned(True)
            if late:
                group.setIcon(COL_TASK, self._warning_icon)
                group.setForeground(COL_TASK, QBrush(OVERDUE_FOREGROUND))
            self.tree.addTopLevelItem(group)
            for state in sorted(states, key=lambda s: s.sort_key(now)):
                item = QTreeWidgetItem(group)
                item.setData(0, TASK_ROLE, state.id)
                self._items[state.id] = item
                self._paint(item, state, now)
            group.setExpanded(True)
        self._overdue = frozenset(s.id for s in self._tasks.values() if s.overdue(now))
        self._summarise(now)
        if current_id in self._items:
            self.tree.setCurrentItem(self._items[current_id])

    def _paint(self, item: QTreeWidgetItem, state: TaskState, now: datetime) -> None:
        prefix = self.tr("［新增］") if state.added else ""
        item.setText(COL_TASK, prefix + state.task.action)
        title, sample = self._plan_of(state.task.plan_id)
        basis = getattr(state.task, "basis", "")
        tip = state.task.action + (f"\n《{title}》" if title else "") \
            + ("\n" + self.tr("依据：%1").replace("%1", basis) if basis else "")
        if not title and basis:   # a duty the regulations set (report/…): its clause stands for the plan
            title = basis
        item.setText(COL_PLAN, title)
        item.setIcon(COL_PLAN, sample_mark.badge_icon(self.tree.font()) if sample else QIcon())
        item.setToolTip(COL_TASK, tip)
        item.setToolTip(COL_PLAN, f"{title}\n{sample_mark.explanation()}" if sample else title)
        item.setText(COL_DEADLINE, state.countdown(now))
        item.setText(COL_STATUS, state.status_text())
        item.setText(COL_WHO, state.who_when())
        overdue = state.overdue(now)
        for col in range(5):
            item.setBackground(col, QBrush(OVERDUE_BACKGROUND) if overdue else QBrush())
            colour = (OVERDUE_FOREGROUND if overdue else DONE_FOREGROUND if state.status in CLOSED
                      else ADDED_FOREGROUND if state.added else None)
            item.setForeground(col, QBrush(colour) if colour else QBrush())
        item.setIcon(COL_TASK, self._warning_icon if overdue else QIcon())

    def _plan_of(self, plan_id: str) -> tuple[str, bool]:
        """(title, is demo) of a task's plan; a plan the panel cannot name shows no id."""
        if not plan_id:
            return "", False     # a duty the regulations set, not a plan's action: never 示例
        plan = self._library.get(plan_id) if self._library is not None else None
        if plan is not None:
            return plan.title, plan.sample
        sample = bool(self.activation is not None and self.activation.sample)
        return self._plan_titles.get(plan_id, ""), sample

    def _summarise(self, now: datetime) -> None:
        states = self._tasks.values()
        done = sum(1 for s in states if s.status in CLOSED)
        late = sum(1 for s in states if s.overdue(now))
        text = self.tr("任务 {n} 项 · 已完成 {d} · 超时 {k}").format(n=len(self._tasks), d=done, k=late)
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color:{OVERDUE_FOREGROUND.name()}; font-weight:bold;"
                                         if late else "")

    # -- events ----------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        now = _now()
        overdue = frozenset(s.id for s in self._tasks.values() if s.overdue(now))
        if overdue != self._overdue:  # a task just ran out of time: re-sort and re-colour
            self._rebuild()
            return
        for task_id, item in self._items.items():
            item.setText(COL_DEADLINE, self._tasks[task_id].countdown(now))

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        state = self._tasks.get(current.data(0, TASK_ROLE)) if current else None
        for status, button in self.status_buttons.items():
            button.setEnabled(state is not None and state.status != status)

    def _request_status(self, status: str) -> None:
        item = self.tree.currentItem()
        state = self._tasks.get(item.data(0, TASK_ROLE)) if item else None
        if state is None:
            return
        state.requested = status
        item.setText(COL_STATUS, state.status_text())
        note = self.note_edit.text().strip()
        self.note_edit.clear()
        self.task_status_change_requested.emit(state.id, status, note)


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are local time; compare everything as aware datetimes."""
    return moment if moment.tzinfo else moment.astimezone()

