"""Template placeholders and in-template suppressions.

A placeholder stands for a word the template fills in, so it is read as one neutral word
(``{{ name }}``, ``{first_name}``, ``[Company]``, ``<FIRST NAME>``, ``%s``, ``%NAME%``, ``$name``,
``____``): matching works around it and it never causes a finding itself. Template logic (``{% if %}``,
``{{#section}}``) and comments (``{# ... #}``, ``{{! ... }}``) are read as nothing at all.

A Jinja comment suppresses findings, and is stripped when the template is rendered, so it never
reaches a recipient: ``{# mail-lint: disable=apology.sorry-to-bother #}`` for the whole file,
``{# mail-lint: disable-next-line=excuse #}`` for the line after the comment.
"""
from __future__ import annotations

import re

from ..masks import Mask, Suppression
from .suffixes import TEMPLATE_SUFFIXES  # noqa: F401  (the list lives in suffixes.py; imported from here too)

# Template syntax: read as nothing.
_LOGIC = [
    re.compile(r"\{#.*?#\}", re.DOTALL),  # Jinja comment
    re.compile(r"\{%-?.*?-?%\}", re.DOTALL),  # Jinja statement
    re.compile(r"\{\{\s*[#/^!>&].*?\}\}", re.DOTALL),  # Mustache section, inverted, comment, partial
]
# Placeholders: read as one word. Each with what every match of it begins with: a text without that is
# not searched (most mail has no "{", "$" or "___", and eight searches of every draft add up).
_PLACEHOLDERS = [
    ("{{{", re.compile(r"\{\{\{.*?\}\}\}")),  # Mustache unescaped
    ("{{", re.compile(r"\{\{.*?\}\}")),  # Jinja or Mustache expression
    ("$", re.compile(r"\$\{[A-Za-z_][\w.]*\}|\$[A-Za-z_]\w*")),  # ${name} $name
    ("{", re.compile(r"\{\s*[A-Za-z_][\w .\-]*\}")),  # {first_name} {Company Name}
    ("[", re.compile(r"\[[A-Z][^\[\]\n]{0,60}\]|\[[a-z]+(?:_[a-z]+)+\]")),  # [Company] [Your Name] [first_name]
    ("<", re.compile(r"<[A-Z][A-Z _\-]{1,40}>")),  # <FIRST NAME>
    ("%", re.compile(r"%\([A-Za-z_]\w*\)[sd]|%[A-Z][A-Z_]*%|%[sd]\b")),  # %(name)s %NAME% %s
    ("___", re.compile(r"_{3,}")),  # ____ blanks in printed forms
]
_DIRECTIVE = re.compile(r"\{#-?\s*mail-lint:\s*(disable|disable-next-line)\s*(?:=\s*([\w.,\s-]*?))?\s*-?#\}")


def placeholder_masks(text: str, template: bool) -> tuple[Mask, ...]:
    """Masks for the placeholders in ``text``; template logic only in template files."""
    masks: list[Mask] = []
    taken = bytearray(len(text))

    def claim(match: re.Match, word: bool) -> None:
        start, end = match.span()
        if end > start and not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            masks.append(Mask(start, end, word))

    if template:
        for pattern in _LOGIC:
            for match in pattern.finditer(text):
                claim(match, word=False)
    for start, pattern in _PLACEHOLDERS:
        if start in text:
            for match in pattern.finditer(text):
                claim(match, word=True)
    return tuple(sorted(masks, key=lambda m: m.start))


def suppressions(text: str) -> tuple[Suppression, ...]:
    """The ``{# mail-lint: ... #}`` directives of a template."""
    found = []
    for match in _DIRECTIVE.finditer(text):
        kind, rules = match.group(1), match.group(2) or ""
        prefixes = tuple(p.strip() for p in rules.split(",") if p.strip())
        line = text.count("\n", 0, match.start()) + 1
        found.append(Suppression(prefixes, line + 1 if kind == "disable-next-line" else None))
    return tuple(found)
