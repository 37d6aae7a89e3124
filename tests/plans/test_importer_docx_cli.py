"""Importer: .docx documents, the CLI, and bad input that must give a clear error."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.plans.test_importer import ladder
from plans.importer import DocumentError, import_document, main

DATA = Path(__file__).parent / "data" / "import"


def build_docx(path: Path) -> None:
    """A short special plan as a Word author writes it: styled headings, a grading table."""
    document = docx.Document()
    document.add_heading("朝阳区燃气事故应急预案", level=0)
    document.add_heading("总则", level=1)          # no number: lost in conversion
    document.add_paragraph("本预案适用于本区行政区域内燃气事故的应对工作。")
    document.add_heading("事件分级", level=2)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("级别", "死亡人数", "直接经济损失"),
                                       ("特别重大", "30人以上", "1亿元以上"),
                                       ("重大", "10人以上30人以下", "5000万元以上1亿元以下")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_heading("组织机构与职责", level=1)
    document.add_paragraph("区城市管理委负责燃气事故应急处置的组织协调。")
    document.add_heading("应急响应", level=1)
    document.add_heading("四级响应", level=2)
    document.add_paragraph("燃气集团抢修队伍应当在30分钟内到达现场。")
    document.add_heading("后期处置", level=1)
    document.add_paragraph("区应急局负责组织调查评估。")
    document.save(str(path))


def test_docx_round_trip_headings_table_and_actions(tmp_path):
    path = tmp_path / "gas_plan.docx"
    build_docx(path)
    result = import_document(path)
    assert result.draft["title"] == "朝阳区燃气事故应急预案"
    assert result.report["found"] == ["总则", "组织指挥体系", "应急响应", "后期处置"]
    assert result.draft["source"].startswith("gas_plan.docx")
    assert result.draft["incident_types"] == ["gas"]
    criteria = ladder(result)
    assert criteria["I"] == [{"metric": "deaths", "min": 30},
                             {"metric": "direct_loss_yuan", "min": 100_000_000}]
    assert criteria["II"] == [{"metric": "deaths", "min": 10, "max": 30},
                              {"metric": "direct_loss_yuan", "min": 50_000_000, "max": 100_000_000}]
    action = next(a for a in result.draft["actions"] if a.get("role") == "燃气集团抢修队伍")
    assert action["deadline_minutes"] == 30 and action["levels"] == ["IV"]
    assert result.report["departments"][0] == "区城市管理委"
    assert result.draft["lead_department"] == "urban_mgmt"  # resolved through the department registry


def test_cli_writes_yaml_and_prints_json(tmp_path, capsys):
    out = tmp_path / "national.yaml"
    code = main([str(DATA / "national_master_plan_2025.txt"), "-o", str(out), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["found"][0] == "总则" and report["missing"] == ["附则"]
    assert isinstance(report["criteria"], int) and report["actions"] > 10
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["title"] == "国家突发事件总体应急预案"


def test_cli_default_output_is_in_the_current_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([str(DATA / "state_council_order_493.txt")]) == 0
    printed = capsys.readouterr().out
    assert "缺少的章节" in printed and "TODO-REVIEW" in printed
    assert (tmp_path / "state_council_order_493.draft.yaml").exists()


def _zip_without_word(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")


@pytest.mark.parametrize("name, content, problem", [
    ("empty.txt", b"", "文件是空的"),
    ("blank.txt", b" \n\n\t \n", "文件是空的"),
    ("binary.txt", bytes(range(256)) * 8, "二进制"),
    ("random.txt", bytes((i * 7919 + 13) % 251 + 1 for i in range(4000)), "编码"),
    ("english.txt", b"Just some English text\nwith two lines\n", "没有中文文字"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "（.doc）"),
    ("scan.pdf", b"%PDF-1.7\n%binary", "PDF"),
    ("broken.docx", b"PK\x03\x04 truncated", "不是有效的 .docx"),
    ("missing.txt", None, "文件不存在"),
])
def test_bad_input_gives_a_clear_error_and_exit_1(tmp_path, capsys, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError) as err:
        import_document(path)
    assert problem in err.value.problem and err.value.path == str(path)
    assert err.value.hint  # says what to do
    assert main([str(path), "-o", str(tmp_path / "out.yaml")]) == 1
    message = capsys.readouterr().err
    assert str(path) in message and problem in message and "Traceback" not in message
    assert not (tmp_path / "out.yaml").exists()


def test_zip_that_is_not_word(tmp_path):
    path = tmp_path / "archive.docx"
    _zip_without_word(path)
    with pytest.raises(DocumentError, match="docx"):
        import_document(path)


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    out = tmp_path / "no" / "such" / "dir" / "out.yaml"
    assert main([str(DATA / "enterprise_gas_station_plan.txt"), "-o", str(out)]) == 1
    assert "无法写入草稿" in capsys.readouterr().err


_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(list("总则应急响应预案特别重大较大一般死亡重伤人以上以下万元亿元分钟小时内应当负责立即"
                         "，。；：（）()、|#*第一二三四五六七八九十章条1234567890. \n\t　")),
    st.characters()), max_size=600)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_random_text_never_crashes(tmp_path, text):
    path = tmp_path / "random.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        result = import_document(path)
    except DocumentError as exc:
        assert exc.problem and exc.hint
        return
    assert set(result.report) >= {"found", "missing", "criteria", "actions", "notes"}
    yaml.safe_load(result.to_yaml())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_never_crash(tmp_path, data):
    path = tmp_path / "random.bin"
    path.write_bytes(data)
    try:
        import_document(path)
    except DocumentError as exc:
        assert exc.problem and exc.hint


def test_directory_is_a_clear_error(tmp_path):
    with pytest.raises(DocumentError, match="目录"):
        import_document(tmp_path)
    assert os.path.isdir(tmp_path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)), min_size=1, max_size=12),
       keep=st.floats(0.2, 1.0))
def test_damaged_docx_gives_a_clear_error(tmp_path, flips, keep):
    good = tmp_path / "good.docx"
    if not good.exists():
        build_docx(good)
    data = bytearray(good.read_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(data[:max(4, int(len(data) * keep))]))
    try:
        import_document(damaged)
    except DocumentError as exc:
        assert exc.problem and exc.hint and exc.path == str(damaged)
