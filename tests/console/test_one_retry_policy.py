"""The API client, the sync engine and the video tiles wait by core.retry's one rule."""
from __future__ import annotations

from core.retry import backoff_delay


def test_every_caller_uses_the_same_policy():
    import console.api
    import console.sync
    import widgets.video_tile
    assert console.api.backoff_delay is backoff_delay
    assert console.sync.backoff_delay is backoff_delay
    assert widgets.video_tile.backoff_delay is backoff_delay
