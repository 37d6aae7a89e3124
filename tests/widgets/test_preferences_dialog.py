from dataclasses import replace

from core.settings import Settings
from widgets.preferences_dialog import PreferencesDialog


def test_preferences_edit_every_setting_and_refuse_a_bad_server_url(qtbot):
    dialog = PreferencesDialog(replace(Settings(), operator="张三"))
    qtbot.addWidget(dialog)
    assert dialog.operator.text() == "张三" and dialog.language.currentData() == "zh"
    dialog.server_url.setText("yjzh.example.gov.cn")  # scheme missing
    dialog.accept()
    assert dialog.result() == 0 and "https://" in dialog.error.text()  # stays open, says why
    dialog.server_url.setText("https://yjzh.example.gov.cn")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
    dialog.video_radius.setValue(800)
    dialog.accept()
    assert dialog.result() == 1
    s = dialog.result_settings()
    assert (s.server_url, s.language, s.theme, s.operator) == ("https://yjzh.example.gov.cn", "en", "light", "张三")
    assert s.video_radius_m == 800


def test_restore_defaults_button_resets_the_form(qtbot):
    dialog = PreferencesDialog(replace(Settings(), theme="light", tile_source="/srv/city.mbtiles"))
    qtbot.addWidget(dialog)
    dialog._restore_defaults()
    assert dialog.result_settings() == Settings()


def test_the_home_district_is_chosen_by_name(qtbot):
    dialog = PreferencesDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.district.currentData() == "110105" and dialog.district.currentText() == "朝阳区（110105）"
    assert [dialog.district.itemData(i) for i in range(dialog.district.count())] == ["110101", "110105"]
    dialog.district.setCurrentIndex(dialog.district.findData("110101"))
    assert dialog.result_settings().district == "110101"
    dialog._restore_defaults()
    assert dialog.result_settings().district == "110105"
