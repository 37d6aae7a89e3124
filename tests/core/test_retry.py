"""The one retry policy (core.retry): the API client, the sync engine and the video tiles wait
by the same rule."""
from __future__ import annotations

import random

from core.retry import backoff_delay


def test_without_jitter_the_wait_doubles_up_to_the_cap():
    assert [backoff_delay(n, 1.0, 30.0, jitter=False) for n in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert backoff_delay(-3, 0.5, 10.0, jitter=False) == 0.5      # never below the base


def test_with_jitter_half_is_sure_and_half_is_spread():
    random.seed(7)
    for attempt in range(8):
        span = min(5.0, 0.2 * 2 ** attempt)
        waits = [backoff_delay(attempt, 0.2, 5.0) for _ in range(200)]
        assert all(span / 2 <= w <= span for w in waits)
        assert max(waits) - min(waits) > span / 4       # spread: 20 consoles do not retry together

