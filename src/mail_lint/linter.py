"""Draft -> FileResult: run the pipeline over the sender's own words, gate, judge, stamp findings.

Returns values; never prints. The spaCy pipeline is imported and built on first use only.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from .checks import run_check
from .config import Settings
from .draft import Draft
from .finding import ContextDecision, FileResult, Finding, Severity
from .judgement import deduplicated, is_clause_punctuation, sentence_of, verdict
from .patterns import PatternSet, Rule, load_patterns
from .screen import SCREENED, GateScreen, shipped_screen
from .sources.errors import InputError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .matchers.rules import Hit
    from .nlp import Pipeline

BATCH_SIZE = 64
WEAK_CHECK = 80.0  # the similarity a check's weak signal counts as (a full one counts 100)
_SENTENCE_END = frozenset({".", "!", "?"})
WARM_UP_DRAFTS = 1024  # drafts a pipeline parses before memory zones: their words are kept (the common ones)
_WARM_UP: dict[int, int] = {}  # id of a pipeline -> drafts it has parsed, up to WARM_UP_DRAFTS
_ZONE_LOCK = threading.Lock()  # one memory zone at a time per process: Linters of a pattern set share a pipeline


class Linter:
    def __init__(self, pattern_set: PatternSet | None, settings: Settings | None = None,
                 settings_for: Callable[[str], Settings] | None = None, keep_text: bool = True,
                 screen: bool = False):
        """``pattern_set`` None: the built-in patterns, loaded the first time a draft needs more than the
        screen (the hook: ordinary mail reads no pattern file);
        ``settings_for(path)``, when given, adjusts the settings per file (per-path overrides);
        ``keep_text`` keeps each draft's text and regions in its result (for rendered reports);
        ``screen`` decides the drafts the gate screen (screen.py) rules out without the pipeline: the
        same findings (none), and a context decision marked ``screened`` with no score or evidence."""
        self._pattern_set = pattern_set
        self.settings = settings or Settings()
        self.keep_text = keep_text
        self._settings_for = settings_for
        self._stages: Pipeline | None = None
        self.screen = screen
        self._screen: GateScreen | None = None  # built on first use
        self._rules_for: dict[int, tuple[Settings, list[Rule]]] = {}

    @property
    def pattern_set(self) -> PatternSet:
        if self._pattern_set is None:
            self._pattern_set = load_patterns()
        return self._pattern_set

    @property
    def pipeline_built(self) -> bool:
        """Whether this linter has built (or been given) its spaCy pipeline yet."""
        return self._stages is not None

    @property
    def nlp(self) -> Language:
        return self._pipeline.nlp

    @property
    def _pipeline(self) -> Pipeline:
        if self._stages is None:
            try:
                from .nlp import shared_stages

                self._stages = shared_stages(self.pattern_set)
            except Exception as error:  # a broken or missing spaCy: no file can be linted
                raise PipelineError(f"cannot load spaCy ({type(error).__name__}: {_first_line(error)})") from error
        return self._stages

    def lint(self, inputs: Iterable[Draft | InputError], prescreened: bool = False) -> Iterator[FileResult]:
        """Lint drafts in order, streaming; an InputError becomes a FileResult with its error.
        ``prescreened``: these drafts have passed this linter's screen already (``without_pipeline``
        gave None for each): they are not screened again."""
        iterator = iter(inputs)
        while batch := list(islice(iterator, BATCH_SIZE)):
            yield from self._lint_batch(batch, prescreened)

    def without_pipeline(self, item: Draft | InputError) -> FileResult | None:
        """The input's result when it needs no pipeline (an input error; a draft the screen rules out),
        the same as ``lint`` gives; None when the pipeline must decide."""
        if isinstance(item, InputError):
            return self._unparsed(item)
        return self._unparsed(item) if self._ruled_out(item, {id(item): self._settings(item)}) else None

    def _lint_batch(self, batch: list[Draft | InputError], prescreened: bool = False) -> list[FileResult]:
        """One batch's results. Once a pipeline has parsed WARM_UP_DRAFTS drafts (whose words, the common
        ones of this mail, it keeps), each batch's Docs live in a spaCy memory zone that ends with the
        batch: the rarer words they added to the vocabulary are forgotten, so memory stays flat over any
        number of drafts (the results are plain values and keep nothing of the Docs)."""
        settings = {id(item): self._settings(item) for item in batch if isinstance(item, Draft)}
        screened = {id(item) for item in batch
                    if isinstance(item, Draft) and not prescreened and self._ruled_out(item, settings)}
        drafts = [item for item in batch if isinstance(item, Draft) and id(item) not in screened]
        if not drafts:
            return [self._unparsed(item) for item in batch]
        nlp = self.nlp  # built before the zone: the pipeline's own strings are for good
        warm = _WARM_UP.get(id(nlp), 0)
        zone = nlp.memory_zone() if warm >= WARM_UP_DRAFTS else contextlib.nullcontext()
        _WARM_UP[id(nlp)] = warm + len(drafts)
        with _ZONE_LOCK, zone:
            docs = iter(self._parse([draft.own_text() for draft in drafts]))
            quoting = [d for d in drafts if d.has_context() and not settings[id(d)].assume_followup]
            parsed = self._parse([d.context_text() for d in quoting]) if quoting else []
            quoted = dict(zip(map(id, quoting), parsed, strict=True))
            return [self._guarded_result(item, settings[id(item)], next(docs), quoted.get(id(item)))
                    if isinstance(item, Draft) and id(item) not in screened else self._unparsed(item)
                    for item in batch]

    def _unparsed(self, item: Draft | InputError) -> FileResult:
        """The result of an input that is not parsed: its error, or the screen's decision (the gate could
        never let it through: no findings, no spaCy)."""
        if isinstance(item, InputError):
            return FileResult(path=item.path, error=str(item))
        return self._decided(item, SCREENED)

    def _ruled_out(self, draft: Draft, settings: dict[int, Settings]) -> bool:
        """Whether the screen says the gate must refuse this draft (never under --assume-followup)."""
        if not self.screen or settings[id(draft)].assume_followup:
            return False
        if self._screen is None:  # the built-in patterns not loaded yet: their shipped tables, when current
            shipped = shipped_screen() if self._pattern_set is None else None
            self._screen = shipped or GateScreen(self.pattern_set)
        try:
            return not self._screen.might_follow_up(draft)
        except Exception:  # whatever went wrong, the full path decides (and reports it)
            return False

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
        """The one path of a hit, top to bottom: the settings filter, the context gate, the sentence
        judgement, de-duplication, and stamping into Findings."""
        rules = self._reported_rules(settings)  # 1. settings
        context = self._gate(doc, quoted, settings)  # 2. is this a follow-up at all?
        result = self._decided(draft, context)
        if not context.followup or not rules:  # a refused draft gets no findings (what lets the screen skip it)
            return result
        from .matchers.rules import raw_hits

        wanted = {rule.id: rule for rule in rules}
        hits = [hit for hit in raw_hits(self._pipeline.matcher.find_hits(doc))
                if hit.rule_id in wanted and _confident(settings, hit.similarity, context)]
        judged = [hit for hit in _longest_first(hits, wanted) if verdict(doc, hit, wanted[hit.rule_id]) is None]  # 3.
        findings = [self._finding(draft, wanted[hit.rule_id], doc[hit.start].idx,  # 4. and 5.
                                  _evidence_end(doc, hit.end, wanted[hit.rule_id]), hit.matcher, hit.similarity,
                                  settings, context)
                    for hit in deduplicated(doc, judged)]
        findings += self._check_findings(draft, rules, settings, context)
        kept = (f for f in findings if not _suppressed(draft, f.rule_id, f.start))  # a template's own comments
        return replace(result, findings=tuple(sorted(kept, key=lambda f: f.sort_key)))

    def _decided(self, draft: Draft, context: ContextDecision) -> FileResult:
        """The draft's result before any finding: the gate's decision (or the screen's), and its text for
        rendered reports."""
        result = FileResult(path=draft.path, context=context, warnings=draft.warnings, message_id=draft.message_id)
        if self.keep_text:
            layout = tuple((r.start, r.end, r.kind.value) for r in draft.regions)
            result = replace(result, text=draft.text, layout=layout)
        return result

    def _reported_rules(self, settings: Settings) -> list[Rule]:
        """The rules these settings report (selected, not ignored, severe enough), worked out once per
        Settings object: most runs have one, per-path overrides a few."""
        known = self._rules_for.get(id(settings))
        if known is None or known[0] is not settings:
            if len(self._rules_for) > 256:
                self._rules_for.clear()
            known = self._rules_for[id(settings)] = (settings, [r for r in self.pattern_set.rules
                                                                  if _reported(settings, r)])
        return known[1]

    def _check_findings(self, draft: Draft, rules: list[Rule], settings: Settings,
                        context: ContextDecision) -> list[Finding]:
        """Whole-draft checks (the greeting): each finds its one place; never judged or merged."""
        findings = []
        for rule in rules:
            for found in run_check(rule.check, draft) if rule.check else ():
                similarity = WEAK_CHECK if found.weak else 100.0
                severe = _severity(settings, rule, found.weak) >= settings.min_severity
                if severe and _confident(settings, similarity, context):
                    findings.append(self._finding(draft, rule, found.start, found.end, "check", similarity, settings,
                                                  context, found.details, found.weak))
        return findings

    def _gate(self, doc: Doc, quoted: Doc | None, settings: Settings) -> ContextDecision:
        from .context import about_a_job, assumed, decide

        if settings.assume_followup:
            return assumed()
        if about_a_job(doc, quoted, self.pattern_set):  # else the remaining signals cannot matter
            for signalled in (doc, quoted):
                if signalled is not None:
                    self._pipeline.matcher.find_other_signals(signalled)
        return decide(doc, quoted, self.pattern_set)

    @staticmethod
    def _finding(draft: Draft, rule: Rule, start: int, end: int, matcher: str, similarity: float,
                 settings: Settings, context: ContextDecision, details: dict[str, str] | None = None,
                 weak: bool = False) -> Finding:
        line, column = draft.position(start)
        end_line, end_column = draft.position(end)
        evidence = draft.text[start:end]
        message = rule.message.replace("{evidence}", " ".join(evidence.split()))
        for key, value in (details or {}).items():
            message = message.replace("{" + key + "}", value)
        return Finding(
            rule_id=rule.id,
            message=message,
            severity=_severity(settings, rule, weak),
            start=start,
            end=end,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            evidence=evidence,
            matcher=matcher,
            confidence=_confidence(similarity, context),
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


def _confidence(similarity: float, context: ContextDecision) -> float:
    return round(similarity / 100 * (0.8 + 0.2 * context.score), 2)


def _confident(settings: Settings, similarity: float, context: ContextDecision) -> bool:
    return _confidence(similarity, context) >= settings.min_confidence


def _severity(settings: Settings, rule: Rule, weak: bool = False) -> Severity:
    """The rule's severity as configured; a weak signal one step lower (never under suggestion)."""
    default = Severity(max(Severity.SUGGESTION, rule.severity - 1)) if weak else rule.severity
    return settings.severity_of(rule.id, default)


def _reported(settings: Settings, rule: Rule) -> bool:
    """Whether the user's settings report this rule at all: selected, not ignored, severe enough. (A weak
    check hit, one severity lower, is left to ``_severity``; it may still fall under --min-severity.)"""
    return settings.enabled(rule.id) and _severity(settings, rule) >= settings.min_severity


def _suppressed(draft: Draft, rule_id: str, start: int) -> bool:
    """A template comment (``{# mail-lint: disable=... #}``) turns the rule off on this line. Applied to
    findings, after de-duplication, as a reviewer's "this finding is fine here"."""
    if not draft.suppressions:
        return False
    line, _ = draft.position(start)
    return any(s.covers(rule_id, line) for s in draft.suppressions)


def _longest_first(hits: list[Hit], rules: dict[str, Rule]) -> list[Hit]:
    """The order de-duplication keeps hits in: longest first, but a frame rule's hits after every other
    rule's: a frame spans a whole request ("could I ... again"), where a rule written for the wording
    says more precisely what it is."""
    return sorted(hits, key=lambda h: (rules[h.rule_id].frame_only, -(h.end - h.start), h.start, h.rule_id))


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
