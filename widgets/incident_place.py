"""Whose an incident is (issue 16): its district, the districts within 500 m of it, and the
words the console uses for an incident outside its own district or near a boundary.

The incident's district is the one its record names (the server places every incident), else
the district at its point; the neighbours are the shipped districts within BOUNDARY_M.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from plans.library import BOUNDARY_METRES as BOUNDARY_M
from plans.registry import DISTRICTS
from widgets import labels

# The start of the timeline note that records a cross-district take-over (跨区支援).
SUPPORT_MARK = QT_TRANSLATE_NOOP("IncidentPlace", "跨区支援：")


@dataclass(frozen=True)
class IncidentPlace:
    district: str                  # adcode; "" outside every shipped district
    near: tuple[str, ...]          # other districts within BOUNDARY_M
    located: bool                  # the incident has a point

    def outside(self, home: str) -> bool:
        """In another district than the console's (not for an unplaced incident)."""
        return bool(home and self.district and self.district != home)


def incident_place(incident: dict) -> IncidentPlace:
    from maps.districts import districts_near
    from maps.geo import district_at

    lon, lat = incident.get("lon"), incident.get("lat")
    district = incident.get("district") if incident.get("district") in DISTRICTS else None
    if lon is None or lat is None:
        return IncidentPlace(district or "", (), False)
    if district is None:
        district = district_at(lon, lat)
    near = tuple(d for d in districts_near(lon, lat, BOUNDARY_M) if d != district)
    return IncidentPlace(district or "", near, True)


def outside_text(district: str) -> str:
    """事发地在东城区，不属本区辖区；已列入向东城区应急管理局通报的任务."""
    text = QCoreApplication.translate("IncidentPlace", "事发地在%1，不属本区辖区；已列入向%1应急管理局通报的任务")
    return text.replace("%1", labels.district_name(district))


def boundary_text(near: tuple[str, ...]) -> str:
    names = "、".join(labels.district_name(d) for d in near)
    return QCoreApplication.translate("IncidentPlace", "距%1界 500 米内").replace("%1", names)


def support_note(home: str, district: str, reason: str) -> str:
    """The timeline note recording that this console takes another district's incident."""
    mark = QCoreApplication.translate("IncidentPlace", SUPPORT_MARK)
    return (mark + QCoreApplication.translate("IncidentPlace", "本区（%1）接手处置%2的事件；理由：%3")
            .replace("%1", labels.district_name(home)).replace("%2", labels.district_name(district))
            .replace("%3", reason))


def flag_note(home: str, district: str) -> str:
    """The timeline line that flags an incident outside the console's district."""
    text = QCoreApplication.translate("IncidentPlace", "事发地在%1，不属本区（%2）辖区；已列入向%1应急管理局通报的任务")
    return text.replace("%1", labels.district_name(district)).replace("%2", labels.district_name(home))


def district_banner_text(where: IncidentPlace, home: str, supported: str = "") -> str:
    """The banner over an incident: outside the console's district (and taken or not), outside
    every district, near a boundary; "" when none holds."""
    lines = []
    if where.located and not where.district:
        names = "、".join(labels.district_name(d) for d in DISTRICTS)
        lines.append(QCoreApplication.translate("IncidentPlace", "事发地不在%1范围内：请核对位置，或移交属地区处置")
                     .replace("%1", names))
    elif where.outside(home):
        lines.append(outside_text(where.district))
        if supported:
            lines.append(supported)
    if where.near:
        line = boundary_text(where.near)
        if not where.outside(home):
            line += QCoreApplication.translate("IncidentPlace", "：两区力量均可调派")
        lines.append(line)
    return "\n".join(lines)
