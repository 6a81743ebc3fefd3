"""The two failures a run can end in besides findings (the exit codes of README.md)."""

from __future__ import annotations


class ConfigError(Exception):
    """Bad configuration or usage: exit code 2. Each message is one problem; the command line
    writes each on a line of its own, escaped (``cli.main`` is the one place that writes them)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = messages

    def __str__(self) -> str:
        return "; ".join(self.messages)


class InternalError(Exception):
    """An unexpected exception while linting ``path``: exit code 3 with one line naming it."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path
