"""The public Python API: ``from mail_lint import Linter``.

    linter = Linter(config={"select": ["apology", "excuse"]})
    result = linter.lint_text("Sorry, I was so nervous in the interview.", path="draft.txt")
    for result in linter.lint_paths(["drafts/", "archive.mbox", "Maildir/"]):
        print(result.path, [f.rule_id for f in result.findings], result.to_json())

Results are the ``FileResult`` values every reporter renders; ``result.to_json()`` is the entry the
versioned ``--format json`` output has for it. A Linter is picklable: what is pickled is its
configuration, never its spaCy pipeline, which is built on first use in each process and then kept
for every Linter with the same configuration (a Dask worker builds it once).

Importing this module is cheap: spaCy is imported when the first text is linted.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from .config import Config, Settings, config_from_mapping, load_config
from .finding import FileResult
from .sources.errors import InputError

if TYPE_CHECKING:
    from .draft import Draft
    from .linter import Linter as Engine
    from .patterns import PatternSet

ConfigLike = Config | Settings | Mapping | str | os.PathLike | None

_engines: dict[str, tuple[PatternSet, Engine]] = {}  # per process: configuration token -> pipeline user
_pattern_sets: dict[tuple[str, ...], PatternSet] = {}  # per process: extra pattern folders -> pattern set
_engines_lock = threading.Lock()


class Linter:
    """Lints drafts, messages and paths as the command line does.

    ``config`` is one of:
      - None: the defaults (no configuration file is looked for);
      - a path (str or PathLike) to a ``.mail-lint.toml``, ``.mail-lint.yaml`` or ``pyproject.toml``;
      - a mapping with the keys of a configuration file (``{"select": ["apology"], "per-path": {...}}``);
      - a ``mail_lint.config.Settings`` or ``mail_lint.config.Config``.
    A broken configuration raises ``mail_lint.config.ConfigError`` here; a broken pattern file raises
    ``mail_lint.patterns.PatternError`` on first use. ``keep_text`` keeps each draft's text in its result
    (what the HTML and Markdown reports show). ``screen=False`` runs the full context gate on every draft,
    so that each result's ``context`` has the gate's score and evidence; by default a draft that the
    gate screen rules out is decided without spaCy (same findings, ``context.screened`` True).

    One Linter may be used from one thread at a time; ship it to other processes (it pickles) for more.
    """

    def __init__(self, config: ConfigLike = None, *, keep_text: bool = False, screen: bool = True):
        self.config = _as_config(config)
        if not screen:
            self.config = replace(self.config, screen=False)
        self.keep_text = keep_text
        self._token = hashlib.sha256(pickle.dumps((self.config, keep_text))).hexdigest()
        self._engine: Engine | None = None

    def __getstate__(self) -> dict:
        return {"config": self.config, "keep_text": self.keep_text, "token": self._token}

    def __setstate__(self, state: dict) -> None:
        self.config, self.keep_text, self._token = state["config"], state["keep_text"], state["token"]
        self._engine = None

    def __repr__(self) -> str:
        return f"Linter(config={self.config!r}, keep_text={self.keep_text})"

    def lint_text(self, text: str, *, path: str | os.PathLike | None = None) -> FileResult:
        """Lint a draft's text. ``path`` names it in the result, picks per-path settings, and says how to
        read it: a template (``.j2``, ``.hbs``, ...) or HTML by its suffix, plain text otherwise."""
        from .sources.detect import HTML_SUFFIXES, html_draft, text_draft
        from .sources.suffixes import TEMPLATE_SUFFIXES

        name = "<text>" if path is None else os.fspath(path)
        suffix = PurePath(name).suffix.lower()
        try:
            if suffix in HTML_SUFFIXES:
                draft = html_draft(name, text)
            else:
                draft = text_draft(name, text, template=suffix in TEMPLATE_SUFFIXES)
        except InputError as error:
            return FileResult(path=name, error=str(error))
        return self._first(draft)

    def lint_message(self, message: bytes, *, path: str | os.PathLike | None = None) -> FileResult:
        """Lint one RFC 822 message (what a pre-send hook gets, or one ``.eml``): its own words, with the
        quoted reply as context; positions are lines and columns of ``message``."""
        from .sources.archive import message_item

        name = "<message>" if path is None else os.fspath(path)
        return self._first(message_item(name, bytes(message)))

    def lint_paths(self, paths: Iterable[str | os.PathLike]) -> Iterator[FileResult]:
        """Lint files, folders, mbox files and Maildir folders as the command line reads them (``-`` is
        standard input), yielding one result per draft or message in input order, as each is done.
        A path that cannot be read gives a result with ``error`` set; nothing raises."""
        from .units import plan

        for unit in plan(self._inputs(paths)):
            yield from self.lint_unit(unit)

    def _inputs(self, paths: Iterable[str | os.PathLike]) -> Iterator[str | InputError]:
        """The inputs ``paths`` expand to: each file, archive or stdin to lint, or the path's error."""
        from .sources import DEFAULT_GLOBS, discover

        return discover(tuple(os.fspath(p) for p in paths), self.config.include or DEFAULT_GLOBS,
                        self.config.exclude)

    def lint_unit(self, unit) -> Iterator[FileResult]:
        """Lint one unit of work (``mail_lint.units``): a batch of files, or a part of an archive."""
        return self.engine.lint(unit.drafts())

    @property
    def engine(self) -> Engine:
        """The internal linter (``mail_lint.linter.Linter``), shared by every Linter of this configuration
        in this process and built on first use."""
        if self._engine is None:
            with _engines_lock:
                if self._token not in _engines:
                    _engines[self._token] = _build(self.config, self.keep_text)
                self._engine = _engines[self._token][1]
        return self._engine

    def _first(self, item: Draft | InputError) -> FileResult:
        return next(self.engine.lint([item]))


def _build(config: Config, keep_text: bool) -> tuple[PatternSet, Engine]:
    """An engine for this configuration; configurations with the same pattern files share one pattern set,
    and so one spaCy pipeline (``nlp.shared_pipeline``), whatever their settings."""
    from .linter import Linter as Engine
    from .patterns import load_patterns

    key = tuple(str(path) for path in config.extra_patterns)
    if key not in _pattern_sets:
        _pattern_sets[key] = load_patterns(extra_dirs=config.extra_patterns)
    pattern_set = _pattern_sets[key]
    return pattern_set, Engine(pattern_set, config.settings, settings_for=config.settings_for, keep_text=keep_text,
                               screen=config.screen)


def _as_config(config: ConfigLike) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    if isinstance(config, Settings):
        return Config(settings=config)
    if isinstance(config, (str, os.PathLike)):
        return load_config(Path(config))
    if isinstance(config, Mapping):
        return config_from_mapping(dict(config))
    raise TypeError(f"config: expected a path, a mapping, Settings or Config, not {type(config).__name__}")
