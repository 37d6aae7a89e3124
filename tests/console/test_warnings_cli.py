"""`emergency-console warnings compose|import` as scripts use it (a real subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cap import parse_alert

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "cap"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", "warnings", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_compose_circle_exercise_prints_valid_cap():
    p = run("compose", "--type", "gas", "--level", "红", "--headline", "燃气泄漏红色预警",
            "--area", "116.45,39.93,800", "--exercise", "--xml")
    assert p.returncode == 0, p.stderr
    alert = parse_alert(p.stdout)
    assert alert.status == "Exercise" and alert.severity == "Extreme"
    assert alert.info.event == "燃气事故" and alert.areas[0].circles == ((116.45, 39.93, 800.0),)
    assert alert.identifier.startswith("11010500000000_")


def test_compose_polygon_file_and_default_district_area(tmp_path):
    f = tmp_path / "area.geojson"
    f.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[116.40, 39.90], [116.42, 39.90], [116.42, 39.92],
                                            [116.40, 39.90]]]}}), encoding="utf-8")
    p = run("compose", "--type", "flood", "--level", "蓝", "--headline", "低洼处积水",
            "--polygon", str(f), "--xml")
    assert p.returncode == 0, p.stderr
    area = parse_alert(p.stdout).areas[0]
    assert area.desc == "area" and area.polygons[0][0] == (116.40, 39.90)
    whole = run("compose", "--type", "flood", "--level", "黄", "--headline", "全区", "--zone", "110101")
    assert whole.returncode == 0, whole.stderr
    assert parse_alert(whole.stdout).areas[0].desc == "东城区"


@pytest.mark.parametrize("args, message", [
    (["--level", "紫", "--area", "116.4,39.9,100"], "level: '紫' is not a warning colour"),
    (["--level", "黄", "--area", "116.4,39.9"], "expected LON,LAT,RADIUS_M"),
    (["--level", "黄", "--polygon", "/nonexistent.geojson"], "/nonexistent.geojson: cannot read"),
])
def test_compose_errors_say_what_to_fix(args, message):
    p = run("compose", "--type", "flood", "--headline", "x", *args)
    assert p.returncode != 0 and message in p.stderr and p.stdout == ""


def test_import_prints_what_it_understood():
    p = run("import", str(EXAMPLES / "cap12_appendixA2_severe_thunderstorm_warning.xml"), "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"identifier": "KSTO1055887203", "severity": "Severe", "areas": 1}


def test_import_refuses_malformed_and_hostile_files(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'>\n<identifier>x", encoding="utf-8")
    p = run("import", str(broken), "--json")
    assert p.returncode == 1 and p.stdout == ""
    assert f"{broken}:2:" in p.stderr and "not well-formed XML" in p.stderr
    evil = tmp_path / "evil.xml"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>',
                    encoding="utf-8")
    p = run("import", str(evil), "--json")
    assert p.returncode == 1 and f"{evil}:2: <!DOCTYPE> declarations are not allowed" in p.stderr
    assert "root:x:0:0" not in p.stderr + p.stdout
