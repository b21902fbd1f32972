"""Output that must not hurt its reader (issue 10): the same hostile message through every format."""
from __future__ import annotations

import json
import re
import sys
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from mail_lint.cli import main

CONTROLS = "\x1b]0;pwned\x07\x1b[2J"
HOSTILE = (
    'From: Mark Lee <mark@example.org>\nTo: "<img src=x onerror=alert(1)>" <dana@example.com>\n'
    "Subject: Interview\n\nDear Mark,\n\nThank you for the interview yesterday " + CONTROLS
    + " <script>alert(1)</script>. I was so nervous about it.\n\nMark\n"
)
RAW_MARKUP = ("<img", "<script")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


@pytest.fixture
def message(tmp_path):
    path = tmp_path / "hostile.eml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_the_hostile_message_has_findings_from_the_display_name_and_the_controls(message):
    result = run("--format", "json", message)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert any("<img" in f["message"] for f in findings)  # the data keeps what was written ...
    assert any("\x1b" in f["evidence"] for f in findings)


def test_text_output_shows_control_characters_and_interprets_none(message):
    result = run(message)
    assert result.exit_code == 1
    assert not _CONTROL.search(result.stdout.replace("\n", ""))
    assert "\\x1b]0;pwned\\x07" in result.stdout


@pytest.mark.parametrize("output_format", ["html", "markdown"])
def test_rendered_reports_escape_everything_from_the_message(message, output_format):
    result = run("--format", output_format, message)
    assert result.exit_code == 1
    for markup in RAW_MARKUP:
        assert markup not in result.stdout


@pytest.mark.parametrize("suffix", [".xhtml.j2", ".html.j2", ".xml.j2", ".htm"])
def test_a_markup_template_is_autoescaped(message, tmp_path, suffix):
    template = tmp_path / f"x{suffix}"
    template.write_text("{% for file in report.files %}{% for f in file.findings %}<p>{{ f.message }} "
                        "{{ f.evidence }}</p>{% endfor %}{% endfor %}\n", encoding="utf-8")
    result = run("--template", template, message)
    assert "onerror" in result.stdout
    for markup in RAW_MARKUP:
        assert markup not in result.stdout


def test_junit_is_well_formed_xml_with_the_controls_made_visible(message):
    result = run("--format", "junit", message)
    suite = ElementTree.fromstring(result.stdout)
    assert suite.find(".//failure") is not None
    assert not _CONTROL.search(result.stdout.replace("\n", ""))


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_formats_escape_controls(message, output_format):
    result = run("--format", output_format, message)
    json.loads(result.stdout)
    assert not _CONTROL.search(result.stdout.replace("\n", ""))


def test_github_annotations_stay_one_line_each_and_show_controls(message):
    result = run("--format", "github", message)
    assert all(line.startswith("::") for line in result.stdout.splitlines())
    assert not _CONTROL.search(result.stdout.replace("\n", ""))


def test_the_hooks_refusal_note_shows_control_characters(tmp_path):
    spool = tmp_path / "out"
    command = [sys.executable, "-c", f"open({str(spool)!r}, 'wb')"]
    result = CliRunner().invoke(main, ["sendmail", "--", *command], input=HOSTILE.encode())
    assert result.exit_code == 65
    assert not _CONTROL.search(result.stderr.replace("\n", ""))


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path):
    (tmp_path / "two\nlines.eml").write_text(HOSTILE, encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert all(line.startswith(str(tmp_path)) for line in result.stdout.splitlines())
    assert "two\\nlines.eml" in result.stdout


def test_the_report_never_replaces_an_input(message):
    before = message.read_bytes()
    result = run("-o", message, message)
    assert result.exit_code == 2
    assert "input" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert message.read_bytes() == before


def test_a_second_run_does_not_lint_the_report_the_first_wrote_into_the_folder(tmp_path, message):
    (tmp_path / "draft.txt").write_text("Dear Dana,\n\nThank you for the interview. I was so nervous.\n",
                                        encoding="utf-8")
    for output_format, name in (("html", "report.html"), ("markdown", "report.md")):
        assert run("--format", output_format, "-o", tmp_path / name, tmp_path).exit_code == 1
    again = run("--format", "json", tmp_path)
    paths = {f["path"].rsplit("/", 1)[-1] for f in json.loads(again.stdout)["files"]}
    assert paths == {"draft.txt", "hostile.eml"}
