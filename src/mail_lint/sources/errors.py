from __future__ import annotations


class InputError(Exception):
    """An input that cannot be linted. ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
