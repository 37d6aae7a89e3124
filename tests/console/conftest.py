"""Fixtures that run the real console in-process, on the real X server, with a qasync loop."""
from __future__ import annotations

import asyncio

import pytest


@pytest.fixture
def aloop(qapp):
    """A qasync event loop on the test QApplication, closed afterwards."""
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def make_shell(aloop, tmp_path, qtbot):
    """Start the console shell like `emergency-console --demo --profile DIR [args]`."""
    from console.cli import build_gui_parser
    from console.shell import Shell

    shells = []

    def make(*argv: str, profile=None):
        args = build_gui_parser().parse_args(["--demo", "--profile", str(profile or tmp_path / "profile"), *argv])
        shell = Shell.from_args(args)
        aloop.run_until_complete(shell.start())
        qtbot.addWidget(shell.window)
        shells.append(shell)
        return shell

    yield make
    for shell in shells:
        aloop.run_until_complete(shell.stop())
    from console.i18n import install_translator
    from PySide6.QtWidgets import QApplication
    install_translator(QApplication.instance(), "zh")
