"""What the shell (the composition root) hands its flows, besides the core's own objects.

A flow is given its collaborators in `__init__` and never reads the shell: the live picture
(core.state.LiveState), the command tracker (core.tracker.CommandTracker), the plan library
through a `PlanLibraryHandle` (it opens on a thread while the window is built), the settings
through a getter (the preferences may replace them), and the main window through the `Ui`
protocol below: only what flows may ask of it.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QStatusBar

    from plans.library import PlanLibrary


class Ui(Protocol):
    """The main window as flows see it (console/main_window.py implements it)."""
    central: Any             # the map view (widgets/map_view.py)
    command_menu: QMenu      # 指挥 menu: every keyboard action is listed there too

    def when_panel(self, name: str, attach: Callable[[Any], None]) -> None: ...
    def show_panel(self, name: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)
    def addAction(self, action: QAction) -> None: ...  # noqa: N802 (Qt's name)


class PlanLibraryHandle:
    """The plan library, opened on a thread from the start: `ready()` says whether it can be
    used without waiting, `get()` waits for the rest of the opening (and raises what the
    opening raised), `if_ready()` never waits."""

    def __init__(self, opening: Future, home_district: Callable[[], str]) -> None:
        self._opening = opening
        self._home = home_district
        self._library: PlanLibrary | None = None

    def ready(self) -> bool:
        return self._library is not None or (self._opening.done() and self._opening.exception() is None)

    def get(self) -> PlanLibrary:
        if self._library is None:
            library = self._opening.result()
            library.home_district = self._home()   # it may have changed while opening
            self._library = library
        return self._library

    @property
    def opened(self) -> bool:
        """True once someone has taken the library (the shell does as soon as it opens)."""
        return self._library is not None

    def if_ready(self) -> PlanLibrary | None:
        return self.get() if self.ready() else None

    @property
    def opening(self) -> Future:
        return self._opening
