"""Sources turn files and standard input into Drafts, or into one-line input errors."""
from .discover import DEFAULT_GLOBS, discover
from .errors import InputError
from .text import MAX_BYTES, decode, draft_from_bytes, read_path

__all__ = ["DEFAULT_GLOBS", "InputError", "MAX_BYTES", "decode", "discover", "draft_from_bytes", "read_path"]
