"""The sign-in dialog shown when the console connects to a real server (--server URL)."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)


class SignInDialog(QDialog):
    """Asks for name and password; the caller signs in and calls show_error() on refusal."""

    def __init__(self, server_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录指挥系统"))
        self.setModal(True)
        self.server = QLabel(self.tr("服务器：%1").replace("%1", server_url))
        self.name = QLineEdit()
        self.name.setObjectName("sign_in_name")
        self.password = QLineEdit()
        self.password.setObjectName("sign_in_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("sign_in_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e05050;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("暂不登录"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.server)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def credentials(self) -> tuple[str, str]:
        return self.name.text().strip(), self.password.text()

    def show_error(self, text: str) -> None:
        """Say why signing in failed; the password is cleared for the next try."""
        self.error.setText(text)
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def _on_buttons_accepted(self) -> None:
        name, password = self.credentials()
        if not name or not password:
            self.show_error(self.tr("请输入用户名和密码"))
            return
        self.accept()
