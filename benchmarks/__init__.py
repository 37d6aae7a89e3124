"""Benchmarks: `python -m benchmarks [NAME ...]` prints one JSON object per figure.

Each benchmark group is a module `benchmarks/<name>.py` with `run() -> Iterable[Figure]`.
"""
