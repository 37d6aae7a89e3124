"""Shared fixtures: the shipped corpus opened once, and small hand-written plan sets."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from plans.library import DEFAULT_PLANS_DIR, PlanLibrary

MASTER = """\
schema: 2
id: master-test
title: 测试区突发事件总体应急预案
tier: master
district: '110105'
issuing_body: 测试区人民政府
lead_department: emergency_committee
incident_types: []
version: '1'
effective: '2025-01-01'
review_by: '2028-01-01'
source: 测试
district_command_levels: [I, II]
"""

SPECIAL = """\
schema: 2
id: chaoyang-special-gas-test
title: 测试燃气事故应急预案
tier: special
district: '110105'
issuing_body: 测试区人民政府办公室
lead_department: urban_mgmt
parents: [master-test]
incident_types: [gas]
version: '1'
effective: '2025-01-01'
review_by: '2028-01-01'
source: 测试
grading:
  source: 《测试条例》
  boundary: 以上含本数，以下不含本数
  note: 测试用分级标准
  levels:
    I: [{when: [{metric: deaths, min: 30}], clause: 第一项}]
    II: [{when: [{metric: deaths, min: 10, max: 30}], clause: 第二项}]
    III: [{when: [{metric: deaths, min: 3, max: 10}], clause: 第三项}]
    IV: [{when: [{metric: deaths, max: 3}], clause: 第四项}]
actions:
- {id: a01, levels: [I, II, III, IV], department: gas_company, action: 切断气源, deadline_minutes: 30}
"""

ENTERPRISE = """\
schema: 2
id: ent-test-1
title: 测试小区物业服务中心综合应急预案
tier: enterprise
district: '110105'
issuing_body: 测试物业
lead_department: housing
parents: [chaoyang-special-gas-test]
incident_types: [gas]
version: '1'
effective: '2025-01-01'
review_by: '2028-01-01'
source: 测试
site:
  lon: 116.4700
  lat: 39.9950
  address: 北京市朝阳区望京街道1号
  street: {street}
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """A valid three-plan set (master, special, enterprise) to break one file at a time."""
    from maps.places import locate
    street = locate(116.47, 39.995).street_name
    write(tmp_path, "master/master-test.yaml", MASTER)
    write(tmp_path, "special/special-gas-test.yaml", SPECIAL)
    write(tmp_path, "enterprise/ent-test-1.yaml", ENTERPRISE.replace("{street}", street))
    return tmp_path


@pytest.fixture(scope="session")
def corpus() -> PlanLibrary:
    lib = PlanLibrary.open(DEFAULT_PLANS_DIR)
    yield lib
    lib.close()
