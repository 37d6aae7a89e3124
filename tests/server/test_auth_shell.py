"""The console signing in: the demo operator, and the dialog + token cache against a server
this process did not start (as at a real centre)."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
from PySide6.QtWidgets import QLabel

from tests.console.conftest import make_shell  # noqa: F401  (the fixture)

pytestmark = pytest.mark.timeout(180)


def _label(shell) -> str:
    label = shell.window.findChild(QLabel, "signed_in_operator")
    return label.text() if label is not None else ""


def test_demo_console_signs_in_as_the_commander_and_says_so(make_shell, qtbot):  # noqa: F811
    shell = make_shell()
    qtbot.waitUntil(lambda: "演示指挥长" in _label(shell), timeout=20_000)
    assert "指挥长" in _label(shell)
    entries = shell.audit.entries()
    assert entries[0]["action"] == "sign_in" and entries[0]["operator"] == "demo_commander"


@pytest.fixture
def foreign_server(tmp_path):
    """A server started as a centre would, not through start_embedded: no demo operators,
    one real operator added with the admin CLI."""
    from server.embedded import free_port

    url = f"sqlite:///{tmp_path / 'centre.db'}"
    added = subprocess.run([sys.executable, "-m", "server.cli", "operators", "--db", url, "add",
                            "wang_wu", "--role", "duty_officer", "--display-name", "王五"],
                           input="centre-pass-1\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "server.cli", "--db", url, "--port", str(port),
                             "--exit-with-parent"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(20)


def test_real_server_asks_once_then_uses_the_cached_token(make_shell, qtbot, tmp_path,  # noqa: F811
                                                           foreign_server):
    from widgets.sign_in_dialog import SignInDialog

    profile = tmp_path / "profile"
    shell = make_shell("--server", foreign_server, profile=profile, wait_for_data=False)

    def dialog():
        found = [w for w in shell.window.findChildren(SignInDialog) if w.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=20_000)
    d = dialog()
    d.name.setText("wang_wu")
    d.password.setText("wrong-password")
    d.buttons.accepted.emit()
    qtbot.waitUntil(lambda: d.error.isVisible() and "用户名或密码错误" in d.error.text(),
                    timeout=20_000)
    assert d.password.text() == ""  # cleared for the next try
    d.password.setText("centre-pass-1")
    d.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "王五" in _label(shell), timeout=20_000)
    qtbot.waitUntil(shell.data_ready.is_set, timeout=30_000)
    actions = [e["action"] for e in shell.audit.entries()]
    assert "sign_in_failed" in actions and actions[-1] == "sign_in"
    # the console's entry holds the server's receipt: the server logged this very sign-in
    from server.audit import read_url

    server_log = {e["seq"]: e for e in read_url(f"sqlite:///{tmp_path / 'centre.db'}")[0]}
    (receipt,) = shell.audit.receipts()
    assert server_log[receipt["seq"]]["hash"] == receipt["hash"]
    assert server_log[receipt["seq"]]["action"] == "sign_in"
    assert receipt["action"] == "sign_in wang_wu"
    cache = profile / "data" / "tokens.json"
    assert cache.stat().st_mode & 0o777 == 0o600
    assert "centre-pass-1" not in cache.read_text(encoding="utf-8")

    again = make_shell("--server", foreign_server, profile=profile, wait_for_data=False)
    qtbot.waitUntil(lambda: "王五" in _label(again), timeout=20_000)
    assert not [w for w in again.window.findChildren(SignInDialog) if w.isVisible()]


def test_an_observer_console_sees_why_its_command_was_refused(make_shell, qtbot, tmp_path):  # noqa: F811
    from core.paths import Paths
    from console.settings import SettingsStore
    from core.settings import Settings

    profile = tmp_path / "observer"
    SettingsStore(Paths.for_profile(profile).settings_file).save(Settings(operator="observer"))
    shell = make_shell(profile=profile)
    qtbot.waitUntil(lambda: "演示观察员" in _label(shell), timeout=20_000)
    refused = []
    shell.sync.command_refused.connect(lambda cid, reason: refused.append(reason))
    shell.incidents.file_incident({"type": "fire", "title": "观察员立案", "lon": 116.45, "lat": 39.93,
                          "level": "IV"})
    qtbot.waitUntil(lambda: bool(refused), timeout=20_000)
    assert "观察员" in refused[0]
    assert "观察员只能查看" in shell.window.statusBar().currentMessage()
    actions = [e["action"] for e in shell.audit.entries()]
    assert actions[-2:] == ["command_queued", "command_refused"]


def test_a_disabled_account_is_asked_to_sign_in_again(make_shell, qtbot, tmp_path,  # noqa: F811
                                                      foreign_server):
    from widgets.sign_in_dialog import SignInDialog

    shell = make_shell("--server", foreign_server, profile=tmp_path / "p", wait_for_data=False)

    def dialog():
        found = [w for w in shell.window.findChildren(SignInDialog) if w.isVisible()]
        return found[0] if found else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=20_000)
    d = dialog()
    d.name.setText("wang_wu")
    d.password.setText("centre-pass-1")
    d.buttons.accepted.emit()
    qtbot.waitUntil(shell.data_ready.is_set, timeout=30_000)
    db_url = f"sqlite:///{tmp_path / 'centre.db'}"
    subprocess.run([sys.executable, "-m", "server.cli", "operators", "--db", db_url, "disable",
                    "wang_wu"], check=True, capture_output=True, timeout=60)
    time.sleep(5.5)  # the server re-reads an operator at most every 5 s
    shell.incidents.file_incident({"type": "fire", "title": "停用后立案", "lon": 116.45, "lat": 39.93,
                          "level": "IV"})
    qtbot.waitUntil(lambda: dialog() is not None, timeout=30_000)
    assert shell.signed_in is None and not (tmp_path / "p" / "data" / "tokens.json").read_text(
        encoding="utf-8").count("v1.")  # the refused token is forgotten
    assert shell.store.queued_count() == 1  # the command waits for a sign-in, not lost


def test_alarm_rules_are_edited_by_the_commander_not_by_an_observer(make_shell, qtbot, tmp_path):  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    from core.paths import Paths
    from console.settings import SettingsStore
    from core.settings import Settings
    from widgets.alarm_rules_dialog import AlarmRulesDialog

    commander = make_shell(profile=tmp_path / "commander")
    qtbot.waitUntil(lambda: "演示指挥长" in _label(commander), timeout=20_000)
    assert commander.window.alarm_rules_action.text() == "告警规则…"
    commander.window.alarm_rules_action.trigger()
    dialog = commander.sensors.rules_dialog
    assert isinstance(dialog, AlarmRulesDialog) and dialog.isVisible() and dialog.table.rowCount() > 10
    dialog.reject()

    profile = tmp_path / "observer"
    SettingsStore(Paths.for_profile(profile).settings_file).save(Settings(operator="observer"))
    observer = make_shell(profile=profile)
    qtbot.waitUntil(lambda: "演示观察员" in _label(observer), timeout=20_000)
    observer.window.alarm_rules_action.trigger()
    box = observer.sensors.message
    assert isinstance(box, QMessageBox) and box.isVisible() and "指挥长、值班员或系统管理员" in box.text()
    assert not hasattr(observer.sensors, "rules_dialog")
    box.accept()
