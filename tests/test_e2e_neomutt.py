"""End to end: NeoMutt, driven in tmux, sends through ``mail-lint sendmail``.

A draft with discouraged phrases is refused: NeoMutt shows mail-lint's note in its delivery pager
and nothing reaches the mailbox. A clean draft is delivered to a local mbox. The programs come from
Debian's neomutt and tmux packages (.ci/run installs them); without them these tests skip.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("neomutt") is None or shutil.which("tmux") is None,
    reason="NeoMutt end-to-end tests need the neomutt and tmux programs (Debian packages neomutt, tmux)",
)
MAIL_LINT = Path(sys.executable).parent / "mail-lint"  # the console script: its shebang keeps the venv


@pytest.fixture
def neomutt(tmp_path):
    if not MAIL_LINT.exists():
        pytest.skip(f"the mail-lint console script is not installed next to {sys.executable}")
    mbox = tmp_path / "sent.mbox"
    writer = tmp_path / "deliver-to-mbox"
    writer.write_text(
        f"#!{sys.executable}\nimport sys\nwith open({str(mbox)!r}, 'ab') as f:\n"
        "    f.write(b'From mail-lint-test Thu Jan  1 00:00:00 1970\\n' + sys.stdin.buffer.read() + b'\\n')\n",
        encoding="utf-8",
    )
    writer.chmod(0o755)
    (tmp_path / "inbox").touch()
    rc = tmp_path / "muttrc"
    rc.write_text("\n".join([
        f'set sendmail="{MAIL_LINT} sendmail --isolated -- {writer}"',
        'set from="Mark Lee <mark@example.org>"', "set use_from=yes", 'set record=""', "set copy=no",
        f"set folder={tmp_path}", f"set spoolfile={tmp_path / 'inbox'}", "set mbox_type=mbox",
        'set editor="true"', "set sendmail_wait=0", 'set header_cache=""', "set help=yes",
    ]) + "\n", encoding="utf-8")
    session = f"mail-lint-{uuid.uuid4().hex[:8]}"

    def send(draft_text: str) -> str:
        draft = tmp_path / "draft.eml"
        draft.write_text(draft_text, encoding="utf-8")
        # remain-on-exit: the pane and its last screen stay when NeoMutt exits, so the test reads the
        # screen's state whenever it gets there (no sleep keeps the pane alive).
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40",
                        f"neomutt -n -F {rc} -H {draft}", ";", "set-window-option", "-t", session,
                        "remain-on-exit", "on"], check=True)
        wait_for(session, "To:")
        tmux(session, "Enter")  # accept the recipients
        wait_for(session, "Subject:")
        tmux(session, "Enter")  # accept the subject
        wait_for(session, "y:Send")
        tmux(session, "y")
        # NeoMutt prints "Error sending message, child exited N" and then opens its delivery pager;
        # whether that line survives the pager's first redraw is a race, so wait for either.
        return wait_for(session, "Output of the delivery process", "Error sending message", "Mail sent",
                        timeout=60)

    def leave_pager() -> str:
        tmux(session, "i")
        return wait_for(session, "NeoMutt: Compose", "Mail sent")

    yield send, leave_pager, mbox
    subprocess.run(["tmux", "kill-session", "-t", session], check=False, capture_output=True)


def tmux(session: str, *keys: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def wait_for(session: str, *texts: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True,
                                check=False).stdout
        if any(text in screen for text in texts):
            return screen
        time.sleep(0.3)
    raise AssertionError(f"none of {texts} appeared on the screen:\n{screen}")


DRAFT = ("From: Mark Lee <mark@example.org>\nTo: Dana Whitfield <dana@example.com>\nSubject: {subject}\n\n"
         "Dear Dana,\n\n{body}\n\nMark\n")


def test_neomutt_refuses_a_follow_up_and_shows_why(neomutt):
    send, leave_pager, mbox = neomutt
    screen = send(DRAFT.format(subject="Interview",
                               body="Thank you for the interview yesterday. I was so nervous."))
    assert "Output of the delivery process" in screen
    assert "mail-lint: not sent" in screen
    assert "thank-you.for-the-interview" in screen and "X-Mail-Lint: skip" in screen
    # NeoMutt took the exit status as a failure (65, not 126 "sent in the background"): once the
    # pager is closed the draft is still open in the compose screen, and nothing was delivered.
    assert "NeoMutt: Compose" in leave_pager()
    assert not mbox.exists()


def test_neomutt_delivers_a_clean_message(neomutt):
    send, _, mbox = neomutt
    body = "The signed contract is attached; see you on the first day."
    screen = send(DRAFT.format(subject="Contract", body=body))
    assert "Error sending message" not in screen
    delivered = mbox.read_text(encoding="utf-8")
    assert "Subject: Contract" in delivered and body in delivered and "To: Dana Whitfield" in delivered
