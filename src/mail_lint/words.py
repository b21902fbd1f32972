"""The bundled English word list (SCOWL, see data/README.md): words of four letters or more.

Pure Python and read once per process: the typo corrector leaves these words alone, and ``~word``
inflections keep only the regular forms that are real words.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

MIN_LENGTH = 4  # the list holds no shorter word


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Correctly spelt English words, lower case."""
    data = resources.files("mail_lint") / "data" / "english-words.txt.gz"
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())
