"""Plan library at N = 10,000 enterprise plans: cold load, warm start, search, activation, memory.

Cold and warm starts run in fresh subprocesses (so caches and imports do not flatter them);
figures are medians. Targets from issue 3: cold <= 5 s, warm <= 0.5 s, search p95 <= 20 ms,
activation p95 <= 10 ms.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

from benchmarks.harness import Figure, percentile

N = int(os.environ.get("PLANS_BENCH_N", "10000"))
ROOT = Path(__file__).resolve().parent.parent

# The console has SQLAlchemy etc. imported long before it opens the plans, so the open is
# timed after the imports; the import time is reported as a figure of its own.
_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
c0 = time.process_time()
from plans.library import PlanLibrary
t1 = time.perf_counter()
c1 = time.process_time()
lib = PlanLibrary.open(sys.argv[1], sys.argv[2])
t2 = time.perf_counter()
c2 = time.process_time()
kids = resource.getrusage(resource.RUSAGE_CHILDREN)   # parse workers of a cold start
from plans.parallel import LAST_MODE
from benchmarks.harness import peak_rss_mb
print(json.dumps({"import": t1 - t0, "seconds": t2 - t1, "cpu": c2 - c1 + kids.ru_utime + kids.ru_stime,
                  "mode": LAST_MODE["mode"], "plans": len(lib.plans),
                  "parsed": lib.parsed_files, "errors": len(lib.errors), "rss_mb": peak_rss_mb()}))
"""

QUERIES = ["燃气", "火", "火灾", "危化品", "30分钟", "疏散", "望京", "报告 燃气", "排水抢险", "区应急局",
           "踩踏", "医院", "泄漏", "指挥部", "防汛"]


def _open_in_child(plans_dir: Path, index: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(plans_dir), str(index)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> Iterable[Figure]:
    from plans.corpus import generate
    from plans.library import PlanLibrary
    from plans.model import IncidentFacts

    with tempfile.TemporaryDirectory(prefix="plans-bench-") as tmp:
        plans_dir = Path(tmp) / "plans"
        generate(plans_dir, enterprises=N)   # 朝阳 at N, plus 东城's shipped system: both districts
        colds, warms, rss, cold_cpu, warm_cpu, imports = [], [], [], [], [], []
        for i in range(3):
            index = Path(tmp) / f"index{i}.sqlite"
            cold = _open_in_child(plans_dir, index)
            warm = _open_in_child(plans_dir, index)
            assert warm["parsed"] == 0 and warm["plans"] == cold["plans"], (cold, warm)
            colds.append(cold["seconds"])
            warms.append(warm["seconds"])
            cold_cpu.append(cold["cpu"])
            warm_cpu.append(warm["cpu"])
            imports.append(warm["import"])
            rss.append(cold["rss_mb"])
        yield Figure("plans", f"cold load+validate+index, N={N} ({cold['mode']})", statistics.median(colds), "s", 5.0)
        yield Figure("plans", f"cold load, CPU time incl. parse workers, N={N}", statistics.median(cold_cpu), "s")
        yield Figure("plans", f"warm start, N={N}", statistics.median(warms), "s", 0.5)
        yield Figure("plans", f"warm start, CPU time, N={N}", statistics.median(warm_cpu), "s", 0.5)
        yield Figure("plans", "import plans.library (SQLAlchemy included)", statistics.median(imports), "s")
        yield Figure("plans", f"peak memory, cold open, N={N}", statistics.median(rss), "MiB")

        lib = PlanLibrary.open(plans_dir, Path(tmp) / "index0.sqlite")
        times = []
        for _ in range(5):
            for q in QUERIES:
                t0 = time.perf_counter()
                lib.search(q, limit=20)
                times.append(time.perf_counter() - t0)
        yield Figure("plans", "search p95 (20 hits, 15 queries x5)", percentile(times, 95) * 1000, "ms", 20.0)
        yield Figure("plans", "search median", statistics.median(times) * 1000, "ms")

        from plans.corpus import enterprise_sites
        import numpy as np
        # both districts: incidents in 朝阳 and in 东城, each graded under its own plans
        pts = np.concatenate([enterprise_sites(25, seed=7)[0], enterprise_sites(25, seed=7, district="110101")[0]])
        types = ["gas", "hazchem", "fire", "waterlogging", "crowd_crush"]
        lib.activate(IncidentFacts("gas"))   # first call builds the lookups once
        times = []
        for i in range(250):
            facts = IncidentFacts(types[i % 5], deaths=i % 35, serious_injuries=i % 60,
                                  lon=float(pts[i % 50, 0]), lat=float(pts[i % 50, 1]))
            t0 = time.perf_counter()
            lib.activate(facts)
            times.append(time.perf_counter() - t0)
        yield Figure("plans", "activation p95 (with nearby-site lookup)", percentile(times, 95) * 1000, "ms", 10.0)
        yield Figure("plans", "activation median", statistics.median(times) * 1000, "ms")
        lib.close()
