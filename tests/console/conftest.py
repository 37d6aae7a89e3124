"""Fixtures that run the real console in-process, on the real X server, with a qasync loop."""
from __future__ import annotations

import asyncio
import gc

import pytest


@pytest.fixture
def make_shell(run_coro, tmp_path, qtbot):
    """Start the console like `emergency-console --demo --profile DIR [args]` (without --demo
    when args name a --server) and wait until the server's picture has arrived."""
    from console.cli import build_gui_parser
    from console.shell import Shell

    shells = []

    def make(*argv: str, profile=None, wait_for_data: bool = True):
        demo = [] if "--server" in argv else ["--demo"]
        args = build_gui_parser().parse_args([*demo, "--profile", str(profile or tmp_path / "profile"), *argv])
        shell = Shell.from_args(args)
        shells.append(shell)
        run_coro(shell.start())
        if wait_for_data:
            run_coro(shell.data_ready.wait())
        return shell

    yield make
    for shell in shells:
        run_coro(shell.stop())
    shells.clear()
    run_coro(asyncio.sleep(0.1))  # deferred deletes, on the GUI thread
    gc.collect()  # and any cycle now, on this thread, not later on a worker's
    from PySide6.QtWidgets import QApplication

    from console.i18n import install_translator
    install_translator(QApplication.instance(), "zh")
