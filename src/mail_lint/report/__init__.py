"""Reporters turn FileResults into a string. They never import spaCy or rapidfuzz."""
from .github import render_github
from .json import render_json
from .junit import render_junit
from .registry import REPORTERS, Reporter, ReportOptions
from .sarif import render_sarif
from .text import render_summary, render_text

FORMATS = tuple(REPORTERS)  # the --format names

__all__ = ["FORMATS", "REPORTERS", "ReportOptions", "Reporter", "render_github", "render_json", "render_junit",
           "render_sarif", "render_summary", "render_text"]
