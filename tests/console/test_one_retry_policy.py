"""The API client, the sync engine and the video tiles wait by core.retry's one rule."""
from __future__ import annotations

from core.retry import backoff_delay


def test_every_caller_uses_the_same_policy():
    import core.api
    import core.sync
    import widgets.video_tile
    assert core.api.backoff_delay is backoff_delay
    assert core.sync.backoff_delay is backoff_delay
    assert widgets.video_tile.backoff_delay is backoff_delay
