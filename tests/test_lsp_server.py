"""The language server driven over stdio as an editor drives it (pytest-lsp): initialize, didOpen,
didChange, publishDiagnostics, hover, codeAction, shutdown. Edits from code actions are applied here,
with this file's own UTF-16 arithmetic, and the result is linted again by the server."""
from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

HOME = Path(tempfile.mkdtemp(prefix="mail-lint-lsp-home-"))  # no user configuration of the machine's
WORK = Path(tempfile.mkdtemp(prefix="mail-lint-lsp-docs-"))
SERVER = [sys.executable, "-m", "mail_lint", "lsp"]
ENV = {**os.environ, "HOME": str(HOME), "XDG_CONFIG_HOME": str(HOME / ".config")}

DRAFT = (
    "From: Mira Okafor <mira@example.org>\n"
    "To: Jon Reyes <jon@example.com>\n"
    "Subject: Re: Your application for the analyst role\n"
    "\n"
    "Dear Jon,\n"
    "\n"
    "\U0001F642 I am so sorry that I mixed up the dates of the interview. I was very nervous and lost my "
    "train of thought on the modelling question.\n"
    "\n"
    "Would you give me another chance to show you my portfolio?\n"
    "\n"
    "On Tue, Jon Reyes wrote:\n"
    "> Sorry, we have decided to go with another candidate after your interview.\n"
    "> Thank you for your time.\n"
    "\n"
    "-- \n"
    "Mira Okafor\n"
    "Sorry for any typos, sent from my phone\n"
)
ORDINARY = "Hi Sam,\n\nSorry for the late invoice, I was ill last week. Thanks for the report!\n\nAna\n"
TEMPLATE = ("Dear {{ name }},\n\nThank you for the interview on {{ date }}. "
            "Could you share any feedback on my interview?\n")


