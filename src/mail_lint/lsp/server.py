"""``mail-lint lsp``: the language server, on pygls and lsprotocol. Wiring only.

A short draft is linted on the event loop (a few milliseconds); a long one on one worker thread, so
that the loop keeps answering (hover, code actions, shutdown) meanwhile, and never both at once. Each
change schedules a lint of that version after a short pause; a newer change cancels the pending one, and
a result is published only if the document is still at the version that was linted - a stale result is
dropped.
"""
from __future__ import annotations

import asyncio
import gc
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..config import CONFIG_FILES, unknown_selectors
from ..finding import Severity
from ..linter import Linter
from ..patterns import PatternError, PatternSet, load_patterns
from . import actions
from .documents import LintedDocument, input_problem, lint_document, reading_name
from .positions import LineIndex
from .settings import ClientOptions, ConfigFiles

SOURCE = "mail-lint"
SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
            Severity.SUGGESTION: types.DiagnosticSeverity.Information}
INLINE_CHARS = 20_000  # a draft up to this long is linted on the event loop; longer ones on the worker thread
# What the client is asked to watch: configuration files (the CLI's names and the user's own) and YAML,
# which is what a pattern pack is made of. A change re-lints the open documents; a changed pattern pack
# is loaded again.
WATCHED_GLOBS = (*(f"**/{name}" for name in CONFIG_FILES), "**/mail-lint/config.toml", "**/*.yaml", "**/*.yml")
WATCH_REGISTRATION = "mail-lint/watched-files"
_WARM_UP = "Subject: Re: interview\n\nSorry I was late for the interview on Monday.\n"
logger = logging.getLogger(__name__)


class MailLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("mail-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.options = ClientOptions()
        self.configs = ConfigFiles(self.options)
        self.linted: dict[str, LintedDocument] = {}
        self._problems: dict[str, tuple[str, ...]] = {}  # the input problems last logged, per document
        self._pending: dict[str, asyncio.Task] = {}
        self._pattern_sets: dict[tuple[Path, ...], PatternSet] = {}
        self._docs: dict[str, types.CodeDescription | None] = {}  # rule id -> link, found once
        self._reported: set[str] = set()  # configuration problems already logged, not repeated per keystroke
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-lint")
        self._on_worker = 0  # lints handed to the worker and not finished
        self._warm = self._worker.submit(self.warm_up)  # the pipeline builds while the client connects

    # --- the pipeline, built once -------------------------------------------------------------
    def pattern_set(self, extra: tuple[Path, ...], notes: list[str] | None = None) -> PatternSet:
        """The patterns, loaded once per set of extra directories (a broken one: the built-in ones)."""
        if extra not in self._pattern_sets:
            try:
                self._pattern_sets[extra] = load_patterns(extra_dirs=extra)
            except PatternError as error:
                if notes is not None:
                    notes.append(f"{error}; using the built-in patterns")
                self._pattern_sets[extra] = self.pattern_set(())
        return self._pattern_sets[extra]

    def warm_up(self) -> None:
        """Build the default pipeline before the first document arrives."""
        try:
            Linter(self.pattern_set(())).lint_text(_WARM_UP)
        except Exception:  # the first real lint will report it
            logger.exception("warm-up failed")
        gc.freeze()  # the pipeline lives as long as the server: keep it out of every later collection

    # --- linting ------------------------------------------------------------------------------
    def log(self, kind: types.MessageType, message: str) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=f"mail-lint: {message}"))
        except Exception:  # no client to tell (shutting down): the log file still has it
            logger.exception("could not send a log message")

    def schedule(self, uri: str) -> None:
        """Lint the document after a pause; a change within the pause replaces the pending lint."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()  # only ever a lint still in its pause: a started one leaves _pending
        self._pending[uri] = asyncio.ensure_future(self._lint_later(uri))

    def _version(self, uri: str) -> int | None:
        document = self.workspace.text_documents.get(uri)
        return None if document is None else document.version

    async def _lint_later(self, uri: str) -> None:
        await asyncio.sleep(self.options.debounce_ms / 1000)
        if self._pending.get(uri) is asyncio.current_task():
            del self._pending[uri]  # from here on it runs to the end: never cancelled mid-lint
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source
        name = reading_name(to_fs_path(uri), uri, document.language_id)
        notes: list[str] = []
        try:
            if len(text) <= INLINE_CHARS and self._warm.done() and not self._on_worker:
                linted = self._lint(uri, version, name, text, notes)  # a few ms: a thread hand-off costs more
            else:  # one lint at a time: the worker is the only other thread that lints
                self._on_worker += 1
                try:
                    linted = await asyncio.get_running_loop().run_in_executor(
                        self._worker, self._lint_if_current, uri, version, name, text, notes)
                finally:
                    self._on_worker -= 1
        except Exception as error:  # the server keeps serving whatever one draft does
            logger.exception("lint failed")
            self.log(types.MessageType.Error, input_problem(name, error))
            return
        finally:
            for note in notes:
                self._report_once(note)
        if linted is None or self._version(uri) != version:
            return  # stale: a newer version has its own lint scheduled (or the document was closed)
        if linted.problems != self._problems.get(uri):  # said once, not at every keystroke
            for problem in linted.problems:
                self.log(types.MessageType.Warning, problem)
            self._problems[uri] = linted.problems
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=self.diagnostics(linted)))

    def _lint_if_current(self, uri: str, version: int | None, name: str, text: str,
                         notes: list[str]) -> LintedDocument | None:
        """On the worker: a lint that waited behind a long one is skipped if its version is already old."""
        if self._version(uri) != version:
            return None
        return self._lint(uri, version, name, text, notes)

    def _lint(self, uri: str, version: int | None, name: str, text: str, notes: list[str]) -> LintedDocument:
        """On the worker thread: values only; what to tell the client goes to ``notes``."""
        path = None if name.startswith("untitled") and not Path(name).is_absolute() else name
        config, problem = self.configs.for_document(path)
        if problem is not None:
            notes.append(f"{problem}; linting with the defaults until it is fixed")
        pattern_set = self.pattern_set(config.extra_patterns, notes)
        rule_ids = [rule.id for rule in pattern_set.rules]
        for where, selector in config.rule_selectors():
            if unknown_selectors((selector,), rule_ids):
                notes.append(f"{where}: no rule or category starts with {selector!r}")
        linter = Linter(pattern_set, config.settings, settings_for=config.settings_for, keep_text=False)
        return lint_document(linter, uri, version, name, text)

    def _report_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.log(types.MessageType.Error, message)

    def watch_files(self) -> None:
        """Ask the client to report changes to configuration and pattern files, when it can watch them
        for a server (dynamic registration); other clients send didSave or nothing."""
        workspace = self.client_capabilities.workspace
        watch = workspace.did_change_watched_files if workspace else None
        if not (watch and watch.dynamic_registration):
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS])
        self.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id=WATCH_REGISTRATION, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)]))

    def files_changed(self, paths: list[Path]) -> None:
        """A pattern pack with a changed file is loaded again at the next lint; configuration files are
        re-read; open documents are linted again."""
        changed = {path.resolve() for path in paths}
        for extra in [extra for extra in self._pattern_sets if extra]:
            if any(directory.resolve() in path.parents for directory in extra for path in changed):
                del self._pattern_sets[extra]
        self.forget_configuration()

    def forget_configuration(self) -> None:
        self.configs.forget()
        self._reported.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    # --- values to protocol -------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def range(self, index: LineIndex, start: int, end: int) -> types.Range:
        (start_line, start_char), (end_line, end_char) = (index.position(start, self.encoding),
                                                          index.position(end, self.encoding))
        return types.Range(types.Position(start_line, start_char), types.Position(end_line, end_char))

    def diagnostics(self, linted: LintedDocument) -> list[types.Diagnostic]:
        index = LineIndex(linted.text)
        found = []
        for item in linted.located:
            finding = item.finding
            found.append(types.Diagnostic(
                range=self.range(index, item.start, item.end),
                message=finding.message,
                severity=SEVERITY[finding.severity],
                code=finding.rule_id,
                code_description=self.docs(finding.rule_id),
                source=SOURCE,
            ))
        return found

    def docs(self, rule_id: str) -> types.CodeDescription | None:
        """A link to the rule's documentation: the client's URL template, or the rule's pattern file
        (its message, why, instead and examples) when that file is on disk."""
        if rule_id not in self._docs:
            self._docs[rule_id] = self._find_docs(rule_id)
        return self._docs[rule_id]

    def _find_docs(self, rule_id: str) -> types.CodeDescription | None:
        category = rule_id.split(".", 1)[0]
        if self.options.docs_url:
            return types.CodeDescription(href=self.options.docs_url.format(rule=rule_id, category=category))
        for pattern_set in list(self._pattern_sets.values()):
            try:
                source = Path(pattern_set.rule(rule_id).source)
            except KeyError:
                continue
            if source.is_file():
                return types.CodeDescription(href=from_fs_path(str(source.resolve())))
        return None

    def current(self, uri: str) -> tuple[LintedDocument, LineIndex] | None:
        """The latest lint of the document, if it is of the version the client has now."""
        linted = self.linted.get(uri)
        document = self.workspace.text_documents.get(uri)
        if linted is None or document is None or document.version != linted.version:
            return None
        return linted, LineIndex(linted.text)

    def shut_down(self) -> None:
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
        self._worker.shutdown(wait=False, cancel_futures=True)


server = MailLintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: MailLintServer, params: types.InitializeParams) -> None:
    try:
        ls.options = ClientOptions.parse(params.initialization_options)
    except ValueError as error:
        ls.options = ClientOptions()
        ls.log(types.MessageType.Error, f"{error}; using the defaults")
    ls.configs = ConfigFiles(ls.options)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MailLintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MailLintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MailLintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)  # a configuration file edited in the editor takes effect


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MailLintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls._pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.linted.pop(uri, None)
    ls._problems.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.INITIALIZED)
def initialized(ls: MailLintServer, params: types.InitializedParams) -> None:
    ls.watch_files()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: MailLintServer, params: types.DidChangeWatchedFilesParams) -> None:
    paths = [Path(path) for change in params.changes if (path := to_fs_path(change.uri))]
    ls.files_changed(paths)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: MailLintServer, params: types.DidChangeConfigurationParams) -> None:
    ls.forget_configuration()


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: MailLintServer, params: types.HoverParams) -> types.Hover | None:
    from ..explain import explain

    found = ls.current(params.text_document.uri)
    if found is None:
        return None
    linted, index = found
    offset = index.offset(params.position.line, params.position.character, ls.encoding)
    items = linted.at(offset)
    if not items:
        return None
    parts = []
    for item in items:
        try:
            explanation = explain(ls.pattern_set(()), item.finding.rule_id)
        except KeyError:
            explanation = next((explain(p, item.finding.rule_id) for p in list(ls._pattern_sets.values())
                                if _has_rule(p, item.finding.rule_id)), "")
        parts.append(f"**{item.finding.message}** ({item.finding.rule_id})\n\n```text\n{explanation.rstrip()}\n```")
    first = min(items, key=lambda item: item.start)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
                       range=ls.range(index, first.start, first.end))


def _has_rule(pattern_set: PatternSet, rule_id: str) -> bool:
    try:
        pattern_set.rule(rule_id)
        return True
    except KeyError:
        return False


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: MailLintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    found = ls.current(uri)
    if found is None:
        return []
    linted, index = found
    start = index.offset(params.range.start.line, params.range.start.character, ls.encoding)
    end = index.offset(params.range.end.line, params.range.end.character, ls.encoding)
    items = [item for item in linted.located if item.start <= end and start <= item.end]
    if not items:
        return []
    proposed: list[actions.Action] = []
    for item in items:
        rule = _rule(ls, item.finding.rule_id)
        if rule is not None and actions.removable(rule):
            proposed.append(actions.remove_sentence(linted.text, item))
        if linted.kind == "template":
            proposed += [actions.disable_next_line(linted.text, item), actions.disable_in_file(linted.text, item)]
    if linted.kind == "message":
        skip = actions.skip_message(linted.text)
        if skip is not None:
            proposed.append(skip)
    diagnostics = {d.code: d for d in ls.diagnostics(linted)}
    result = []
    for action in proposed:
        edits = [types.TextEdit(range=ls.range(index, edit.start, edit.end), new_text=edit.new_text)
                 for edit in action.edits]
        document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version)
        result.append(types.CodeAction(
            title=action.title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostics[action.rule_id]] if action.rule_id in diagnostics else None,
            is_preferred=action.preferred or None,
            edit=types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)]),
        ))
    return result


def _rule(ls: MailLintServer, rule_id: str):
    for pattern_set in list(ls._pattern_sets.values()):
        if _has_rule(pattern_set, rule_id):
            return pattern_set.rule(rule_id)
    return None


@server.feature(types.SHUTDOWN)
def shutdown(ls: MailLintServer, params: None) -> None:
    ls.shut_down()


def serve() -> int:
    """Serve on stdin/stdout until the client says exit; 0 after a shutdown request, 1 without."""
    server.start_io()
    server.shut_down()
    return 0 if server.protocol._shutdown else 1
