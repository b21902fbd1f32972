"""Sources turn files and standard input into Drafts, or into one-line input errors."""
from .detect import load_drafts
from .discover import DEFAULT_GLOBS, discover
from .errors import InputError
from .text import MAX_BYTES, decode, read_path

__all__ = ["DEFAULT_GLOBS", "MAX_BYTES", "InputError", "decode", "discover", "load_drafts", "read_path"]
