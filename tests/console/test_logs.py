"""The console's log file never holds a token or a password, from its first line on."""
import logging

from console.logs import close_logging, setup_logging


def test_the_console_log_file_redacts_tokens_and_passwords_from_the_start(tmp_path):
    log_file = setup_logging(tmp_path)
    try:
        logging.getLogger("core.api").warning(
            "POST /api/v1/auth/login {\"name\": \"li\", \"password\": \"hunter22\"} "
            "Authorization: Bearer v1.%s.%s", "A" * 24, "B" * 24)
        logging.getLogger("core.sync").info("signed in; the stream is next")
    finally:
        close_logging()
    text = log_file.read_text(encoding="utf-8")
    assert "hunter22" not in text and "A" * 24 not in text
    assert "[redacted]" in text
    assert "signed in; the stream is next" in text  # the rest of the log is untouched
