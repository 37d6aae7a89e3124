"""The one retry policy: exponential backoff, capped, with "equal jitter" where many clients
may retry at the same moment.

Used by the API client (a request that failed), the sync engine (reconnecting to the event
stream) and the video tiles (a camera stream that dropped): one rule for how long a console
waits before trying again.
"""
from __future__ import annotations

import random


def backoff_delay(attempt: int, base: float, cap: float, *, jitter: bool = True) -> float:
    """Seconds to wait before retry `attempt` (0 = the first retry): min(cap, base · 2^attempt).

    With jitter (the default), half of that for sure plus up to the other half at random: the
    random half spreads the retries of 20 consoles that lost the same server at the same moment;
    the fixed half keeps a console from hammering a server that is struggling. Without jitter
    (one client's own schedule, e.g. a video tile's), exactly the span.
    """
    span = min(cap, base * (2 ** max(0, attempt)))
    return span / 2 + random.uniform(0, span / 2) if jitter else span
