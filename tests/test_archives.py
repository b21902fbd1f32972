"""Mail archives: an mbox read message by message (whatever its size), Maildir folders, archive parts."""
from __future__ import annotations

import json
import pickle
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.sources.archive import (
    MaildirPart,
    MboxPart,
    archive_drafts,
    archive_kind,
    archive_parts,
)
from mail_lint.sources.mime import SourceFile, mbox_drafts

FOLLOW_UP = ("Dear Ms Okafor,\n\nThank you so much for the interview yesterday. I am sorry I was so nervous;\n"
             "my bus broke down on the way. Could you tell me what I could have done better?\n\nBest,\nRui\n")
ORDINARY = "Hi team,\n\nThe minutes of the planning call are in the shared folder; please add your notes.\n"


def message(index: int, crlf: bool = False) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Rui Costa <rui@example.org>"
    mail["To"] = "Ada Okafor <ada@example.com>"
    mail["Subject"] = f"Note {index}"
    mail["Message-ID"] = f"<{index}.archive-test@example.org>"
    mail.set_content(FOLLOW_UP if index % 3 == 0 else ORDINARY, cte="quoted-printable" if index % 2 else "8bit")
    data = bytes(mail)
    return data.replace(b"\n", b"\r\n") if crlf else data


def write_mbox(path: Path, count: int, crlf_every: int = 5) -> Path:
    with open(path, "wb") as out:
        for index in range(count):
            out.write(b"From rui@example.org Tue Mar  3 10:00:00 2026\n" + message(index, index % crlf_every == 4)
                      + b"\n")
    return path


def write_maildir(folder: Path, count: int) -> Path:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True)
    for index in range(count):
        sub = "new" if index % 4 == 3 else "cur"
        (folder / sub / f"17000{index:05}.M{index}P9.host:2,S").write_bytes(message(index))
    (folder / "tmp" / "17009.M1P9.host").write_bytes(message(99))  # still being delivered: not read
    (folder / "cur" / ".hidden").write_bytes(b"not a message")
    return folder


