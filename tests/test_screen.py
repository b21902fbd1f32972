"""The gate screen (screen.py): whenever it says a draft cannot be a follow-up, the full gate agrees."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mail_lint.draft import Draft
from mail_lint.pattern_syntax import compiled_words
from mail_lint.patterns import builtin_patterns_dir, load_patterns
from mail_lint.regions import split_regions
from mail_lint.screen import GateScreen, respellings
from mail_lint.sources import load_drafts
from mail_lint.textnorm import informal_lexicon

ROOT = Path(__file__).resolve().parents[1]
ORDINARY = ("ordinary-invoice.txt", "ordinary-neighbours.txt", "clean-followup.txt")


@pytest.fixture(scope="module")
def screen(pattern_set):
    return GateScreen(pattern_set)


def draft_of(text: str) -> Draft:
    return Draft(path="<text>", text=text, regions=split_regions(text))


def test_the_screen_reads_its_words_from_the_gate_data(screen, pattern_set):
    gate_words = {w for signal in pattern_set.signals for w in compiled_words(signal.compiled)}
    assert screen.trigger_words <= gate_words
    assert {"interview", "position", "candidate", "rejected", "unsuccessful"} <= screen.trigger_words
    # words other letters are read as too are screened through the tokenizer exceptions' table
    assert {"i", "how", "not", "you"} <= screen.trigger_words
    assert {"i", "am"} <= respellings()["im"] and "because" in respellings()["cuz"]


def test_a_changed_gate_file_changes_the_screen(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(builtin_patterns_dir(), patterns)
    context = patterns / "_context.yaml"
    context.write_text(context.read_text(encoding="utf-8").replace("|internship|", "|gig|internship|"),
                       encoding="utf-8")
    text = "I was turned down for the gig after another candidate was chosen."
    assert "gig" not in GateScreen(load_patterns()).triggers_in(text)
    assert "gig" in GateScreen(load_patterns(patterns)).triggers_in(text)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.*")), ids=lambda p: p.name)
def test_examples_screen_as_the_gate_decides(path, screen, gated_linter):
    """Follow-ups pass the screen; the ordinary examples are decided by it alone."""
    for draft in load_drafts(str(path), path.read_bytes()):
        followup = gated_linter.lint_draft(draft).context.followup
        assert screen.might_follow_up(draft) == followup
        assert followup == (path.name not in ORDINARY)


def test_typos_british_spelling_and_quoted_context_reach_the_screen(screen):
    assert "interview" in screen.triggers_in("Thanks for the intervew")  # a typo the corrector reads
    assert "interview" in screen.triggers_in("Thanks for the INTERVEIW")  # a swap, in capitals
    assert "interview" not in screen.triggers_in("an interval")  # an English word is never a typo
    assert "interview" in screen.triggers_in("i messed up the intervieeeew")  # a letter held down
    assert "interview" in screen.triggers_in("the interviewww")
    quoting = draft_of("Thanks, I will.\n\nOn Monday, Jo wrote:\n> We have decided to move forward with "
                       "another candidate for the position.\n")
    assert not screen.could_pass(screen.triggers_in(quoting.own_text()))
    assert screen.might_follow_up(quoting)


def test_every_tokenizer_exception_is_seen_by_the_screen(screen, gated_linter):
    """Exceptions are where a token's NORM is not its own letters ("gonna" -> going, to): each trigger
    word the pipeline reads in one must be one the screen finds in its text."""
    nlp = gated_linter.nlp
    texts = list(nlp.tokenizer.rules)
    if nlp.vocab.lookups.has_table("lexeme_norm"):  # spacy-lookups-data installed: its norms too
        texts += list(nlp.vocab.lookups.get_table("lexeme_norm").keys())
    missed = {}
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        norms = {token.norm_ for token in doc} & screen.trigger_words
        for norm in norms - screen.triggers_in(text):
            missed.setdefault(norm, []).append(text)
    assert len(texts) > 1000
    assert missed == {}  # word -> exceptions: rebuild data/respelt.tsv (scripts/build_respelt.py)


# --- the property: screen says no => the gate says no ---------------------------------------------

SIGNALS = load_patterns().signals
VOCABULARY = sorted({w for signal in SIGNALS for w in compiled_words(signal.compiled)})
CONTRACTIONS = ["I'm", "Im", "I've", "Ive", "I'd", "Id", "didn't", "didnt", "wasn't", "can't", "cannot", "gonna",
                "wanna", "y'all", "'cause", "cos", "won't", "it's", "today's", "interview's", "I’m", "DIDN'T",
                "re-interview", "2interview", "interview/role", "nothin'", "lemme", "gimme", "Letʼs", "jobʼs",
                "Shouldntve", "couldnt", "Idve", "y’all", "c'mon", "gotta"]
_INFORMAL = informal_lexicon()
INFORMAL = sorted({*_INFORMAL.words, *_INFORMAL.after, *_INFORMAL.pieces})  # "thx", "2day", "theyre", "4"
FILLER = ["the", "a", "and", "we", "report", "invoice", "lunch", "Friday", "budget", "kids", "garden", "please"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\n\n", " - ", "  ", ": "]


@st.composite
def typo(draw, word: str) -> str:
    if len(word) < 2:
        return word
    i = draw(st.integers(0, len(word) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyzé"))
    edit = draw(st.sampled_from(["swap", "drop", "add", "change"]))
    if edit == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "add":
        return word[:i] + letter + word[i:]
    return word[:i] + letter + word[i + 1 :]


@st.composite
def written(draw, word: str) -> str:
    """A word as people type it: as is, misspelt, in capitals or title case, British, a letter held down."""
    if draw(st.integers(0, 3)) == 0:
        word = draw(typo(word))
    if draw(st.booleans()) and word.endswith(("ize", "izing", "ized", "izes")):
        word = word.replace("iz", "is")
    if draw(st.booleans()) and word.endswith("ing"):
        word = word[:-1]  # "wonderin"
    if draw(st.integers(0, 5)) == 0 and word:
        i = draw(st.integers(0, len(word) - 1))
        word = word[:i] + word[i] * draw(st.integers(3, 5)) + word[i + 1 :]  # "intervieeew", held down
    return draw(st.sampled_from([word, word, word.upper(), word.title()]))


@st.composite
def signal_phrase(draw) -> list[str]:
    """The words of one of the gate's own patterns, optional items sometimes left out."""
    signal = draw(st.sampled_from(SIGNALS))
    specs = draw(st.sampled_from(signal.compiled))
    words = []
    for spec in specs:
        if spec.get("OP") in ("?", "*") and draw(st.booleans()):
            continue
        norm = spec.get("NORM")
        if isinstance(norm, str):
            words.append(norm)
        elif isinstance(norm, dict) and "IN" in norm:
            words.append(draw(st.sampled_from(norm["IN"])))
        else:
            words.append(draw(st.sampled_from(FILLER)))
    return words


