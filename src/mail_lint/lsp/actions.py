"""Code actions as plain edits of the document's text: (start, end, replacement) in code points.

- remove the sentence a finding is in, where the category's advice is to leave it out;
- skip mail-lint for this message: the ``X-Mail-Lint: skip`` header the sendmail hook honours and strips;
- disable a rule on the next line, or in the whole template, with the Jinja comment that
  ``sources.template.suppressions`` reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..hook import SKIP_HEADER
from ..patterns import CATEGORY_IDS, Rule
from .documents import Located

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")
# A blank line, a line ending in a comma or colon (a greeting) or an HTML tag bounds a sentence too.
_BREAK = re.compile(r"\n[ \t>]*\r?\n|[,:][ \t]*\r?\n|<[^>]*>|\A")
_HEADER_END = re.compile(r"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Action:
    title: str
    edits: tuple[Edit, ...]
    rule_id: str | None = None  # the finding it answers, if any
    preferred: bool = False


def removable(rule: Rule) -> bool:
    """The built-in categories all advise leaving the words out; a whole-draft check (a wrong name
    in the greeting) is fixed, not removed."""
    return rule.category in CATEGORY_IDS and rule.check is None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], with the spaces after it (or before it, at a line's end)."""
    window_start = max(0, start - 2000)
    before = text[window_start:start]
    begin = window_start
    for match in _SENTENCE_END.finditer(before):
        begin = window_start + match.end()
    for match in _BREAK.finditer(before):
        begin = max(begin, window_start + match.end())
    while begin < start and text[begin] in " \t\r\n":
        begin += 1
    window_end = min(len(text), end + 2000)
    after = text[end:window_end]
    stop = window_end
    ending = _SENTENCE_END.search(after)
    if ending:
        stop = end + ending.end()
    boundary = re.search(r"\r?\n[ \t>]*\r?\n|<", after)
    if boundary and end + boundary.start() < stop:
        stop = end + boundary.start()
    while stop > end and text[stop - 1] in " \t\r\n":
        stop -= 1
    trailing = stop
    while trailing < len(text) and text[trailing] in " \t":
        trailing += 1
    if trailing < len(text) and text[trailing] not in "\r\n<":
        return begin, trailing  # more follows on the line: take the spaces after the sentence
    leading = begin
    while leading > 0 and text[leading - 1] in " \t":
        leading -= 1
    return leading, trailing


def remove_sentence(text: str, item: Located) -> Action:
    begin, stop = sentence_span(text, item.start, item.end)
    return Action("mail-lint: remove this sentence", (Edit(begin, stop, ""),), item.finding.rule_id, preferred=True)


def skip_message(text: str) -> Action | None:
    """Add ``X-Mail-Lint: skip`` as the last header; None when the text has no header block."""
    match = _HEADER_END.search(text)
    if match is None:
        return None
    newline = "\r\n" if match.group().startswith("\r\n") else "\n"
    return Action("mail-lint: skip this message (add the X-Mail-Lint: skip header)",
                  (Edit(match.start(), match.start(), f"{newline}{SKIP_HEADER}: skip"),))


def disable_next_line(text: str, item: Located) -> Action:
    line_start = text.rfind("\n", 0, item.start) + 1
    indent = re.match(r"[ \t]*", text[line_start:]).group()
    newline = "\r\n" if text[line_start:].split("\n", 1)[0].endswith("\r") else "\n"
    comment = f"{indent}{{# mail-lint: disable-next-line={item.finding.rule_id} #}}{newline}"
    return Action(f"mail-lint: disable {item.finding.rule_id} on this line", (Edit(line_start, line_start, comment),),
                  item.finding.rule_id)


def disable_in_file(text: str, item: Located) -> Action:
    newline = "\r\n" if "\r\n" in text[:2000] else "\n"
    comment = f"{{# mail-lint: disable={item.finding.rule_id} #}}{newline}"
    return Action(f"mail-lint: disable {item.finding.rule_id} in this template", (Edit(0, 0, comment),),
                  item.finding.rule_id)
