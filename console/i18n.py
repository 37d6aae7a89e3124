"""UI language through Qt's translation system.

Chinese is the source language of every string (`self.tr("事件")`), so the default UI needs
no catalogue; English comes from resources/i18n/console_en.qm, compiled from the committed
console_en.ts with pyside6-lrelease (scripts/i18n.sh refreshes both).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.paths import RESOURCES

log = logging.getLogger(__name__)
I18N_DIR = RESOURCES / "i18n"
_installed: list[QTranslator] = []


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Install the catalogues for `language` ("zh" or "en"); returns False if one is missing."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.English if language == "en" else QLocale.Language.Chinese,
                               QLocale.Country.UnitedStates if language == "en" else QLocale.Country.China))
    ok = True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language == "en":
        ours = QTranslator(app)
        if ours.load(str(I18N_DIR / "console_en.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.error("English catalogue %s is missing; the UI stays in Chinese", I18N_DIR / "console_en.qm")
            ok = False
    else:
        qtbase = QTranslator(app)  # Qt's own dialogs (OK/Cancel...) in Chinese
        if qtbase.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qtbase)
            _installed.append(qtbase)
    return ok
