"""One catalogue for all user-facing text.

Every line fourfold shows a person goes through :func:`text`, keyed by a message
id, so that each exists in every supported language. English is complete; the
language comes from ``--lang`` or ``FOURFOLD_LANG``.
"""

from fourfold.messages.catalog import LANGUAGES, set_language, text

__all__ = ["LANGUAGES", "set_language", "text"]
