"""Scorers against gold sets; each module has a `command` for `contested eval`."""
