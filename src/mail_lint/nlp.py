"""The one place a spaCy pipeline is built: ``spacy.blank("en")`` plus mail-lint's rule components.

    mail_lint_sentences   sentence boundaries at punctuation (spaCy's Sentencizer rule) and at the
                          line breaks that Draft.own_text() keeps (blank lines, greetings, headings,
                          list items)
    mail_lint_whitespace  stray whitespace inside a line folded into the token before it
    mail_lint_normalizer  token.norm_: straight apostrophes, contractions, American spelling, typos
    mail_lint_matcher     the context gate's hiring signals to doc.spans["mail_lint_signals"]; the
                          other signals and the raw rule hits on demand (RuleMatcher.find_other_signals,
                          .find_hits), for drafts that need them

No trained model is needed; the pipeline is built once per process and reused for every draft. Each
component is a spaCy factory whose setup comes from its config (the pattern directories), and the
language is registered as "mail_en", so ``nlp.to_disk()`` and ``spacy.load()`` round-trip the pipeline.
"""
from __future__ import annotations

from . import _spacy  # noqa: F401  (first, before any spacy.* import: spaCy without its command-line package)

# isort: split
import re
from dataclasses import dataclass
from itertools import compress

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import registry

from .matchers.rules import RuleMatcher, vocabulary_of
from .matchers.typos import TYPOS_SPANS, Correction, TypoCorrector, english_words
from .patterns import PatternSet
from .sources.text import MAX_BYTES
from .textnorm import american_spelling, informal_lexicon, normalise_word, unstretched


@Language.component("mail_lint_whitespace")
def fold_whitespace(doc: Doc) -> Doc:
    """Fold whitespace tokens within a line ("to  schedule") into the token before them, so that
    patterns match as if the text had single spaces. Line breaks stay: they end sentences.

    A folded token is what ``doc.retokenize()`` would make of the two: its text is the word, its
    space and the whitespace run ("me.  "), its norm the word's, its trailing space the run's. The
    folded Doc is built from columns in one pass (no Token objects: this runs on most drafts), and
    is a new Doc when anything is folded."""
    if not len(doc):
        return doc
    columns = doc.to_array([ORTH, IS_SPACE, SPACY, NORM, SENT_START])
    is_space = columns[:, 1]
    strings = doc.vocab.strings
    folds = [i for i in numpy.flatnonzero(is_space).tolist()
             if i > 0 and not is_space[i - 1] and "\n" not in strings[int(columns[i, 0])]]
    if not folds:
        return doc
    # Words are given to Doc as their ORTH hashes: it finds their lexemes without hashing them again.
    orths = columns[:, 0].tolist()
    spaces = columns[:, 2].astype(bool).tolist()
    starts = columns[:, 4]
    for index in folds:
        word = strings[orths[index - 1]]
        word += f" {strings[orths[index]]}" if spaces[index - 1] else strings[orths[index]]
        orths[index - 1] = strings.add(word, allow_transient=True)  # as a merge adds it (memory zones)
        spaces[index - 1] = spaces[index]
        # A folded token's sentence start ("me.  Thank": the whitespace after a full stop) passes to
        # the token after it.
        if starts[index] == 1 and index + 1 < len(starts):
            starts[index + 1] = 1
    keep = numpy.ones(len(doc), dtype=bool)
    keep[folds] = False
    kept = keep.tolist()
    folded = Doc(doc.vocab, words=list(compress(orths, kept)), spaces=list(compress(spaces, kept)))
    folded.from_array([NORM, SENT_START], columns[keep][:, 3:5])
    return folded


MAX_CHARS = MAX_BYTES + 1  # a text decoded from at most MAX_BYTES bytes has no more characters than that

_NOT_A_START = numpy.uint64(2**64 - 1)  # -1 in spaCy's SENT_START column


