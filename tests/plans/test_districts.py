"""Each incident under its own district's plans: the point decides, the console's district
flags what is not its own, the 500 m boundary rule, and points in neither district."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from maps.districts import distance_m, district_at
from plans.library import OutsideDistricts
from plans.model import IncidentFacts

DONGHUAMEN = (116.4040, 39.9190)     # 东华门街道, 东城
WANGJING = (116.4700, 39.9950)       # 望京, 朝阳
HAIDIAN = (116.3000, 39.9600)        # 海淀: neither district
ROOT = Path(__file__).resolve().parents[2]


def _at(lib, type_, point, **kw):
    return lib.activate(IncidentFacts(type_, lon=point[0], lat=point[1], **kw), home_district="110105")


def test_an_incident_in_dongcheng_is_graded_under_dongcheng_plans(corpus):
    act = _at(corpus, "fire", DONGHUAMEN, deaths=1)
    assert (act.district_code, act.district_name, act.outside_district) == ("110101", "东城区", True)
    assert "《东城区火灾事故应急救援预案》" not in act.reason or "朝阳" not in act.reason
    assert all(corpus.district_of(p.plan_id) == "110101" for p in act.plans)
    assert not any("朝阳" in p.title for p in act.plans)
    # 东城's departments, named with their district so the 朝阳 duty officer is not misled
    assert any(t.department_name.startswith("东城") for t in act.tasks if t.department == "emergency"
               and not t.id.endswith("notify-110101"))


def test_outside_the_console_district_adds_a_notification_to_that_district(corpus):
    act = _at(corpus, "gas", DONGHUAMEN)
    notify = [t for t in act.tasks if t.id.endswith("/notify-110101")]
    assert len(notify) == 1 and notify[0].deadline_minutes == 30
    assert notify[0].plan_id == "chaoyang-master" and "东城区应急管理局" in notify[0].action
    assert notify[0].department_name == "区应急局"            # the console's own bureau notifies
    home = corpus.activate(IncidentFacts("gas", lon=DONGHUAMEN[0], lat=DONGHUAMEN[1]), home_district="110101")
    assert not home.outside_district and not any("notify" in t.id for t in home.tasks)


def test_the_point_decides_not_the_console(corpus):
    assert _at(corpus, "gas", WANGJING).district_code == "110105"
    assert not _at(corpus, "gas", WANGJING).outside_district
    assert corpus.activate(IncidentFacts("gas", district="110101"), home_district="110105").district_code == "110101"
    assert corpus.activate(IncidentFacts("gas"), home_district="110101").district_code == "110101"


def test_within_500_m_of_the_boundary_both_districts_are_named():
    # walk east from 东城 across the 东城/朝阳 boundary along a parallel and find the crossing
    lat = 39.925
    lon = 116.40
    while district_at(lon, lat) != "110105":
        lon += 0.0002
    inside_cy = (lon + 0.0005, lat)                          # a few tens of metres into 朝阳
    far = (lon + 0.02, lat)                                   # ~1.7 km into 朝阳
    assert distance_m("110101", *inside_cy) < 500 < distance_m("110101", *far)


def test_near_boundary_flag(corpus):
    lat, lon = 39.925, 116.40
    while district_at(lon, lat) != "110105":
        lon += 0.0002
    near = _at(corpus, "fire", (lon + 0.001, lat))
    assert near.district_code == "110105" and near.near_boundary == ("110101",)
    assert _at(corpus, "fire", WANGJING).near_boundary == ()


def test_a_point_in_neither_district_is_a_clear_error(corpus):
    with pytest.raises(OutsideDistricts, match="不在朝阳区、东城区范围内"):
        _at(corpus, "gas", HAIDIAN)
    assert _at(corpus, "gas", WANGJING).level == "IV"     # and the library keeps working


def test_search_by_district(corpus):
    dc = corpus.search("文物", district="110101", limit=20)
    assert dc and all(h.district == "110101" for h in dc)
    assert corpus.search("东城", limit=5)                   # searching for 东城 finds 东城's plans
    with pytest.raises(KeyError, match="未知区"):
        corpus.search("火灾", district="110108")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "console", "plans", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_activate_at_a_point_reports_its_district():
    r = _cli("activate", "--type", "gas", "--at", f"{DONGHUAMEN[0]},{DONGHUAMEN[1]}", "--district", "110105",
             "--json", "--index", "none")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["district_code"], out["district_name"], out["outside_district"]) == ("110101", "东城区", True)
    r = _cli("activate", "--type", "gas", "--at", f"{HAIDIAN[0]},{HAIDIAN[1]}", "--index", "none")
    assert r.returncode == 2 and "不在朝阳区、东城区范围内" in r.stderr
    r = _cli("search", "火灾", "--district", "110199", "--index", "none")
    assert r.returncode == 2 and "110101（东城区）" in r.stderr
