"""CAP 1.2 build and parse (no Qt): every alert validates, round trips, and bad or hostile XML
is refused with a message that says where and what."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cap import (BEIJING, LEVELS, Area, CapError, EarlyWarning, IdentifierMaker, WarningError,
                 issue, issuer_code, load_alert, parse_alert, parse_identifier, schema_errors,
                 parse_xml, to_xml)
from cap.areas import district_area, grid_area, map_records, street_area

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "cap"
T0 = datetime(2026, 11, 22, 8, 30, 0, tzinfo=BEIJING)
CIRCLE = Area("三里屯街道", circles=((116.455, 39.936, 1200.0),))
SQUARE = Area("工体周边", polygons=(((116.44, 39.92), (116.46, 39.92), (116.46, 39.94),
                                     (116.44, 39.94), (116.44, 39.92)),))


def _issued(**kw) -> EarlyWarning:
    base = dict(type="flood", colour="黄", headline="朝阳区发布暴雨黄色预警", areas=(CIRCLE,),
                effective=T0, expires=T0 + timedelta(hours=6))
    base.update(kw)
    return issue(EarlyWarning(**base), IdentifierMaker(issuer_code("110105", "416")), now=T0)


@pytest.mark.parametrize("colour", list(LEVELS))
@pytest.mark.parametrize("status", ["Actual", "Exercise"])
@pytest.mark.parametrize("areas", [(CIRCLE,), (SQUARE,), (CIRCLE, SQUARE)])
def test_every_variant_validates_and_round_trips(colour, status, areas):
    w = _issued(colour=colour, status=status, areas=areas, description="今天夜间有大到暴雨",
                instruction="减少外出", drafted_by="王值班", drafted_at=T0, approved_by="李指挥",
                approved_at=T0 + timedelta(minutes=3))
    xml = to_xml(w)
    alert = parse_alert(xml)  # validates against resources/cap/cap12.xsd
    assert alert.identifier == w.identifier and alert.status == status
    assert alert.severity == LEVELS[colour].severity and alert.level.colour == colour
    assert alert.info.parameter("warningLevel") == LEVELS[colour].name
    assert alert.info.parameter("approvedBy") == "李指挥"
    assert alert.info.parameter("draftedBy") == "王值班"
    assert alert.expires == T0 + timedelta(hours=6)
    assert [a.desc for a in alert.areas] == [a.desc for a in areas]
    assert [a.circles for a in alert.areas] == [a.circles for a in areas]
    assert [a.polygons for a in alert.areas] == [a.polygons for a in areas]


def test_identifier_follows_the_chinese_profile_and_counts_within_a_second():
    maker = IdentifierMaker(issuer_code("110105", "416"))
    first, second = maker.make(T0), maker.make(T0)
    later = maker.make(T0 + timedelta(seconds=1))
    assert first == "11010541600000_20261122083000_0" and len(first) == 31
    assert second.endswith("_1") and later == "11010541600000_20261122083001_0"
    parts = parse_identifier(first)
    assert parts["zone"] == "110105" and parts["agency"] == "416" and parts["entered"] == T0
    assert parse_identifier("43b080713727") is None


def test_times_are_beijing_and_drills_are_exercise():
    xml = to_xml(_issued(status="Exercise"))
    assert "<sent>2026-11-22T08:30:00+08:00</sent>" in xml
    assert "<status>Exercise</status>" in xml


def test_update_and_cancel_reference_the_earlier_alert():
    first = parse_alert(to_xml(_issued()))
    maker = IdentifierMaker(issuer_code("110105", "416"))
    upd = issue(EarlyWarning(type="flood", colour="橙", headline="升级为橙色", areas=(CIRCLE,),
                             msg_type="Update", references=(first.reference(),)),
                maker, now=T0 + timedelta(minutes=30))
    upd_alert = parse_alert(to_xml(upd))
    assert upd_alert.msg_type == "Update"
    assert upd_alert.references[0].identifier == first.identifier
    cancel = issue(EarlyWarning(type="flood", colour="橙", headline="解除", areas=(),
                                msg_type="Cancel", references=(upd_alert.reference(),)),
                   maker, now=T0 + timedelta(hours=1))
    c = parse_alert(to_xml(cancel))
    assert c.msg_type == "Cancel" and c.references[0].identifier == upd_alert.identifier
    assert c.info.urgency == "Past"


def test_refusals_name_the_field():
    with pytest.raises(WarningError, match="level: '紫'"):
        _issued(colour="紫").level
    with pytest.raises(WarningError, match="headline: empty"):
        to_xml(_issued(headline=" "))
    with pytest.raises(WarningError, match="area: none"):
        to_xml(_issued(areas=()))
    with pytest.raises(WarningError, match="expires: .* is not after effective"):
        to_xml(_issued(expires=T0 - timedelta(hours=1)))
    with pytest.raises(WarningError, match="references"):
        to_xml(_issued(msg_type="Update"))
    with pytest.raises(WarningError, match="polygon 1"):
        to_xml(_issued(areas=(Area("x", polygons=(((116.4, 39.9), (116.5, 39.9), (116.5, 40.0)),)),)))
    with pytest.raises(WarningError, match="control characters"):
        to_xml(_issued(description="bad\x00byte"))


def test_oasis_examples_parse_and_become_map_records():
    a1 = load_alert(EXAMPLES / "cap12_appendixA1_homeland_security_advisory.xml")
    assert a1.identifier == "43b080713727" and a1.severity == "Severe" and len(a1.areas) == 1
    assert map_records(a1.identifier, "x", "II", a1.areas) == []  # area named, no geometry
    a2 = load_alert(EXAMPLES / "cap12_appendixA2_severe_thunderstorm_warning.xml")
    assert a2.identifier == "KSTO1055887203" and a2.expires is not None
    ring = a2.areas[0].polygons[0]
    assert ring[0] == (-120.14, 38.47) and len(ring) == 5  # lat,lon in CAP -> lon,lat here
    recs = map_records(a2.identifier, a2.info.headline, a2.level.roman, a2.areas)
    assert len(recs) == 1 and recs[0]["geometry"]["type"] == "Polygon"
    assert recs[0]["geometry"]["coordinates"][0][0] == [-120.14, 38.47]


def test_circle_radius_is_kilometres_in_cap_and_metres_on_the_map():
    xml = to_xml(_issued())
    assert "<circle>39.936,116.455 1.2</circle>" in xml
    rec = map_records("A", "t", "III", parse_alert(xml).areas)[0]
    assert rec["radius_m"] == pytest.approx(1200.0) and rec["geometry"]["coordinates"] == [116.455, 39.936]


def test_areas_from_district_streets_and_grid_cells_validate():
    district = district_area("110101")
    assert district.desc == "东城区" and district.polygons
    from maps.places import grid_id, street_areas

    streets = street_areas("110105")[:2]
    area = street_area("110105", [streets[0][1], streets[1][0]])
    assert streets[0][1] in area.desc and len(area.polygons) >= 2
    cell = grid_id("110101", 116.41, 39.92)
    r, c = cell.split("-")[1:]
    neighbour = f"110101-{r}-{int(c) + 1:03d}"
    grid = grid_area([cell, neighbour])
    assert len(grid.polygons) == 1  # adjacent cells merge into one outline
    for areas in ((district,), (area,), (grid,)):
        assert parse_alert(to_xml(_issued(areas=areas))).areas[0].polygons
    with pytest.raises(WarningError, match="not found"):
        street_area("110105", ["不存在街道"])


# --- refusals of malformed and hostile XML ----------------------------------------------
GOOD = to_xml(_issued())


@pytest.mark.parametrize("text, expected", [
    ("", r"<input>:\d+:\d+: not well-formed XML"),
    ("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>x", r"<input>:1:\d+: not well-formed"),
    ("<feed/>", r"root element is feed; expected <alert"),
    (GOOD.replace("<status>Actual</status>", "<status>Real</status>"),
     r"not a valid CAP 1.2 alert: line 6: /alert/status: .*\(found 'Real'\)"),
    (GOOD.replace("<sent>2026-11-22T08:30:00+08:00</sent>", "<sent>2026-11-22 08:30</sent>"), r"/alert/sent"),
    (GOOD.replace("<circle>39.936,116.455 1.2</circle>", "<circle>139.9,116.4 1</circle>"),
     r"<input>:\d+: <circle>: point '139.9,116.4' is outside"),
])
def test_malformed_alerts_are_refused_with_where_and_what(text, expected):
    with pytest.raises(CapError, match=expected):
        parse_alert(text)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol4;</identifier></alert>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE alert SYSTEM "http://127.0.0.1:9/cap.dtd">
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>"""


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE, EXTERNAL_DTD,
                                    XXE.encode("utf-16"), GOOD.replace("<?xml version='1.0' encoding='UTF-8'?>",
                                                                       "<?xml version='1.0' encoding='UTF-8'?><!doctype alert>")])