def make_client() -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics (with its version), not only the last."""
    client = LanguageClient()
    client.published = []

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish})
    return client


CONFIG = ClientServerConfig(server_command=SERVER, server_env=ENV, client_factory=make_client)
INIT = types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={"debounceMs": 30})


@pytest_lsp.fixture(config=CONFIG, scope="module")
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(INIT)
    yield
    await lsp_client.shutdown_session()


pytestmark = pytest.mark.asyncio(loop_scope="module")


# --- helpers: a client's side of the protocol ----------------------------------------------------
def uri_of(name: str) -> str:
    return (WORK / name).as_uri()


def open_document(client, name: str, text: str, language: str = "plaintext") -> str:
    uri = uri_of(name)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


def replace_all(client, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangeWholeDocument(text=text)]))


async def diagnostics(client, uri: str, version: int, timeout: float = 60) -> list[types.Diagnostic]:
    """The diagnostics published for this version of the document (waits for them)."""
    async def wait():
        while True:
            for params in client.published:
                if params.uri == uri and params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.02)

    return await asyncio.wait_for(wait(), timeout)


def offset(text: str, position: types.Position) -> int:
    """Code-point offset of an LSP position, counting UTF-16 code units as the protocol does."""
    lines = text.split("\n")
    before = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line].encode("utf-16-le")[: 2 * position.character].decode("utf-16-le")
    return before + len(line)


def covered(text: str, diagnostic: types.Diagnostic) -> str:
    return text[offset(text, diagnostic.range.start) : offset(text, diagnostic.range.end)]


def apply(text: str, action: types.CodeAction) -> str:
    (change,) = action.edit.document_changes
    for edit in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end) :]
    return text


def position_of(text: str, needle: str) -> types.Position:
    """The LSP position (UTF-16) of the first occurrence of ``needle``."""
    at = text.index(needle)
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return types.Position(line, len(text.splitlines()[line][:column].encode("utf-16-le")) // 2)


async def code_actions(client, uri: str, at: types.Position) -> list[types.CodeAction]:
    params = types.CodeActionParams(types.TextDocumentIdentifier(uri), types.Range(at, at),
                                    types.CodeActionContext(diagnostics=[]))
    return await client.text_document_code_action_async(params) or []


# --- tests ---------------------------------------------------------------------------------------
async def test_a_mail_draft_gets_one_diagnostic_per_finding_with_exact_utf16_ranges(client):
    uri = open_document(client, "neomutt-host-1000-1-1", DRAFT, "mail")
    found = await diagnostics(client, uri, 1)
    assert [d.code for d in found] == ["apology.sorry", "excuse.nerves", "second-chance.another-chance"]
    by_code = {d.code: d for d in found}
    sorry = by_code["apology.sorry"]
    # the emoji before the finding is one code point but two UTF-16 code units
    assert sorry.range.start == types.Position(6, 2 + 1 + len("I am so "))
    assert covered(DRAFT, sorry) == "sorry that I mixed up the dates of the interview"
    assert covered(DRAFT, by_code["excuse.nerves"]) == "I was very nervous"
    assert all(d.severity == types.DiagnosticSeverity.Warning and d.source == "mail-lint" for d in found)
    assert sorry.code_description.href.endswith("apology.yaml")
    # the quoted reply and the signature say sorry too, and get nothing
    quoted_from = DRAFT.splitlines().index("On Tue, Jon Reyes wrote:")
    assert all(d.range.start.line < quoted_from for d in found)


async def test_ordinary_mail_stays_unmarked(client):
    uri = open_document(client, "invoice.txt", ORDINARY)
    assert await diagnostics(client, uri, 1) == []


async def test_html_ranges_point_into_the_markup_as_written(client):
    html = ("<html><body><p>Dear Ana &amp; team,</p>\n<p>\U0001F642 Thanks for Monday. "
            "I am <b>so</b> sorry I was late for the interview.</p></body></html>\n")
    uri = open_document(client, "reply.html", html, "html")
    found = {d.code: d for d in await diagnostics(client, uri, 1)}
    assert covered(html, found["apology.sorry"]) == "sorry I was late for the interview"
    assert covered(html, found["thank-you.thanks-for"]).startswith("Thanks for Monday")


async def test_hover_explains_the_rule_from_the_pattern_data(client):
    uri = uri_of("neomutt-host-1000-1-1")
    await diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), position_of(DRAFT, "mixed up")))
    text = hover.contents.value
    assert "apology.sorry" in text and "Apologises to the interviewer." in text
    assert "Why:" in text and "Instead:" in text
    nothing = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), position_of(DRAFT, "Dear Jon")))
    assert nothing is None


async def test_did_change_incremental_relints_the_new_version(client):
    text = "Dear Ana,\n\nThe interview is on Monday.\n"
    uri = open_document(client, "incremental.txt", text)
    assert await diagnostics(client, uri, 1) == []
    insert_at = types.Position(2, len("The interview is on Monday."))
    added = " Sorry I was late for the interview."
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [types.TextDocumentContentChangePartial(range=types.Range(insert_at, insert_at), text=added)]))
    found = await diagnostics(client, uri, 2)
    assert [d.code for d in found] == ["apology.sorry"]
    assert found[0].range.start == types.Position(2, len("The interview is on Monday. "))


async def test_remove_this_sentence_edits_the_draft_and_the_finding_goes(client):
    uri = uri_of("neomutt-host-1000-1-1")
    actions = await code_actions(client, uri, position_of(DRAFT, "mixed up"))
    remove = next(a for a in actions if "remove this sentence" in a.title)
    edited = apply(DRAFT, remove)
    assert "I am so sorry" not in edited
    assert edited.splitlines()[6].startswith("I was very nervous and lost")  # only that sentence went
    replace_all(client, uri, 2, edited)
    assert [d.code for d in await diagnostics(client, uri, 2)] == ["excuse.nerves", "second-chance.another-chance"]
    replace_all(client, uri, 3, DRAFT)  # as it was, for the next test
    assert len(await diagnostics(client, uri, 3)) == 3


async def test_skip_this_message_adds_the_header_and_silences_the_draft(client):
    uri = uri_of("neomutt-host-1000-1-1")
    actions = await code_actions(client, uri, position_of(DRAFT, "very nervous"))
    skip = next(a for a in actions if "skip" in a.title)
    edited = apply(DRAFT, skip)
    header, body = edited.split("\n\n", 1)
    assert header.splitlines()[-1] == "X-Mail-Lint: skip" and body == DRAFT.split("\n\n", 1)[1]
    replace_all(client, uri, 4, edited)
    assert await diagnostics(client, uri, 4) == []


async def test_disable_rule_here_in_a_template(client):
    uri = open_document(client, "followup.txt.j2", TEMPLATE)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["thank-you.for-the-interview",
                                                                   "feedback-request.ask-feedback"]
    actions = await code_actions(client, uri, position_of(TEMPLATE, "share any"))
    titles = [a.title for a in actions]
    assert not any("skip" in t for t in titles)  # a template has no headers
    here = next(a for a in actions if "disable feedback-request.ask-feedback on this line" in a.title)
    edited = apply(TEMPLATE, here)
    assert "{# mail-lint: disable-next-line=feedback-request.ask-feedback #}\nThank you" in edited
    replace_all(client, uri, 2, edited)
    assert [d.code for d in await diagnostics(client, uri, 2)] == ["thank-you.for-the-interview"]


async def test_changes_faster_than_lints_publish_only_the_latest_version(client):
    uri = open_document(client, "burst.txt", "Dear Ana,\n")
    text = "Dear Ana,\n\nI am sorry I was late for the interview."
    for version in range(2, 40):
        replace_all(client, uri, version, text + " Really." * version)
    replace_all(client, uri, 40, "Dear Ana,\n\nSee you.\n")
    assert await diagnostics(client, uri, 40) == []
    await asyncio.sleep(0.3)
    assert {p.version for p in client.published if p.uri == uri} == {40}


async def test_a_huge_paste_neither_blocks_the_server_nor_publishes_once_it_is_stale(client):
    uri = open_document(client, "huge.txt", "Hello.\n")
    await diagnostics(client, uri, 1)
    paragraph = "We spoke about the interview schedule and the parking at the office on Monday morning.\n\n"
    replace_all(client, uri, 2, paragraph * (1_000_000 // len(paragraph)))  # seconds of linting
    await asyncio.sleep(0.5)  # the 1 MB version is being linted now
    hover = client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0)))
    assert await asyncio.wait_for(hover, 2) is None  # answered at once: the lint does not hold the server
    replace_all(client, uri, 3, "Dear Ana,\n\nI am sorry I was late for the interview.\n")
    assert [d.code for d in await diagnostics(client, uri, 3, timeout=120)] == ["apology.sorry"]
    await asyncio.sleep(0.2)
    assert 2 not in {p.version for p in client.published if p.uri == uri}  # its result came too late


async def test_broken_input_is_logged_and_the_server_keeps_serving(client):
    broken = open_document(client, "broken.txt", "Dear Ana,\x00\x00 I am sorry I was late for the interview.\n")
    assert await diagnostics(client, broken, 1) == []
    assert any("broken.txt" in m.message and "binary" in m.message for m in client.log_messages)
    message = open_document(client, "broken-message.eml",
                            "From: a@example.org\nTo: b@example.org\nContent-Type: multipart/mixed\n\nno parts\n")
    assert await diagnostics(client, message, 1) == []
    assert any("broken-message.eml" in m.message for m in client.log_messages)
    uri = open_document(client, "after.txt", "Dear Ana,\n\nI am sorry I was late for the interview.\n")
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["apology.sorry"]


async def test_settings_come_from_the_config_file_and_reload_when_it_changes(client):
    folder = WORK / "project"
    folder.mkdir()
    config = folder / ".mail-lint.toml"
    config.write_text('ignore = ["apology"]\n', encoding="utf-8")
    text = "Dear Ana,\n\nI am sorry I was late for the interview. I was very nervous.\n"
    uri = open_document(client, "project/draft.txt", text)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["excuse.nerves"]
    config.write_text('ignore = ["excuse"]\n', encoding="utf-8")
    os.utime(config, ns=(1, 10**18))  # a distinct modification time, whatever the clock's resolution
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    published = len(client.published)
    replace_all(client, uri, 2, text)
    assert [d.code for d in await diagnostics(client, uri, 2)] == ["apology.sorry"]
    assert len(client.published) > published
    config.write_text("ignore = [unquoted\n", encoding="utf-8")  # broken: the defaults, and a message
    os.utime(config, ns=(1, 2 * 10**18))
    replace_all(client, uri, 3, text)
    assert [d.code for d in await diagnostics(client, uri, 3)] == ["apology.sorry", "excuse.nerves"]
    assert any(".mail-lint.toml" in m.message and "invalid TOML" in m.message
               and m.type == types.MessageType.Error for m in client.log_messages)


async def test_a_draft_in_tmp_falls_back_to_the_users_config(client):
    user_config = HOME / ".config" / "mail-lint" / "config.toml"
    user_config.parent.mkdir(parents=True, exist_ok=True)
    user_config.write_text('select = ["excuse"]\n', encoding="utf-8")
    try:
        text = "Dear Ana,\n\nI am sorry I was late for the interview. I was very nervous.\n"
        uri = open_document(client, "aerc-compose-1.eml", text)
        assert [d.code for d in await diagnostics(client, uri, 1)] == ["excuse.nerves"]
    finally:
        user_config.unlink()


async def test_initialization_options_override_and_shutdown_and_exit_follow_the_protocol():
    client = await CONFIG.start()
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"select": ["excuse"], "debounceMs": 0, "docsUrl": "https://example.org/{rule}"}))
        uri = open_document(client, "options.txt", "Dear Ana,\n\nI am sorry I was late. I was very nervous in the "
                                                   "interview.\n")
        (found,) = await diagnostics(client, uri, 1)
        assert found.code == "excuse.nerves"
        assert found.code_description.href == "https://example.org/excuse.nerves"
        await client.shutdown_async(None)
        client.exit(None)
        assert await asyncio.wait_for(client._server.wait(), 30) == 0
    finally:
        await client.stop()


HOUSE_PACK = """category: house-style
summary: Uses the words the house style guide forbids.
why: The guide says so.
instead: Use the plain word.
rules:
  - id: {word}
    message: Says {word}.
    patterns: ["~{word}"]
    examples:
      fail: ["We {word} the data."]
      pass: ["We use the data."]
