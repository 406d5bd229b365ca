"""Scorers against gold sets; each module has a `command` for `contested eval`."""


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0), as every scorer reports."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
