"""Hypothesis settings for the robustness suite: bounded example counts, no per-example
deadline (the machine is shared; a slow example is not a failure, a crash is)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "robust",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("robust")
