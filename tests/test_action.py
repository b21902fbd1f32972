"""The composite GitHub Action and the pre-commit hook definition are data: check what they promise."""
from __future__ import annotations

import re

import yaml

from .conftest import ROOT


def test_action_installs_this_package_and_annotates():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = " ".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "pip install" in steps and "github.action_path" in steps
    assert "mail-lint --format github" in steps
    assert set(action["inputs"]) == {"paths", "args", "version"}


def test_pre_commit_hook_definition():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("mail-lint", "mail-lint", "python")
    pattern = re.compile(hook["files"])
    for name in ("a.txt", "b.eml", "c.j2", "d.jinja", "e.jinja2", "f.html", "g.mustache", "h.hbs", "i.tmpl"):
        assert pattern.search(name), name
    assert not pattern.search("setup.py")
