"""The 示例 mark of generated demo plans, as every plan panel and export shows it.

A plan with `sample: true` (plans.model.Plan.sample) is demo content made by the corpus
generator; a centre's own imported plans have no such flag and get no mark. The badge paints
its own background and text colour, so it reads the same on the dark and the light theme
(console/theme.py) and stands apart from the amber of search matches and the level colours.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPixmap

# Light purple with near-black text (9:1): the hit delegate gives every run with a background
# that dark text (plan_hit_delegate.MATCH_TEXT_COLOUR), so the badge is drawn the same there.
BADGE_BACKGROUND = "#ce93d8"
BADGE_TEXT = "#1a1a1a"
_icons: dict[int, QIcon] = {}


def label() -> str:
    """The word on the badge: 示例 (Sample)."""
    return QCoreApplication.translate("SampleMark", "示例")


def explanation() -> str:
    """One line saying what the mark means."""
    return QCoreApplication.translate("SampleMark", "示例：演示用生成内容，非正式印发的预案")


def badge_html() -> str:
    """The badge as rich text (QLabel, QTextBrowser, the hit delegate, exports)."""
    return (f"<span style='background-color:{BADGE_BACKGROUND}; color:{BADGE_TEXT}; font-weight:bold'>"
            f"&nbsp;{escape(label())}&nbsp;</span>")


def badge_icon(font: QFont | None = None) -> QIcon:
    """The badge as an icon for item views (tree and list rows), sized to `font`."""
    font = QFont(font) if font is not None else QFont()
    font.setBold(True)
    metrics = QFontMetrics(font)
    key = metrics.height()
    icon = _icons.get(key)
    if icon is None:
        text = label()
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
        pixmap = QPixmap(width, height)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BADGE_BACKGROUND))
        painter.drawRoundedRect(QRectF(0, 0, width, height), 3, 3)
        painter.setPen(QColor(BADGE_TEXT))
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        icon = _icons[key] = QIcon(pixmap)
    return icon


def badge_size(font: QFont | None = None):
    """The pixel size of badge_icon(font), for a view's iconSize."""
    return badge_icon(font).availableSizes()[0]

