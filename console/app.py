"""Start-up of the GUI: QApplication, translations, theme, the qasync loop, the shell.

Only this module creates the asyncio loop (qasync), and it closes it at exit: a loop left
open aborts the process with "QThread: Destroyed while thread is still running".
"""
from __future__ import annotations

import asyncio
import glob
import logging
import os
import sys
import time

log = logging.getLogger(__name__)


def run_gui(args) -> int:
    """Run the console until its window closes; returns the process exit code."""
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # Chromium refuses its sandbox as root
    if not glob.glob("/dev/dri/renderD*"):
        # No GPU: Qt's software scene graph; emulated GL blocked the Qt thread ~200 ms per map frame.
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from console.schemes import register_url_schemes

    register_url_schemes()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    # Fractional scale factors (150 % on a 4K wall display) as they are, not rounded to 2x.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ECC")
    app.setApplicationName("emergency-console")
    from console.gui_gc import install as collect_on_gui_thread

    collect_on_gui_thread(app)  # Qt objects in cycles are freed here, never on a worker thread

    import qasync

    from console.shell import Shell

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    # The loop must outlive the window: shutting down (stopping sync, the embedded server)
    # still needs it, so closing the last window must not quit the application by itself.
    app.setQuitOnLastWindowClosed(False)
    try:
        with loop:
            # One run_until_complete for the whole life: each one ends with QApplication.exit(),
            # whose aboutToQuit makes QtWebEngine tear down its context.
            exit_code = loop.run_until_complete(_main(Shell.from_args(args), args))
    finally:
        asyncio.set_event_loop(None)
    return exit_code


async def _main(shell, args) -> int:
    await shell.start()
    closed = asyncio.Event()
    shell.window.closed.connect(closed.set)
    exit_code = 0
    if args.screenshot:
        exit_code = await shell.screenshot_and_quit(args.screenshot)
    else:
        await closed.wait()
    await shell.stop()
    return exit_code


def startup_mark(name: str) -> None:
    """Print a start-up milestone for the benchmark (CLOCK_MONOTONIC is shared by processes)."""
    if os.environ.get("ECC_STARTUP_MARKS"):
        print(f'{{"mark": "{name}", "t": {time.monotonic():.4f}}}', flush=True)
