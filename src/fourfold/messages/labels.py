"""How metrics and baselines are named to a reader, in the language in force.

Runs record metric keys as Keras and scikit-learn name them (``mae``) and baselines as
the task names them (``majority class``); the terminal and the report show them
through the catalogue ("MAE (mean absolute error)", "다수 클래스"), falling back to the
recorded name for one the catalogue does not know.
"""

from __future__ import annotations

from fourfold.messages.catalog import LANGUAGES, text


def metric_label(name: str) -> str:
    """A metric's display name (``report.metric.<name>``), else its key."""
    return catalogued(f"report.metric.{name}", name)


def baseline_label(name: str) -> str:
    """A baseline's display name (``baseline.<name with _ for spaces>``), else the name."""
    return catalogued("baseline." + name.replace(" ", "_"), name)


def catalogued(key: str, fallback: str | None) -> str | None:
    """The message ``key`` in the language in force, or ``fallback`` when the catalogue
    has no such key (a name recorded by a newer fourfold, a library's own key)."""
    return text(key) if key in LANGUAGES["en"] else fallback
