"""HTML to the text a reader sees, with each character's offset in the HTML (stdlib html.parser).

Scripts, styles and the head are dropped; block elements and <br> become line breaks; entities are
decoded; the whitespace HTML collapses becomes spaces. Quoted replies - Gmail's ``gmail_quote``,
``<blockquote type="cite">`` (Apple Mail, Thunderbird), Outlook's ``divRplyFwdMsg`` / ``appendonsend``
and Thunderbird's ``moz-cite-prefix`` - are reported as quote ranges.
"""
from __future__ import annotations

import html
from html.parser import HTMLParser

from .offsets import MappedText

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})
_BLOCKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "hr", "section", "article", "header", "footer", "dd", "dt", "dl", "address", "td", "th",
})
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "table", "pre", "hr"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"})
_QUOTE_CLASSES = ("gmail_quote", "moz-cite-prefix", "yahoo_quoted", "protonmail_quote")
_QUOTE_IDS = ("divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container")


class _Extractor(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        self.line_starts.extend(i + 1 for i, c in enumerate(source) if c == "\n")
        self.out = MappedText()
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a quote)
        self.quote_depth = 0
        self.quote_start = 0
        self.quotes: list[tuple[int, int]] = []
        self.rest_is_quote = False  # Outlook: everything after the reply header is the old thread

    def _position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def emit(self, text: str, start: int | None = None) -> None:
        if self.skip_depth:
            return
        self.out.add(text, start if start is not None else self._position())

    def newline(self, paragraph: bool = False) -> None:
        """End the line (a blank line after a paragraph), without piling up empty lines."""
        if self.skip_depth or not self.out.chars:
            return
        wanted = 2 if paragraph else 1
        trailing = 0
        for char in reversed(self.out.chars[-2:]):
            if char != "\n":
                break
            trailing += 1
        for _ in range(max(0, wanted - trailing)):
            self.out.add("\n", offsets=[self._position()])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: (value or "") for name, value in attrs}
        if tag in _SKIPPED:
            self.skip_depth += 1
        if tag == "br":
            if not self.skip_depth:
                self.out.add("\n", offsets=[self._position()])
        elif tag in _BLOCKS:
            self.newline(paragraph=tag in _PARAGRAPHS)
        opens_quote = self._is_quote(tag, attributes)
        if opens_quote:
            if self.quote_depth == 0:
                self.quote_start = len(self.out)
            self.quote_depth += 1
        if attributes.get("id") in _QUOTE_IDS:
            self.rest_is_quote = True
            self.quote_start = min(self.quote_start, len(self.out)) if self.quote_depth else len(self.out)
        if tag not in _VOID:
            self.stack.append((tag, opens_quote))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.skip_depth:
            self.out.add("\n", offsets=[self._position()])
        elif tag in _BLOCKS:
            self.newline()

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, opened_quote = self.stack.pop()
            if open_tag in _SKIPPED:
                self.skip_depth = max(0, self.skip_depth - 1)
            if opened_quote:
                self.quote_depth -= 1
                if self.quote_depth == 0 and not self.rest_is_quote:
                    self.quotes.append((self.quote_start, len(self.out)))
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self.newline(paragraph=tag in _PARAGRAPHS)

    def handle_data(self, data: str) -> None:
        self.emit("".join(" " if c.isspace() else c for c in data))

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, reference: str) -> None:
        text = html.unescape(reference)
        self.emit(" " if text.isspace() else text)

    @staticmethod
    def _is_quote(tag: str, attributes: dict[str, str]) -> bool:
        if tag == "blockquote" and attributes.get("type", "").lower() == "cite":
            return True
        classes = attributes.get("class", "").split()
        return any(name in classes for name in _QUOTE_CLASSES)

    def finish(self) -> tuple[MappedText, list[tuple[int, int]]]:
        self.close()
        if self.quote_depth:
            self.quotes.append((self.quote_start, len(self.out)))
        if self.rest_is_quote:
            self.quotes.append((self.quote_start, len(self.out)))
        self.out.end_offset = len(self.source)
        return self.out, self.quotes


def html_to_text(source: str) -> tuple[MappedText, list[tuple[int, int]]]:
    """The readable text of ``source`` (offsets into ``source``) and its quoted ranges."""
    extractor = _Extractor(source)
    extractor.feed(source)
    return extractor.finish()
