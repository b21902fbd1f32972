"""The token-pattern language of the pattern files, compiled to spaCy ``Matcher`` patterns.

A pattern is a line of space-separated items; each matches one token (by its normalised form):

    word        the word itself (case-insensitive; curly apostrophes are straight; "'d" is "would")
    a|b|c       any of these words
    ~word       any inflection of the word: ~apologize = apologize apologizes apologized apologizing
                apologise ... (irregular forms come from the lexicon; regular forms are kept only
                when the bundled word list knows them, so ~be is never "bed")
    @class      any word of a word class defined in patterns/_lexicon.yaml (e.g. @intensifier)
    _           any one token
    !a|b        any one token that is none of these words

and each item may end with a quantifier: ``?`` (optional), ``*``, ``+`` or ``{m,n}`` (between m and n).
Bounds keep matching linear in the draft: counts in ``{m,n}`` are at most 10 (MAX_REPEAT); a wildcard
(``_`` or ``!a|b``) never repeats without bound (write ``_{0,3}``, not ``_*``); and a pattern has at most
3 open-ended items (``*``, ``+``, ``{m,}``; MAX_OPEN_ENDED).
Example: ``i @intensifier* ~appreciate your|you time`` matches "I really appreciate your time".

Alternatives of several words go in a group: ``(today 's|our) conversation``; ``(...)?`` makes the
whole group optional. A pattern with groups compiles to one Matcher pattern per combination. Spaces and
line breaks around ``|`` do not end an item, so a long alternation may be written over several lines.

This module is pure Python, so ``mail-lint rule ID`` can validate and explain patterns without spaCy.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .textnorm import inflections, normalise_word

_GROUP = re.compile(r"\(([^()]*)\)(\?)?")
_BAR = re.compile(r"\s*\|\s*")  # "a|\n  b": an alternation continues across spaces and line breaks
_ITEM = re.compile(r"\([^()]*\)\S*|\S+")
_MAX_EXPANSIONS = 256
MAX_REPEAT = 10  # the largest count in {m,n}: the built-in patterns need 8
MAX_OPEN_ENDED = 3  # open-ended items (*, +, {m,}) in one pattern: the built-in patterns need 2
_QUANTIFIER = re.compile(r"(\?|\*|\+|\{\d*,\d*\}|\{\d+\})$")
_WORD = re.compile(r"^([a-z0-9']+|[,.!?;:/&-])$")


class PatternSyntaxError(ValueError):
    """A pattern that cannot be compiled; the message says which item and why."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word classes and irregular forms shared by all pattern files."""

    classes: dict[str, tuple[str, ...]]
    irregular: dict[str, list[str]]
    known_words: frozenset[str] = frozenset()  # real words: "~word" keeps only regular forms among them


def compile_pattern(pattern: str, lexicon: Lexicon) -> list[list[dict]]:
    """Compile one pattern line to spaCy Matcher patterns (token specs on NORM), one per group choice."""
    return [_compile_flat(flat, lexicon) for flat in expand_groups(joined(pattern))]


def joined(pattern: str) -> str:
    """The pattern with each alternation written as one item: ``a |\n b`` is ``a|b``, so a long
    alternation may be written over several lines."""
    return _BAR.sub("|", pattern.strip())


def pattern_items(pattern: str) -> list[str]:
    """The items a pattern line really consists of, a group counting as one: ``better|more complete
    answer`` is three (``better|more``, ``complete``, ``answer``), not two alternatives."""
    return _ITEM.findall(joined(pattern))


def expand_groups(pattern: str) -> list[str]:
    """``a (b c|d)? e`` -> ["a b c e", "a d e", "a e"]."""
    if "(" not in pattern and ")" not in pattern:
        return [pattern]
    match = _GROUP.search(pattern)
    if match is None:
        raise PatternSyntaxError(f"unbalanced or nested parentheses in {pattern!r}")
    choices = [choice.strip() for choice in match.group(1).split("|")]
    if any(not choice for choice in choices):
        raise PatternSyntaxError(f"empty alternative in group ({match.group(1)})")
    if match.group(2):
        choices.append("")
    expanded = []
    for choice in choices:
        expanded += expand_groups(pattern[: match.start()] + " " + choice + " " + pattern[match.end() :])
        if len(expanded) > _MAX_EXPANSIONS:
            raise PatternSyntaxError(f"pattern {pattern!r} expands to more than {_MAX_EXPANSIONS} patterns")
    return expanded


def _compile_flat(pattern: str, lexicon: Lexicon) -> list[dict]:
    items = pattern.split()
    if not items:
        raise PatternSyntaxError("empty pattern")
    specs = [_compile_item(item, lexicon) for item in items]
    open_ended = sum(1 for spec in specs if _is_open_ended(spec.get("OP")))
    if open_ended > MAX_OPEN_ENDED:
        raise PatternSyntaxError(f"pattern {pattern!r} has {open_ended} open-ended items (*, +, {{m,}}); "
                                 f"at most {MAX_OPEN_ENDED}: bound some with {{0,n}}")
    if all(spec.get("OP") in ("?", "*") or spec.get("OP", "").startswith("{0") for spec in specs):
        raise PatternSyntaxError(f"pattern {pattern!r} can match nothing at all: make one item required")
    return specs


