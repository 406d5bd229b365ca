"""Errors that front ends turn into one clear line and a non-zero exit."""


class ContestedError(Exception):
    """Base of every error contested raises on purpose; its message is one readable line."""


class InputError(ContestedError):
    """The article cannot be processed (empty, binary, too large, unreadable, malformed)."""


class PipelineError(ContestedError):
    """The pipeline is mis-assembled or a stage broke its contract."""
