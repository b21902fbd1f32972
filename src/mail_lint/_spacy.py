"""Import spaCy without its command-line package.

``import spacy`` runs ``from .cli.info import info``, which loads typer, weasel and an HTTP client:
about a third of spaCy's import time (../shared/MEASUREMENTS.md), for a function mail-lint never
calls. While spaCy is imported, stand-ins take the place of ``spacy.cli`` and ``spacy.cli.info``;
they are removed right after, so a later ``import spacy.cli`` loads the real package, and
``spacy.info()`` loads it on first use.

The stand-ins assume that spaCy's ``__init__`` takes exactly one thing from ``spacy.cli``: the line
``from .cli.info import info``. When that is not what the installed spaCy says, or the guarded import
fails anyway, spaCy is imported plainly: slower, but mail-lint never fails to import.
"""
from __future__ import annotations

import importlib.util
import re
import sys
import types

_ASSUMED_LINE = "from .cli.info import info"
_CLI_REFERENCE = re.compile(r"\.cli\b|spacy\.cli\b|\bcli\b")


def _real_info(*args, **kwargs):
    from spacy.cli.info import info  # the real one, now that the stand-ins are gone

    return info(*args, **kwargs)


def import_spacy():
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    if not _stand_ins_fit():
        import spacy

        return spacy
    try:
        return _import_with_stand_ins()
    except Exception:  # noqa: BLE001 - whatever the stand-ins broke, a plain import is the answer
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]  # the half-imported package: import it again, plainly
        import spacy

        return spacy


def _stand_ins_fit() -> bool:
    """Whether spaCy's __init__ uses spacy.cli only through the one line the stand-ins provide."""
    try:
        spec = importlib.util.find_spec("spacy")
        with open(spec.origin, encoding="utf-8") as handle:  # type: ignore[union-attr, arg-type]
            lines = handle.read().splitlines()
    except (ImportError, AttributeError, TypeError, OSError, ValueError):
        return False
    uses = [line.split("#", 1)[0].strip() for line in lines if _CLI_REFERENCE.search(line.split("#", 1)[0])]
    return uses == [_ASSUMED_LINE]


def _import_with_stand_ins():
    package = types.ModuleType("spacy.cli")
    package.__path__ = []  # a package, so that spacy.cli.info can be "imported" from it
    info = types.ModuleType("spacy.cli.info")
    info.info = _real_info
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    for name, module in stand_ins.items():
        sys.modules.setdefault(name, module)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        loaded = sys.modules.get("spacy")
        if loaded is not None and getattr(loaded, "cli", None) is package:
            del loaded.cli
    return spacy


spacy = import_spacy()
