"""Settings for a run: defaults, then (later) a config file, then the command line, in one place."""
from __future__ import annotations

from dataclasses import dataclass, field

from .finding import Severity


@dataclass(frozen=True, slots=True)
class Settings:
    select: tuple[str, ...] = ()  # rule-id or category prefixes; empty = all
    ignore: tuple[str, ...] = ()
    min_severity: Severity = Severity.SUGGESTION
    min_confidence: float = 0.0
    assume_followup: bool = False
    severities: dict[str, Severity] = field(default_factory=dict)  # rule-id prefix -> severity

    def enabled(self, rule_id: str) -> bool:
        if self.select and not any(_matches(rule_id, p) for p in self.select):
            return False
        return not any(_matches(rule_id, p) for p in self.ignore)

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for prefix, severity in self.severities.items():
            if _matches(rule_id, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), severity)
        return best[1] if best else default


def _matches(rule_id: str, prefix: str) -> bool:
    """Selection by prefix, as ruff does: "apology" selects every apology rule,
    "apology.sorry" selects apology.sorry and apology.sorry-to-bother."""
    return rule_id.startswith(prefix)


def unknown_selectors(selectors: tuple[str, ...], rule_ids: list[str]) -> list[str]:
    """Selectors that match no rule: usually typos the user wants to hear about."""
    return [s for s in selectors if not any(_matches(rule_id, s) for rule_id in rule_ids)]
