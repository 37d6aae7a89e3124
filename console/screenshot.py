"""`--screenshot PATH`: wait until the map and panels have really drawn, then write a PNG.

The map says when every layer is on screen (MapView.ready); the pixels are taken from the
X server when there is one, because a widget grab of Chromium's GPU surface can come out blank.
"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QMainWindow

log = logging.getLogger(__name__)
READY_TIMEOUT_S = 60.0


async def wait_until_ready(window: QMainWindow, timeout: float = READY_TIMEOUT_S) -> bool:
    map_view = window.central
    deadline = asyncio.get_running_loop().time() + timeout
    while not getattr(map_view, "is_ready", True):
        if asyncio.get_running_loop().time() > deadline:
            log.error("the map did not finish drawing within %.0f s", timeout)
            return False
        await asyncio.sleep(0.05)
    from console.app import startup_mark
    startup_mark("map_ready")
    for panel in window.panels.values():
        model = getattr(panel, "model", None)
        if hasattr(model, "flush_now"):
            model.flush_now()
    # Let pending paints land. Never processEvents() inside a coroutine: under qasync it
    # re-enters other tasks ("Cannot enter into task ... while another task is being executed").
    await asyncio.sleep(0.3)
    return True


def grab(window: QMainWindow) -> QImage:
    screen = window.screen() or QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb" and screen is not None:
        geo = window.frameGeometry()
        pixmap = screen.grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height())
    else:
        pixmap = window.grab()
    return pixmap.toImage()


async def capture_when_ready(window: QMainWindow, path: Path) -> bool:
    ready = await wait_until_ready(window)
    image = grab(window)
    path.parent.mkdir(parents=True, exist_ok=True)
    if image.isNull() or not image.save(str(path), "PNG"):
        log.error("could not write the screenshot to %s", path)
        print(f"error: could not write the screenshot to {path}; check the folder exists and is writable")
        return False
    log.info("screenshot written to %s (%dx%d)", path, image.width(), image.height())
    if not ready:
        print(f"error: the map did not finish drawing; a partial screenshot is in {path}")
    return ready
