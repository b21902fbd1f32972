"""The language server's settings: the CLI's configuration files, reloaded when they change, and the
client's ``initializationOptions`` on top.

A document's configuration is the nearest file above its folder, as for the command line; a draft
with none above it (a mail client's temporary file in /tmp) falls back to the user's own file.
A broken file is reported and the defaults are used until it is fixed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Config, ConfigError, find_config, load_config
from ..finding import Severity


def user_config_files() -> tuple[Path, ...]:
    """Where the user's own configuration may be, first found wins."""
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    home = Path.home()
    return (config_home / "mail-lint" / "config.toml", config_home / "mail-lint" / "config.yaml",
            home / ".mail-lint.toml", home / ".mail-lint.yaml")


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """What the client may set in ``initializationOptions`` (camelCase there, as LSP clients write it)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: Severity | None = None
    assume_followup: bool | None = None
    config: Path | None = None  # use this file for every document
    isolated: bool = False  # ignore configuration files
    debounce_ms: int = 150
    docs_url: str | None = None  # e.g. "https://example.org/rules/{rule}"

    @classmethod
    def parse(cls, options: object) -> ClientOptions:
        """Raises ValueError naming the option for a value that cannot be used."""
        if options in (None, ""):
            return cls()
        if not isinstance(options, dict):
            raise ValueError("initializationOptions: expected an object")
        known = {"select", "ignore", "minSeverity", "assumeFollowup", "config", "isolated", "debounceMs", "docsUrl"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"initializationOptions: unknown option {unknown[0]!r} "
                             f"(known: {', '.join(sorted(known))})")
        changes: dict = {}
        for key, field in (("select", "select"), ("ignore", "ignore")):
            if key in options:
                value = options[key]
                value = [value] if isinstance(value, str) else value
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"initializationOptions: {key}: expected a list of rule or category prefixes")
                changes[field] = tuple(v.strip() for item in value for v in item.split(",") if v.strip())
        if "minSeverity" in options:
            changes["min_severity"] = Severity.parse(str(options["minSeverity"]))
        for key, field in (("assumeFollowup", "assume_followup"), ("isolated", "isolated")):
            if key in options:
                if not isinstance(options[key], bool):
                    raise ValueError(f"initializationOptions: {key}: expected true or false")
                changes[field] = options[key]
        if "config" in options:
            changes["config"] = Path(os.path.expanduser(str(options["config"])))
        if "debounceMs" in options:
            value = options["debounceMs"]
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5000:
                raise ValueError("initializationOptions: debounceMs: expected milliseconds from 0 to 5000")
            changes["debounce_ms"] = value
        if "docsUrl" in options:
            changes["docs_url"] = str(options["docsUrl"])
        return replace(cls(), **changes)

    def apply(self, config: Config) -> Config:
        changes: dict = {}
        if self.select:
            changes["select"] = self.select
        if self.ignore:
            changes["ignore"] = self.ignore
        if self.min_severity is not None:
            changes["min_severity"] = self.min_severity
        if self.assume_followup is not None:
            changes["assume_followup"] = self.assume_followup
        return replace(config, settings=replace(config.settings, **changes)) if changes else config


class ConfigFiles:
    """Configuration per document, each file re-read when its modification time or size changes."""

    def __init__(self, options: ClientOptions):
        self.options = options
        self._loaded: dict[Path, tuple[tuple[int, int], Config | ConfigError]] = {}

    def for_document(self, path: str | None) -> tuple[Config, ConfigError | None]:
        """(the configuration to lint ``path`` with, the problem with its file or None)."""
        if self.options.isolated:
            return self.options.apply(Config()), None
        found = self.options.config or self._find(path)
        if found is None:
            return self.options.apply(Config()), None
        loaded = self._load(found)
        if isinstance(loaded, ConfigError):
            return self.options.apply(Config()), loaded
        return self.options.apply(loaded), None

    def forget(self) -> None:
        """Drop every cached file (the client said that files changed)."""
        self._loaded.clear()

    @staticmethod
    def _find(path: str | None) -> Path | None:
        found = find_config(Path(path).resolve().parent) if path else None
        if found is not None:
            return found
        return next((candidate for candidate in user_config_files() if candidate.is_file()), None)

    def _load(self, path: Path) -> Config | ConfigError:
        try:
            status = path.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError as error:
            return ConfigError(f"{path}: {error.strerror or error}")
        cached = self._loaded.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            loaded: Config | ConfigError = load_config(path)
        except ConfigError as error:
            loaded = error
        self._loaded[path] = (stamp, loaded)
        return loaded
