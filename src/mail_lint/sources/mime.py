"""RFC 822 messages - a single .eml, each message of an mbox, a git format-patch - to Drafts.

Parsing and decoding are the stdlib ``email`` package's (``policy.default``, each header parsed
once). Positions: the raw payload of the chosen text part is located in the file, and quoted-printable
or 8-bit text is re-decoded alongside its byte offsets; the result must equal the stdlib's decoding,
else (and for base64) positions fall back to the decoded body and are marked "decoded".
"""
from __future__ import annotations

import email
import email.errors
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import EmailPolicy
from functools import lru_cache

from ..draft import Draft, LineStarts, Region, RegionKind
from ..hook import strip_skip_header
from ..masks import Suppression
from ..regions import overlay, split_regions
from .errors import InputError
from .html import html_to_text
from .offsets import ByteToChar, MappedText, decode_with_offsets, unquote_printable

_NO_BOUNDARY = (email.errors.StartBoundaryNotFoundDefect, email.errors.NoBoundaryInMultipartDefect)
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_SUBJECT = re.compile(rb"(?im)^subject:[ \t]*")
_REPLY_SUBJECT = re.compile(r"^\s*(re|aw|sv|vs|antw|fwd?|wg|tr|rv)\s*(\[\d+\])?\s*:", re.IGNORECASE)
_PATCH_END = re.compile(r"(?m)^---[ \t]*$")
_DIFF_START = re.compile(r"(?m)^diff --git |^Index: |^--- a/")
_MBOX_SEPARATOR = re.compile(rb"(?m)^From [^\r\n]*\r?\n")
_PATCH_FIRST_LINE = re.compile(rb"^From [0-9a-f]{40} ")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_KNOWN_HEADERS = re.compile(
    rb"(?im)^(from|to|cc|subject|date|message-id|mime-version|content-type|received|return-path|in-reply-to|"
    rb"references|x-mailer|user-agent|reply-to):"
)


class _ParsedOncePolicy(EmailPolicy):
    """``policy.default``, except that a header is parsed once rather than on every access.

    The stdlib keeps headers as raw strings and builds a parsed header object each time one is read:
    ``get_content()`` alone reads Content-Type four times. Parsed headers are immutable ``str``
    objects, so identical ones (the same Content-Type in every message of a batch) can be shared."""

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name"):
            return value
        if len(value) > _LONGEST_SHARED_HEADER:  # a huge header is parsed as it comes, never kept
            return super().header_fetch_parse(name, value)
        return _parsed_header(name, value)


_POLICY = _ParsedOncePolicy()
_LONGEST_SHARED_HEADER = 300  # with 1,024 kept, a bound of a few MB on parsed headers


