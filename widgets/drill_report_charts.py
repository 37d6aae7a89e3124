"""The after-action report's two charts drawn as images for its export (HTML and PDF): the
plans' tasks against their deadlines, and the response intervals. The same pictures as the
review window's pyqtgraph charts, drawn with QPainter so that a headless `drill run --report`
needs only QtGui (a QGuiApplication on the offscreen platform), not widgets.

    images = chart_images(rep)          # {"tasks": QImage, "intervals": QImage}
    png_bytes(images["tasks"])          # for a data: URL
"""
from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from drills.scenario import format_time

# Task verdict colours, shared with the review window (widgets/drill_review.py)
MET_COLOUR, MISSED_COLOUR, OPEN_COLOUR = "#1a7f37", "#d7191c", "#8c8c8c"
INTERVAL_COLOUR = "#2b83ba"
WIDTH = 1000          # px: fits the PDF's A4 text width at 150 dpi (1,063 px)
ROW = 20              # px per task row
LABEL_W = 170         # px for the row labels (a department name)
MAX_ROWS = 60         # longer drills: the first 60 tasks drawn, the table lists them all


# lupdate finds translate("Context", "literal") calls
translate = QCoreApplication.translate


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _nice_step(span_min: float, ticks: int = 8) -> float:
    """A tick step of 1, 2 or 5 × 10^k minutes giving about `ticks` ticks over `span_min`."""
    raw = max(span_min / ticks, 1e-6)
    base = 10 ** math.floor(math.log10(raw))
    return next(m * base for m in (1, 2, 5, 10) if m * base >= raw)


def _begin(height: int) -> tuple[QImage, QPainter]:
    image = QImage(WIDTH, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return image, painter


def _time_axis(p: QPainter, left: float, right: float, top: float, bottom: float, end_min: float,
               title: str) -> None:
    """Vertical grid lines and minute labels under the plot area."""
    step = _nice_step(end_min)
    p.setFont(_font(12))
    t = 0.0
    while t <= end_min + 1e-9:
        x = left + (right - left) * t / end_min
        p.setPen(QPen(QColor("#e3e3e3"), 1))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        p.setPen(QColor("#333333"))
        label = f"{t:g}"
        p.drawText(QRectF(x - 30, bottom + 2, 60, 16), Qt.AlignmentFlag.AlignHCenter, label)
        t += step
    p.drawText(QRectF(left, bottom + 18, right - left, 18), Qt.AlignmentFlag.AlignHCenter, title)


def task_chart(rep) -> QImage:
    """One bar per task from issue to completion (or to the drill's end if never done),
    green met / red missed / grey without a deadline; a black tick marks the deadline."""
    rows = rep.tasks[:MAX_ROWS]
    top, legend_h, axis_h = 34, 26, 40
    height = top + max(1, len(rows)) * ROW + axis_h + legend_h
    image, p = _begin(height)
    p.setPen(QColor("#111111"))
    p.setFont(_font(15, bold=True))
    title = translate("DrillReport", "预案任务：时限与完成")
    if len(rep.tasks) > len(rows):
        title += translate("DrillReport", "（前 %1 项，共 %2 项）").replace("%1", str(len(rows))).replace("%2", str(len(rep.tasks)))
    p.drawText(QRectF(8, 4, WIDTH - 16, 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    left, right = LABEL_W, WIDTH - 20
    bottom = top + max(1, len(rows)) * ROW
    end_s = max([rep.end_s, 60.0] + [r.deadline_s or 0 for r in rows] + [r.done_s or 0 for r in rows])
    end_min = end_s / 60
    _time_axis(p, left, right, top, bottom, end_min, translate("DrillReport", "演练时间（分钟）"))

    def x_of(seconds: float) -> float:
        return left + (right - left) * (seconds / 60) / end_min

    label_font = _font(12)
    metrics = QFontMetricsF(label_font)
    for i, r in enumerate(rows):
        y = top + i * ROW
        p.setFont(label_font)
        p.setPen(QColor("#333333"))
        label = metrics.elidedText(r.department or r.action, Qt.TextElideMode.ElideRight, LABEL_W - 12)
        p.drawText(QRectF(4, y, LABEL_W - 8, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        finish = r.done_s if r.done_s is not None else rep.end_s
        colour = OPEN_COLOUR if r.met is None else (MET_COLOUR if r.met else MISSED_COLOUR)
        x0, x1 = x_of(r.created_s), x_of(max(finish, r.created_s))
        p.fillRect(QRectF(x0, y + 4, max(2.0, x1 - x0), ROW - 8), QColor(colour))
        if r.deadline_s is not None:
            p.setPen(QPen(QColor("black"), 2))
            xd = x_of(r.deadline_s)
            p.drawLine(QPointF(xd, y + 1), QPointF(xd, y + ROW - 1))
    p.setPen(QPen(QColor("#999999"), 1))
    p.drawRect(QRectF(left, top, right - left, bottom - top))
    # legend
    y = height - legend_h + 4
    x = left
    p.setFont(_font(12))
    for colour, text in ((MET_COLOUR, translate("DrillReport", "按时")), (MISSED_COLOUR, translate("DrillReport", "超时")),
                         (OPEN_COLOUR, translate("DrillReport", "无时限")), (None, translate("DrillReport", "时限"))):
        if colour is None:
            p.setPen(QPen(QColor("black"), 2))
            p.drawLine(QPointF(x + 7, y), QPointF(x + 7, y + 16))
        else:
            p.fillRect(QRectF(x, y + 3, 14, 10), QColor(colour))
        p.setPen(QColor("#333333"))
        p.drawText(QRectF(x + 20, y, 120, 16), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        x += 140
    p.end()
    return image


def interval_chart(rep) -> QImage:
    """A horizontal bar per response interval (report → grading, activation, dispatch,
    arrival), labelled with its time; an interval that never ended says so."""
    rows = rep.intervals
    top, row_h = 34, 30
    height = top + max(1, len(rows)) * row_h + 44
    image, p = _begin(height)
    p.setPen(QColor("#111111"))
    p.setFont(_font(15, bold=True))
    p.drawText(QRectF(8, 4, WIDTH - 16, 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               translate("DrillReport", "响应时间"))
    left, right = LABEL_W, WIDTH - 110
    bottom = top + max(1, len(rows)) * row_h
    longest = max([s for _, _, s in rows if s is not None] + [60.0])
    end_min = longest / 60
    _time_axis(p, left, right, top, bottom, end_min, translate("DrillReport", "用时（分钟）"))
    for i, (_, label, secs) in enumerate(rows):
        y = top + i * row_h
        p.setFont(_font(13))
        p.setPen(QColor("#333333"))
        p.drawText(QRectF(4, y, LABEL_W - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   label)
        if secs is None:
            p.setPen(QColor(MISSED_COLOUR))
            p.drawText(QRectF(left + 6, y, 300, row_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       translate("DrillReport", "未发生"))
            continue
        x1 = left + (right - left) * (secs / 60) / end_min
        p.fillRect(QRectF(left, y + 6, max(2.0, x1 - left), row_h - 12), QColor(INTERVAL_COLOUR))
        p.setPen(QColor("#111111"))
        p.drawText(QRectF(x1 + 6, y, 100, row_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   format_time(secs))
    p.setPen(QPen(QColor("#999999"), 1))
    p.drawRect(QRectF(left, top, right - left, bottom - top))
    p.end()
    return image


def chart_images(rep) -> dict[str, QImage]:
    """{"tasks": ..., "intervals": ...}; needs a QGuiApplication (fonts)."""
    return {"tasks": task_chart(rep), "intervals": interval_chart(rep)}


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)
