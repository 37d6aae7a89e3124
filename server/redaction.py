"""Secrets out of logs: a logging filter that rewrites tokens and passwords.

The standard library only, so the console installs it with its first log handler, before
any sign-in, without importing the server's web stack.
"""
from __future__ import annotations

import logging
import re

_SECRET_PATTERNS = [
    (r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+", r"\1[redacted]"),
    (r"(?i)(access_token=)[^&\s\"']+", r"\1[redacted]"),
    (r"(?i)(\"?(?:password|token|secret)\"?\s*[:=]\s*\"?)[^\"',\s}]+", r"\1[redacted]"),
    (r"v1\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}", "[redacted token]"),  # before JWTs (PyJWT)
    (r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", "[redacted token]"),  # a JWT
]
_COMPILED = [(re.compile(p), r) for p, r in _SECRET_PATTERNS]


class RedactSecrets(logging.Filter):
    """Rewrites log records so tokens and passwords never reach a log file."""

    def redact(self, text: str) -> str:
        for pattern, replacement in _COMPILED:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Attach RedactSecrets to every handler of `logger` (default: the root logger)."""
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
