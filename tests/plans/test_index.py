"""The persistent index: a warm start parses nothing; edits are picked up file by file."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plans import loader
from plans.library import DEFAULT_PLANS_DIR, PlanLibrary
from plans.model import IncidentFacts


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    for tier in ("master", "special", "department"):   # 朝阳's system, one folder per tier
        shutil.copytree(DEFAULT_PLANS_DIR / tier / "chaoyang", d / tier)
    (d / "enterprise").mkdir()
    for f in sorted((DEFAULT_PLANS_DIR / "enterprise" / "chaoyang").glob("*.yaml"))[:60]:
        shutil.copy(f, d / "enterprise" / f.name)
    return d


def test_warm_start_parses_nothing(corpus_copy, tmp_path):
    index = tmp_path / "idx.sqlite"
    cold = PlanLibrary.open(corpus_copy, index)
    assert cold.parsed_files == 246
    cold.close()
    before = loader.PARSE_CALLS["count"]
    warm = PlanLibrary.open(corpus_copy, index)
    assert loader.PARSE_CALLS["count"] == before and warm.parsed_files == 0
    assert warm.counts() == cold.counts() == {"master": 1, "special": 41, "department": 144, "enterprise": 60}
    # and everything still works from the stored plans
    assert warm.get("chaoyang-special-gas").title == "朝阳区燃气事故应急预案"
    assert warm.search("燃气", limit=1)[0].plan_id == "chaoyang-special-gas"
    assert warm.activate(IncidentFacts("gas", deaths=4)).level == "III"
    every = list(warm.plans.values())              # decoded in one query, still no YAML
    assert len(every) == 246 and {p.file.split("/")[0] for p in every} == {"master", "special", "department",
                                                                            "enterprise"}
    assert warm.get("chaoyang-special-gas").to_dict() == cold.get("chaoyang-special-gas").to_dict()
    assert loader.PARSE_CALLS["count"] == before
    warm.close()


def test_a_warm_start_does_not_even_load_the_schema_validator(corpus_copy, tmp_path):
    """It validates nothing, so jsonschema-rs (~20 ms and ~5 MiB to import) stays out of it."""
    import subprocess
    import sys
    index = tmp_path / "idx.sqlite"
    PlanLibrary.open(corpus_copy, index).close()
    code = ("import sys; from plans.library import PlanLibrary; lib = PlanLibrary.open(sys.argv[1], sys.argv[2]); "
            "lib.activate(__import__('plans.model').model.IncidentFacts('gas', deaths=4)); "
            "print(lib.parsed_files, 'jsonschema_rs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(corpus_copy), str(index)],
                         cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "False"]


def test_edits_are_incremental(corpus_copy, tmp_path):
    d = tmp_path / "plans"
    shutil.copytree(corpus_copy, d)
    index = tmp_path / "idx.sqlite"
    PlanLibrary.open(d, index).close()

    f = d / "special" / "chaoyang-special-gas.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("回应社会关切", "关断总阀"), encoding="utf-8")
    lib = PlanLibrary.open(d, index)
    assert lib.parsed_files == 1
    assert {h.plan_id for h in lib.search("关断总阀")} == {"chaoyang-special-gas"}
    assert "chaoyang-special-gas" not in {h.plan_id for h in lib.search("回应社会关切", limit=100)}
    lib.close()

    st = f.stat()   # touched, same bytes: hashed, not parsed
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    lib = PlanLibrary.open(d, index)
    assert lib.parsed_files == 0 and lib.search("关断总阀")
    lib.close()

    (d / "department" / "chaoyang-dept-police-gas.yaml").unlink()
    (d / "special" / "broken.yaml").write_text("schema: 1\nid: [\n", encoding="utf-8")
    lib = PlanLibrary.open(d, index)
    assert lib.parsed_files == 1 and "chaoyang-dept-police-gas" not in lib.plans
    assert lib.counts()["department"] == 143
    assert [e.file for e in lib.errors] == ["special/broken.yaml"]
    assert lib.search("公安分局燃气事故部门") == []
    lib.close()

    warm = PlanLibrary.open(d, index)    # errors and skipped files survive a warm start
    assert warm.parsed_files == 0
    assert [e.file for e in warm.errors] == ["special/broken.yaml"] and warm.errors[0].line in (2, 3)
    assert [s.file for s in warm.skipped] == ["special/broken.yaml"]
    warm.close()


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="预案目录不存在"):
        PlanLibrary.open(tmp_path / "nope")


def test_one_index_file_for_two_directories(plan_dir, corpus_copy, tmp_path):
    index = tmp_path / "idx.sqlite"
    a = PlanLibrary.open(plan_dir, index)
    assert a.counts()["special"] == 1
    a.close()
    b = PlanLibrary.open(corpus_copy, index)
    assert b.counts()["special"] == 41 and "chaoyang-special-gas-test" not in b.plans
    assert b.search("测试燃气") == []
    b.close()


_DIGEST = r"""
import hashlib, json, sys
from plans import parallel
parallel.PARALLEL_MIN_FILES = int(sys.argv[2])
from plans.library import PlanLibrary
lib = PlanLibrary.open(sys.argv[1])
body = json.dumps([lib.get(k).to_dict() for k in sorted(lib.plans)], ensure_ascii=False, sort_keys=True)
print(parallel.LAST_MODE["mode"], lib.counts(), len(lib.errors), hashlib.sha1(body.encode()).hexdigest())
"""


def test_parallel_parse_gives_the_same_result(corpus_copy):
    """Forked workers (used from 3,000 files, single-threaded callers only) change nothing."""
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    out = [subprocess.run([sys.executable, "-c", _DIGEST, str(corpus_copy), n], cwd=root, capture_output=True,
                          text=True, timeout=120, check=True).stdout.split(" ", 1) for n in ("1", "1000000")]
    assert [o[0] for o in out] == ["parallel", "serial"]
    assert out[0][1] == out[1][1]
