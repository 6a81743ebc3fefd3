"""String helpers shared by the loader, the schema pass and the rules: JSON pointer tokens
(RFC 6901) and repository text as a message quotes it."""

from __future__ import annotations


def escape_pointer_token(token: str) -> str:
    """A key as one token of a JSON pointer: ``~`` is ``~0`` and ``/`` is ``~1``."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def shorten(text: str, width: int = 60) -> str:
    """Text from the file as a message quotes it: a hostile key or tag can be megabytes long."""
    return text if len(text) <= width else text[: width - 3] + "..."
