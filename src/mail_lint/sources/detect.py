"""Which kind of input is this? Decided by content first, then by the file name.

READERS lists the readers in the order they are asked: the first that accepts an input reads it. A new
input format is one module and one line there (and its suffixes in suffixes.py).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from ..draft import Draft
from ..regions import split_regions
from ..report_marker import is_rendered_report
from .errors import InputError
from .html import html_to_text
from .mime import SourceFile, is_format_patch, is_mbox, looks_like_message, mbox_drafts, message_draft, patch_draft
from .suffixes import HTML_SUFFIXES, TEMPLATE_SUFFIXES
from .template import placeholder_masks, suppressions
from .text import decode, from_byte_order_mark, refuse_binary

_HTML_STARTS = (b"<!doctype html", b"<html", b"<body", b"<div", b"<p>", b"<p ")


def load_drafts(path: str, data: bytes) -> list[Draft | InputError]:
    """The drafts in one input: one for most files, one per message for an mbox."""
    try:
        return _load(path, data)
    except InputError as error:
        return [error]
    except (ValueError, LookupError, IndexError) as error:  # a malformed input the parsers rejected
        return [InputError(path, f"cannot read this input: {error}")]
    except (RecursionError, MemoryError) as error:  # nested too deep or too large for the parsers
        return [InputError(path, f"cannot read this input ({type(error).__name__})")]
    except Exception as error:  # any other failure on this one input stays this input's error line
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return [InputError(path, f"cannot read this input ({type(error).__name__}{': ' + first if first else ''})")]


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    accepts: Callable[[str, bytes, str], bool]  # (path, data, lower-case suffix)
    read: Callable[[str, bytes, str], list[Draft | InputError]]


def _load(path: str, data: bytes) -> list[Draft | InputError]:
    if is_rendered_report(data):  # a report an earlier run wrote here: nothing of anyone's to lint
        return []
    data = from_byte_order_mark(path, data)
    refuse_binary(path, data)
    suffix = PurePath(path).suffix.lower()
    reader = next(reader for reader in READERS if reader.accepts(path, data, suffix))
    return reader.read(path, data, suffix)


READERS: tuple[Reader, ...] = (
    Reader("format-patch", lambda path, data, suffix: is_format_patch(data),
           lambda path, data, suffix: [patch_draft(SourceFile.of(path, data))]),
    Reader("mbox", lambda path, data, suffix: is_mbox(data) and suffix not in HTML_SUFFIXES + TEMPLATE_SUFFIXES,
           lambda path, data, suffix: mbox_drafts(SourceFile.of(path, data))),
    Reader("message", lambda path, data, suffix: looks_like_message(data, named_eml=suffix == ".eml"),
           lambda path, data, suffix: [message_draft(SourceFile.of(path, data), 0, len(data), path)]),
    Reader("html", lambda path, data, suffix: suffix in HTML_SUFFIXES
           or data.lstrip()[:16].lower().startswith(_HTML_STARTS),
           lambda path, data, suffix: [html_draft(path, decode(path, data))]),
    Reader("text", lambda path, data, suffix: True,  # plain text or a template: always last
           lambda path, data, suffix: [text_draft(path, decode(path, data), template=suffix in TEMPLATE_SUFFIXES)]),
)


def text_draft(path: str, text: str, template: bool = False) -> Draft:
    """Plain text or a template: placeholders are neutral words, template comments may suppress."""
    return Draft(
        path=path,
        text=text,
        regions=split_regions(text),
        masks=placeholder_masks(text, template),
        suppressions=suppressions(text) if template else (),
    )


def html_draft(path: str, source: str) -> Draft:
    from ..regions import overlay

    mapped, quotes = html_to_text(source)
    text = mapped.text
    return Draft(
        path=path,
        text=text,
        regions=overlay(split_regions(text), quotes),
        source_text=source,
        offset_map=mapped.offset_map(),
        masks=placeholder_masks(text, template=False),
    )
