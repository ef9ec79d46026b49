"""Message lookup with a per-process language."""

from __future__ import annotations

import os

from fourfold.messages.en import MESSAGES as ENGLISH
from fourfold.messages.ko import MESSAGES as KOREAN

LANGUAGES = {"en": ENGLISH, "ko": KOREAN}
_language: str | None = None


def set_language(language: str | None) -> None:
    """Choose the language of all later messages.

    Args:
        language: ``"en"`` or ``"ko"``; ``None`` falls back to ``FOURFOLD_LANG``,
            then English. Defaults to `None`.

    Raises:
        ValueError: for a language with no catalogue.
    """
    global _language
    if language is not None and language not in LANGUAGES:
        raise ValueError(
            f"Unknown language {language!r}; expected one of {sorted(LANGUAGES)}."
        )
    _language = language


def current_language() -> str:
    """The language in force: the one set, else ``FOURFOLD_LANG``, else English."""
    language = _language or os.environ.get("FOURFOLD_LANG", "en")
    return language if language in LANGUAGES else "en"


def text(message_id: str, /, **values: object) -> str:
    """The message ``message_id`` in the current language, formatted with ``values``.

    A key missing from a translation falls back to English, so a new message
    never breaks a run in another language.
    """
    template = LANGUAGES[current_language()].get(message_id) or ENGLISH[message_id]
    return template.format(**{key: _bounded(value) for key, value in values.items()})


#: Longest text a message carries from one value; a safety net under the quoting each
#: message does itself (:func:`fourfold.messages.quoting.shorten`, 200 characters).
VALUE_LIMIT = 1000


def _bounded(value: object) -> object:
    """Text values cut to :data:`VALUE_LIMIT` characters: no message can echo a whole file
    or a 10,000-character option. Numbers and other values keep their format specs."""
    if isinstance(value, str) and len(value) > VALUE_LIMIT:  # as quoting.shorten says it
        return text("quote.shortened", head=value[:VALUE_LIMIT], length=len(value))
    return value
