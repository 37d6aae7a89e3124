"""Start-up of the GUI: QApplication, translations, theme, the qasync loop, the shell.

Only this module creates the asyncio loop (qasync), and it closes it at exit: a loop left
open aborts the process with "QThread: Destroyed while thread is still running".
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
import time

log = logging.getLogger(__name__)


def run_gui(args) -> int:
    """Run the console until its window closes; returns the process exit code."""
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # Chromium refuses its sandbox as root
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from console.schemes import register_url_schemes

    register_url_schemes()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("ECC")
    app.setApplicationName("emergency-console")

    import qasync

    from console.shell import Shell

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    shell = Shell.from_args(args)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    exit_code = 0
    try:
        with loop:
            loop.run_until_complete(shell.start())
            if args.screenshot:
                exit_code = loop.run_until_complete(shell.screenshot_and_quit(args.screenshot))
            else:
                loop.run_until_complete(closed.wait())
            loop.run_until_complete(shell.stop())
    finally:
        asyncio.set_event_loop(None)
    log.info("console stopped (exit code %s)", exit_code)
    return exit_code


def startup_mark(name: str) -> None:
    """Print a start-up milestone for the benchmark (CLOCK_MONOTONIC is shared by processes)."""
    if os.environ.get("ECC_STARTUP_MARKS"):
        print(f'{{"mark": "{name}", "t": {time.monotonic():.4f}}}', flush=True)
