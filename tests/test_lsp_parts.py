"""The language server's parts without the protocol: positions, edits, options, the missing extra."""
from __future__ import annotations

import subprocess
import sys

import pytest

from mail_lint.lsp.actions import sentence_span, skip_message
from mail_lint.lsp.positions import UTF8, UTF16, UTF32, LineIndex
from mail_lint.lsp.settings import ClientOptions


@pytest.mark.parametrize("encoding, expected", [(UTF16, 4), (UTF8, 6), (UTF32, 3)])
def test_an_astral_character_counts_in_the_agreed_code_units(encoding, expected):
    text = "first\r\nab\U0001F600 sorry\n"
    index = LineIndex(text)
    offset = text.index("sorry") - 1  # the space after the emoji
    assert index.position(offset, encoding) == (1, expected)
    assert index.offset(1, expected, encoding) == offset


def test_lsp_lines_break_at_cr_too_while_findings_count_newlines():
    text = "one\rtwo\nthree"
    index = LineIndex(text)
    assert index.position(text.index("two")) == (1, 0)  # a lone CR ends an LSP line
    assert index.offset_of_finding(2, 1) == text.index("three")  # Draft.position counts "\n" only
    assert index.offset(9, 0) == len(text)  # past the end: the end
    assert index.offset(0, 99) == len("one")  # past a line's end: that line's end


def test_a_position_inside_a_surrogate_pair_does_not_split_the_character():
    index = LineIndex("\U0001F600x")
    assert index.offset(0, 1) == 0


@pytest.mark.parametrize("text, evidence, removed", [
    ("Hi Ana,\nThanks. I am sorry I was late. See you.", "sorry", "I am sorry I was late. "),
    ("Thanks for the talk. I am sorry I was late.\n\nBest", "sorry", " I am sorry I was late."),
    ("<p>Hello.</p><p>I am sorry I was late</p>", "sorry", "I am sorry I was late"),
    ("Dear Ana,\nI am sorry I was\nlate again. Bye.", "sorry", "I am sorry I was\nlate again. "),
])
def test_sentence_span_takes_one_sentence_and_the_space_that_joins_it(text, evidence, removed):
    start = text.index(evidence)
    begin, end = sentence_span(text, start, start + len(evidence))
    assert text[begin:end] == removed


def test_the_skip_header_goes_last_in_the_header_block_with_the_drafts_line_ending():
    text = "To: a@example.org\r\nSubject: x\r\n\r\nBody\r\n"
    (edit,) = skip_message(text).edits
    assert text[: edit.start] + edit.new_text + text[edit.end :] == (
        "To: a@example.org\r\nSubject: x\r\nX-Mail-Lint: skip\r\n\r\nBody\r\n")
    assert skip_message("No headers here, and no blank line") is None


def test_initialization_options_are_checked():
    options = ClientOptions.parse({"ignore": ["apology", "excuse.nerves,excuse.illness"], "minSeverity": "warning",
                                   "debounceMs": 0})
    assert options.ignore == ("apology", "excuse.nerves", "excuse.illness") and options.debounce_ms == 0
    with pytest.raises(ValueError, match="unknown option 'ignor'"):
        ClientOptions.parse({"ignor": ["apology"]})
    with pytest.raises(ValueError, match="debounceMs"):
        ClientOptions.parse({"debounceMs": "fast"})


def test_without_pygls_the_command_says_so_in_one_line_and_exits_2():
    hide = ("import sys; sys.modules['pygls'] = None; sys.argv = ['mail-lint', 'lsp']; "
            "from mail_lint.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "mail-lint: the language server needs pygls, which is not installed; install it with: "
        "pip install 'mail-lint[lsp]'"]
