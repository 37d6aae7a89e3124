"""Compose an early warning (预警): type, colour, texts, area, times, Exercise.

The area comes from the latest drawing on the map (circle or polygon), chosen streets, grid
cells, or the whole district. In drill mode Exercise is ticked and cannot be unticked.
Saving makes a draft only; approval and publishing happen in the warnings panel.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateTimeEdit, QDialog,
                               QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QStackedWidget, QVBoxLayout, QWidget)

from cap import BEIJING, Area, EarlyWarning, WarningError, now_bj
from cap.areas import area_from_geojson, district_area, grid_area, street_area
from plans.taxonomy import INCIDENT_TYPES
from widgets import labels

AREA_SOURCES = ("drawing", "streets", "grid", "district")


def level_texts(widget) -> dict[str, str]:
    """Colour -> its name and grade, translated (literal strings so lupdate sees them)."""
    return {"蓝": widget.tr("蓝色预警（四级）"), "黄": widget.tr("黄色预警（三级）"),
            "橙": widget.tr("橙色预警（二级）"), "红": widget.tr("红色预警（一级）")}


_BJ = QTimeZone(8 * 3600)  # warnings are stated in Beijing time whatever the machine's zone


def _qdt(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()), _BJ)


def _py(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), BEIJING)


class WarningComposer(QDialog):
    # EarlyWarning (a draft: not yet approved, no identifier)
    warning_composed = Signal(object)

    def __init__(self, flow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self._base: EarlyWarning | None = None  # the warning being updated, if any
        self.setWindowTitle(self.tr("新建预警"))
        self.type_combo = QComboBox(self)
        for t in INCIDENT_TYPES:
            self.type_combo.addItem(labels.incident_type_name(t.code), t.code)
        self.colour_combo = QComboBox(self)
        for colour, text in level_texts(self).items():
            self.colour_combo.addItem(text, colour)
        self.headline_edit = QLineEdit(self)
        self.headline_edit.setPlaceholderText(self.tr("如：朝阳区发布暴雨黄色预警"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setFixedHeight(70)
        self.instruction_edit = QPlainTextEdit(self)
        self.instruction_edit.setFixedHeight(60)
        self.area_combo = QComboBox(self)
        for key, text in zip(AREA_SOURCES, (self.tr("地图上绘制的区域"), self.tr("街乡"),
                                            self.tr("网格"), self.tr("全区"))):
            self.area_combo.addItem(text, key)
        self.area_stack = QStackedWidget(self)
        self.drawing_label = QLabel(self)
        self.drawing_label.setWordWrap(True)
        self.street_list = QListWidget(self)
        self.street_list.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.grid_edit = QLineEdit(self)
        self.grid_edit.setPlaceholderText(self.tr("网格编号，用空格或逗号分隔，如 110105-012-034"))
        self.district_label = QLabel(self)
        for w in (self.drawing_label, self.street_list, self.grid_edit, self.district_label):
            self.area_stack.addWidget(w)
        self.area_combo.currentIndexChanged.connect(self.area_stack.setCurrentIndex)
        self.area_name_edit = QLineEdit(self)
        self.area_name_edit.setPlaceholderText(self.tr("区域名称（可选，默认自动生成）"))
        now = now_bj()
        self.effective_edit = QDateTimeEdit(_qdt(now), self)
        self.expires_edit = QDateTimeEdit(_qdt(now + timedelta(hours=24)), self)
        for e in (self.effective_edit, self.expires_edit):
            e.setTimeZone(_BJ)
            e.setCalendarPopup(True)
            e.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.exercise_check = QCheckBox(self.tr("演练（Exercise）"), self)
        if flow.drill_mode:
            self.exercise_check.setChecked(True)
            self.exercise_check.setEnabled(False)
            self.exercise_check.setToolTip(self.tr("演练模式下发布的预警一律标记为演练"))
        self.people_label = QLabel(self.tr("起草人：%1（当前登录）。保存后须由另一位、已登录的指挥长"
                                           "在预警面板中审核签发。")
                                   .replace("%1", flow.operator), self)
        self.people_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #d32f2f")
        form = QFormLayout()
        form.addRow(self.tr("预警类型"), self.type_combo)
        form.addRow(self.tr("预警级别"), self.colour_combo)
        form.addRow(self.tr("标题"), self.headline_edit)
        form.addRow(self.tr("内容"), self.description_edit)
        form.addRow(self.tr("防御指引"), self.instruction_edit)
        form.addRow(self.tr("预警区域"), self.area_combo)
        form.addRow("", self.area_stack)
        form.addRow(self.tr("区域名称"), self.area_name_edit)
        form.addRow(self.tr("生效时间（北京时间）"), self.effective_edit)
        form.addRow(self.tr("失效时间（北京时间）"), self.expires_edit)
        form.addRow("", self.exercise_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存草稿"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.people_label)
        col.addWidget(self.error_label)
        col.addWidget(self.buttons)
        self._fill_streets()
        self._on_flow_drawing_changed(flow.drawing)
        flow.drawing_changed.connect(self._on_flow_drawing_changed)

    def _fill_streets(self) -> None:
        from maps.districts import DISTRICT_FILES, load_district

        zone = self._flow.zone
        if zone not in DISTRICT_FILES:
            self.district_label.setText(self.tr("未配置本区边界"))
            return
        self.district_label.setText(self.tr("整个%1").replace("%1", load_district(zone).name))
        from maps.places import street_areas

        for code, name, _ in street_areas(zone):
            item = QListWidgetItem(name, self.street_list)
            item.setData(256, code)

    def _on_flow_drawing_changed(self, feature: dict | None) -> None:
        if not feature:
            self.drawing_label.setText(self.tr("地图上还没有绘制区域：请用地图左上角的“画圆”或"
                                               "“画多边形”工具绘制，或改选街乡、网格。"))
            return
        props = feature.get("properties") or {}
        if props.get("radius_m"):
            lon, lat = feature["geometry"]["coordinates"]
            text = self.tr("圆形区域：中心 %1, %2，半径 %3 米").replace("%1", f"{lon:.5f}") \
                .replace("%2", f"{lat:.5f}").replace("%3", f"{props['radius_m']:.0f}")
        else:
            g = feature["geometry"]
            rings = g["coordinates"] if g["type"] == "Polygon" else [p[0] for p in g["coordinates"]]
            n = sum(len(r) - 1 for r in rings)
            text = self.tr("多边形区域：%1 个顶点").replace("%1", str(n))
        self.drawing_label.setText(text)
        self.area_combo.setCurrentIndex(0)

    # -- reading the form ---------------------------------------------------------------------
    def area(self) -> Area:
        """The area as chosen; WarningError says what is missing."""
        source = self.area_combo.currentData()
        name = self.area_name_edit.text().strip()
        if source == "drawing":
            if not self._flow.drawing:
                raise WarningError(self.tr("预警区域：地图上还没有绘制区域"))
            area = area_from_geojson(self._flow.drawing, name or self.tr("地图绘制区域"))
        elif source == "streets":
            codes = [i.data(256) for i in self.street_list.selectedItems()]
            if not codes:
                raise WarningError(self.tr("预警区域：请至少选择一个街乡"))
            area = street_area(self._flow.zone, codes)
        elif source == "grid":
            cells = [c for c in self.grid_edit.text().replace("，", " ").replace(",", " ").split() if c]
            area = grid_area(cells)
        else:
            area = district_area(self._flow.zone)
        return Area(name, area.polygons, area.circles, area.geocodes) if name else area

    def warning(self) -> EarlyWarning:
        """The draft as filled in (not yet checked)."""
        base = self._base or EarlyWarning(type="", colour="蓝", headline="", areas=())
        return base.with_(
            type=self.type_combo.currentData() or "", colour=self.colour_combo.currentData(),
            headline=self.headline_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            instruction=self.instruction_edit.toPlainText().strip(), areas=(self.area(),),
            status="Exercise" if self.exercise_check.isChecked() else "Actual",
            effective=_py(self.effective_edit.dateTime()), expires=_py(self.expires_edit.dateTime()))

    def prefill(self, w: EarlyWarning) -> None:
        """Start from an existing warning (an Update keeps its references and area)."""
        self._base = w
        self.setWindowTitle(self.tr("更新预警"))
        i = self.type_combo.findData(w.type)
        if i >= 0:
            self.type_combo.setCurrentIndex(i)
        self.colour_combo.setCurrentIndex(self.colour_combo.findData(w.colour))
        self.headline_edit.setText(w.headline)
        self.description_edit.setPlainText(w.description)
        self.instruction_edit.setPlainText(w.instruction)
        if w.expires:
            self.expires_edit.setDateTime(_qdt(w.expires))
        if w.status == "Exercise":
            self.exercise_check.setChecked(True)
        if w.areas:  # keep the published area unless the officer draws a new one
            self._flow.drawing = _feature_of(w.areas[0])
            self._on_flow_drawing_changed(self._flow.drawing)
            self.area_name_edit.setText(w.areas[0].desc)

    def _on_buttons_accepted(self) -> None:
        try:
            w = self.warning()
            w.with_(drafted_by="-").check()
        except WarningError as exc:
            self.error_label.setText(str(exc))
            return
        self.warning_composed.emit(w)
        self.accept()


def _feature_of(area: Area) -> dict | None:
    if area.circles:
        lon, lat, r = area.circles[0]
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"shape": "circle", "radius_m": r}}
    if area.polygons:
        return {"type": "Feature", "properties": {"shape": "polygon"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring]] for ring in area.polygons]}}
    return None