"""


def watching_client() -> LanguageClient:
    """A client that can watch files for the server, as VS Code and Neovim do: it records what it is asked."""
    client = make_client()
    client.registrations = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    return client


async def published_after(client, uri: str, count: int, timeout: float = 60) -> list[types.Diagnostic]:
    """The diagnostics of the first publication for ``uri`` after the first ``count`` publications."""
    async def wait():
        while True:
            for params in client.published[count:]:
                if params.uri == uri:
                    return list(params.diagnostics)
            await asyncio.sleep(0.02)

    return await asyncio.wait_for(wait(), timeout)


async def test_the_server_asks_to_watch_its_files_and_a_changed_pattern_pack_takes_effect():
    watching = ClientServerConfig(server_command=SERVER, server_env=ENV, client_factory=watching_client)
    client = await watching.start()
    try:
        capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities, initialization_options={"debounceMs": 0, "assumeFollowup": True}))
        folder = WORK / "packed"
        (folder / "house").mkdir(parents=True)
        (folder / ".mail-lint.toml").write_text('extra-patterns = ["house"]\n', encoding="utf-8")
        pack = folder / "house" / "house-style.yaml"
        pack.write_text(HOUSE_PACK.format(word="utilise"), encoding="utf-8")
        uri = open_document(client, "packed/draft.txt", "Dear Ana,\n\nWe utilise the data and leverage it.\n")
        assert "house-style.utilise" in [d.code for d in await diagnostics(client, uri, 1)]

        async def registered():
            while not client.registrations:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(registered(), 30)
        (registration,) = client.registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = [watcher["globPattern"] for watcher in registration.register_options["watchers"]]
        assert "**/.mail-lint.toml" in globs and "**/*.yaml" in globs

        pack.write_text(HOUSE_PACK.format(word="leverage"), encoding="utf-8")
        published = len(client.published)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=pack.as_uri(), type=types.FileChangeType.Changed)]))
        codes = [d.code for d in await published_after(client, uri, published)]
        assert "house-style.leverage" in codes and "house-style.utilise" not in codes
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


async def test_a_client_that_cannot_watch_files_is_not_asked_to():
    watching = ClientServerConfig(server_command=SERVER, server_env=ENV, client_factory=watching_client)
    client = await watching.start()
    try:
        await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                               initialization_options={"debounceMs": 0}))
        uri = open_document(client, "unwatched.txt", "Dear Ana,\n\nI am sorry I was late for the interview.\n")
        await diagnostics(client, uri, 1)
        assert client.registrations == []
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
