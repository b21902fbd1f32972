"""Shared fixtures: the pattern set and the linters are built once per test session."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mail_lint.config import Settings
from mail_lint.linter import Linter
from mail_lint.patterns import load_patterns

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pattern_set():
    return load_patterns()


@pytest.fixture(scope="session")
def linter(pattern_set):
    """Context gate off: every text is treated as an interview follow-up."""
    return Linter(pattern_set, Settings(assume_followup=True))


@pytest.fixture(scope="session")
def gated_linter(pattern_set):
    """The default: the context gate decides whether a draft is a follow-up."""
    return Linter(pattern_set, Settings())


def rule_ids(result) -> list[str]:
    return [finding.rule_id for finding in result.findings]


def categories(result) -> set[str]:
    return {finding.category for finding in result.findings}


def accuracy_bench():
    """bench/accuracy.py as a module (the accuracy floors and the README's accuracy tables use it)."""
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
