"""The after-action review (演练评估) of one drill: figures, a Gantt-like chart of the plans'
tasks with their deadlines, the response intervals, a time slider that replays the drill on
the main map, and export to HTML / PDF."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSlider,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from widgets.drill_report_charts import INTERVAL_COLOUR, MET_COLOUR, MISSED_COLOUR, OPEN_COLOUR
from drills.scenario import format_time

MET, MISSED, OPEN = QColor(MET_COLOUR), QColor(MISSED_COLOUR), QColor(OPEN_COLOUR)


class DrillReview(QDialog):
    """Takes a widgets.drill_report.DrillReport; asks for the replay and the export by signals."""
    replay_requested = Signal(float)   # drill seconds: show the map as it stood then
    export_requested = Signal(str)     # path ending in .html or .pdf

    def __init__(self, report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setObjectName("drillReview")
        self.resize(1000, 700)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.task_plot = pg.PlotWidget(self)
        self.task_plot.setBackground("w")
        self.interval_plot = pg.PlotWidget(self)
        self.interval_plot.setBackground("w")
        self.task_table = QTreeWidget(self)
        self.task_table.setRootIsDecorated(False)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.task_plot, "")
        self.tabs.addTab(self.interval_plot, "")
        self.tabs.addTab(self.task_table, "")

        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, int(max(1.0, report.end_s)))
        self.slider.setValue(0)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.replay_label = QLabel(self)
        self.html_button = QPushButton(self)
        self.html_button.clicked.connect(lambda: self._export("html"))
        self.pdf_button = QPushButton(self)
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))

        replay = QHBoxLayout()
        replay.addWidget(self.replay_label)
        replay.addWidget(self.slider, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.html_button)
        buttons.addWidget(self.pdf_button)
        column = QVBoxLayout(self)
        column.addWidget(self.summary_label)
        column.addWidget(self.tabs, 1)
        column.addLayout(replay)
        column.addLayout(buttons)
        self._draw_tasks()
        self._draw_intervals()
        self.translate_ui()

    def translate_ui(self) -> None:
        rep, f = self.report, self.report.figures
        self.setWindowTitle(self.tr("演练评估：%1").replace("%1", rep.title))
        self.tabs.setTabText(0, self.tr("任务与时限"))
        self.tabs.setTabText(1, self.tr("响应时间"))
        self.tabs.setTabText(2, self.tr("任务明细"))
        self.html_button.setText(self.tr("导出 HTML…"))
        self.pdf_button.setText(self.tr("导出 PDF…"))
        met = sum(1 for r in rep.tasks if r.met)
        due = sum(1 for r in rep.tasks if r.met is not None)
        lines = [self.tr("演练事件 %1，启动预案 %2").replace("%1", f.get("incident_id") or self.tr("（未立案）"))
                 .replace("%2", "、".join(f"《{t}》" for t in (f.get("plan_titles") or f.get("plans") or [])) or self.tr("（无）")),
                 self.tr("任务按时完成 %1 / %2，调派单位 %3").replace("%1", str(met)).replace("%2", str(due))
                 .replace("%3", str(f.get("units_dispatched", 0)))]
        lines.append("　".join(f"{label} {format_time(s) if s is not None else self.tr('未发生')}"
                              for _, label, s in rep.intervals))
        self.summary_label.setText("\n".join(lines))
        self.task_table.setHeaderLabels([self.tr("部门"), self.tr("任务"), self.tr("下达"), self.tr("时限"),
                                         self.tr("完成"), self.tr("结果")])
        self._fill_table()
        self._on_slider_value_changed(self.slider.value(), emit=False)

    # -- charts ------------------------------------------------------------------------------------
    def _draw_tasks(self) -> None:
        """One bar per task from issue to completion (or to the end, if never done); a black
        tick marks its deadline; green = met, red = missed."""
        plot, rows = self.task_plot, self.report.tasks
        plot.clear()
        end = self.report.end_s
        x0, widths, ys, brushes, dx, dy = [], [], [], [], [], []
        for i, r in enumerate(rows):
            finish = r.done_s if r.done_s is not None else end
            x0.append(r.created_s / 60)
            widths.append(max(0.05, (finish - r.created_s) / 60))
            ys.append(i)
            brushes.append(pg.mkBrush(OPEN if r.met is None else (MET if r.met else MISSED)))
            if r.deadline_s is not None:
                dx.append(r.deadline_s / 60)
                dy.append(i)
        if rows:
            self.task_bars = pg.BarGraphItem(x0=x0, y=ys, height=0.6, width=widths, brushes=brushes)
            plot.addItem(self.task_bars)
        self.deadline_marks = pg.ScatterPlotItem(x=dx, y=dy, symbol="|", size=18, pen=pg.mkPen("k", width=2),
                                                 brush=pg.mkBrush("k"))
        plot.addItem(self.deadline_marks)
        left = plot.getAxis("left")
        left.setTicks([[(i, (r.department or r.action)[:10]) for i, r in enumerate(rows)]])
        left.setWidth(150)  # the axis hides labels wider than itself: room for a department name
        self.replay_line = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#2b83ba", width=2))
        plot.addItem(self.replay_line)
        plot.getAxis("bottom").setLabel(self.tr("演练时间（分钟）"))
        plot.invertY(True)

    def _draw_intervals(self) -> None:
        plot = self.interval_plot
        plot.clear()
        values = [(s or 0) / 60 for _, _, s in self.report.intervals]
        self.interval_bars = pg.BarGraphItem(x=list(range(len(values))), height=values, width=0.6,
                                             brush=pg.mkBrush(INTERVAL_COLOUR))
        plot.addItem(self.interval_bars)
        plot.getAxis("bottom").setTicks([[(i, label) for i, (_, label, _) in enumerate(self.report.intervals)]])
        plot.getAxis("left").setLabel(self.tr("分钟"))

    def _fill_table(self) -> None:
        self.task_table.clear()
        for r in self.report.tasks:
            verdict = ((self.tr("无时限") if r.deadline_s is None else self.tr("演练结束时未到期"))
                       if r.met is None else (self.tr("按时") if r.met else self.tr("超时")))
            item = QTreeWidgetItem([r.department, r.action, format_time(r.created_s),
                                    format_time(r.deadline_s) if r.deadline_s is not None else "",
                                    format_time(r.done_s) if r.done_s is not None else self.tr("未完成"), verdict])
            item.setForeground(5, OPEN if r.met is None else (MET if r.met else MISSED))
            item.setToolTip(1, r.action)
            self.task_table.addTopLevelItem(item)

    # -- replay and export -------------------------------------------------------------------------
    def _on_slider_value_changed(self, value: int, emit: bool = True) -> None:
        self.replay_label.setText(self.tr("回放 %1").replace("%1", format_time(value)))
        self.replay_line.setValue(value / 60)
        if emit:
            self.replay_requested.emit(float(value))

    def _export(self, kind: str) -> None:
        name = f"{self.report.scenario_id}-review.{kind}"
        pattern = self.tr("网页 (*.html)") if kind == "html" else self.tr("PDF 文档 (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出评估报告"), name, pattern)
        if path:
            if not path.lower().endswith("." + kind):
                path += "." + kind
            self.export_requested.emit(path)
