"""End to end: the real pre-commit tool runs this repository's hook on a throwaway template repo.

pre-commit installs mail-lint from this repository at HEAD into its own environment (from the
package registry), so the test needs this checkout to be a git repository and pre-commit installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def _head() -> str | None:
    run = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return run.stdout.strip() if run.returncode == 0 else None


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (pip install '.[test]')")
@pytest.mark.skipif(shutil.which("git") is None or _head() is None, reason="needs git and a git checkout")
def test_pre_commit_hook_fails_on_a_follow_up_template_and_passes_when_fixed(tmp_path):
    repo = tmp_path / "templates-repo"
    (repo / "templates").mkdir(parents=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(Path.home() / ".cache" / "mail-lint-tests" / "pre-commit"),
           "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    git = lambda *a: subprocess.run(["git", *a], cwd=repo, env=env, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {_head()}\n    hooks:\n      - id: mail-lint\n", encoding="utf-8")
    template = repo / "templates" / "after-interview.j2"
    template.write_text("Dear {{ name }},\n\nThank you for the interview for the {{ role }} position.\n"
                        "I was so nervous; please give me a second chance.\n", encoding="utf-8")
    (repo / "templates" / "welcome.j2").write_text("Hi {{ name }}, welcome aboard!\n", encoding="utf-8")
    git("add", ".")
    run = lambda: subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env,  # noqa: E731
                                 capture_output=True, text=True, check=False, timeout=900)
    failed = run()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "templates/after-interview.j2:3:1: warning thank-you.for-the-interview" in failed.stdout
    assert "welcome.j2" not in failed.stdout
    template.write_text("Dear {{ name }},\n\nThe signed offer letter for the {{ role }} position is attached.\n",
                        encoding="utf-8")
    git("add", ".")
    passed = run()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "mail-lint" in passed.stdout and "Passed" in passed.stdout
