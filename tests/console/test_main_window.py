"""The main window as a duty officer meets it: panels, titles, layouts, language."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ZH_TITLES = {"plans": "预案", "checklist": "任务清单", "incidents": "事件", "units": "力量",
             "sensors": "传感器", "video": "视频", "timeline": "时间线",
             "incident_detail": "事件详情", "dispatch": "调派", "warnings": "预警",
             "alarms": "告警", "trends": "趋势", "video_wall": "视频墙", "drill": "演练"}
EN_TITLES = {"plans": "Plans", "checklist": "Checklist", "incidents": "Incidents", "units": "Units",
             "sensors": "Sensors", "video": "Video", "timeline": "Timeline",
             "incident_detail": "Incident detail", "dispatch": "Dispatch", "warnings": "Warnings",
             "alarms": "Alarms", "trends": "Trends", "video_wall": "Video wall", "drill": "Drill"}


def test_demo_window_has_every_panel_titled_in_chinese(make_shell):
    shell = make_shell()
    window = shell.window
    assert window.windowTitle() == "应急指挥控制台 · 朝阳区"  # the demo serves 朝阳
    assert {name: dock.windowTitle() for name, dock in window.docks.items()} == ZH_TITLES
    assert (window.file_menu.title(), window.view_menu.title()) == ("文件(&F)", "视图(&V)")
    assert len(shell.state.records("incidents")) > 0  # the demo world is loaded
    assert not window.drill_banner.isVisible()


def test_english_ui_with_lang_en(make_shell):
    window = make_shell("--lang", "en").window
    assert window.windowTitle() == "Emergency Command Console · Chaoyang District"
    assert {name: dock.windowTitle() for name, dock in window.docks.items()} == EN_TITLES
    assert window.view_menu.title() == "&View"


def test_drill_mode_shows_the_banner(make_shell):
    window = make_shell("--drill").window
    assert window.drill_banner.isVisible()
    assert "演练" in window.drill_banner.text()


def test_long_english_texts_wrap_instead_of_widening_the_window(make_shell, qtbot):
    """English runs longer than Chinese: the drill banner and the video wall's hint once
    pushed the window to 1,974 px, wider than the screen, cutting off the status bar."""
    window = make_shell("--drill", "--lang", "en").window
    window.show_panel("video_wall")
    qtbot.wait(200)
    assert window.minimumSizeHint().width() <= 1600 and window.width() <= 1600
    assert window.drill_banner.isVisible() and "EXERCISE ONLY" in window.drill_banner.text()
    from PySide6.QtWidgets import QLabel

    signed_in = window.findChild(QLabel, "signed_in_operator")
    qtbot.waitUntil(lambda: "Signed in" in signed_in.text(), timeout=20_000)
    assert signed_in.text().endswith("(commander)")  # the role in the UI language too


def test_layout_persists_across_restarts_and_resets(make_shell, run_coro, tmp_path):
    profile = tmp_path / "p"
    first = make_shell(profile=profile)
    first.window.docks["sensors"].hide()
    first.window.docks["units"].setFloating(True)
    run_coro(first.stop())  # closing the window saves the session layout; then a real restart
    second = make_shell(profile=profile)
    assert second.window.docks["sensors"].isHidden()
    assert second.window.docks["units"].isFloating()
    second.window.layouts.reset()
    assert not second.window.docks["sensors"].isHidden()
    assert not second.window.docks["units"].isFloating()


def test_named_layouts_save_recall_and_presets(make_shell):
    window = make_shell().window
    window.layouts.apply_preset("video_wall")
    assert not window.docks["video"].isHidden() and window.docks["plans"].isHidden()
    window.layouts.save_named("夜班视频")
    window.layouts.apply_preset("dispatcher")
    assert not window.docks["units"].isHidden() and window.docks["video"].isHidden()
    assert "夜班视频" in window.layouts.saved_names()
    window.layouts.load_named("夜班视频")
    assert not window.docks["video"].isHidden() and window.docks["units"].isHidden()


def test_panel_on_a_vanished_monitor_comes_back_to_the_primary_screen(make_shell, qtbot):
    window = make_shell().window
    dock = window.docks["timeline"]
    dock.setFloating(True)
    dock.setGeometry(QRect(5000, 200, 400, 300))  # where a second monitor used to be
    moved = window.layouts.bring_back_lost_panels()
    assert moved == ["timeline"]
    screen = window.screen().availableGeometry()
    assert screen.intersects(dock.frameGeometry())


def test_a_panel_shortcut_brings_the_panel_forward_and_focuses_it_and_never_hides_it(make_shell, qtbot):
    """Issue 20: Alt+1…4 / Ctrl+1…0 toggled a panel away instead of bringing it forward."""
    window = make_shell().window
    window.docks["units"].hide()
    window.panel_actions["units"].trigger()
    assert not window.docks["units"].isHidden()
    assert window.focusWidget() is window.panels["units"].table     # the arrows move in its rows
    window.panel_actions["units"].trigger()                          # pressed again: still there
    assert window.docks["units"].isVisible()
    # tabbed behind another panel: brought to the front
    window.tabifyDockWidget(window.docks["units"], window.docks["plans"])
    window.docks["plans"].raise_()
    qtbot.wait(50)
    assert window.panels["units"].table.visibleRegion().isEmpty()
    window.panel_actions["units"].trigger()
    qtbot.wait(50)
    assert not window.panels["units"].table.visibleRegion().isEmpty()
    assert window.panel_actions["units"].shortcut().toString() == "Ctrl+4"


def test_view_menu_brings_the_whole_district_back_on_the_map(make_shell, qtbot):
    window = make_shell(wait_for_data=False).window
    view = window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)

    def page(script):
        got = []
        view.run_js(script, got.append)
        qtbot.waitUntil(lambda: bool(got), timeout=10_000)
        return got[0]

    assert page("ECC.framed()")  # opens on the whole district
    view.set_view(116.4108, 39.9140, 16)  # the operator zooms into a street
    qtbot.waitUntil(lambda: page("ECC.map.getZoom()") == 16, timeout=10_000)
    assert window.frame_action.text() == "地图显示全区" and window.frame_action.shortcut().toString() == "Ctrl+Shift+H"
    window.frame_action.trigger()
    qtbot.waitUntil(lambda: page("ECC.framed() && ECC.map.getZoom() < 13"), timeout=10_000)


def test_map_layer_choices_are_kept_for_the_next_start(make_shell, qtbot, tmp_path, run_coro):
    """Issue 20: layer choices were lost on restart."""
    profile = tmp_path / "profile"

    def page(view, script):
        got = []
        view.run_js(script, got.append)
        qtbot.waitUntil(lambda: bool(got), timeout=10_000)
        return got[0]

    shell = make_shell(profile=profile, wait_for_data=False)
    view = shell.window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    assert page(view, "ECC.map.hasLayer(ECC.layers.sensors)")
    # the operator unticks 传感器 in the map's layer list, as with the mouse
    with qtbot.waitSignal(view.hidden_layers_changed, timeout=10_000) as changed:
        view.run_js("""(function () {
            var labels = document.querySelectorAll('.leaflet-control-layers-overlays label');
            for (var i = 0; i < labels.length; i++)
              if (labels[i].textContent.indexOf('传感器') >= 0) labels[i].querySelector('input').click();
          })()""")
    assert changed.args[0] == ["sensors"]
    assert not page(view, "ECC.map.hasLayer(ECC.layers.sensors)")
    run_coro(shell.stop())

    again = make_shell(profile=profile, wait_for_data=False)
    view = again.window.central
    qtbot.waitUntil(lambda: view.is_ready, timeout=60_000)
    qtbot.waitUntil(lambda: not page(view, "ECC.map.hasLayer(ECC.layers.sensors)"), timeout=10_000)
    assert page(view, "ECC.map.hasLayer(ECC.layers.units)")


def test_hidden_panels_are_built_when_first_shown_and_flows_reach_them(make_shell, qtbot):
    shell = make_shell(wait_for_data=False)
    window = shell.window
    # behind the timeline's tab at start-up: not built yet (it costs pyqtgraph's import)
    assert "trends" not in window.panels
    assert window.docks["trends"].widget() is not None  # an empty frame holds its place
    sensor = "co-00001"
    shell.state.select("sensors", sensor)  # a sensor picked on the map before the panel exists
    window.show_panel("trends")
    trends = window.panel("trends")
    assert window.docks["trends"].widget() is trends
    assert trends.sensors() == [sensor]  # the sensor flow attached when the panel was built
    # and the console builds the rest itself once the first picture is up
    qtbot.waitUntil(lambda: set(window.panels) == set(window.docks), timeout=30_000)
    # the plan panel, shown before the plan library finished opening, now holds the plan tree
    from widgets.plan_browser import PlanBrowser
    qtbot.waitUntil(lambda: isinstance(window.panels.get("plans"), PlanBrowser), timeout=30_000)
    assert window.docks["plans"].widget() is window.panels["plans"]


def test_screenshot_from_the_command_line_is_a_real_picture(tmp_path):
    out = tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "console", "--demo", "--profile", str(tmp_path / "p"),
                           "--screenshot", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 800
    # Not blank: a drawn map and panels have many colours; a blank or half-drawn window a few.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 200
