"""Questions about paths that the system may be unable to answer.

``Path.exists()`` and friends raise ``OSError`` for a name longer than the file
system allows (or a folder that may not be searched) instead of answering; a
user's 10,000-character argument must read as "no such file", not a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def answered(question: Callable[..., T], *args: object) -> T | bool:
    """``question(*args)`` (``Path.is_file``, ``path.exists``, a lambda), or `False` when
    the system cannot answer it (``OSError``: a name too long, no permission).

    Example:
        >>> from pathlib import Path
        >>> answered(Path.is_file, Path("x" * 10_000))
        False
    """
    try:
        return question(*args)
    except OSError:
        return False
