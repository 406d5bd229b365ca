"""Web UI and JSON API: the claims board, timeline, map and article views (`contested serve`)."""