def pattern_words(pattern: str, lexicon: Lexicon) -> set[str]:
    """The literal words a pattern can match: the vocabulary for typo correction."""
    return compiled_words(compile_pattern(pattern, lexicon))


def compiled_words(compiled: Iterable[list[dict]]) -> set[str]:
    """The literal words compiled Matcher patterns can match."""
    words: set[str] = set()
    for specs in compiled:
        for spec in specs:
            norm = spec.get("NORM")
            if isinstance(norm, str):
                words.add(norm)
            elif isinstance(norm, dict) and "IN" in norm:
                words.update(norm["IN"])
    return words


def required_words(specs: list[dict]) -> list[frozenset[str]]:
    """For each item of a compiled pattern that a match cannot do without and that names its words
    (NORM or NORM IN), those words: a match needs one of each among its tokens' NORMs."""
    items = []
    for spec in specs:
        if _optional(spec.get("OP")):
            continue
        norm = spec.get("NORM")
        words = {norm} if isinstance(norm, str) else set(norm.get("IN", ())) if isinstance(norm, dict) else set()
        if words:
            items.append(frozenset(words))
    return items


def _optional(op: str | None) -> bool:
    """Whether an item with this quantifier can match no token at all."""
    if op is None or op == "+":
        return False
    if op in ("?", "*"):
        return True
    low = op.strip("{}").split(",")[0]
    return low in ("", "0")


def _compile_item(item: str, lexicon: Lexicon) -> dict:
    quantifier = _QUANTIFIER.search(item)
    op = quantifier.group(1) if quantifier else None
    body = item[: quantifier.start()] if quantifier else item
    if not body:
        raise PatternSyntaxError(f"item {item!r} has a quantifier but nothing to repeat")
    spec = _compile_body(body, lexicon)
    if op:
        if op.startswith("{") and op != "{,}":
            low, _, high = op[1:-1].partition(",")
            if any(len(count) > 3 or int(count) > MAX_REPEAT for count in (low, high) if count):
                raise PatternSyntaxError(f"item {item!r}: counts in {{m,n}} are at most {MAX_REPEAT}")
            if high and low and int(low) > int(high):
                raise PatternSyntaxError(f"item {item!r}: {{{low},{high}}} is an empty range")
        wildcard = "NORM" not in spec or (isinstance(spec["NORM"], dict) and "NOT_IN" in spec["NORM"])
        if wildcard and _is_open_ended(op):
            raise PatternSyntaxError(f"item {item!r}: a wildcard (_ or !word) cannot repeat without bound; "
                                     f"write {{0,n}} with n at most {MAX_REPEAT}")
        spec["OP"] = op
    return spec


def _is_open_ended(op: str | None) -> bool:
    return op is not None and (op in ("*", "+") or (op.startswith("{") and op.endswith(",}")))


_BODIES: dict[str, dict] = {}  # item body -> its spec, for the lexicon in _BODIES_LEXICON
_BODIES_LEXICON: list[Lexicon] = []


def _compile_body(body: str, lexicon: Lexicon) -> dict:
    """The Matcher spec of an item without its quantifier. The pattern files repeat the same items
    ("@intensifier", "~be", "interview|interviews") thousands of times; each is worked out once per
    lexicon, and a copy handed out (the caller adds "OP")."""
    if not _BODIES_LEXICON or _BODIES_LEXICON[0] is not lexicon:
        _BODIES.clear()
        _BODIES_LEXICON[:] = [lexicon]
    spec = _BODIES.get(body)
    if spec is None:
        spec = _BODIES[body] = _spec_of_body(body, lexicon)
    return dict(spec)


def _spec_of_body(body: str, lexicon: Lexicon) -> dict:
    if body == "_":
        return {"IS_SPACE": False}
    negated = body.startswith("!")
    if negated:
        body = body[1:]
    words: list[str] = []
    for alternative in body.split("|"):
        words.extend(_expand(alternative, body, lexicon))
    words = list(dict.fromkeys(words))
    if negated:
        return {"NORM": {"NOT_IN": words}, "IS_SPACE": False}
    if len(words) == 1:
        return {"NORM": words[0]}
    return {"NORM": {"IN": words}}


def _expand(alternative: str, body: str, lexicon: Lexicon) -> list[str]:
    if not alternative:
        raise PatternSyntaxError(f"item {body!r} has an empty alternative")
    if alternative.startswith("@"):
        name = alternative[1:]
        if name not in lexicon.classes:
            known = ", ".join(sorted(lexicon.classes))
            raise PatternSyntaxError(f"unknown word class @{name} (known: {known})")
        return list(lexicon.classes[name])
    if alternative.startswith("~"):
        forms = inflections(_literal(alternative[1:], body), lexicon.irregular, lexicon.known_words)
        return [normalise_word(w) for w in forms]
    return [normalise_word(_literal(alternative, body))]


def _literal(word: str, body: str) -> str:
    norm = normalise_word(word)
    if not _WORD.match(norm):
        raise PatternSyntaxError(
            f"item {body!r}: {word!r} is not one token (write hyphenated words apart: \"wi - fi\")"
        )
    if "'" in norm[1:]:
        raise PatternSyntaxError(
            f"item {body!r}: {word!r} is two tokens; write the contraction apart (\"i 'd\", \"was n't\")"
        )
    return norm