class SentenceSplitter:
    """Sentence starts, written as one column (no Token objects: this runs on every token of every draft).

    Two rules. spaCy's Sentencizer rule: after a token of sentence-final punctuation (. ! ? and their
    counterparts in other scripts), the next token that is not punctuation starts a sentence. And a
    line break that survived unwrapping ends a sentence: "Hi Sarah,\nThank you ..." is two.
    """

    def __init__(self, vocab):
        self.final_punctuation = frozenset(vocab.strings.add(char) for char in Sentencizer.default_punct_chars)
        self._final_column = numpy.array(sorted(self.final_punctuation), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array([ORTH, IS_PUNCT, IS_SPACE])
        final = self._final_column
        is_final = final[numpy.searchsorted(final, columns[:, 0]).clip(max=len(final) - 1)] == columns[:, 0]
        # A word (neither punctuation nor final) starts a sentence when a final token came after the word
        # before it: the Sentencizer's "seen final" flag is set by a final token and cleared by a word.
        words = numpy.flatnonzero((columns[:, 1] == 0) & ~is_final)
        finals_before = numpy.cumsum(is_final)[words]  # final tokens up to and including each word
        previous = numpy.concatenate(([0], finals_before[:-1]))  # ... up to the word before (none: 0)
        starts = numpy.full(len(doc), _NOT_A_START, dtype="uint64")
        starts[words[finals_before > previous]] = 1
        starts[0] = 1
        # A token after a line break (a whitespace token holding one) starts a sentence, unless it is
        # whitespace itself.
        strings = doc.vocab.strings
        is_space = columns[:, 2]
        for index in numpy.flatnonzero((is_space[:-1] != 0) & (is_space[1:] == 0)).tolist():
            if "\n" in strings[int(columns[index, 0])]:
                starts[index + 1] = 1
        doc.from_array([SENT_START], starts)
        return doc


@Language.factory("mail_lint_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp.vocab)


_I = hash_string("i")


class Normalizer:
    """Writes the form matchers compare to ``token.norm_``; typo-corrected tokens go to
    ``doc.spans["mail_lint_typos"]``, labelled with the word they are read as."""

    def __init__(self, corrector: TypoCorrector | None, vocabulary: frozenset[str]):
        self.corrector = corrector
        self.vocabulary = vocabulary
        # Per word (its NORM hash; after "i", its negative minus one; a contextual word: (hash, previous)):
        # the new NORM hash, or (new hash, Correction) for a corrected word. Plain ints, not tuples, for
        # the common case: the cache holds every distinct word of the run (Enron: 41,000; 10 MB as tuples).
        self._cache: dict[int | tuple[int, int], int | tuple[int, Correction]] = {}
        # Words read according to the word before them ("4" is "for" after "thanks"): cached per previous word.
        self._contextual = frozenset(hash_string(word) for word in informal_lexicon().after)

    def __call__(self, doc: Doc) -> Doc:
        """Works on the NORM column as integers (a cache per word and context), so no Token objects are
        made: this runs on every token of every draft."""
        corrections = {}
        strings = doc.vocab.strings
        columns = doc.to_array([NORM, IS_SPACE])
        norms = columns[:, 0].tolist()
        spaces = columns[:, 1].tolist()
        changed = False
        after_i = False
        previous = 0
        cache = self._cache
        contextual = self._contextual
        for index, (value, space) in enumerate(zip(norms, spaces, strict=True)):
            if space:
                continue
            key = (value, previous) if value in contextual else (-1 - value if after_i else value)
            entry = cache.get(key)
            if entry is None:
                before = strings[previous] if value in contextual and previous else ("i" if after_i else None)
                new_value, correction = self._normalise(strings[value], before, strings)
                if new_value == value:
                    new_value = value  # the key's own int object (most words stay as they are)
                entry = cache[key] = new_value if correction is None else (new_value, correction)
            if entry.__class__ is tuple:
                new_value, corrections[index] = entry
            else:
                new_value = entry
            if new_value != value:
                norms[index] = new_value
                changed = True
            after_i = new_value == _I
            previous = new_value
        if changed:
            columns[:, 0] = norms
            doc.from_array([NORM, IS_SPACE], columns)
        if corrections:
            doc.spans[TYPOS_SPANS] = [Span(doc, i, i + 1, label=c.target) for i, c in corrections.items()]
        return doc

    def _normalise(self, norm: str, previous: str | None, strings) -> tuple[int, Correction | None]:
        text = american_spelling(normalise_word(unstretched(norm, self.vocabulary), previous), self.vocabulary)
        if self.corrector is not None:
            text = self.corrector.restore_dropped_g(text)
        correction = self.corrector.correct(text) if self.corrector is not None else None
        if correction is not None:
            text = correction.target
        # A word read as another is kept for good (the cache holds its hash beyond the Doc's memory zone);
        # a word that stays as it is was added by the tokenizer, for as long as its Doc needs it.
        return strings.add(text, allow_transient=text == norm), correction


# Pattern sets by where they were loaded from (PatternSet.origin), so that the components built from
# their config (["patterns dir", "extra dir", ...]) share the linter's pattern set in this process, and
# a pipeline loaded with spacy.load() finds its patterns again.
_PATTERN_SETS: dict[tuple[str, ...], PatternSet] = {}


def _pattern_set(origin: list[str]) -> PatternSet:
    key = tuple(origin)
    if key not in _PATTERN_SETS:
        from pathlib import Path

        from .patterns import load_patterns

        base = Path(key[0]) if key and key[0] else None
        _PATTERN_SETS[key] = load_patterns(base, tuple(Path(extra) for extra in key[1:]))
    return _PATTERN_SETS[key]


@Language.factory("mail_lint_normalizer", default_config={"patterns": []})
def make_normalizer(nlp: Language, name: str, patterns: list[str]) -> Normalizer:
    """``patterns``: the pattern directories ([] for the built-in ones); their words are what typos are
    corrected to, and are never typos themselves (a gate signal's "roleplay" is not "replay")."""
    vocabulary = vocabulary_of(_pattern_set(patterns), nlp.make_doc)
    known = english_words() | frozenset(vocabulary.all_words)
    return Normalizer(TypoCorrector(vocabulary.fuzzy_words, known), frozenset(vocabulary.all_words))


@Language.factory("mail_lint_matcher", default_config={"patterns": []})
def make_matcher(nlp: Language, name: str, patterns: list[str]) -> RuleMatcher:
    """``patterns``: the pattern directories ([] for the built-in ones), compiled once here."""
    pattern_set = _pattern_set(patterns)
    matcher = RuleMatcher(nlp.vocab)
    exact = Normalizer(None, frozenset(vocabulary_of(pattern_set, nlp.make_doc).all_words))
    matcher.set_patterns(pattern_set, lambda text: [t.norm_ for t in exact(nlp.make_doc(text)) if not t.is_space])
    return matcher


@dataclass(frozen=True, slots=True)
class Pipeline:
    """The spaCy pipeline, and its matcher for what is found on demand (the gate's other signals, the
    rule hits) - held here so that nobody looks a component up by its name."""

    nlp: Language
    matcher: RuleMatcher


def build_pipeline(pattern_set: PatternSet) -> Language:
    """A fresh pipeline for these patterns. Prefer ``shared_pipeline`` to build it once per process.
    Its setup is all in its config: ``nlp.to_disk()`` and ``spacy.load()`` round-trip it (with
    mail_lint.nlp imported, which registers the components)."""
    return _build(pattern_set).nlp


def _build(pattern_set: PatternSet) -> Pipeline:
    _PATTERN_SETS[pattern_set.origin] = pattern_set
    config = {"patterns": list(pattern_set.origin)}
    nlp = _mail_english()
    nlp.max_length = MAX_CHARS  # spaCy's 1,000,000 guards its trained models' memory; these rules are linear
    nlp.add_pipe("mail_lint_sentences")
    nlp.add_pipe("mail_lint_whitespace")  # after sentence splitting: "me.  Thank" must still split
    nlp.add_pipe("mail_lint_normalizer", config=config)
    matcher: RuleMatcher = nlp.add_pipe("mail_lint_matcher", config=config)
    return Pipeline(nlp, matcher)


def _mail_english() -> Language:
    """``spacy.blank("en")`` with mail-lint's tokenizer (see _mail_english_class)."""
    return MailEnglish()


def _mail_english_class() -> type[Language]:
    """English with two changes to its tokenizer, made in its Defaults so that the tokenizer is built
    once (changing a built tokenizer reloads all its special cases):

    - contractions split however they are typed (``_exception_variants``);
    - a run of whitespace is one token, said before the affix rules run. The regions that are not
      the sender's own words are blanked to whitespace (offsets stay valid), and each such run is a
      new string that spaCy would otherwise search with its suffix and infix regexes from end to
      end; this halves tokenizing time on replies and changes no token.

    It is registered as the language "mail_en", the ``lang`` a saved pipeline's config names, so that
    ``spacy.load()`` rebuilds the same tokenizer.
    """
    from spacy.lang.en import English

    class MailDefaults(English.Defaults):
        tokenizer_exceptions = {**English.Defaults.tokenizer_exceptions,
                                **_exception_variants(English.Defaults.tokenizer_exceptions),
                                **_informal_exceptions()}
        token_match = _whitespace_or(English.Defaults.token_match)

    class MailEnglish(English):
        lang = MAIL_ENGLISH
        Defaults = MailDefaults

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            getters = self.vocab.lex_attr_getters
            self.vocab.lex_attr_getters = {attr: getters[attr] for attr in LEXICAL_ATTRIBUTES if attr in getters}

    return MailEnglish


# The lexical attributes mail-lint reads (norm_, lower_, is_space, is_punct and patterns on NORM and
# IS_SPACE): spaCy works out each of its two dozen others (shape, prefix, suffix, like_num, is_stop, ...),
# and stores three more strings, for every new word of every draft - a tenth of the tokenizer's time on
# real mail. A word's other attributes are then unset (False, or the empty string).
LEXICAL_ATTRIBUTES = (LOWER, NORM, IS_SPACE, IS_PUNCT)


MAIL_ENGLISH = "mail_en"
_WHITESPACE = re.compile(r"\s+\Z")  # the tokenizer saves token_match as its regex: a regex it must be


def _whitespace_or(token_match):
    if token_match is None:  # spaCy's English tokenizer
        return _WHITESPACE.match
    return lambda text: text.isspace() or token_match(text)


# The contractions that patterns and judgement read (negations, "I'm", "I'd", ...): only these get the
# capital and odd-apostrophe variants; adding all 1,300 tokenizer exceptions cost a tenth of a second.
_CONTRACTIONS_IN_PATTERNS = frozenset(
    [f"{verb}n't" for verb in ("was", "were", "is", "are", "do", "does", "did", "have", "has", "had", "could",
                                "would", "should", "ca", "wo", "must", "need", "might")]
    + [f"{pronoun}'{suffix}" for pronoun in ("i", "you", "we", "they", "he", "she", "it", "that", "there")
       for suffix in ("m", "re", "ve", "ll", "d", "s")]
    + ["can't", "won't", "couldn't", "wouldn't", "shouldn't", "don't", "doesn't", "didn't", "isn't", "aren't",
       "wasn't", "weren't", "hasn't", "haven't", "hadn't", "mustn't", "needn't", "let's"]
)


def _informal_exceptions() -> dict[str, list[dict]]:
    """The informal forms that stand for several words ("theyre", "tysm") split into one token a word,
    each read as its word, in lower case, capitalised and in capitals."""
    from spacy.symbols import NORM, ORTH

    exceptions: dict[str, list[dict]] = {}
    for pieces in informal_lexicon().pieces.values():
        for case in (str.lower, str.capitalize, str.upper):
            parts = [case(piece) if i == 0 or case is str.upper else piece for i, (piece, _) in enumerate(pieces)]
            exceptions["".join(parts)] = [{ORTH: part, NORM: word}
                                          for part, (_, word) in zip(parts, pieces, strict=True)]
    return exceptions


def _exception_variants(rules: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Split contractions however they are typed, as spaCy does for "wasn't" and "wasn’t":
    in capitals ("I WASN'T") and with the other apostrophes people use (` ´ ʼ)."""
    from spacy.symbols import NORM, ORTH

    variants: dict[str, list[dict]] = {}
    for text, pieces in rules.items():
        if text.lower().replace("\u2019", "'") not in _CONTRACTIONS_IN_PATTERNS:
            continue
        spellings = [(text, lambda piece: piece)]
        if "'" in text:
            spellings += [(text.replace("'", mark), lambda piece, m=mark: piece.replace("'", m)) for mark in "`´ʼ"]
        for spelling, respell in spellings:
            for variant, case in ((spelling, str), (spelling.upper(), str.upper)):
                if variant not in rules and variant not in variants:
                    variants[variant] = [
                        {ORTH: case(respell(piece[ORTH])), NORM: piece.get(NORM, piece[ORTH].lower())}
                        for piece in pieces
                    ]
    return variants


_pipelines: dict[int, tuple[PatternSet, Pipeline]] = {}


def shared_pipeline(pattern_set: PatternSet) -> Language:
    """The process-wide spaCy pipeline for this pattern set, built on first use."""
    return shared_stages(pattern_set).nlp


def shared_stages(pattern_set: PatternSet) -> Pipeline:
    """The process-wide Pipeline (spaCy pipeline and matcher) for this pattern set, built on first use."""
    key = id(pattern_set)
    if key not in _pipelines:
        _pipelines[key] = (pattern_set, _build(pattern_set))
    return _pipelines[key][1]


MailEnglish = _mail_english_class()
registry.languages.register(MAIL_ENGLISH, func=MailEnglish)