WORD = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(CONTRACTIONS),
    st.sampled_from(INFORMAL),
    st.sampled_from(FILLER),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäéíöüß", min_size=1, max_size=12),
)


@st.composite
def words(draw) -> list[str]:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            pieces += draw(signal_phrase())
        else:
            pieces += draw(st.lists(WORD, min_size=1, max_size=6))
    return [draw(written(w)) for w in pieces]


@st.composite
def text(draw) -> str:
    return "".join(w + draw(st.sampled_from(SEPARATORS)) for w in draw(words())).strip() or "x"


@st.composite
def mail(draw) -> str:
    own = draw(text())
    if draw(st.booleans()):
        quoted = draw(text()).replace("\n", "\n> ")
        own += f"\n\nOn Tuesday, Alex Smith wrote:\n> {quoted}\n"
    return own


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mail())
def test_when_the_screen_says_no_the_gate_says_no(screen, gated_linter, body):
    draft = draft_of(body)
    decision = gated_linter.lint_draft(draft).context
    maybe = screen.might_follow_up(draft)
    event(f"gate {'yes' if decision.followup else 'no'}, screen {'maybe' if maybe else 'no'}")
    if not maybe:
        assert not decision.followup, (body, decision)


# --- the hook: ordinary mail never loads spaCy ----------------------------------------------------

def _hook_run(message: bytes, *args: str) -> tuple[int, str]:
    status, modules, _, _ = _hook_run_reading(message, *args)
    return status, modules


