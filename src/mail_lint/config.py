"""Settings for a run: defaults, then a configuration file, then the command line, in one place.

Configuration lives in ``[tool.mail-lint]`` of pyproject.toml, or in ``.mail-lint.toml`` or
``.mail-lint.yaml``, found by walking up from the linted files. Unknown keys and rule ids are
errors that suggest the nearest valid one.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field, replace
from pathlib import Path

from .finding import Severity, input_file


@dataclass(frozen=True, slots=True)
class Settings:
    select: tuple[str, ...] = ()  # rule-id or category prefixes; empty = all
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.SUGGESTION
    min_confidence: float = 0.0
    assume_followup: bool = False
    severities: dict[str, Severity] = field(default_factory=dict)  # rule-id prefix -> severity

    def enabled(self, rule_id: str) -> bool:
        if self.select and not any(_matches(rule_id, p) for p in self.select):
            return False
        return not any(_matches(rule_id, p) for p in self.ignore)

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for prefix, severity in self.severities.items():
            if _matches(rule_id, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), severity)
        return best[1] if best else default


def _matches(rule_id: str, prefix: str) -> bool:
    """Selection by prefix, as ruff does: "apology" selects every apology rule,
    "apology.sorry" selects apology.sorry and apology.sorry-to-bother."""
    return rule_id.startswith(prefix)


def unknown_selectors(selectors: tuple[str, ...], rule_ids: list[str]) -> list[str]:
    """Selectors that match no rule: usually typos the user wants to hear about."""
    return [s for s in selectors if not any(_matches(rule_id, s) for rule_id in rule_ids)]


# --- configuration files ------------------------------------------------------------------------
CONFIG_FILES = (".mail-lint.toml", ".mail-lint.yaml", ".mail-lint.yml", "pyproject.toml")
_SETTING_KEYS = {"select", "ignore", "severity", "min-severity", "min-confidence", "assume-followup"}
_TOP_KEYS = _SETTING_KEYS | {"include", "exclude", "extra-patterns", "per-path", "fail-open", "large-message"}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class PathOverride:
    globs: tuple[str, ...]
    changes: dict  # Settings field name -> value


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a run is told: defaults < configuration file < command line."""

    settings: Settings = field(default_factory=Settings)
    overrides: tuple[PathOverride, ...] = ()
    include: tuple[str, ...] = ()  # directory globs; empty: the built-in default
    exclude: tuple[str, ...] = ()
    extra_patterns: tuple[Path, ...] = ()
    fail_open: bool = False
    large_message: str = "send"  # the sendmail hook's policy for a message too large to check in time
    screen: bool = True  # drafts the gate screen rules out skip the pipeline (--no-screen: gate every draft)
    source: Path | None = None

    def settings_for(self, path: str) -> Settings:
        settings = self.settings
        name = input_file(path)
        for override in self.overrides:
            if any(_path_matches(name, glob, self.source) for glob in override.globs):
                settings = replace(settings, **override.changes)
        return settings

    def rule_selectors(self) -> list[tuple[str, str]]:
        """(where, selector) of every rule id the file names, for validation against the patterns."""
        where = str(self.source) if self.source else "configuration"
        found = [(f"{where}: select", s) for s in self.settings.select]
        found += [(f"{where}: ignore", s) for s in self.settings.ignore]
        found += [(f"{where}: severity", s) for s in self.settings.severities]
        for override in self.overrides:
            for key in ("select", "ignore"):
                found += [(f"{where}: per-path {key}", s) for s in override.changes.get(key, ())]
            found += [(f"{where}: per-path severity", s) for s in override.changes.get("severities", {})]
        return found


def find_config(start: Path) -> Path | None:
    """The nearest configuration file, walking up from ``start``."""
    directory = start if start.is_dir() else start.parent
    for folder in [directory, *directory.parents]:
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
                return candidate
    return None


def load_config(path: Path) -> Config:
    return config_from_mapping(_read(path), str(path), path)


