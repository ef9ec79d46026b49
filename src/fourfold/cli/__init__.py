"""The `fourfold` command: one Typer app, one file per sub-command.

Heavy libraries (Keras, the backend) are imported only inside the commands
that need them, so ``fourfold --help`` is instant.
"""

from __future__ import annotations

import sys

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
    return run_app(app, sys.argv[1:] if argv is None else argv)
