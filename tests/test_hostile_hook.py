"""The pre-send hook on real-world and hostile messages (issue 10): deliver what there is no reason to
refuse, refuse only on findings, and never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from mail_lint import hook
from mail_lint.cli import main

HEADERS = (b"From: Mark Lee <mark@example.org>\r\nTo: Dana Whitfield <dana@example.com>\r\n"
           b"Subject: My application\r\nMIME-Version: 1.0\r\n")
FOLLOW_UP_BODY = (b"Dear Dana,\r\n\r\nThank you for the interview yesterday. I was so nervous that I "
                  b"forgot my own projects.\r\n\r\nMark\r\n")
FOLLOW_UP = HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + FOLLOW_UP_BODY


@pytest.fixture
def spool(tmp_path):
    return tmp_path / "delivered.eml"


def delivery(spool):
    return [sys.executable, "-c", f"import sys; open({str(spool)!r}, 'wb').write(sys.stdin.buffer.read())"]


def send(message, command, env=None, args=()):
    return CliRunner().invoke(main, ["sendmail", *args, "--", *command], input=message, env=env or {})


def multipart(*parts: bytes) -> bytes:
    body = b"".join(b"--XYZ\r\n" + part + b"\r\n" for part in parts) + b"--XYZ--\r\n"
    return HEADERS + b'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\n' + body


ATTACHMENT_ONLY = multipart(b"Content-Type: application/pdf; name=cv.pdf\r\nContent-Transfer-Encoding: base64\r\n"
                            b"Content-Disposition: attachment; filename=cv.pdf\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n")
FORWARD_ONLY = multipart(b"Content-Type: message/rfc822\r\n\r\nFrom: someone@example.com\r\nSubject: Notes\r\n"
                         b"\r\nHere are the notes from the meeting.\r\n")
NUL_IN_BODY = (HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
               b"Hi Tom,\r\n\r\nThe invoice\x00 is attached.\r\n\r\nMark\r\n")


@pytest.mark.parametrize("message", [ATTACHMENT_ONLY, FORWARD_ONLY, NUL_IN_BODY],
                         ids=["attachment-only", "forward-as-attachment", "nul-byte"])
def test_a_message_with_nothing_to_refuse_is_delivered_untouched_and_silently(spool, message):
    result = send(message, delivery(spool))
    assert result.exit_code == 0, result.stderr
    assert result.output == ""
    assert spool.read_bytes() == message


def test_a_follow_up_with_a_nul_byte_is_still_refused(spool):
    message = FOLLOW_UP.replace(b"forgot", b"for\x00got")
    result = send(message, delivery(spool))
    assert result.exit_code == hook.EX_DATAERR and not spool.exists()


def test_a_body_too_large_to_check_in_time_is_delivered_with_a_one_line_warning(spool):
    body = FOLLOW_UP_BODY + b"The log follows.\r\n" + b"2026-11-29 12:00:00 INFO request served\r\n" * 26_000
    message = HEADERS + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    assert len(body) > hook.MAX_CHECKED_CHARS
    result = send(message, delivery(spool))
    assert result.exit_code == 0
    assert spool.read_bytes() == message
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "too large" in lines[0] and "sent unchecked" in lines[0]


def test_a_body_too_large_is_refused_when_configured(spool, tmp_path):
    config = tmp_path / ".mail-lint.toml"
    config.write_text('large-message = "refuse"\n', encoding="utf-8")
    body = b"Hello Tom,\r\n" + b"2026-11-29 12:00:00 INFO request served\r\n" * 26_000
    message = HEADERS + b"Content-Type: text/plain\r\n\r\n" + body
    result = send(message, delivery(spool), args=("--config", str(config)))
    assert result.exit_code == hook.EX_DATAERR and not spool.exists()
    assert "too large" in result.stderr and "not sent" in result.stderr


def test_skip_header_as_the_last_header_of_a_crlf_message(spool):
    message = FOLLOW_UP.replace(b"charset=utf-8\r\n\r\n", b"charset=utf-8\r\nX-Mail-Lint: skip\r\n\r\n")
    result = send(message, delivery(spool))
    assert result.exit_code == 0, result.stderr
    assert spool.read_bytes() == FOLLOW_UP


def test_skip_header_folded_over_two_lines(spool):
    message = FOLLOW_UP.replace(b"Subject:", b"X-Mail-Lint:\r\n skip\r\nSubject:")
    result = send(message, delivery(spool))
    assert result.exit_code == 0, result.stderr
    assert spool.read_bytes() == FOLLOW_UP


def test_a_delivery_command_that_cannot_be_executed_is_69_with_a_clear_error(spool, tmp_path):
    script = tmp_path / "deliver"
    script.write_text("cat > /dev/null\n", encoding="utf-8")  # no #! line
    script.chmod(0o755)
    result = send(FOLLOW_UP.replace(b"nervous", b"glad"), [str(script)], env={"MAIL_LINT_SKIP": "1"})
    assert result.exit_code == hook.EX_UNAVAILABLE == 69
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(script) in result.stderr and "#!" in result.stderr


def test_closed_standard_input_is_a_one_line_error(spool):
    command = f"exec 0<&-; exec {sys.executable} -m mail_lint sendmail -- cat"
    completed = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120)
    assert completed.returncode == hook.EX_NOINPUT
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1 and "standard input" in completed.stderr
