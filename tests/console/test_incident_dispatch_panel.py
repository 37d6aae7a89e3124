"""The dispatch proposal by keyboard: Space unticks, S swaps, A adds, Enter dispatches;
a refusal shows the server's reason on its row."""
from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt

from core import recommend
from core.state import LiveState
from widgets.dispatch_panel import DispatchPanel

NOON = datetime(2026, 11, 21, 4, 0, tzinfo=timezone.utc)
INC = {"id": "INC-1", "title": "燃气泄漏", "lon": 116.45, "lat": 39.92}


def _units():
    return [{"id": f"F{i}", "callsign": f"消防车{i}", "kind": "fire_engine", "status": "available",
             "lon": 116.45 + i * 0.005, "lat": 39.92} for i in range(4)] + \
           [{"id": "A0", "callsign": "救护车0", "kind": "ambulance", "status": "available", "lon": 116.46, "lat": 39.93}]


def _panel(qtbot):
    state = LiveState()
    state.replace("units", _units())
    panel = DispatchPanel(state)
    qtbot.addWidget(panel)
    required = {"fire_engine": 2, "ambulance": 2}
    panel.set_proposal(INC, required, recommend.recommend(INC, required, _units(), now=NOON))
    panel.show()
    return panel


def test_proposal_shows_why_and_the_shortfall(qtbot):
    panel = _panel(qtbot)
    assert panel.unit_ids() == ["F0", "F1", "A0"]
    assert "同类第1近" in panel.tree.topLevelItem(0).text(4)
    assert "救护车 1" in panel.shortfall.text()


def test_keyboard_swap_add_untick_and_accept(qtbot):
    panel = _panel(qtbot)
    tree = panel.tree
    tree.setCurrentItem(tree.topLevelItem(1))            # F1
    qtbot.keyClick(tree, Qt.Key.Key_S)                   # swapped for the next quickest engine
    assert panel.unit_ids() == ["F0", "F2", "A0"]
    qtbot.keyClick(tree, Qt.Key.Key_A)                   # one more of the current row's kind
    assert panel.unit_ids() == ["F0", "F2", "A0", "F3"]
    qtbot.keyClick(tree, Qt.Key.Key_S)                   # no engine left to swap in: says so
    assert "没有更多" in tree.currentItem().text(4)
    tree.setCurrentItem(tree.topLevelItem(2))
    qtbot.keyClick(tree, Qt.Key.Key_Space)               # untick the ambulance
    with qtbot.waitSignal(panel.dispatch_requested) as sent:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert sent.args == ["INC-1", ["F0", "F2", "F3"]]
    panel.mark_refused("F2", "单位 F2（消防车2）已在处置 INC-9")
    assert "已在处置 INC-9" in panel._row_of("F2").text(4)
    assert panel._row_of("F2").checkState(0) == Qt.CheckState.Unchecked
