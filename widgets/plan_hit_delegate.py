"""Draws one search hit as rich text (title, tier, clause label, snippet with marked words).

A delegate instead of a QLabel per row: item widgets cost ~5 ms each, so 50 hits took
~0.3 s to show; painting from one QTextDocument keeps a result list at a few ms.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextCharFormat,
                           QTextCursor, QTextDocument)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

HTML_ROLE = Qt.ItemDataRole.UserRole + 3
PADDING = 4
# Text on a marked word. The mark's background is the light amber MATCH_COLOUR (#ffd54f); left
# to the palette, the text would be the dark theme's #dfe5ec (contrast 1.1:1) or, on a selected
# row, white (1.4:1). Near-black on the amber is 12:1 in both themes, selected or not.
MATCH_TEXT_COLOUR = "#1a1a1a"


class HitDelegate(QStyledItemDelegate):
    """Renders the HTML stored under HTML_ROLE, wrapped to the view's width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        _dark_text_on_marks(doc)
        doc.setTextWidth(max(50, width - 2 * PADDING))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(option.rect.topLeft().x() + PADDING, option.rect.topLeft().y() + PADDING)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = option.widget.viewport().width() if option.widget else 300
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2 * PADDING)


def _dark_text_on_marks(doc: QTextDocument) -> None:
    """Give every run drawn on a background (the marked words) a dark text colour."""
    ranges: list[tuple[int, int]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                ranges.append((fragment.position(), fragment.position() + fragment.length()))
            it += 1
        block = block.next()
    if not ranges:
        return
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(MATCH_TEXT_COLOUR))
    cursor = QTextCursor(doc)
    for start, end in ranges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
