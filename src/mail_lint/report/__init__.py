"""Reporters turn FileResults into a string. They never import spaCy or rapidfuzz."""
from .github import render_github
from .json import render_json
from .junit import render_junit
from .sarif import render_sarif
from .text import render_summary, render_text

FORMATS = ("text", "json", "github", "sarif", "junit", "html", "markdown")  # html, markdown: rendered.py

__all__ = ["FORMATS", "render_github", "render_json", "render_junit", "render_sarif", "render_summary", "render_text"]
