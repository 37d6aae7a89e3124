"""Custom URL schemes for the map page: `tiles://local/{z}/{x}/{y}.png` (offline tiles from
MBTiles) and `app://local/<path>` (vendored Leaflet, our JS, fonts from resources/).

Qt requires the registration before the QApplication exists, so the app and the test
configuration both call `register_url_schemes()` first.
"""
from __future__ import annotations

SCHEMES = (b"tiles", b"app")
_registered = False


def register_url_schemes() -> None:
    global _registered
    if _registered:
        return
    from PySide6.QtWebEngineCore import QWebEngineUrlScheme

    for name in SCHEMES:
        scheme = QWebEngineUrlScheme(name)
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
        scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme
                        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                        | QWebEngineUrlScheme.Flag.CorsEnabled
                        | QWebEngineUrlScheme.Flag.FetchApiAllowed)
        QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True
