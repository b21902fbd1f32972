"""Reporters turn FileResults into a string. They never import spaCy or rapidfuzz."""
from .json import render_json
from .text import render_summary, render_text

FORMATS = ("text", "json")

__all__ = ["FORMATS", "render_json", "render_summary", "render_text"]
