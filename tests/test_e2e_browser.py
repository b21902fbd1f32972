"""The HTML report in a real browser: headless Chromium (Debian's package), driven by Playwright.

Checks what a person would see - the summary, the legend, the highlighted evidence - that no script
from a draft runs, and that the page fetches nothing. The screenshot is kept in test-artifacts/.
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from mail_lint.cli import main

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
HOSTILE = ("Dear Ms. Park,\n\nThank you for the interview. <script>window.pwned = 1</script>\n"
           "I was so nervous <img src=x onerror=\"window.pwned = 2\"> <b>bold?</b>\n"
           "Could you share any feedback?\n")


def test_report_in_chromium(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    for name in ("mixed.txt", "ordinary-invoice.txt", "second-chance.txt"):
        shutil.copy(ROOT / "examples" / name, drafts / name)
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["--format", "html", "-o", str(report), str(drafts)])
    assert result.exit_code == 1, result.output
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, java_script_enabled=True)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        assert page.locator("#summary").is_visible()
        assert page.locator("#legend").is_visible()
        legend = page.locator("#legend mark")
        assert legend.count() == 6  # the five follow-up categories and addressing
        backgrounds = legend.evaluate_all("marks => marks.map(e => getComputedStyle(e).backgroundColor)")
        assert len(set(backgrounds)) == 6  # each its own colour, from the CSS the pattern files make
        highlighted = page.locator(".draft mark")
        assert highlighted.count() >= 8
        assert highlighted.first.is_visible()
        background = highlighted.first.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # really highlighted
        assert page.evaluate("window.pwned") is None  # no script from a draft ran
        assert page.locator(".draft b").count() == 0
        assert page.get_by_text("<script>window.pwned = 1</script>").count() == 1  # shown as text
        assert requests == [report.as_uri()]  # nothing fetched but the page itself
        page.screenshot(path=str(artifacts / "report.png"), full_page=True)
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(report.as_uri())
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, "no sideways scrolling on a phone"
        phone.screenshot(path=str(artifacts / "report-phone.png"))
        browser.close()
    assert (artifacts / "report.png").stat().st_size > 10_000
