"""YAML for files mail-lint finds by itself: configuration walked up to from the linted files, and
pattern packs. Aliases are refused: a few lines of them (a "billion laughs") expand to gigabytes, and
neither kind of file needs them.
"""
from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it: 5x faster


class AliasError(ValueError):
    """A YAML alias (``*name``); ``line`` is 1-based."""

    def __init__(self, line: int):
        super().__init__(f"line {line}: YAML aliases (*name) are not allowed")
        self.line = line


def load(text: str):
    """``yaml.safe_load``, refusing aliases before anything is built."""
    if "&" in text:  # an alias needs an anchor: without one there is none to expand
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise AliasError(event.start_mark.line + 1)
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
