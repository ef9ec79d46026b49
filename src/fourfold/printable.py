"""Text from data and recipes, made safe to show: control characters shown, not obeyed.

Class names, column names, file names and recipe descriptions come from the user's
data. Printed as they are, an escape sequence in one (``"a\\x1b[31mb"``) would recolour
the terminal, move its cursor or hide the lines after it; a bidirectional override
would reorder what the reader sees. :func:`printable` writes each such character the
way Python writes it in a string literal (``\\x1b``, ``\\u202e``), so the name reads
literally. Rich markup (``[bold]``) is the printer's concern: fourfold prints data with
``markup=False``; HTML is autoescaped by the report's templates.
"""

from __future__ import annotations

import unicodedata

#: Format characters that reorder or hide text (bidirectional overrides and isolates).
_REORDERING = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                        "\u2066\u2067\u2068\u2069")


def printable(value: object, *, newlines: bool = False) -> str:
    """``str(value)`` with control characters written as escapes.

    Args:
        value: any value; its ``str`` is shown.
        newlines: keep line breaks (``\\n``) and tabs as they are, for a message
            of several lines; otherwise they are escaped too, as within one name.
            Defaults to `False`.

    Returns:
        The text with every C0 and C1 control character (ESC, BEL, CR, DEL...) and
        every bidirectional control written as ``\\xNN`` or ``\\uNNNN``.

    Example:
        >>> printable("a\\x1b[31mb")
        'a\\\\x1b[31mb'
    """
    text = str(value)
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(_shown(character, newlines) for character in text)


def _shown(character: str, newlines: bool) -> str:
    if newlines and character in "\n\t":
        return character
    if character in _REORDERING or unicodedata.category(character) == "Cc":
        escaped = ascii(character)[1:-1]
        return escaped if escaped.startswith("\\") else f"\\x{ord(character):02x}"
    return character
