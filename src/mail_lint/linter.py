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
from .finding import ContextDecision, FileResult, Finding
from .judgement import is_clause_punctuation, sentence_of
from .patterns import PatternSet, Rule
from .sources.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BATCH_SIZE = 64
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
            try:
                from .nlp import shared_pipeline

                self._nlp = shared_pipeline(self.pattern_set)
            except Exception as error:  # a broken or missing spaCy: no file can be linted
                raise PipelineError(f"cannot load spaCy ({type(error).__name__}: {_first_line(error)})") from error
        return self._nlp

    def lint(self, inputs: Iterable[Draft | InputError]) -> Iterator[FileResult]:
        """Lint drafts in order, streaming; an InputError becomes a FileResult with its error."""
        iterator = iter(inputs)
        while batch := list(islice(iterator, BATCH_SIZE)):
            drafts = [item for item in batch if isinstance(item, Draft)]
            settings = {id(draft): self._settings(draft) for draft in drafts}
            docs = iter(self._parse([draft.own_text() for draft in drafts])) if drafts else iter(())
            quoting = [d for d in drafts if d.has_context() and not settings[id(d)].assume_followup]
            quoted = dict(zip(map(id, quoting), self._parse([d.context_text() for d in quoting]), strict=True))
            for item in batch:
                if isinstance(item, InputError):
                    yield FileResult(path=item.path, error=str(item))
                else:
                    yield self._guarded_result(item, settings[id(item)], next(docs), quoted.get(id(item)))

    def lint_draft(self, draft: Draft) -> FileResult:
        return next(self.lint([draft]))

    def lint_bytes(self, path: str, data: bytes) -> list[FileResult]:
        """Lint one input as the command line reads it: its kind decided by content and name."""
        from .sources import load_drafts

        return list(self.lint(load_drafts(path, data)))

    def lint_text(self, text: str, path: str = "<text>") -> FileResult:
        from .regions import split_regions

        return self.lint_draft(Draft(path=path, text=text, regions=split_regions(text)))

    def _parse(self, texts: list[str]) -> list[Doc | Exception]:
        """The texts through the pipeline; a text that fails there gives its exception, not a lost batch."""
        nlp = self.nlp
        try:
            return list(nlp.pipe(texts))
        except Exception:
            return [_parse_one(nlp, text) for text in texts]

    def _guarded_result(self, draft: Draft, settings: Settings, doc: Doc | Exception,
                        quoted: Doc | Exception | None) -> FileResult:
        """The draft's result; anything that still fails on this one draft becomes its error line."""
        try:
            for parsed in (doc, quoted):
                if isinstance(parsed, Exception):
                    raise parsed
            return self._result(draft, settings, doc, quoted)
        except Exception as error:
            return FileResult(path=draft.path, error=f"{draft.path}: could not be linted "
                                                     f"({type(error).__name__}: {_first_line(error)})")

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
        for hit in self.nlp.get_pipe("mail_lint_matcher").hits(doc):
            rule = self.pattern_set.rule(hit.rule_id)
            end = _evidence_end(doc, hit.end, rule)
            findings.append(
                self._finding(settings, draft, rule, doc[hit.start].idx, end, hit.matcher, hit.similarity, context)
            )
        for rule in self.pattern_set.rules:
            if rule.check and settings.enabled(rule.id):
                for check_hit in run_check(rule.check, draft):
                    findings.append(self._finding(settings, draft, rule, check_hit.start, check_hit.end, "check",
                                                  100.0, context, check_hit.details))
        kept = sorted((f for f in findings if f is not None and not _suppressed(draft, f)), key=lambda f: f.sort_key)
        return replace(result, findings=tuple(kept))

    @staticmethod
    def _finding(settings: Settings, draft: Draft, rule: Rule, start: int, end: int, matcher: str,
                 similarity: float, context: ContextDecision, details: dict[str, str] | None = None) -> Finding | None:
        if not settings.enabled(rule.id):
            return None
        severity = settings.severity_of(rule.id, rule.severity)
        confidence = round(similarity / 100 * (0.8 + 0.2 * context.score), 2)
        if severity < settings.min_severity or confidence < settings.min_confidence:
            return None
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


class PipelineError(Exception):
    """The spaCy pipeline cannot be built: a problem of the installation, not of any one file."""


def _parse_one(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as error:
        return error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _suppressed(draft: Draft, finding: Finding) -> bool:
    return any(s.covers(finding.rule_id, finding.line) for s in draft.suppressions)


def _evidence_end(doc: Doc, end: int, rule: Rule) -> int:
    """Character end of the evidence: the hit, or with ``extend: clause`` up to the clause's end."""
    last = doc[end - 1]
    if rule.extend_to_clause:
        sentence_end = sentence_of(doc, end - 1)[1]
        for token in doc[end:sentence_end]:
            if token.norm_ in _SENTENCE_END or is_clause_punctuation(token) or "\n\n" in token.text:
                break
            if not token.is_space:
                last = token
    return last.idx + len(last.text.rstrip())  # a folded token ends in whitespace
