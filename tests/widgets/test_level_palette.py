"""Every panel shows a response level in maps.palette's colours (the map page: tests/maps/
test_palette.py and test_map_view.py): the incident list, the grading labels of the incident
form, activation dialog and checklist, the plan viewer, and the app theme."""
from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from core.state import LiveState
from maps import palette


def test_panels_take_their_level_colours_from_maps_palette():
    import console.theme
    import widgets.activation_dialog
    import widgets.checklist
    import widgets.incident_form
    import widgets.incident_list
    import widgets.labels
    import widgets.plan_viewer

    for module in (console.theme, widgets.activation_dialog, widgets.checklist, widgets.incident_form,
                   widgets.incident_list, widgets.plan_viewer):
        assert module.LEVEL_COLOURS is palette.LEVEL_COLOURS, module.__name__
    assert widgets.labels.NEUTRAL_COLOUR == console.theme.NEUTRAL_COLOUR == palette.NEUTRAL_COLOUR


def test_grading_labels_are_coloured_from_the_palette():
    from widgets.labels import grading_colour

    for level, colour in palette.LEVEL_COLOURS.items():
        graded = SimpleNamespace(status="graded", level=level)
        assert grading_colour(graded, palette.LEVEL_COLOURS) == colour
        for status in ("pending", "referred"):
            assert grading_colour(SimpleNamespace(status=status, level=level),
                                  palette.LEVEL_COLOURS) == palette.NEUTRAL_COLOUR


def test_incident_list_draws_each_level_in_its_palette_colour(qtbot):
    from widgets.incident_list import IncidentList

    base = {"type": "fire", "title": "居民楼火情", "status": "active", "lon": 116.46, "lat": 39.91,
            "reported_at": "2026-11-21T08:00:00+00:00"}
    state = LiveState()
    state.replace("incidents", [{**base, "id": f"INC-{level}", "level": level} for level in palette.LEVEL_COLOURS]
                  + [{**base, "id": "INC-P", "level": "IV", "facts": {"grading_status": "pending"}}])
    panel = IncidentList(state)
    qtbot.addWidget(panel)
    model = panel.table.model()
    shown = {model.data(model.index(row, 0)):
             model.data(model.index(row, 1), Qt.ItemDataRole.ForegroundRole).color().name()
             for row in range(model.rowCount())}
    assert shown == {**{f"INC-{level}": colour for level, colour in palette.LEVEL_COLOURS.items()},
                     "INC-P": palette.NEUTRAL_COLOUR}
