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


def _registry() -> dict[str, Callable[[Draft], list[CheckHit]]]:
    from .greeting import greeting_name

    return {"greeting-name": greeting_name}


CHECK_NAMES = ("greeting-name",)


def run_check(name: str, draft: Draft) -> list[CheckHit]:
    return _registry()[name](draft)
