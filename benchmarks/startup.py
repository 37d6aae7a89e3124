"""Start-up: launch to the first complete frame of the demo window, and peak memory.

The first complete frame is the window shown with the map drawn over a picture: on a cold
start (a fresh profile: plan index built, demo server seeded) the server's first snapshot;
on a warm start the replica's last picture, which the console shows before the server
answers (offline-first). Runs `python -m console --demo --screenshot` under the current X
display, or under xvfb-run when there is none; the console prints its milestones.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.harness import Figure

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def _one_run(profile: Path) -> tuple[float, float]:
    env = {**os.environ, "ECC_STARTUP_MARKS": "1", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    cmd = [sys.executable, "-m", "console", "--demo", "--profile", str(profile),
           "--screenshot", str(profile / "shot.png")]
    if not os.environ.get("DISPLAY"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + cmd
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mb(proc.pid))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first_frame = None
    for line in proc.stdout:
        if line.startswith('{"mark"'):
            mark = json.loads(line)
            if mark["mark"] == "first_frame":
                first_frame = mark["t"] - t0
    rc = proc.wait(timeout=120)
    done.set()
    sampler.join()
    if rc != 0 or first_frame is None:
        raise RuntimeError(f"console exited {rc} without reaching its first complete frame")
    return first_frame, peak


def run():
    cold, warm, mem = [], [], []
    for _ in range(RUNS):
        profile = Path(tempfile.mkdtemp(prefix="ecc-bench-"))
        try:
            t, m = _one_run(profile)
            cold.append(t)
            mem.append(m)
            t, m = _one_run(profile)
            warm.append(t)
            mem.append(m)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
    yield Figure("startup", "first_frame_cold_s", statistics.median(cold), "s", 4.0)
    yield Figure("startup", "first_frame_warm_s", statistics.median(warm), "s", 4.0)
    yield Figure("startup", "peak_memory_mb", statistics.median(mem), "MiB")
