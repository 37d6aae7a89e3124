"""Issue 20: every preset and 恢复默认布局 fit the screen (1920×1080 and 1366×768) with the
status bar on it, reset never opens the drill player in live mode, and the presets show
enough rows to work: the commander ≥ 12 incidents, the dispatcher ≥ 15 units.

The screen is given to the layout manager as a rectangle (the test X server has one size);
the window is placed on it as a maximised window would be."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect

SCREENS = [(1920, 1080), (1366, 768)]


def _rows(table) -> float:
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_presets_and_reset_fit_the_screen_and_show_enough_rows(make_shell, qtbot, width, height):
    shell = make_shell()
    w = shell.window
    screen = QRect(0, 0, width, height)
    w.layouts.screen_rect = screen
    w.setGeometry(screen)
    for key in ("commander", "dispatcher", "video_wall", "reset"):
        if key == "reset":
            w.layouts.reset()
        else:
            w.layouts.apply_preset(key)
        qtbot.wait(300)   # the dock layout settles
        assert screen.contains(w.frameGeometry()), (key, w.frameGeometry())
        bar = w.statusBar()
        assert bar.isVisible() and bar.geometry().bottom() < w.height(), key
        assert w.height() <= height and w.width() <= width, key
        if key == "commander":
            incidents = w.panel("incidents").table
            assert incidents.isVisible() and _rows(incidents) >= 12, (width, height, _rows(incidents))
        if key == "dispatcher":
            units = w.panel("units").table
            assert units.isVisible() and _rows(units) >= 15, (width, height, _rows(units))
        if key == "reset":
            assert not w.docks["drill"].isVisible()   # live mode: no drill player


def test_a_window_bigger_than_its_screen_is_brought_within_it(make_shell, qtbot):
    shell = make_shell()
    w = shell.window
    w.layouts.screen_rect = QRect(0, 0, 1366, 768)
    w.setGeometry(200, 150, 1600, 1000)   # as saved on a larger screen
    w.layouts.fit_to_screen()
    assert QRect(0, 0, 1366, 768).contains(w.frameGeometry())
