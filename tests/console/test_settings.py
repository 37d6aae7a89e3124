from dataclasses import replace

from console.settings import SettingsStore
from core.settings import SCHEMA_VERSION, Settings


def test_defaults_are_the_demo_in_chinese_dark(tmp_path):
    s = SettingsStore(tmp_path / "settings.ini").load()
    assert s == Settings()
    assert (s.language, s.theme, s.server_url, s.schema_version) == ("zh", "dark", "", SCHEMA_VERSION)


def test_values_persist_across_stores(tmp_path):
    path = tmp_path / "settings.ini"
    changed = replace(Settings(), server_url="https://yjzh.example.gov.cn", language="en",
                      theme="light", operator="值班员 张三", drill_mode=True)
    SettingsStore(path).save(changed)
    assert SettingsStore(path).load() == changed
    assert "yjzh.example.gov.cn" in path.read_text(encoding="utf-8")


def test_bad_values_fall_back_to_defaults_and_keep_the_rest(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text("[settings]\nlanguage=klingon\ntheme=light\nserver_url=ftp://x\n"
                    "drill_mode=maybe\nunknown_key=1\nvideo_radius_m=99999\n", encoding="utf-8")
    s = SettingsStore(path).load()
    assert s.language == "zh" and s.server_url == "" and s.drill_mode is False
    assert s.video_radius_m == 500  # 100 km of cameras would fill no wall usefully
    assert s.theme == "light"
