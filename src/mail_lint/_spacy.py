"""Import spaCy without its command-line package.

``import spacy`` runs ``from .cli.info import info``, which loads typer, weasel and an HTTP client:
about a third of spaCy's import time (../shared/MEASUREMENTS.md), for a function mail-lint never
calls. While spaCy is imported, stand-ins take the place of ``spacy.cli`` and ``spacy.cli.info``;
they are removed right after, so a later ``import spacy.cli`` loads the real package, and
``spacy.info()`` loads it on first use.
"""
from __future__ import annotations

import sys
import types


def _real_info(*args, **kwargs):
    from spacy.cli.info import info  # the real one, now that the stand-ins are gone

    return info(*args, **kwargs)


def import_spacy():
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
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
