"""Messages that say what is wrong (issue 10)."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from tests.conftest import ROOT

FOLLOW_UP = "Dear Ms. Park,\n\nThank you for taking the time to interview me for the analyst role.\nI was so nervous.\n"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path, encoding):
    path = tmp_path / "draft.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
           "utf-32-be": b"\x00\x00\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + FOLLOW_UP.encode(encoding))
    result = run(path)
    assert result.exit_code == 1, result.stderr
    assert f"{path}:4:1: warning excuse.nerves" in result.stdout


@pytest.mark.parametrize("content, problem", [
    (b"From 1234567890123456789012345678901234567890 Mon Sep 17 00:00:00 2001", "truncated"),
    (b"From: A <a@example.com>\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\n"
     b'Content-Type: multipart/mixed; boundary="QQQ"\n\nHello there, the plan is attached.\n', 'boundary "QQQ"'),
    (b"From: A <a@example.com>\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
     b"From: c@example.com\nSubject: y\n\nInner text.\n", "forwards a message"),
], ids=["truncated-patch", "missing-boundary", "rfc822-only"])
def test_broken_messages_say_what_is_wrong(tmp_path, content, problem):
    path = tmp_path / "message.eml"
    path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[0]
    assert str(path) in line and problem in line, line


def test_a_template_with_a_data_format_is_refused(tmp_path):
    (tmp_path / "t.html.j2").write_text("{{ report.summary.files }}", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = run("--format", "json", "--template", tmp_path / "t.html.j2", tmp_path / "draft.txt")
    assert result.exit_code == 2
    assert "--template" in result.stderr and "json" in result.stderr


PACK = """category: my-pack
summary: Something.
why: Because.
instead: Other things.
rules:
  - id: shout
    message: Do not shout.
    phrases: [hear me now]
    examples:
      fail: [hear me now]
      pass: [hello]
"""


def test_yml_packs_are_read(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "my-pack.yml").write_text(PACK, encoding="utf-8")
    result = run("check-patterns", tmp_path / "pack")
    assert result.exit_code == 0, result.stderr
    assert "1 rules" in result.stderr
    (tmp_path / "draft.txt").write_text("Dear Dana,\n\nThank you for the interview. Hear me now.\n", encoding="utf-8")
    linted = run("--assume-followup", "--extra-patterns", tmp_path / "pack", tmp_path / "draft.txt")
    assert "my-pack.shout" in linted.stdout


def test_a_pack_folder_without_rules_is_an_error(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "notes.txt").write_text("nothing", encoding="utf-8")
    for args in (["check-patterns", tmp_path / "pack"], ["--extra-patterns", tmp_path / "pack", tmp_path / "pack"]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "no pattern files" in result.stderr and str(tmp_path / "pack") in result.stderr


def test_rule_and_rules_show_a_custom_packs_rules(tmp_path):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "my-pack.yaml").write_text(PACK, encoding="utf-8")
    listing = run("rules", "--extra-patterns", tmp_path / "pack")
    assert listing.exit_code == 0 and "my-pack.shout" in listing.stdout
    explained = run("rule", "--extra-patterns", tmp_path / "pack", "my-pack.shout")
    assert explained.exit_code == 0 and "Do not shout." in explained.stdout


@pytest.mark.parametrize("args", [["rules"], ["rules", "--format", "markdown"], ["rule", "addressing"]])
def test_rule_listings_show_no_raw_message_template(args):
    result = run(*args)
    assert result.exit_code == 0
    assert not re.search(r"\{(evidence|recipient|addressee)\}", result.stdout)
    assert "greeting-name" in result.stdout


def test_readme_quick_start_says_what_exit_1_means_and_what_the_end_to_end_tests_need():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"exit status (is )?1 means (it found )?findings|1 means findings", quick_start)
    for package in ("neomutt", "tmux", "git-email", "chromium", "neovim"):
        assert package in quick_start