def _hook_run_reading(message: bytes, *args: str) -> tuple[int, str, list[str], str]:
    """(exit status, spaCy's modules imported, the pattern files read, what the hook said)."""
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from click.testing import CliRunner\n"
        "from mail_lint import patterns\n"
        "from mail_lint.cli import main\n"
        "read, _read_yaml = [], patterns._read_yaml\n"
        "patterns._read_yaml = lambda path: read.append(Path(path).name) or _read_yaml(path)\n"
        f"run = CliRunner().invoke(main, ['sendmail', *{args!r}, '--', sys.executable, '-c', 'pass'], "
        f"input={message!r})\n"
        "print(run.exit_code, sorted({'spacy', 'thinc', 'numpy'} & set(sys.modules)))\n"
        "print(json.dumps(sorted(read) + ['(yaml imported)'] * ('yaml' in sys.modules)))\n"
        "print(run.stderr.strip())\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    first, files, said = (run.stdout.strip() + "\n\n").split("\n", 2)
    status, modules = first.split(" ", 1)
    return int(status), modules, json.loads(files), said.strip()


ORDINARY_MESSAGE = (b"From: Nadia <nadia@example.org>\nTo: Tom <tom@example.com>\nSubject: Invoice\n\n"
                    + (ROOT / "examples" / "ordinary-invoice.txt").read_bytes())
FOLLOW_UP_MESSAGE = (b"From: Nadia <nadia@example.org>\nTo: Dana <dana@example.com>\nSubject: The interview\n\n"
                     + (ROOT / "examples" / "apology.txt").read_bytes())


def test_ordinary_mail_through_the_hook_is_delivered_without_spacy():
    assert _hook_run(ORDINARY_MESSAGE) == (0, "[]")


def test_a_follow_up_through_the_hook_is_still_linted_in_full():
    assert _hook_run(FOLLOW_UP_MESSAGE) == (65, "['numpy', 'spacy', 'thinc']")


def test_ordinary_mail_through_the_hook_reads_no_pattern_file(tmp_path):
    """The screen comes from its shipped tables (gate_tables.py), and not even the YAML parser is imported;
    a follow-up is linted in full with the built-in patterns shipped compiled (compiled_patterns.py): it
    reads only the files of an extra pack."""
    assert _hook_run_reading(ORDINARY_MESSAGE)[2] == []
    status, modules, read, _ = _hook_run_reading(FOLLOW_UP_MESSAGE)
    assert status != 0 and "spacy" in modules and not [name for name in read if name.endswith(".yaml")]
    pack = tmp_path / "pack"
    pack.mkdir()
    text = (ROOT / "patterns" / "apology.yaml").read_text(encoding="utf-8")
    (pack / "mine.yaml").write_text(text.replace("category: apology", "category: mine", 1), encoding="utf-8")
    status, _, read, _ = _hook_run_reading(FOLLOW_UP_MESSAGE, "--extra-patterns", str(pack))
    assert status != 0 and "mine.yaml" in read and "_context.yaml" not in read and "apology.yaml" not in read


def test_a_broken_pattern_pack_stops_the_hook_even_for_ordinary_mail(tmp_path):
    """A pack is loaded, and checked, before the screen: its one-line error names the file."""
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(ROOT / "patterns" / "apology.yaml", pack / "mine.yaml")
    text = (pack / "mine.yaml").read_text(encoding="utf-8").replace("category: apology", "category: mine", 1)
    (pack / "mine.yaml").write_text(text.replace("patterns:\n", "patterns:\n      - \"@nosuchclass\"\n", 1),
                                    encoding="utf-8")
    status, _, _, said = _hook_run_reading(ORDINARY_MESSAGE, "--extra-patterns", str(pack))
    assert status == 75
    assert "mine.yaml" in said and "nosuchclass" in said and "not sent" in said


def test_importing_the_hook_path_does_not_import_spacy():
    code = ("import sys\nimport mail_lint.cli, mail_lint.screen, mail_lint.hook, mail_lint.sources\n"
            "print(sorted({'spacy', 'thinc', 'numpy'} & set(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.stdout.strip() == "[]", run.stderr


def test_weak_signals_alone_never_pass_the_screen(screen, gated_linter):
    """The gate never lets through a draft whose hiring and after evidence is all weak; neither does the screen."""
    draft = draft_of("Thanks for the call yesterday. I misread your question about the budget, sorry.\n")
    decision = gated_linter.lint_draft(draft).context
    assert decision.evidence and not decision.followup  # the weak signals do fire in the gate
    assert not screen.might_follow_up(draft)
    assert screen.might_follow_up(draft_of("Thanks for the call yesterday. I misread your question in the "
                                           "interview, and I understand you chose another candidate.\n"))
