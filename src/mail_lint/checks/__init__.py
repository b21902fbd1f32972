"""Checks: rules that look at a whole Draft rather than at token patterns. Each returns hits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..draft import Draft


@dataclass(frozen=True, slots=True)
class CheckHit:
    start: int  # offsets into Draft.text
    end: int
    details: dict[str, str]  # values for the rule message's {placeholders}
    weak: bool = False  # a weaker signal: reported one severity lower and with less confidence


def run_check(name: str, draft: Draft) -> list[CheckHit]:
    return CHECKS[name](draft)


from .greeting import greeting_name  # noqa: E402 - it needs CheckHit, defined above

CHECKS: dict[str, Callable[[Draft], list[CheckHit]]] = {"greeting-name": greeting_name}
CHECK_NAMES = tuple(CHECKS)
