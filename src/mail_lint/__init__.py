"""mail-lint: flags the follow-ups that hurt a candidate after a failed job interview.

The library: ``from mail_lint import Linter`` (see ``mail_lint.api`` and the README's "Python API").
"""

__version__ = "0.1.0"
JSON_FORMAT_VERSION = 1
__all__ = ["JSON_FORMAT_VERSION", "Linter", "__version__"]


def __getattr__(name: str):
    if name == "Linter":  # imported on first use, so that importing mail_lint stays instant
        from .api import Linter

        return Linter
    raise AttributeError(f"module 'mail_lint' has no attribute {name!r}")