def run(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def as_json(results) -> list[dict]:
    return [result.to_json() for result in results]


def test_streamed_mbox_gives_the_results_of_the_whole_file_read_at_once(tmp_path, linter):
    mbox = write_mbox(tmp_path / "sent.mbox", 14)
    whole = list(linter.lint(mbox_drafts(SourceFile.of(str(mbox), mbox.read_bytes()))))
    streamed = list(linter.lint(archive_drafts(str(mbox), "mbox")))
    assert as_json(streamed) == as_json(whole)
    assert [r.path for r in streamed] == [f"{mbox}[{i}]" for i in range(1, 15)]
    flagged = [r for r in streamed if r.findings]
    assert len(flagged) == 5 and all(r.findings[0].line > 10 for r in flagged[1:])  # lines of the whole mbox
    lines = mbox.read_bytes().split(b"\n")
    for result in flagged:
        for finding in result.findings:
            line = lines[finding.line - 1].decode()
            assert line[finding.column - 1 :].startswith(finding.evidence.split("\n")[0].rstrip("="))


def test_parts_cover_every_message_once_in_order_and_pickle(tmp_path, linter):
    mbox = write_mbox(tmp_path / "sent.mbox", 11)
    parts = list(archive_parts(str(mbox), "mbox", size=3))
    assert [p.count for p in parts] == [3, 3, 3, 2]
    assert all(pickle.loads(pickle.dumps(p)) == p for p in parts)
    by_parts = [r for part in parts for r in linter.lint(part.drafts())]
    assert as_json(by_parts) == as_json(linter.lint(archive_drafts(str(mbox), "mbox")))
    assert [r.message_id for r in by_parts] == [f"<{i}.archive-test@example.org>" for i in range(11)]


def test_an_mbox_over_the_draft_limit_is_read_and_only_an_oversized_message_is_refused(tmp_path):
    mbox = tmp_path / "big.mbox"
    with open(mbox, "wb") as out:
        out.write(b"From a@example.org Tue Mar  3 10:00:00 2026\n" + message(0) + b"\n")
        huge = b"Subject: logs\n\n" + (b"x" * 99 + b"\n") * 110_000  # 11 MB
        out.write(b"From a@example.org Tue Mar  3 10:00:00 2026\n" + huge + b"\n")
        out.write(b"From a@example.org Tue Mar  3 10:00:00 2026\n" + message(3) + b"\n")
    result = run("--format", "json", "--assume-followup", str(mbox))
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == [f"{mbox}[1]", f"{mbox}[2]", f"{mbox}[3]"]
    assert files[1]["error"] == f"{mbox}[2]: larger than 10 MB; not linted"
    assert files[0]["findings"] and files[2]["findings"] and files[2]["findings"][0]["line"] > 110_000
    assert result.exit_code == 2


def test_a_maildir_is_linted_message_by_message(tmp_path):
    folder = write_maildir(tmp_path / "Maildir", 8)
    result = run("--format", "json", str(folder))
    files = json.loads(result.stdout)["files"]
    cur = sorted(p.name for p in (folder / "cur").iterdir() if not p.name.startswith("."))
    new = sorted(p.name for p in (folder / "new").iterdir())
    assert [f["path"] for f in files] == [f"{folder}/cur/{n}" for n in cur] + [f"{folder}/new/{n}" for n in new]
    assert len(files) == 8 and all(f["error"] is None for f in files)
    assert files[0]["message_id"] == "<0.archive-test@example.org>"
    assert files[0]["findings"] and files[0]["findings"][0]["line"] > 5  # a line of the message file
    text = run(str(folder))
    assert f"{folder}/cur/{cur[0]}:" in text.stdout


def test_archive_kind_goes_by_content_and_a_maildir_needs_its_three_folders(tmp_path):
    mbox = write_mbox(tmp_path / "no-suffix", 2)
    (tmp_path / "page.html").write_bytes(b"From the desk of the editor\n\n<p>Hi</p>")
    (tmp_path / "fix.patch").write_text("From " + "0" * 40 + " Mon Sep 17 00:00:00 2001\nSubject: x\n\n",
                                        encoding="utf-8")
    (tmp_path / "almost" / "cur").mkdir(parents=True)
    (tmp_path / "almost" / "new").mkdir()
    maildir = write_maildir(tmp_path / "box", 1)
    assert archive_kind(str(mbox)) == "mbox"
    assert archive_kind(str(tmp_path / "page.html")) is None
    assert archive_kind(str(tmp_path / "fix.patch")) is None  # a git format-patch is one message
    assert archive_kind(str(tmp_path / "almost")) is None
    assert archive_kind(str(maildir)) == "maildir"
    assert archive_kind("-") is None


def test_a_maildir_message_that_vanished_is_its_own_error(tmp_path, linter):
    folder = write_maildir(tmp_path / "Maildir", 3)
    [part] = archive_parts(str(folder), "maildir")
    assert isinstance(part, MaildirPart) and not isinstance(part, MboxPart)
    (folder / part.entries[1]).unlink()
    results = list(linter.lint(part.drafts()))
    assert [r.error is not None for r in results] == [False, True, False]
    assert results[1].error.startswith(f"{folder}/{part.entries[1]}: ")


def test_maildir_folders_inside_a_folder_are_found_after_its_files(tmp_path):
    mail = tmp_path / "Mail"
    write_maildir(mail / "work", 2)
    write_maildir(mail / "archive" / "2025", 1)
    (mail / "notes.txt").write_text(ORDINARY, encoding="utf-8")
    (mail / ".hidden-box").mkdir()
    files = json.loads(run("--format", "json", str(mail)).stdout)["files"]
    paths = [Path(f["path"]).relative_to(mail).parts[:2] for f in files]
    assert paths == [("notes.txt",), ("work", "cur"), ("work", "cur"), ("archive", "2025")]


def test_a_draft_whose_first_line_starts_with_from_is_a_draft_not_an_mbox(tmp_path):
    """'From Monday on I am away.' opens many a draft: only a From_ line followed by a header is an mbox."""
    draft = tmp_path / "draft.txt"
    draft.write_text("From Monday on I am away.\nSorry I was so nervous in the interview.\n", encoding="utf-8")
    mbox = write_mbox(tmp_path / "archive", 1)
    assert archive_kind(str(draft)) is None
    assert archive_kind(str(mbox)) == "mbox"
    result = CliRunner().invoke(main, ["--assume-followup", "--format", "json", str(draft)])
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == [str(draft)]
    assert {(f["line"], f["column"]) for f in files[0]["findings"]} >= {(2, 1)}
    stdin = CliRunner().invoke(main, ["--assume-followup", "--format", "json", "-"], input=draft.read_bytes())
    assert [f["path"] for f in json.loads(stdin.stdout)["files"]] == ["<stdin>"]


def test_read_or_archive_opens_a_file_once_and_reads_what_read_path_reads(tmp_path, monkeypatch):
    """Telling an mbox and reading the file are one open: the sniffed start is the start of the bytes,
    whatever the size around the sniff, and the errors are read_path's own."""
    from mail_lint.sources import text
    from mail_lint.sources.archive import read_or_archive
    from mail_lint.sources.errors import InputError
    from mail_lint.sources.text import SNIFF, read_path, read_path_unless

    opened = []
    real_open = open

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    from mail_lint.sources import archive

    for module in (text, archive):  # (archive_kind's sniff would be an open of its own)
        monkeypatch.setattr(module, "open", counting_open, raising=False)
    for size in (0, 1, SNIFF - 1, SNIFF, SNIFF + 1, 3 * SNIFF + 7):
        draft = tmp_path / f"draft-{size}.txt"
        draft.write_bytes(bytes(65 + i % 26 for i in range(size)))
        opened.clear()
        assert read_or_archive(str(draft)) == draft.read_bytes() == read_path(str(draft))
        assert opened.count(str(draft)) == 2  # one each: read_or_archive, read_path
    box = tmp_path / "box.txt"
    box.write_bytes(b"From a@example.org Tue Mar  3 10:00:00 2026\nSubject: x\n\nbody\n")
    assert read_or_archive(str(box)) == "mbox"
    maildir = tmp_path / "mail"
    for part in ("cur", "new", "tmp"):
        (maildir / part).mkdir(parents=True)
    assert read_or_archive(str(maildir)) == "maildir"
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 20_000)
    with pytest.raises(InputError, match="larger than"):
        read_path_unless(str(big), lambda start: False, max_bytes=10_000)
    assert read_path_unless(str(big), lambda start: False, max_bytes=20_000) == big.read_bytes()
    for broken in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(InputError) as by_read_path:
            read_path(str(broken))
        with pytest.raises(InputError) as by_read_or_archive:
            read_or_archive(str(broken))
        assert str(by_read_or_archive.value) == str(by_read_path.value)