def config_from_mapping(data: dict, where: str = "configuration", path: Path | None = None) -> Config:
    """A Config from the keys of a configuration file (``select``, ``per-path``, ...), already read;
    ``path``, when given, is the file they came from (relative paths are relative to its folder)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    _check_keys(data, _TOP_KEYS, where)
    settings = _settings(data, Settings(), where)
    overrides = []
    per_path = data.get("per-path", {})
    if not isinstance(per_path, dict):
        raise ConfigError(f"{where}: per-path: expected a table of glob = {{settings}}")
    for glob, table in per_path.items():
        here = f"{where}: per-path {glob!r}"
        if not isinstance(table, dict):
            raise ConfigError(f"{here}: expected a table of settings")
        _check_keys(table, _SETTING_KEYS, here)
        changed = _settings(table, settings, here)
        changes = {name: getattr(changed, name) for name in Settings.__slots__
                   if getattr(changed, name) != getattr(settings, name)}
        overrides.append(PathOverride((glob,), changes))
    base = path.parent if path is not None else Path()
    return Config(
        settings=settings,
        overrides=tuple(overrides),
        include=_strings(data, "include", where),
        exclude=_strings(data, "exclude", where),
        extra_patterns=tuple(base / p for p in _strings(data, "extra-patterns", where)),
        fail_open=_bool(data, "fail-open", False, where),
        large_message=_large_message(data, where),
        source=path,
    )


def _read(path: Path) -> dict:
    try:
        raw = path.read_bytes()
        if path.suffix in (".yaml", ".yml"):
            from . import safe_yaml

            try:
                data = safe_yaml.load(raw.decode("utf-8")) or {}
            except safe_yaml.AliasError as error:
                raise ConfigError(f"{path}: {error}") from None
        else:
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
            if path.name == "pyproject.toml":
                data = data.get("tool", {}).get("mail-lint", {})
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not valid UTF-8 ({error.reason} at byte {error.start})") from None
    except ConfigError:
        raise
    except Exception as error:  # tomllib.TOMLDecodeError, yaml.YAMLError
        kind = "YAML" if path.suffix in (".yaml", ".yml") else "TOML"
        raise ConfigError(f"{path}: invalid {kind}: {_first_line(error)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a table of settings")
    return data


def _has_tool_section(path: Path) -> bool:
    try:
        return b"[tool.mail-lint" in path.read_bytes()
    except OSError:
        return False


def _settings(data: dict, base: Settings, where: str) -> Settings:
    changes: dict = {}
    if "select" in data:
        changes["select"] = _strings(data, "select", where)
    if "ignore" in data:
        changes["ignore"] = _strings(data, "ignore", where)
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: severity: expected a table of rule = level")
        changes["severities"] = {**base.severities, **{str(k): _severity(v, f"{where}: severity.{k}")
                                                        for k, v in table.items()}}
    if "min-severity" in data:
        changes["min_severity"] = _severity(data["min-severity"], f"{where}: min-severity")
    if "min-confidence" in data:
        value = data["min-confidence"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise ConfigError(f"{where}: min-confidence: expected a number from 0 to 1, not {value!r}")
        changes["min_confidence"] = float(value)
    if "assume-followup" in data:
        changes["assume_followup"] = _bool(data, "assume-followup", False, where)
    return replace(base, **changes)


def _severity(value: object, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None


def _large_message(data: dict, where: str) -> str:
    value = data.get("large-message", "send")
    if value not in ("send", "refuse"):
        raise ConfigError(f"{where}: large-message: expected \"send\" or \"refuse\", not {value!r}")
    return value


def _strings(data: dict, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key}: expected a list of strings")
    return tuple(value)


def _bool(data: dict, key: str, default: bool, where: str) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key}: expected true or false, not {value!r}")
    return value


def _check_keys(data: dict, allowed: set[str], where: str) -> None:
    from .patterns import unknown_key

    problem = unknown_key(data, allowed)
    if problem:
        raise ConfigError(f"{where}: {problem}")


def _path_matches(path: str, glob: str, source: Path | None) -> bool:
    candidates = {path, Path(path).name}
    if source is not None:
        try:
            candidates.add(str(Path(path).resolve().relative_to(source.parent.resolve())))
        except ValueError:
            pass
    return any(fnmatch.fnmatch(candidate, glob) for candidate in candidates)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