def test_xml_attacks_are_refused_before_parsing(attack):
    with pytest.raises(CapError, match="DOCTYPE|not allowed") as info:
        parse_alert(attack)
    assert "root:" not in str(info.value)  # nothing of /etc/passwd leaks into the message


def test_external_entity_without_doctype_is_not_resolved():
    # an undeclared entity is a syntax error, never a file read
    with pytest.raises(CapError, match="not well-formed"):
        parse_xml('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&xxe;</alert>')


# --- property-based: anything a person can type composes to a valid alert ----------------
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80) \
    .filter(lambda s: s.strip())
_lon = st.floats(115.4, 117.6, allow_nan=False)
_lat = st.floats(39.4, 41.1, allow_nan=False)


@st.composite
def _areas(draw):
    out = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            out.append(Area(draw(_text), circles=((draw(_lon), draw(_lat), draw(st.floats(1, 50_000))),)))
        else:
            lon, lat, d = draw(_lon), draw(_lat), draw(st.floats(0.001, 0.2))
            ring = ((lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat))
            out.append(Area(draw(_text), polygons=(ring,)))
    return tuple(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(colour=st.sampled_from(list(LEVELS)), headline=_text, description=st.text(max_size=200),
       status=st.sampled_from(["Actual", "Exercise"]), areas=_areas(),
       hours=st.floats(0.1, 240), type_=st.sampled_from(["flood", "gas", "fire", "自定义事件", "hazchem"]))
def test_any_typed_warning_composes_to_a_valid_alert(colour, headline, description, status, areas,
                                                     hours, type_):
    description = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", description)
    w = _issued(colour=colour, headline=headline, description=description, status=status,
                areas=areas, expires=T0 + timedelta(hours=hours))
    xml = to_xml(w)
    alert = parse_alert(xml)
    assert schema_errors(parse_xml(xml)) == []
    assert alert.info.headline == headline.strip() and alert.level.colour == colour
    assert len(alert.areas) == len(areas)
    for got, want in zip(alert.areas, areas):
        for (glon, glat, grad), (wlon, wlat, wrad) in zip(got.circles, want.circles):
            assert abs(glon - wlon) < 1e-6 and abs(glat - wlat) < 1e-6 and abs(grad - wrad) < 1.0


@settings(max_examples=150, deadline=None)
@given(junk=st.one_of(st.binary(max_size=400), st.text(max_size=400),
                      st.text(max_size=60).map(lambda t: GOOD.replace("朝阳区发布暴雨黄色预警", t))
                      .filter(lambda x: "<" not in x.split("<headline>")[1].split("</headline>")[0])))
def test_any_input_gives_an_alert_or_a_clear_refusal(junk):
    try:
        alert = parse_alert(junk)
    except CapError as exc:
        assert str(exc).startswith("<input>")  # says where, never a traceback of lxml/xmlschema
    else:
        assert alert.identifier
