"""Input quoted in messages, cut to a readable length.

A message names the value it refuses, but a value can be anything a person or a
script typed: a 10,000-character ``--set``, a whole YAML document in an error's
context. Every place that echoes recipe or ``--set`` input passes it through
:func:`shorten`, so that no message carries more than a few hundred characters of it.
"""

from __future__ import annotations

from fourfold.messages.catalog import text

#: Characters of one quoted value shown in a message.
QUOTE_LIMIT = 200


def shorten(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``str(value)``, cut to its first ``limit`` characters when longer, saying how long it was.

    Args:
        value: what to quote (a string, or anything with a ``str``).
        limit: characters kept. Defaults to `200`.

    Returns:
        The text itself when it has at most ``limit`` characters, else its head
        followed by ``… (N characters)``.

    Example:
        >>> shorten("x" * 1000, limit=5)
        'xxxxx… (1000 characters)'
    """
    quoted = str(value)
    if len(quoted) <= limit:
        return quoted
    return text("quote.shortened", head=quoted[:limit], length=len(quoted))