@lru_cache(maxsize=1024)
def _parsed_header(name: str, value: str):
    return EmailPolicy.header_fetch_parse(_POLICY, name, value)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file as given: its bytes, its text for line and column numbers, and a byte-to-char map."""

    path: str
    data: bytes
    text: str
    to_char: ByteToChar
    lines: LineStarts

    @classmethod
    def of(cls, path: str, data: bytes) -> SourceFile:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        return cls(path, data, text, ByteToChar(text, encoding), LineStarts(text))


def is_format_patch(data: bytes) -> bool:
    return bool(_PATCH_FIRST_LINE.match(data))


# A header field's name, then a colon (RFC 5322 2.2): the line after an mbox's From_ line.
_HEADER_FIELD = re.compile(rb"[!-9;-~]+:")


def is_mbox(data: bytes) -> bool:
    """An mbox starts with a From_ line and then its first message's headers. A draft may start with
    "From Monday on ...": its next line is prose, not a header."""
    if not data.startswith(b"From ") or is_format_patch(data):
        return False
    first_end = data.find(b"\n")
    return first_end != -1 and bool(_HEADER_FIELD.match(data, first_end + 1))


def looks_like_message(data: bytes, named_eml: bool) -> bool:
    """Headers first, then a blank line: how a mail client hands over a message on stdin."""
    first_line = data.split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first_line):
        return False
    end = _BLANK_LINE.search(data, 0, 65536)
    header_block = data[: end.start() if end else min(len(data), 65536)]
    return len(_KNOWN_HEADERS.findall(header_block)) >= (1 if named_eml else 2)


def mbox_drafts(source: SourceFile) -> list[Draft | InputError]:
    """One Draft (or error) per message of an mbox file, named ``path[N]``."""
    data = source.data
    starts = [m for m in _MBOX_SEPARATOR.finditer(data) if _after_blank_line(data, m.start())]
    results: list[Draft | InputError] = []
    for index, separator in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(source.data)
        name = f"{source.path}[{index + 1}]"
        try:
            results.append(message_draft(source, separator.end(), end, name))
        except InputError as error:
            results.append(error)
    return results or [InputError(source.path, "mbox file without messages")]


def _after_blank_line(data: bytes, position: int) -> bool:
    return position == 0 or data[position - 2 : position] == b"\n\n" or data[position - 4 : position] == b"\r\n\r\n"


def patch_draft(source: SourceFile) -> Draft:
    """A git format-patch file: its subject and commit message, never the diff after ``---``."""
    first_line_end = source.data.find(b"\n") + 1
    if not first_line_end or not source.data[first_line_end:].strip():
        raise InputError(source.path, "truncated format-patch: nothing after its first line")
    return message_draft(source, first_line_end, len(source.data), source.path, patch=True)


def message_draft(source: SourceFile, start: int, end: int, name: str, patch: bool = False) -> Draft:
    chunk = source.data[start:end]
    try:
        message = email.message_from_bytes(chunk, policy=_POLICY)
    except Exception as error:  # the parser is lenient; anything it raises is a broken message
        raise InputError(name, f"malformed message: {error}") from None
    blank = _BLANK_LINE.search(chunk)
    body_start = start + (blank.end() if blank else len(chunk))
    warnings: list[str] = []
    mapped = MappedText()
    subject = _subject(message, source, start, body_start, mapped, name)
    subject_length = len(mapped)
    part = _text_part(message)
    if part is None:
        raise InputError(name, _without_text(message))
    body, quotes = _part_text(part, source, body_start, end, warnings, name)
    cut = _PATCH_END.search(body.text)
    if cut and (patch or _DIFF_START.search(body.text, cut.end())):  # a patch, as git send-email mails it
        body = _truncate(body, cut.start())
    mapped.extend(body)
    body_text = body.text
    # A reply's or forward's subject was written by the other side: context, like a quote.
    subject_kind = RegionKind.QUOTE if _REPLY_SUBJECT.match(subject) else RegionKind.SUBJECT
    regions = [Region(0, subject_length, subject_kind)] if subject else []
    body_regions = overlay(split_regions(body_text), quotes)
    regions += [Region(r.start + subject_length, r.end + subject_length, r.kind) for r in body_regions]
    return Draft(
        path=name,
        text=mapped.text,
        regions=tuple(regions),
        source_text=source.text,
        lines=source.lines,
        offset_map=source.to_char.all(mapped.offset_map()),
        decoded=tuple(mapped.decoded),
        recipients=_recipients(message),
        warnings=tuple(warnings),
        message_id=str(message.get("message-id", "") or "").strip() or None,
        suppressions=_EVERY_RULE if strip_skip_header(chunk)[1] else (),
    )


# ``X-Mail-Lint: skip`` silences every rule for this message, as ``{# mail-lint: disable #}`` does a template:
# read by the sendmail hook's own reading of that header (hook.strip_skip_header), as the language server reads it.
_EVERY_RULE = (Suppression((), None),)


def _subject(message: EmailMessage, source: SourceFile, start: int, body_start: int, mapped: MappedText,
             name: str) -> str:
    try:
        subject = str(message.get("subject", "") or "")
    except Exception:  # a header the parser cannot decode
        return ""
    subject = " ".join(subject.split())
    if not subject:
        return ""
    header = _SUBJECT.search(source.data, start, body_start)
    anchor = header.end() if header else start
    raw = source.data[anchor : anchor + len(subject.encode("utf-8"))]
    exact = raw == subject.encode("utf-8")
    if exact:
        mapped.add(subject, offsets=list(_char_offsets(subject, anchor)))
    else:  # encoded words or folding: positions within the decoded subject
        mapped.add(subject, offsets=[anchor] * len(subject), decoded=True)
    mapped.add("\n\n")
    return subject


def _char_offsets(text: str, byte_start: int):
    offset = byte_start
    for char in text:
        yield offset
        offset += len(char.encode("utf-8"))


def _text_part(message: EmailMessage) -> EmailMessage | None:
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception:
        return None


def _without_text(message: EmailMessage) -> str:
    """Why a message has no text part, as precisely as the parser can tell."""
    if any(isinstance(defect, _NO_BOUNDARY) for defect in message.defects):
        return (f'broken MIME: the multipart boundary "{message.get_boundary()}" never occurs, so its parts '
                f"cannot be found")
    types = list(dict.fromkeys(_leaf_types(message)))
    if types and all(kind.startswith("message/") for kind in types):
        return f"no text part to lint: the message only forwards a message ({', '.join(types)})"
    return f"no text part to lint ({'only ' + ', '.join(types) if types else 'empty message'})"


def _leaf_types(part: EmailMessage):
    """The content types of a message's parts; an attached message counts as one part, not opened."""
    if part.get_content_maintype() == "message":
        yield part.get_content_type()
    elif part.is_multipart():
        for child in part.get_payload():
            yield from _leaf_types(child)
    else:
        yield part.get_content_type()


