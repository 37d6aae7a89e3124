"""Task state as the checklist shows it: status, who, when, deadline, overdue. No widgets here.

The checklist never changes a status on its own: a click asks the shell (which sends it
through the outbox), and the confirmed status comes back through `set_status`; until then
the task shows the requested status as pending confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

STATUSES = ("pending", "in_progress", "done", "not_applicable")
CLOSED = frozenset({"done", "not_applicable"})


def status_name(status: str) -> str:
    names = {"pending": QCoreApplication.translate("Checklist", "待处理"),
             "in_progress": QCoreApplication.translate("Checklist", "处理中"),
             "done": QCoreApplication.translate("Checklist", "已完成"),
             "not_applicable": QCoreApplication.translate("Checklist", "不适用")}
    return names.get(status, status)


def clock_text(seconds: float) -> str:
    """12:05 for minutes:seconds, 1:02:05 past an hour."""
    seconds = int(abs(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


@dataclass
class TaskState:
    task: object                  # plans.model.Task
    started_at: datetime          # when the clock for this task began (activation or re-grade)
    added: bool = False           # came with a re-grade
    status: str = "pending"
    by: str = ""
    at: datetime | None = None
    requested: str | None = None  # status asked for, not yet confirmed

    @property
    def id(self) -> str:
        return self.task.id

    @property
    def department(self) -> str:
        return self.task.department_name or self.task.department or "—"

    @property
    def deadline(self) -> datetime:
        return self.started_at + timedelta(minutes=self.task.deadline_minutes)

    def remaining(self, now: datetime) -> float:
        """Seconds left before the deadline (negative when overdue)."""
        return (self.deadline - now).total_seconds()

    def overdue(self, now: datetime) -> bool:
        return self.status not in CLOSED and self.remaining(now) < 0

    def sort_key(self, now: datetime) -> tuple:
        """Overdue first, then open before closed, then soonest deadline."""
        return (not self.overdue(now), self.status in CLOSED, self.deadline, self.task.action)

    def countdown(self, now: datetime) -> str:
        if self.status in CLOSED:
            return "—"
        left = self.remaining(now)
        if left < 0:
            return QCoreApplication.translate("Checklist", "超时 {t}").format(t=clock_text(left))
        return QCoreApplication.translate("Checklist", "剩余 {t}").format(t=clock_text(left))

    def status_text(self) -> str:
        text = status_name(self.status)
        if self.requested and self.requested != self.status:
            text += QCoreApplication.translate("Checklist", " → {s}（待确认）").format(
                s=status_name(self.requested))
        return text

    def who_when(self) -> str:
        if not self.by and self.at is None:
            return ""
        when = self.at.astimezone().strftime("%H:%M") if self.at else ""
        return f"{self.by} · {when}".strip(" ·")
