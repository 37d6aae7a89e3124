"""Run benchmark groups and print one JSON object per figure, e.g. `python -m benchmarks startup`."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys
import traceback
from pathlib import Path

import benchmarks

_NOT_GROUPS = {"harness"}


def groups() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(benchmarks.__file__).parent)])
                  if not m.name.startswith("_") and m.name not in _NOT_GROUPS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("names", nargs="*", help=f"groups to run (default all): {', '.join(groups())}")
    args = parser.parse_args(argv)
    names = args.names or groups()
    unknown = [n for n in names if n not in groups()]
    if unknown:
        parser.error(f"unknown benchmark group(s) {', '.join(unknown)}; choose from {', '.join(groups())}")
    if len(names) > 1:
        return _each_in_its_own_process(names)
    failed = False
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            for figure in module.run():
                print(figure.to_json(), flush=True)
        except Exception:  # one broken group must not hide the others' figures
            failed = True
            print(f"benchmark group {name!r} failed:", file=sys.stderr)
            traceback.print_exc()
    return 1 if failed else 0


def _each_in_its_own_process(names: list[str]) -> int:
    """Run each group in a fresh process: one group's Qt objects, threads and memory neither
    skew the next one's figures (resident memory is per process) nor crash it, and a group
    that dies (a signal) is reported while the others still run."""
    failed = False
    for name in names:
        sys.stdout.flush()
        done = subprocess.run([sys.executable, "-m", "benchmarks", name])
        if done.returncode != 0:
            failed = True
            how = (f"was killed by signal {-done.returncode}" if done.returncode < 0
                   else f"exited with code {done.returncode}")
            print(f"benchmark group {name!r} {how}; run `python -m benchmarks {name}` to see it alone",
                  file=sys.stderr, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