def _part_text(part: EmailMessage, source: SourceFile, low: int, high: int, warnings: list[str],
               name: str) -> tuple[MappedText, list[tuple[int, int]]]:
    charset = part.get_content_charset() or "utf-8"
    if charset in ("us-ascii", "ascii"):
        charset = "utf-8"
    try:
        content = part.get_content()
    except LookupError:
        warnings.append(f"unknown charset {charset!r}; read as UTF-8")
        charset = "utf-8"
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    except Exception as error:
        raise InputError(name, f"cannot decode the {part.get_content_type()} part: {error}") from None
    if not isinstance(content, str):
        raise InputError(name, f"no text part to lint ({part.get_content_type()})")
    if "\ufffd" in content and part.get_content_charset() is None:  # 8-bit text with no charset declared,
        content = _as_utf8(part, content)  # as a mail client's draft has it: read as UTF-8, as promised
    content = content.replace("\r\n", "\n")
    body = _locate(part, content, charset, source, low, high)
    if part.get_content_type() != "text/html":
        return body, []
    text, quotes = html_to_text(content)
    html_body = text.composed(body.offsets + [body.end_offset])
    if body.decoded:
        html_body.decoded = [(0, len(html_body))]
    return html_body, quotes


def _as_utf8(part: EmailMessage, content: str) -> str:
    try:
        return (part.get_payload(decode=True) or b"").decode("utf-8")
    except UnicodeDecodeError:
        return content


def _locate(part: EmailMessage, content: str, charset: str, source: SourceFile, low: int, high: int) -> MappedText:
    """``content`` with byte offsets into the file, or with decoded positions where it cannot be located."""
    encoding = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    raw = part.get_payload(decode=False)
    if isinstance(raw, str) and encoding in ("quoted-printable", "7bit", "8bit", "binary"):
        raw_bytes = _raw_bytes(raw, charset)
        if "\ufffd" in raw and encoding != "quoted-printable":  # 8-bit bytes the parser could not read as text
            raw_bytes = part.get_payload(decode=True) or b""
        position = source.data.find(raw_bytes, low, high) if raw_bytes else -1
        if position >= 0:
            if encoding == "quoted-printable":
                data, offsets = unquote_printable(raw_bytes, position)
            else:
                data, offsets = raw_bytes, list(range(position, position + len(raw_bytes)))
            mapped = decode_with_offsets(data, offsets, charset)
            if mapped.text == content:
                return mapped
    mapped = MappedText()
    mapped.add(content, offsets=[low] * len(content), decoded=True)
    mapped.end_offset = low
    return mapped


def _raw_bytes(raw: str, charset: str) -> bytes:
    try:
        return raw.encode("ascii")
    except UnicodeEncodeError:
        try:
            return raw.encode(charset, "surrogateescape")
        except (LookupError, UnicodeEncodeError):
            return b""


def _truncate(mapped: MappedText, length: int) -> MappedText:
    result = MappedText(mapped.chars[:length], mapped.offsets[:length],
                        [(a, min(b, length)) for a, b in mapped.decoded if a < length])
    result.end_offset = mapped.offsets[length] if length < len(mapped.offsets) else mapped.end_offset
    return result


def _recipients(message: EmailMessage) -> tuple[str, ...]:
    names = []
    try:
        for address in getattr(message.get("to"), "addresses", ()):
            if address.display_name:
                names.append(address.display_name)
    except Exception:  # an unparseable address header names nobody
        return ()
    return tuple(names)
