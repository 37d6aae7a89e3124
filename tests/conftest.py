"""Test configuration shared by every test package.

Qt tests run on a real X server: pytest-xvfb starts a 24-bit Xvfb (see pyproject.toml).
"""
from __future__ import annotations

import os

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


def pytest_configure(config):
    # URL schemes must be registered before any QApplication exists.
    try:
        from console.schemes import register_url_schemes
    except ImportError:  # a domain-only run without Qt installed
        return
    register_url_schemes()
