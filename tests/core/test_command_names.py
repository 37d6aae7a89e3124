"""Commands as an operator reads them in a refusal: named in Chinese, with what they are about."""
from __future__ import annotations

from core import commands as C
from server.handlers import HANDLERS


def test_every_command_the_server_takes_has_a_name_an_operator_reads():
    assert set(C.NAMES) == set(HANDLERS)


def test_a_command_is_described_by_its_name_and_subject():
    assert C.describe(C.dispatch_unit("U0012", "INC-0003")) == "调派（U0012 → INC-0003）"
    assert C.describe(C.add_note("INC-0003", "现场已封控")) == "添加备注（INC-0003）"
    assert C.describe(C.create_incident("fire", "某小区火情", 116.45, 39.92, incident_id="INC-9"))\
        == "立案（INC-9）"
    assert C.describe(C.publish_alert("<alert/>")) == "发布预警"
