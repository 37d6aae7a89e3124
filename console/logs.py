"""Logging: a rotating file in the user log folder; `--verbose` also to the terminal."""
from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, verbose: bool = False) -> Path:
    """Install the handlers once; returns the log file path."""
    log_file = Path(log_dir) / "console.log"
    close_logging()
    root = logging.getLogger()
    fh = logging.handlers.RotatingFileHandler(log_file, maxBytes=5_000_000, backupCount=5,
                                              encoding="utf-8")
    fh.setFormatter(logging.Formatter(FORMAT))
    fh._ecc = True
    root.addHandler(fh)
    if verbose:
        sh = logging.StreamHandler()
        sh.setFormatter(logging.Formatter(FORMAT))
        sh._ecc = True
        root.addHandler(sh)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    from server.redaction import install_log_redaction

    install_log_redaction()  # from the first line: no token or password reaches the log
    return log_file


def close_logging() -> None:
    """Detach and close the console's handlers (at shutdown, or before a second start in-process)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_ecc", False):
            root.removeHandler(h)
            h.close()
