"""The `fourfold` command: one Typer app, one file per sub-command.

Heavy libraries (Keras, the backend) are imported only inside the commands
that need them, so ``fourfold --help`` is instant.

Library warnings (NumPy's RuntimeWarning, scikit-learn's UndefinedMetricWarning,
Pillow's, matplotlib's, pandas') and library log lines never reach the terminal:
:func:`main` keeps them (``--debug`` shows them); what matters of them the run
records as notes of its own.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from fourfold.cli import (compare_command, datasets_command, explain_command, inspect_command,
                          predict_command, recipes_command, report_command, run_command,
                          runs_command)
from fourfold.cli.common import run_app

app = typer.Typer(
    name="fourfold",
    help="Neural networks for the four classic supervised problems, from data to an explained result.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
for module in (run_command, predict_command, report_command, compare_command, inspect_command,
               datasets_command, recipes_command, runs_command, explain_command):
    module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if "--debug" in argv:
        return run_app(app, argv)
    with library_warnings_kept():
        return run_app(app, argv)


@contextmanager
def library_warnings_kept() -> Iterator[list[warnings.WarningMessage]]:
    """Keep Python warnings and library log lines from the terminal while the block runs.

    Warnings are recorded (the list yielded) instead of printed; log records no
    handler takes are dropped instead of reaching Python's last-resort stderr
    handler; worker processes started meanwhile inherit ``PYTHONWARNINGS=ignore``.
    Everything is restored afterwards, so calling :func:`main` twice in one
    process (tests do) behaves the same.
    """
    root = logging.getLogger()
    quiet = logging.NullHandler()
    root.addHandler(quiet)
    previous = os.environ.get("PYTHONWARNINGS")
    os.environ["PYTHONWARNINGS"] = "ignore"
    try:
        with warnings.catch_warnings(record=True) as caught:
            yield caught
    finally:
        root.removeHandler(quiet)
        if previous is None:
            os.environ.pop("PYTHONWARNINGS", None)
        else:
            os.environ["PYTHONWARNINGS"] = previous
