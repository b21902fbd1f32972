"""mail-lint: flags the follow-ups that hurt a candidate after a failed job interview."""

__version__ = "0.1.0"
JSON_FORMAT_VERSION = 1
