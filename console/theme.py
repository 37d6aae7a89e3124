"""Dark (for a dim command room) and light colour themes, and the CJK-capable UI font."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# Level I..IV and not-graded colours, shared by panels and the map: one set, in maps.palette.
from maps.palette import LEVEL_COLOURS, NEUTRAL_COLOUR  # noqa: F401  (the app layer's names)

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC")


def pick_cjk_font() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in families), None)


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    family = pick_cjk_font()
    if family:
        font = QFont(family)
        font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
        app.setFont(font)
    app.setPalette(_dark_palette() if theme == "dark" else app.style().standardPalette())
    app.setProperty("ecc_theme", theme)


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#15191f"), QColor("#1e242c"), QColor("#dfe5ec")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: QColor("#232a33"),
        QPalette.ColorRole.ToolTipBase: window, QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text, QPalette.ColorRole.Button: QColor("#262d36"),
        QPalette.ColorRole.ButtonText: text, QPalette.ColorRole.BrightText: QColor("#ff5c5c"),
        QPalette.ColorRole.Highlight: QColor("#2f6fb3"), QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#6fb3ff"), QPalette.ColorRole.PlaceholderText: QColor("#7d8894"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7580"))
    return p
