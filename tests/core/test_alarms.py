"""The alarm book: raise / acknowledge / clear, silencing, and the plan an alarm suggests."""
from __future__ import annotations

import pytest

from core.alarm_rules import RuleEngine, load_rules
from core.alarms import ACKNOWLEDGED, CLEARED, NEW, AlarmBook, suggest_plan
from plans.library import PlanLibrary


@pytest.fixture()
def setup():
    rules = load_rules()
    return RuleEngine(rules), AlarmBook(rules)


def test_alarm_lifecycle_new_acknowledged_cleared(setup):
    eng, book = setup
    seen = []
    book.subscribe(seen.append)
    book.apply(eng.feed("s1", "co", 55, 1000))
    a = book.get("s1/co_alarm")
    assert a.state == NEW and a.rule_name == "一氧化碳浓度超限" and a.value == 55 and a.unit == "ppm"
    assert "≥ 50" in a.rule_text and a.raised_at == 1000
    assert {x.id for x in seen[0]} == {"s1/co_alarm", "s1/co_warning"}
    book.acknowledge("s1/co_alarm", " 已通知物业上门 ", 1010)
    a = book.get("s1/co_alarm")
    assert a.state == ACKNOWLEDGED and a.ack_comment == "已通知物业上门" and a.ack_at == 1010
    book.apply(eng.feed("s1", "co", 45, 1060))                # within hysteresis: no change
    assert book.get("s1/co_alarm").state == ACKNOWLEDGED
    book.apply(eng.feed("s1", "co", 10, 1120))
    a = book.get("s1/co_alarm")
    assert a.state == CLEARED and a.acked and a.cleared_at == 1120
    assert book.alarms()[-1].state == CLEARED


def test_raised_again_after_clearing_is_new(setup):
    eng, book = setup
    book.apply(eng.feed("g", "gas", 30, 0))
    book.apply(eng.feed("g", "gas", 5, 600))
    book.apply(eng.feed("g", "gas", 30, 1200))
    a = book.get("g/gas_alarm")
    assert a.state == NEW and a.raised_at == 1200 and not a.acked
    assert book.counts()[NEW] == 2        # gas_alarm and gas_warning


def test_silence_covers_the_sensor_for_the_period(setup):
    eng, book = setup
    book.apply(eng.feed("e", "elevator", 1, 0))
    book.silence("e/elevator_trapped", 10, now=100)
    assert book.get("e/elevator_trapped").silenced(100 + 599)
    assert not book.get("e/elevator_trapped").silenced(100 + 600)
    book.apply(eng.feed("e", "elevator", 2, 200))             # another fault in the period
    assert book.get("e/elevator_stopped").silenced(300)
    other = book.apply(eng.feed("e2", "elevator", 1, 200))
    assert not other[0].silenced(300)


def test_offline_alarm_and_purge(setup):
    eng, book = setup
    eng.feed("w", "water_level", 2, 0)
    book.apply(eng.check_offline(180))
    assert book.get("w/offline").level == "warning"
    book.apply(eng.feed("w", "water_level", 2, 240))
    assert book.get("w/offline").state == CLEARED
    assert book.purge_cleared(before=10_000) == 0             # not acknowledged: kept
    book.acknowledge("w/offline", "", 300)
    assert book.purge_cleared(before=10_000) == 1 and book.get("w/offline") is None


@pytest.fixture(scope="module")
def library():
    lib = PlanLibrary.open()
    yield lib
    lib.close()


def test_co_alarm_suggests_gas_plan_level_iv_with_yellow_warning(setup, library):
    eng, book = setup
    book.apply(eng.feed("co-1", "co", 60, 0))
    act = suggest_plan(book.get("co-1/co_alarm"), library, book.rules)
    assert act.incident_type == "gas" and act.level == "IV"
    assert act.plans[0].title == "朝阳区燃气事故应急预案"
    assert act.warning == "yellow" and "一氧化碳浓度 60 ppm" in act.warning_reason
    eng.feed("w", "water_level", 1, 0)
    book.apply(eng.check_offline(1000))
    assert suggest_plan(book.get("w/offline"), library, book.rules) is None


def test_casualties_raise_the_level(setup, library):
    eng, book = setup
    book.apply(eng.feed("co-2", "co", 60, 0))
    act = suggest_plan(book.get("co-2/co_alarm"), library, book.rules, deaths=3)
    assert act.level in ("I", "II", "III") and "死亡 3 人" in act.reason
