"""Preferences: every setting of the typed schema, with what it means and its default."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from core.settings import DISTRICT_CODES, VIDEO_RADIUS_M, Settings
from widgets import labels


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("首选项"))
        self._settings = settings
        form = QFormLayout()
        self.server_url = QLineEdit(settings.server_url, self)
        self.server_url.setPlaceholderText(self.tr("留空：使用本机内置演示服务器"))
        self.ca_bundle = self._path_field(settings.tls_ca_bundle, self.tr("系统默认证书"))
        self.operator = QLineEdit(settings.operator, self)
        self.district = QComboBox(self)
        for code in DISTRICT_CODES:
            self.district.addItem(f"{labels.district_name(code)}（{code}）", code)
        self.district.setCurrentIndex(max(0, self.district.findData(settings.district)))
        self.district.setToolTip(self.tr("本控制台服务的区：其他区的事件会标出，并列入向该区通报的任务"))
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.theme = QComboBox(self)
        self.theme.addItem(self.tr("深色（指挥大厅）"), "dark")
        self.theme.addItem(self.tr("浅色"), "light")
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.data_dir = self._path_field(settings.data_dir, self.tr("用户数据目录"), directory=True)
        self.plans_dir = self._path_field(settings.plans_dir, self.tr("随软件提供的预案"), directory=True)
        self.tile_source = QLineEdit(settings.tile_source, self)
        self.tile_source.setPlaceholderText(self.tr("随软件提供的离线底图；或 .mbtiles 文件、瓦片地址 {z}/{x}/{y}"))
        self.video_radius = QSpinBox(self)
        self.video_radius.setRange(*VIDEO_RADIUS_M)
        self.video_radius.setSingleStep(50)
        self.video_radius.setSuffix(self.tr(" 米"))
        self.video_radius.setValue(settings.video_radius_m)
        form.addRow(self.tr("服务器地址"), self.server_url)
        form.addRow(self.tr("CA 证书"), self.ca_bundle.parentWidget())
        form.addRow(self.tr("值班人员"), self.operator)
        form.addRow(self.tr("本区（指挥中心所在区）"), self.district)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("主题"), self.theme)
        form.addRow(self.tr("数据目录"), self.data_dir.parentWidget())
        form.addRow(self.tr("预案目录"), self.plans_dir.parentWidget())
        form.addRow(self.tr("底图来源"), self.tile_source)
        form.addRow(self.tr("附近视频半径"), self.video_radius)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #d7191c")
        note = QLabel(self.tr("本区的更改立即生效；语言、主题、服务器与目录的更改在下次启动时生效。"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _path_field(self, value: str, placeholder: str, directory: bool = False) -> QLineEdit:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value, holder)
        edit.setPlaceholderText(placeholder)
        browse = QPushButton(self.tr("浏览…"), holder)
        row.addWidget(edit, 1)
        row.addWidget(browse)

        def pick():
            path = (QFileDialog.getExistingDirectory(self, placeholder) if directory
                    else QFileDialog.getOpenFileName(self, placeholder)[0])
            if path:
                edit.setText(path)
        browse.clicked.connect(pick)
        return edit

    def _restore_defaults(self) -> None:
        d = Settings()
        self.server_url.setText(d.server_url)
        self.ca_bundle.setText(d.tls_ca_bundle)
        self.operator.setText(d.operator)
        self.district.setCurrentIndex(self.district.findData(d.district))
        self.language.setCurrentIndex(self.language.findData(d.language))
        self.theme.setCurrentIndex(self.theme.findData(d.theme))
        self.data_dir.setText(d.data_dir)
        self.plans_dir.setText(d.plans_dir)
        self.tile_source.setText(d.tile_source)
        self.video_radius.setValue(d.video_radius_m)

    def result_settings(self) -> Settings:
        return replace(self._settings, server_url=self.server_url.text().strip(),
                       tls_ca_bundle=self.ca_bundle.text().strip(), operator=self.operator.text().strip(),
                       district=self.district.currentData(),
                       language=self.language.currentData(), theme=self.theme.currentData(),
                       data_dir=self.data_dir.text().strip(), plans_dir=self.plans_dir.text().strip(),
                       tile_source=self.tile_source.text().strip(), video_radius_m=self.video_radius.value())

    def accept(self) -> None:
        url = self.server_url.text().strip()
        if url and not url.startswith(("http://", "https://")):
            self.error.setText(self.tr("服务器地址须以 http:// 或 https:// 开头，例如 https://yjzh.example.gov.cn"))
            self.server_url.setFocus()
            return
        super().accept()
