"""One replica (and outbox) per server address: changing the server in the settings never
shows one server's records as another's, and never loses commands queued for either."""
from __future__ import annotations

from core import commands as C
from core.paths import replica_file
from core.store import Store


def test_each_server_address_has_its_own_replica_and_the_demo_and_drill_theirs(tmp_path):
    a = replica_file(tmp_path, "https://ecc.dongcheng.example:8443")
    b = replica_file(tmp_path, "https://ecc.chaoyang.example:8443")
    assert a != b and a.parent == tmp_path and a.name.startswith("replica-")
    assert replica_file(tmp_path, "https://ecc.dongcheng.example:8443/") == a   # the same server
    assert replica_file(tmp_path, None) == tmp_path / "replica.sqlite"          # no server: local
    assert replica_file(tmp_path, "x", demo=True).name == "replica-demo.sqlite"
    assert replica_file(tmp_path, "x", demo=True, drill=True).name == "replica-drill.sqlite"


def test_a_replica_from_before_becomes_the_configured_server_s_with_its_queued_commands(tmp_path):
    old = Store(tmp_path / "replica.sqlite")   # worked locally (or with the old single file)
    note = C.add_note("INC-0001", "示例 未发送的备注")
    old.enqueue(note)
    old.close()
    path = replica_file(tmp_path, "https://ecc.dongcheng.example:8443")
    assert not (tmp_path / "replica.sqlite").exists()
    store = Store(path)
    try:
        assert [r.command.command_id for r in store.pending()] == [note.command_id]
    finally:
        store.close()
    other = replica_file(tmp_path, "https://ecc.chaoyang.example:8443")
    assert not other.exists()   # another server starts empty; the first keeps its commands
    assert replica_file(tmp_path, "https://ecc.dongcheng.example:8443") == path
