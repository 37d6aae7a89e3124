"""One typed schema for every setting, with its default (console/settings.py stores values).

A value out of range falls back to its default with a logged warning, so a hand-edited or
older settings file never stops the console starting. No Qt here: the headless sync worker,
the drills and the tests read the same schema.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LANGUAGES = ("zh", "en")
THEMES = ("dark", "light")
VIDEO_RADIUS_M = (50, 5000)
# The districts a console can serve (adcodes, plans.registry.DISTRICTS): 东城区, 朝阳区.
DISTRICT_CODES = ("110101", "110105")
DEFAULT_DISTRICT = "110105"   # the demo starts on 朝阳


@dataclass(frozen=True)
class Settings:
    schema_version: int = SCHEMA_VERSION
    # Backend base URL, e.g. https://yjzh.example.gov.cn; empty = embedded demo server.
    server_url: str = ""
    # CA bundle for a self-signed deployment (verification is never switched off).
    tls_ca_bundle: str = ""
    language: str = "zh"
    theme: str = "dark"
    # Empty = the platform's user data folder (or the --profile folder).
    data_dir: str = ""
    # Empty = the plans shipped in resources/plans.
    plans_dir: str = ""
    # Empty = the shipped demo tiles; else an .mbtiles path or a tile URL template {z}/{x}/{y}.
    tile_source: str = ""
    # Name or badge number of the person at this workstation (shown in the timeline).
    operator: str = ""
    # Show the drill (演练) banner and mark everything as exercise.
    drill_mode: bool = False
    # Cameras within this distance of an incident fill the video wall (metres).
    video_radius_m: int = 500
    # The district this centre serves (adcode): its incidents are "ours", others are flagged.
    district: str = DEFAULT_DISTRICT
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def validated(self) -> "Settings":
        """Return a copy with out-of-range values replaced by their defaults."""
        fixes = {}
        if self.language not in LANGUAGES:
            fixes["language"] = Settings.language
        if self.theme not in THEMES:
            fixes["theme"] = Settings.theme
        if self.server_url and not self.server_url.startswith(("http://", "https://")):
            fixes["server_url"] = Settings.server_url
        if self.district not in DISTRICT_CODES:
            fixes["district"] = Settings.district
        if not VIDEO_RADIUS_M[0] <= self.video_radius_m <= VIDEO_RADIUS_M[1]:
            fixes["video_radius_m"] = Settings.video_radius_m
        for key, value in fixes.items():
            log.warning("setting %s=%r is not valid; using the default %r", key, getattr(self, key), value)
        return replace(self, **fixes) if fixes else self
