"""Signing in to the server: the demo operator, a cached token, or the sign-in dialog.

`SignIn.client(url)` gives an ApiClient signed in as well as it can be now: the embedded demo
server's operator (the role from settings.operator), a token cached from an earlier sign-in
(core/auth.py), or the dialog. A console that cannot reach the server still starts: the
client signs in when it reaches it. When the token runs out (checked each minute, offline
too) or the server refuses it (the sync engine's sign_in_requested), the dialog asks again,
once at a time, and never again after the operator chose to wait; the status bar says who is
signed in. Every sign-in and failed attempt goes into the console's audit chain.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow

from core.api import ApiClient, Offline, Unauthorized
from core.audit import ConsoleAudit
from core.auth import TokenCache, demo_role, expired

log = logging.getLogger(__name__)


class SignIn(QObject):
    def __init__(self, data_dir: Path, audit: ConsoleAudit, window: Callable[[], QMainWindow | None],
                 server_label: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tokens = TokenCache(data_dir / "tokens.json")
        self._audit = audit
        self._window = window              # the main window once built (dialogs and status bar)
        self._server_label = server_label  # "embedded" or the configured URL, for the audit
        self.answer: dict | None = None    # the server's sign-in answer (token, operator)
        self._asking = False
        self._declined = False
        self._timer: QTimer | None = None
        self._api: ApiClient | None = None
        self._url = ""
        self._demo: dict[str, tuple[str, str]] | None = None   # the demo server's operators by role
        self.role_dialog = None   # the demo's 切换用户 pick, while it is open
        self.on_signed_in: Callable[[], None] | None = None   # e.g. the sync engine's reconnect_now

    @property
    def interactive(self) -> bool:
        """True when this console signs in through the dialog (a real server, not the demo's)."""
        return self._timer is not None

    async def client(self, url: str, *, verify: bool | str = True,
                     demo_credentials: dict[str, tuple[str, str]] | None = None,
                     operator_setting: str = "") -> ApiClient:
        credentials = (demo_credentials[demo_role(operator_setting, demo_credentials)]
                       if demo_credentials else None)
        self._demo = dict(demo_credentials) if demo_credentials else None
        api = ApiClient(url, verify=verify, credentials=credentials)
        self._api, self._url = api, url
        if credentials is not None or api.has_credentials():
            try:
                self._signed_in(await asyncio.to_thread(api.login_with_credentials))
            except Offline as exc:  # the client signs in again when it reaches the server
                log.warning("signing in to %s failed for now: %s", url, exc)
            return api
        cached = self._tokens.load(url)
        if cached is not None:
            api.set_token(cached["token"])
            self._signed_in(cached, cached=True)
        else:
            await self._dialog()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check_expiry)
        self._timer.start(60_000)
        return api

    def ask_again(self, _reason: str = "") -> None:
        """The token ran out or the server refused it: drop it and open the dialog (once)."""
        if self._api is None or self._asking or self._declined:
            return
        self._asking = True
        self.answer = None
        self._api.set_token(None)
        self._tokens.clear(self._url)

        async def ask() -> None:
            try:
                await self._dialog()
            finally:
                self._asking = False
            if self.on_signed_in is not None:
                self.on_signed_in()

        asyncio.get_running_loop().create_task(ask())

    async def switch_user(self) -> bool:
        """切换用户: another operator signs in at this console (e.g. the commander, to approve a
        warning the duty officer drafted). On the demo, a pick of its operators by role; on a
        real server, the sign-in dialog. True once someone new is signed in."""
        if self._api is None or self._asking:
            return False
        self._asking = True
        try:
            if self._demo:
                role = await self._pick_demo_role()
                if role is None:
                    return False
                self._api.use_credentials(self._demo[role])
                try:
                    self._signed_in(await asyncio.to_thread(self._api.login_with_credentials))
                except Offline as exc:
                    log.warning("switching user failed: %s", exc)
                    self.show(None)
                    return False
            else:
                previous = self.answer
                self._declined = False
                await self._dialog()   # a sign-in there replaces the token (and the cache)
                if self._declined:     # cancelled: whoever was signed in stays signed in
                    self._declined = False
                    self.show((previous or {}).get("operator"))
                    return False
        finally:
            self._asking = False
        if self.on_signed_in is not None:
            self.on_signed_in()
        return True

    async def _pick_demo_role(self) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        from widgets import labels

        roles = [r for r in self._demo if r != "admin"]
        dialog = QInputDialog(self._window())
        dialog.setObjectName("switch_user")
        dialog.setWindowTitle(self.tr("切换用户"))
        dialog.setLabelText(self.tr("以哪位演示操作员的身份登录："))
        dialog.setComboBoxItems([labels.role(r) for r in roles])
        dialog.setComboBoxEditable(False)
        done = asyncio.get_running_loop().create_future()
        dialog.finished.connect(lambda code: done.done() or done.set_result(code))
        self.role_dialog = dialog
        dialog.open()
        code = await done
        choice = dialog.textValue()
        self.role_dialog = None
        dialog.deleteLater()
        if code != QDialog.DialogCode.Accepted:
            return None
        return next((r for r in roles if labels.role(r) == choice), None)

    def _check_expiry(self) -> None:
        if self.answer is not None and expired(self.answer):
            self.ask_again()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    async def _dialog(self) -> None:
        """Ask for name and password until signed in or the operator chooses to wait (the
        console then works on its replica and queues commands)."""
        from widgets.sign_in_dialog import SignInDialog

        dialog = SignInDialog(self._url, self._window())
        while True:
            done = asyncio.get_running_loop().create_future()
            dialog.finished.connect(lambda code: done.done() or done.set_result(code))
            dialog.open()
            code = await done
            dialog.finished.disconnect()
            if code != QDialog.DialogCode.Accepted:
                self._declined = True  # do not ask again on every 401; the status bar says so
                self.show(None)
                return
            name, password = dialog.credentials()
            try:
                answer = await asyncio.to_thread(self._api.login, name, password)
            except Unauthorized as exc:
                self._audit.append("sign_in_failed", {"server": self._url}, operator=name)
                dialog.show_error(exc.args[0].split(": ")[-1].removesuffix("; sign in again"))
                continue
            except Offline:
                dialog.show_error(self.tr("无法连接服务器，请检查网络后重试"))
                continue
            self._tokens.save(self._url, answer)
            self._declined = False
            self._signed_in(answer)
            return

    def _signed_in(self, answer: dict, cached: bool = False) -> None:
        operator = answer.get("operator") or {}
        self.answer = answer
        self._audit.operator = operator.get("name")
        detail = {"role": operator.get("role"), "cached": cached, "server": self._server_label}
        receipt = answer.get("audit")
        if not cached and isinstance(receipt, dict):  # the server's own entry for this sign-in
            detail.update(server_seq=receipt.get("seq"), server_hash=receipt.get("hash"),
                          server_instance=receipt.get("instance"))
        self._audit.append("sign_in", detail)
        self.show(operator)

    def show(self, operator: dict | None) -> None:
        """Say in the status bar who is signed in (or that nobody is: commands wait)."""
        window = self._window()
        if window is None:
            return
        label = window.findChild(QLabel, "signed_in_operator")
        if label is None:
            label = QLabel(window)
            label.setObjectName("signed_in_operator")
            window.statusBar().addPermanentWidget(label)
        if operator:
            from widgets import labels

            role = labels.role(operator["role"]) if operator.get("role") else operator.get("role_name", "")
            label.setText(self.tr("已登录：%1（%2）").replace("%1", operator.get("display_name", ""))
                          .replace("%2", role))
        else:
            label.setText(self.tr("未登录：指令将在登录后发送"))
