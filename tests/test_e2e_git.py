"""End to end: git send-email with mail-lint as its sendemail-validate hook and as its sendmail.

Needs git's send-email (Debian package git-email, with libmailtools-perl); without it these skip.
Nothing leaves the machine: delivery is a script that appends to a local mbox.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

MAIL_LINT = Path(sys.executable).parent / "mail-lint"


def _has_send_email() -> bool:
    if shutil.which("git") is None:
        return False
    return subprocess.run(["git", "send-email", "--help"], capture_output=True, check=False).returncode == 0


pytestmark = pytest.mark.skipif(
    not _has_send_email(), reason="git send-email is not installed (Debian packages git-email, libmailtools-perl)"
)
FOLLOW_UP_MESSAGE = ("Thank you for the interview about the maintainer role\n\n"
                     "I was so nervous during the interview yesterday, sorry.\n")
CLEAN_MESSAGE = "docs: fix a typo in the README\n\nThe install command was missing a dot.\n"


@pytest.fixture
def repo(tmp_path):
    if not MAIL_LINT.exists():
        pytest.skip(f"the mail-lint console script is not installed next to {sys.executable}")
    work = tmp_path / "repo"
    work.mkdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "Mark Lee", "GIT_AUTHOR_EMAIL": "mark@example.org",
           "GIT_COMMITTER_NAME": "Mark Lee", "GIT_COMMITTER_EMAIL": "mark@example.org", "HOME": str(tmp_path)}
    git = lambda *args: subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    mbox = tmp_path / "sent.mbox"
    deliver = tmp_path / "deliver"
    deliver.write_text(f"#!{sys.executable}\nimport sys\nopen({str(mbox)!r}, 'ab').write(sys.stdin.buffer.read())\n",
                       encoding="utf-8")
    deliver.chmod(0o755)

    def commit(message: str, text: str) -> None:
        (work / "README").write_text(text, encoding="utf-8")
        git("add", "README")
        git("commit", "-q", "-m", message)

    def send(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["git", "send-email", "--to=dana@example.com", "--confirm=never", "--quiet", "--no-annotate",
             "--suppress-cc=all", *options, "-1"],
            cwd=work, env=env, capture_output=True, text=True, check=False, timeout=120,
        )

    return work, commit, send, deliver, mbox


def install_validate_hook(work: Path) -> None:
    hook = work / ".git" / "hooks" / "sendemail-validate"
    hook.write_text(f'#!/bin/sh\nexec "{MAIL_LINT}" "$1"\n', encoding="utf-8")  # README: exec mail-lint "$1"
    hook.chmod(0o755)


def test_validate_hook_refuses_a_follow_up_patch_and_passes_a_clean_one(repo):
    work, commit, send, deliver, mbox = repo
    install_validate_hook(work)
    # the diff itself is full of discouraged phrases: only the commit message may count
    commit(FOLLOW_UP_MESSAGE, "I am so sorry, thank you for the interview, please reconsider.\n")
    refused = send(f"--sendmail-cmd={deliver}")
    assert refused.returncode != 0
    assert "thank-you.for-the-interview" in refused.stdout + refused.stderr
    assert not mbox.exists()
    commit(CLEAN_MESSAGE, "I am so sorry I was nervous; thank you for the interview.\n")
    sent = send(f"--sendmail-cmd={deliver}")
    assert sent.returncode == 0, sent.stderr
    assert "Subject: [PATCH] docs: fix a typo in the README" in mbox.read_text(encoding="utf-8")


def test_sendmail_wrapper_as_git_sendmail_cmd(repo):
    work, commit, send, deliver, mbox = repo
    wrapper = f"{MAIL_LINT} sendmail --isolated -- {deliver}"
    commit(FOLLOW_UP_MESSAGE, "plain text\n")
    refused = send(f"--sendmail-cmd={wrapper}")
    assert refused.returncode != 0 and "mail-lint: not sent" in refused.stderr
    assert not mbox.exists()
    commit(CLEAN_MESSAGE, "Thank you for the interview, I am so sorry I was nervous.\n")  # only in the diff
    sent = send(f"--sendmail-cmd={wrapper}")
    assert sent.returncode == 0, sent.stderr
    delivered = mbox.read_text(encoding="utf-8")
    assert "Thank you for the interview, I am so sorry" in delivered  # delivered untouched, diff and all
