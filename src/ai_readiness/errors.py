"""The two failures a run can end in besides findings (SPEC §5 exit codes)."""

from __future__ import annotations


class ConfigError(Exception):
    """Bad configuration or usage: exit code 2 with this one line."""


class InternalError(Exception):
    """An unexpected exception while linting ``path``: exit code 3 with one line naming it."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path
