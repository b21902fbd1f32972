"""HTML and Markdown reports: the same data object, everything from a draft escaped."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.report.rendered import markdown_text

from .conftest import ROOT

HOSTILE = ("Dear Ms. Park,\n\nThank you for the interview. <script>window.pwned = 1</script>\n"
           "I was so nervous <img src=x onerror=\"window.pwned = 2\"> and {{ 7 * 7 }} {% raw %}\n"
           "Could you share any feedback? [link](javascript:alert(1))\n\n"
           "On Mon, Dana Park wrote:\n> We chose others.\n")


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def render(tmp_path, *args, text=HOSTILE, name="hostile.txt"):
    draft = tmp_path / name
    draft.write_text(text, encoding="utf-8")
    out = tmp_path / "report.out"
    result = CliRunner().invoke(main, ["--assume-followup", "-o", str(out), *args, str(draft)])
    return result, out.read_text(encoding="utf-8") if out.exists() else ""


def test_markdown_report_golden(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["--format", "markdown", "examples/mixed.txt", "examples/clean-followup.txt",
                                       "examples/ordinary-invoice.txt"])
    assert result.exit_code == 1
    assert result.stdout == (ROOT / "tests" / "fixtures" / "golden" / "report.md").read_text(encoding="utf-8")


def test_html_report_structure(tmp_path):
    result, html = render(tmp_path, "--format", "html")
    assert result.exit_code == 1
    page = Structure()
    page.feed(html)
    tags = [tag for tag, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
    marks = [attrs["class"] for tag, attrs in page.tags if tag == "mark" and "title" in attrs]
    assert marks == ["cat-thank-you", "cat-excuse", "cat-feedback-request"]
    legend = [attrs["class"] for tag, attrs in page.tags if tag == "mark" and "title" not in attrs]
    assert legend == ["cat-thank-you", "cat-second-chance", "cat-excuse", "cat-apology", "cat-feedback-request",
                      "cat-addressing"]
    text = "".join(page.text)
    assert "<script>window.pwned = 1</script>" in text  # shown as text, exactly as written
    assert '<img src=x onerror="window.pwned = 2">' in text
    # the template expression is shown, never evaluated (the draft's folder, which may hold "49", aside)
    assert "{{ 7 * 7 }}" in text and "49" not in text.replace(str(tmp_path), "")
    assert "don't send this: 3 findings in 3 categories" in text
    assert "Context: an interview follow-up" in text
    assert "We chose others." in text  # the quote is shown, dimmed
    assert 'class="context-text"' in html
    assert "Before you write again" in text and "as actors do after an audition" in text


def test_markdown_escapes_the_draft(tmp_path):
    name = "<img src=x onerror=alert(1)>.txt"
    _, markdown = render(tmp_path, "--format", "markdown", name=name)
    assert "<script>" not in markdown and "<img" not in markdown
    heading = f"### {markdown_text(str(tmp_path / name))}\n"  # the file name, as text
    assert heading.endswith("/&lt;img src=x onerror=alert(1)&gt;.txt\n") and heading in markdown
    assert markdown_text("[x](y) *b* <i>") == "\\[x\\](y) \\*b\\* &lt;i&gt;"


def test_user_template_gets_the_same_data(tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("{% for f in report.files %}{{ f.path }}={{ f.findings | length }};{% endfor %}"
                        "{{ report.summary.findings }}", encoding="utf-8")
    result, text = render(tmp_path, "--template", str(template))
    assert result.exit_code == 1
    assert text.endswith("=3;3")
    html_template = tmp_path / "mine.html"
    html_template.write_text("{% for f in report.files %}{% for s in f.segments %}{{ s.text }}{% endfor %}{% endfor %}",
                             encoding="utf-8")
    _, html = render(tmp_path, "--template", str(html_template))
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_broken_user_template_is_one_line_exit_2(tmp_path):
    template = tmp_path / "broken.md.j2"
    template.write_text("{{ report.no_such_key }}", encoding="utf-8")
    result, _ = render(tmp_path, "--template", str(template))
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"mail-lint: {template}: ")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_reports_of_a_clean_folder(tmp_path, kind):
    (tmp_path / "a.txt").write_text("Hi Tom, the invoice is attached.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", kind, str(tmp_path)])
    assert result.exit_code == 0
    expected = "0 should not be sent" if kind == "html" else "**0** should not be sent"
    assert expected in result.stdout
