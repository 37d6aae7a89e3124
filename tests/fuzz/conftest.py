"""Report the number of inputs each fuzz target tried (the lead quotes them)."""
from tests.fuzz.counts import COUNTS


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        terminalreporter.write_line("fuzz inputs tried: " + ", ".join(
            f"{target}={n}" for target, n in sorted(COUNTS.items())))
