"""Test configuration shared by every test package.

Qt tests run on a real X server: pytest-xvfb starts a 24-bit Xvfb (see pyproject.toml).
"""
from __future__ import annotations

import os

os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


def pytest_configure(config):
    # URL schemes must be registered before any QApplication exists.
    import importlib.util
    if importlib.util.find_spec("PySide6") is None:   # the headless run (scripts/headless.sh)
        return
    from console.schemes import register_url_schemes
    register_url_schemes()


import asyncio  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(request):
    """As in the console (console/gui_gc.py): from the first Qt test on, Python's cyclic GC runs
    on this (the GUI) thread only, so no Qt object is ever freed on a worker thread. After each
    test the collector looks at the counts, as Python's automatic collection would have."""
    collector = None
    if "qapp" in request.fixturenames:
        from console.gui_gc import install
        collector = install(request.getfixturevalue("qapp"))
    else:
        import sys
        gui_gc = sys.modules.get("console.gui_gc")
        collector = gui_gc.installed() if gui_gc is not None else None
    yield
    if collector is not None:
        collector.tick()


@pytest.fixture
def qasync_loop(qapp):
    """A qasync loop that counts as running while pytest-qt processes Qt events.

    Never use its run_until_complete in tests: each run ends with QApplication.exit(), whose
    aboutToQuit makes QtWebEngine tear down its context for the rest of the session (later
    map tests then crash). Drive coroutines with `run_coro` below instead.
    """
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    # Undo what already_running set up, without QApplication.exit().
    qapp.aboutToQuit.disconnect(loop._after_run_forever)
    loop._after_run_forever()
    loop._QEventLoop__is_running = False
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def run_coro(qasync_loop, qtbot):
    """Run a coroutine on the qasync loop while Qt processes events; returns its result."""
    def run(coro, timeout: float = 60.0):
        task = qasync_loop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()
    return run
