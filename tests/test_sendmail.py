"""The pre-send hook: refuse with 65 and a short note, or deliver exactly what the client gave."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from mail_lint import hook
from mail_lint.cli import main

FOLLOW_UP = (b"From: Mark Lee <mark@example.org>\r\nTo: Dana Whitfield <dana@example.com>\r\n"
             b"Subject: Interview\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
             b"Content-Transfer-Encoding: quoted-printable\r\n\r\nDear Dana,\r\n\r\nThank you for the interview =\r\n"
             b"yesterday. I was so nerv=\r\nous.\r\n\r\nMark\r\n")
CLEAN = (b"From: Mark Lee <mark@example.org>\r\nTo: Tom <tom@example.com>\r\nSubject: Invoice\r\n\r\n"
         b"Hi Tom, the March invoice is attached.\r\n\r\nMark\r\n")


@pytest.fixture
def spool(tmp_path):
    return tmp_path / "delivered.eml"


def delivery(spool, status=0):
    code = f"import sys; open({str(spool)!r}, 'wb').write(sys.stdin.buffer.read()); sys.exit({status})"
    return [sys.executable, "-c", code]


def send(message, command, env=None, args=()):
    return CliRunner().invoke(main, ["sendmail", *args, "--", *command], input=message, env=env or {})


def test_refused_with_65_a_short_note_and_nothing_delivered(spool):
    result = send(FOLLOW_UP, delivery(spool))
    assert result.exit_code == hook.EX_DATAERR == 65
    assert not spool.exists()
    note = result.stderr
    assert note.startswith("mail-lint: not sent")
    assert "thank-you.for-the-interview" in note and "excuse.nerves" in note
    assert "X-Mail-Lint: skip" in note and "MAIL_LINT_SKIP=1" in note
    assert len(note.splitlines()) <= 10


def test_clean_message_is_delivered_byte_for_byte_in_silence(spool):
    result = send(CLEAN, delivery(spool))
    assert result.exit_code == 0
    assert result.output == ""  # Emacs reports "Sending failed" on any output
    assert spool.read_bytes() == CLEAN


def test_delivery_status_is_passed_on_but_never_126(spool):
    assert send(CLEAN, delivery(spool, status=3)).exit_code == 3
    result = send(CLEAN, delivery(spool, status=126))
    assert result.exit_code == 75 and "126" in result.stderr


def test_skip_header_sends_anyway_and_is_removed(spool):
    message = FOLLOW_UP.replace(b"Subject: Interview\r\n", b"Subject: Interview\r\nX-Mail-Lint: skip\r\n")
    result = send(message, delivery(spool))
    assert result.exit_code == 0
    assert spool.read_bytes() == FOLLOW_UP  # only the header line is gone


def test_skip_environment_variable_sends_untouched(spool):
    result = send(FOLLOW_UP, delivery(spool), env={"MAIL_LINT_SKIP": "1"})
    assert result.exit_code == 0 and spool.read_bytes() == FOLLOW_UP


def test_body_line_that_looks_like_the_header_is_not_touched():
    message = CLEAN + b"X-Mail-Lint: skip\r\n"
    stripped, skipped = hook.strip_skip_header(message)
    assert (stripped, skipped) == (message, False)


def test_fail_closed_by_default_when_the_checker_breaks(spool, tmp_path):
    broken = tmp_path / "bad.toml"
    broken.write_text("select = [\n", encoding="utf-8")
    result = send(FOLLOW_UP, delivery(spool), args=("--config", str(broken)))
    assert result.exit_code == hook.EX_TEMPFAIL == 75
    assert not spool.exists()
    assert "not sent" in result.stderr and "MAIL_LINT_FAIL_OPEN=1" in result.stderr


def test_fail_open_sends_unchecked_when_asked(spool, tmp_path):
    broken = tmp_path / "bad.toml"
    broken.write_text("select = [\n", encoding="utf-8")
    result = send(FOLLOW_UP, delivery(spool), env={"MAIL_LINT_FAIL_OPEN": "1"}, args=("--config", str(broken)))
    assert result.exit_code == 0 and spool.read_bytes() == FOLLOW_UP


def test_missing_delivery_command(spool):
    result = send(CLEAN, ["/nonexistent/sendmail", "-oi"])
    assert result.exit_code == hook.EX_UNAVAILABLE and "not found" in result.stderr


def test_as_a_real_process_with_client_arguments(spool):
    command = [sys.executable, "-m", "mail_lint", "sendmail", "--", *delivery(spool)]
    refused = subprocess.run(command, input=FOLLOW_UP, capture_output=True, check=False)
    assert refused.returncode == 65 and not spool.exists()
    sent = subprocess.run(command, input=CLEAN, capture_output=True, check=False)
    assert (sent.returncode, sent.stdout, sent.stderr) == (0, b"", b"")
    assert spool.read_bytes() == CLEAN


def test_plain_filter_mode_is_silent_when_clean():
    clean = CliRunner().invoke(main, ["-"], input=CLEAN)
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "")
    flagged = CliRunner().invoke(main, ["-"], input=FOLLOW_UP)
    assert flagged.exit_code == 1 and "2 findings" in flagged.stderr
