"""Every visible string has an English translation, and the shipped catalogue is current."""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "console_en.ts"
QM = ROOT / "resources" / "i18n" / "console_en.qm"
BIN = Path(sys.executable).parent


def _sources() -> list[str]:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                            "console/*.py", "widgets/*.py", "maps/*.py", "drills/*.py"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return files


def test_every_string_in_the_sources_has_an_english_translation(tmp_path):
    ts = tmp_path / "console_en.ts"
    shutil.copy(TS, ts)
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                    "-source-language", "zh_CN", "-target-language", "en", *_sources(), "-ts", str(ts)],
                   cwd=ROOT, check=True, capture_output=True)
    untranslated = []
    for context in ET.parse(ts).getroot().iter("context"):
        for msg in context.iter("message"):
            tr = msg.find("translation")
            if tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
                untranslated.append(f'{context.findtext("name")}: {msg.findtext("source")}')
    assert untranslated == [], "run scripts/i18n.sh and translate: " + "; ".join(untranslated[:20])


def test_the_compiled_catalogue_matches_its_source(tmp_path):
    qm = tmp_path / "console_en.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True)
    assert qm.read_bytes() == QM.read_bytes(), "resources/i18n/console_en.qm is stale: run scripts/i18n.sh"


def test_english_catalogue_translates_panel_titles(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("Panels", "预案") == "Plans"
    assert translator.translate("IncidentType", "危险化学品事故") == "Hazardous chemicals accident"


def test_type_names_list_matches_the_taxonomy():
    from plans.taxonomy import CATEGORIES, INCIDENT_TYPES
    from widgets.type_names import CATEGORY_NAMES, TYPE_NAMES

    assert set(TYPE_NAMES) == {t.name for t in INCIDENT_TYPES}
    assert set(CATEGORY_NAMES) == set(CATEGORIES.values())
