"""The pre-send hook: decide whether a message may go, and hand it over untouched when it may.

``mail-lint sendmail -- COMMAND ARGS`` stands in for sendmail in a mail client (NeoMutt's and Mutt's
``$sendmail``, aerc's ``outgoing``, Emacs's ``sendmail-program``, git send-email's
``--sendmail-cmd``). What it delivers is byte for byte what the client gave, except for the
``X-Mail-Lint: skip`` header, which is removed so that it never reaches the recipient.
"""
from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from collections.abc import Sequence

from .finding import FileResult
from .report.visible import visible

EX_NOINPUT = 66  # no message to read: standard input is closed
EX_DATAERR = 65  # refused: NeoMutt and Mutt read 126 as "sent in the background", so never 126
EX_UNAVAILABLE = 69  # the delivery command could not be run
EX_TEMPFAIL = 75  # mail-lint itself failed and the policy is fail-closed
SKIP_HEADER = "X-Mail-Lint"
SKIP_ENV = "MAIL_LINT_SKIP"
FAIL_OPEN_ENV = "MAIL_LINT_FAIL_OPEN"
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_SKIP_LINE = re.compile(rb"(?im)^x-mail-lint:(?:[ \t]|\r?\n[ \t])*skip[ \t]*\r?\n(?:[ \t][^\r\n]*\r?\n)*")
MAX_CHECKED_CHARS = 1_000_000  # a body longer than this (a pasted log) cannot be linted in the time a hook may take
LARGE_MESSAGE_POLICIES = ("send", "refuse")


def read_message() -> bytes | None:
    """The whole message on standard input, or None when there is no standard input (it is closed)."""
    if sys.stdin is None:
        return None
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError):
        return None


def lintable(message: bytes) -> bytes:
    """The message as it is linted (never as it is delivered): a NUL byte is read as a space, so that a
    stray one does not make a text message "binary"."""
    return message.replace(b"\x00", b" ")


def too_large(text: str) -> bool:
    return len(text) > MAX_CHECKED_CHARS


def too_large_note(policy: str) -> str:
    if policy == "refuse":
        return (f"mail-lint: not sent - the message is too large to check in time (over {MAX_CHECKED_CHARS:,} "
                f"characters of text); send it anyway with the header \"{SKIP_HEADER}: skip\" or {SKIP_ENV}=1.\n")
    return (f"mail-lint: the message is too large to check in time (over {MAX_CHECKED_CHARS:,} characters of "
            f"text); sent unchecked.\n")


def strip_skip_header(message: bytes) -> tuple[bytes, bool]:
    """(the message without ``X-Mail-Lint: skip``, whether it was there); nothing else changes."""
    end = _HEADER_END.search(message)
    # the header ends after the last header line's own line break ("\r\n" in a CRLF message)
    header_end = end.start() + (2 if message[end.start() : end.start() + 1] == b"\r" else 1) if end else len(message)
    header = message[:header_end]
    stripped, count = _SKIP_LINE.subn(b"", header)
    return (stripped + message[header_end:], True) if count else (message, False)


def skip_requested(environ: dict[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(SKIP_ENV, "")
    return value.strip().lower() not in ("", "0", "no", "false")


def fail_open_requested(configured: bool, environ: dict[str, str] | None = None) -> bool:
    value = (environ if environ is not None else os.environ).get(FAIL_OPEN_ENV)
    if value is None:
        return configured
    return value.strip().lower() not in ("", "0", "no", "false")


def refusal(results: Sequence[FileResult], limit: int = 6) -> str:
    """The few lines a mail client shows when the hook refuses: what, where, and how to send anyway."""
    findings = [f for result in results for f in result.findings]
    lines = [f"mail-lint: not sent - this reads like a follow-up that will not change the decision "
             f"({len(findings)} finding{'s' if len(findings) != 1 else ''}):"]
    for finding in findings[:limit]:
        evidence = visible(" ".join(finding.evidence.split()))
        if len(evidence) > 60:
            evidence = evidence[:57] + "..."
        lines.append(f"  line {finding.line}: {finding.rule_id}: \"{evidence}\"")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    lines.append(f"Edit the draft, or send it anyway: add the header \"{SKIP_HEADER}: skip\" (removed before")
    lines.append(f"delivery) or run the client with {SKIP_ENV}=1.")
    return "\n".join(lines) + "\n"


def deliver(command: Sequence[str], message: bytes) -> tuple[int, str | None]:
    """Pipe the message to the real delivery command; (exit status to use, problem or None)."""
    try:
        completed = subprocess.run(list(command), input=message, check=False)
    except FileNotFoundError:
        return EX_UNAVAILABLE, f"delivery command not found: {command[0]}"
    except PermissionError:
        return EX_UNAVAILABLE, f"delivery command not executable: {command[0]}"
    except OSError as error:
        if error.errno == errno.ENOEXEC:
            return EX_UNAVAILABLE, (f"delivery command cannot be run: {command[0]}: not a program, and a script "
                                    f"needs a #! line naming its interpreter")
        return EX_UNAVAILABLE, f"delivery command cannot be run: {command[0]}: {error.strerror or error}"
    if completed.returncode == 126:  # would read as "sent in the background" to NeoMutt
        return EX_TEMPFAIL, f"{command[0]} exited 126; reported as 75 so that the client does not think it was sent"
    if completed.returncode < 0:
        return EX_TEMPFAIL, f"{command[0]} was killed by signal {-completed.returncode}"
    return completed.returncode, None
