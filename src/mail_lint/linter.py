"""Draft -> FileResult: run the pipeline over the sender's own words, gate, judge, stamp findings.

Returns values; never prints. The spaCy pipeline is imported and built on first use only.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from .checks import run_check
from .config import Settings
from .draft import Draft
from .finding import ContextDecision, FileResult, Finding, Severity
from .judgement import is_clause_punctuation
from .patterns import PatternSet, Rule
from .sources.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 64
WEAK_CHECK = 80.0  # the similarity a check's weak signal counts as (a full one counts 100)
_SENTENCE_END = frozenset({".", "!", "?"})


class Linter:
    def __init__(self, pattern_set: PatternSet, settings: Settings | None = None,
                 settings_for: Callable[[str], Settings] | None = None, keep_text: bool = True):
        """``settings_for(path)``, when given, adjusts the settings per file (per-path overrides);
        ``keep_text`` keeps each draft's text and regions in its result (for rendered reports)."""
        self.pattern_set = pattern_set
        self.settings = settings or Settings()
        self.keep_text = keep_text
        self._settings_for = settings_for
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from .nlp import shared_pipeline

            self._nlp = shared_pipeline(self.pattern_set)
        return self._nlp

    def lint(self, inputs: Iterable[Draft | InputError]) -> Iterator[FileResult]:
        """Lint drafts in order, streaming; an InputError becomes a FileResult with its error."""
        iterator = iter(inputs)
        while batch := list(islice(iterator, BATCH_SIZE)):
            drafts = [item for item in batch if isinstance(item, Draft)]
            settings = {id(draft): self._settings(draft) for draft in drafts}
            docs = iter(self.nlp.pipe(draft.own_text() for draft in drafts)) if drafts else iter(())
            quoting = [d for d in drafts if d.has_context() and not settings[id(d)].assume_followup]
            quoted = dict(zip(map(id, quoting), self.nlp.pipe(d.context_text() for d in quoting), strict=True))
            for item in batch:
                if isinstance(item, InputError):
                    yield FileResult(path=item.path, error=str(item))
                else:
                    yield self._result(item, settings[id(item)], next(docs), quoted.get(id(item)))

    def lint_draft(self, draft: Draft) -> FileResult:
        return next(self.lint([draft]))

    def lint_bytes(self, path: str, data: bytes) -> list[FileResult]:
        """Lint one input as the command line reads it: its kind decided by content and name."""
        from .sources import load_drafts

        return list(self.lint(load_drafts(path, data)))

    def lint_text(self, text: str, path: str = "<text>") -> FileResult:
        from .regions import split_regions

        return self.lint_draft(Draft(path=path, text=text, regions=split_regions(text)))

    def _settings(self, draft: Draft) -> Settings:
        return self._settings_for(draft.path) if self._settings_for else self.settings

    def _result(self, draft: Draft, settings: Settings, doc: Doc, quoted: Doc | None) -> FileResult:
        from .context import about_a_job, assumed, decide

        if settings.assume_followup:
            context = assumed()
        else:
            if about_a_job(doc, quoted, self.pattern_set):  # else the remaining signals cannot matter
                matcher = self.nlp.get_pipe("mail_lint_matcher")
                for signalled in (doc, quoted):
                    if signalled is not None:
                        matcher.add_other_signals(signalled)
            context = decide(doc, quoted, self.pattern_set)
        result = FileResult(path=draft.path, context=context, warnings=draft.warnings, message_id=draft.message_id)
        if self.keep_text:
            layout = tuple((r.start, r.end, r.kind.value) for r in draft.regions)
            result = replace(result, text=draft.text, layout=layout)
        if not context.followup:
            return result
        findings = []

        def wanted(hit) -> bool:  # the settings decide before duplicates merge
            rule = self.pattern_set.rule(hit.rule_id)
            return _reported(settings, rule, _confidence(hit.similarity, context))

        for hit in self.nlp.get_pipe("mail_lint_matcher").hits(doc, wanted):
            rule = self.pattern_set.rule(hit.rule_id)
            end = _evidence_end(doc, hit.end, rule)
            findings.append(
                self._finding(settings, draft, rule, doc[hit.start].idx, end, hit.matcher, hit.similarity, context)
            )
        for rule in self.pattern_set.rules:
            if rule.check and settings.enabled(rule.id):
                for check_hit in run_check(rule.check, draft):
                    findings.append(self._finding(settings, draft, rule, check_hit.start, check_hit.end, "check",
                                                  WEAK_CHECK if check_hit.weak else 100.0, context,
                                                  check_hit.details, weak=check_hit.weak))
        kept = sorted((f for f in findings if f is not None and not _suppressed(draft, f)), key=lambda f: f.sort_key)
        return replace(result, findings=tuple(kept))

    @staticmethod
    def _finding(settings: Settings, draft: Draft, rule: Rule, start: int, end: int, matcher: str,
                 similarity: float, context: ContextDecision, details: dict[str, str] | None = None,
                 weak: bool = False) -> Finding | None:
        confidence = _confidence(similarity, context)
        if not _reported(settings, rule, confidence, weak):
            return None
        severity = _severity(settings, rule, weak)
        line, column = draft.position(start)
        end_line, end_column = draft.position(end)
        evidence = draft.text[start:end]
        message = rule.message.replace("{evidence}", " ".join(evidence.split()))
        for key, value in (details or {}).items():
            message = message.replace("{" + key + "}", value)
        return Finding(
            rule_id=rule.id,
            message=message,
            severity=severity,
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            evidence=evidence,
            matcher=matcher,
            confidence=confidence,
            position="decoded" if draft.is_decoded(start) else "exact",
        )


def _confidence(similarity: float, context: ContextDecision) -> float:
    return round(similarity / 100 * (0.8 + 0.2 * context.score), 2)


def _severity(settings: Settings, rule: Rule, weak: bool = False) -> Severity:
    """The rule's severity as configured; a weak signal one step lower (never under suggestion)."""
    default = Severity(max(Severity.SUGGESTION, rule.severity - 1)) if weak else rule.severity
    return settings.severity_of(rule.id, default)


def _reported(settings: Settings, rule: Rule, confidence: float, weak: bool = False) -> bool:
    """Whether the user's settings keep a hit of this rule: selected, severe and confident enough."""
    return (settings.enabled(rule.id) and _severity(settings, rule, weak) >= settings.min_severity
            and confidence >= settings.min_confidence)


def _suppressed(draft: Draft, finding: Finding) -> bool:
    return any(s.covers(finding.rule_id, finding.line) for s in draft.suppressions)


def _evidence_end(doc: Doc, end: int, rule: Rule) -> int:
    """Character end of the evidence: the hit, or with ``extend: clause`` up to the clause's end."""
    last = doc[end - 1]
    if rule.extend_to_clause:
        sentence_end = last.sent.end
        for token in doc[end:sentence_end]:
            if token.norm_ in _SENTENCE_END or is_clause_punctuation(token) or "\n\n" in token.text:
                break
            if not token.is_space:
                last = token
    return last.idx + len(last.text.rstrip())  # a folded token ends in whitespace
