"""_spacy.py imports spaCy without its command-line package, and falls back to a plain import when
spaCy no longer looks the way the stand-ins assume: mail-lint must never fail to import."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

FITTING = {"__init__.py": "from .cli.info import info  # noqa: F401\nVERSION = 'fake'\n"}
CHANGED = {  # a future spaCy that imports more from its cli package
    "__init__.py": "from .cli.info import info\nfrom .cli import app\nVERSION = 'fake'\n",
}
HIDDEN = {  # ... or imports it from a submodule, which no reading of __init__ can see
    "__init__.py": "from .cli.info import info\nfrom . import about\nVERSION = 'fake'\n",
    "about.py": "from spacy.cli import app\n",
}
CLI = {"cli/__init__.py": "app = 'the real cli'\n", "cli/info.py": "def info():\n    return 'the real info'\n"}


def import_fake_spacy(tmp_path, files: dict[str, str]) -> subprocess.CompletedProcess:
    for name, text in {**files, **CLI}.items():
        path = tmp_path / "spacy" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(tmp_path)!r}, {str(ROOT / "src")!r}]
        from mail_lint._spacy import spacy
        print(spacy.VERSION, "spacy.cli" in sys.modules, spacy.info())
    """)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


def test_the_stand_ins_keep_spacy_cli_unloaded(tmp_path):
    run = import_fake_spacy(tmp_path, FITTING)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["fake", "False", "the", "real", "info"]


@pytest.mark.parametrize("files", [CHANGED, HIDDEN], ids=["changed-init", "hidden-import"])
def test_a_changed_spacy_falls_back_to_a_plain_import(tmp_path, files):
    run = import_fake_spacy(tmp_path, files)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["fake", "True", "the", "real", "info"]
