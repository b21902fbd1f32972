"""Text about the rules, generated from the pattern data: ``mail-lint rule ID``, ``rules``, README table."""
from __future__ import annotations

import re
import textwrap

from .pattern_syntax import pattern_items
from .patterns import Category, PatternSet, Rule


def explain(pattern_set: PatternSet, name: str) -> str:
    """A rule's or a category's explanation. Raises KeyError for an unknown name."""
    if "." in name:
        return _explain_rule(pattern_set.rule(name))
    category = pattern_set.category(name)
    parts = [_explain_category(category)]
    parts += [_explain_rule(rule) for rule in category.rules]
    return "\n".join(parts)


def _explain_category(category: Category) -> str:
    return (
        f"# {category.id}\n\n{_wrap(category.summary)}\n\n"
        f"Why: {_wrap(category.why)}\n\nInstead: {_wrap(category.instead)}\n"
    )


def _explain_rule(rule: Rule) -> str:
    lines = [
        f"{rule.id} ({rule.severity.label})",
        "",
        _wrap(readable_message(rule.message)),
        "",
        "Why: " + _wrap(rule.why),
        "",
        "Instead: " + _wrap(rule.instead),
        "",
    ]
    if rule.fail_examples:
        lines += ["Flagged:"] + [f"  - {example}" for example in rule.fail_examples] + [""]
    if rule.pass_examples:
        lines += ["Not flagged:"] + [f"  - {example}" for example in rule.pass_examples] + [""]
    return "\n".join(lines)


def explain_patterns(pattern_set: PatternSet, source: str, untested: set[tuple[str, str]] = frozenset()) -> str:
    """``check-patterns --explain FILE``: each pattern line of the file, split into its items (``·``); a
    line in ``untested`` ((rule id or signal name, line) pairs) is marked as matched by no example."""
    owners = [(rule.id, rule.pattern_lines, "fail") for rule in pattern_set.rules if rule.source == source]
    owners += [(signal.name, signal.patterns, "fail") for signal in pattern_set.signals if signal.source == source]
    lines = []
    for name, patterns, kind in owners:
        for pattern in patterns:
            mark = f"    <- no {kind} example matches this line" if (name, pattern) in untested else ""
            lines.append(f"{name}  {' · '.join(pattern_items(pattern))}{mark}")
    return "".join(line + "\n" for line in lines)


def rules_listing(pattern_set: PatternSet) -> str:
    width = max(len(rule.id) for rule in pattern_set.rules)
    return "".join(f"{rule.id:<{width}}  {rule.severity.label:<10}  {readable_message(rule.message)}\n"
                   for rule in pattern_set.rules)


def rule_table(pattern_set: PatternSet) -> str:
    """The README's rule table, in Markdown."""
    rows = ["| rule | severity | flags | for example |", "|---|---|---|---|"]
    for rule in pattern_set.rules:
        example = rule.fail_examples[0] if rule.fail_examples else ""
        message = _cell(readable_message(rule.message))
        rows.append(f"| `{rule.id}` | {rule.severity.label} | {message} | {_cell(example)} |")
    return "\n".join(rows) + "\n"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_PLACEHOLDER_WORDS = {"evidence": "\u2026", "recipient": "the recipient",
                      "addressee": "the message goes to someone else"}


def readable_message(message: str) -> str:
    """A rule's message as a listing shows it: "{evidence}" and the like are filled in for each finding,
    so here they read as words ("The greeting names '\u2026', but the message goes to someone else.")."""
    return _PLACEHOLDER.sub(lambda m: _PLACEHOLDER_WORDS.get(m.group(1), "\u2026"), message)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=100, subsequent_indent="")
