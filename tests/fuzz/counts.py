"""How many inputs each fuzz target tried: printed at the end of the run (conftest)."""
from collections import Counter

COUNTS: Counter = Counter()


def tried(target: str, n: int = 1) -> None:
    COUNTS[target] += n
