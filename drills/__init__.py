"""Drills (演练): scenario files, a headless runner against an isolated drill server, and the
after-action review computed from the drill server's own event log. No Qt here."""
