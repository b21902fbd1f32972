"""The language server (``mail-lint lsp``). pygls and lsprotocol come with ``pip install 'mail-lint[lsp]'``
and are imported only when the server runs."""
from __future__ import annotations


def missing_dependency() -> str | None:
    """A one-line explanation when the server's libraries are not installed, else None."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError as error:
        return (f"the language server needs {error.name or 'pygls'}, which is not installed; "
                "install it with: pip install 'mail-lint[lsp]'")
    return None


def run() -> int:
    from .server import serve

    return serve()
