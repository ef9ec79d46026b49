"""The `fourfold` command: one Typer app, one file per sub-command.

Heavy libraries (Keras, the backend) are imported only inside the commands
that need them, so ``fourfold --help`` is instant.

Library warnings (NumPy's RuntimeWarning, scikit-learn's UndefinedMetricWarning,
Pillow's, matplotlib's, pandas') and library log lines never reach the terminal:
:func:`main` keeps them (``--debug`` shows them); what matters of them the run
records as notes of its own.
"""

from __future__ import annotations

import difflib
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from typer.core import TyperGroup

from fourfold.cli import (compare_command, datasets_command, explain_command, inspect_command,
                          predict_command, recipes_command, report_command, run_command,
                          runs_command, sweep_command)
from fourfold.cli.common import (CatalogueHelp, HelpfulCommand, LangOption, describe, run_app,
                                 setup, usage_errors_told)
from fourfold.errors import UsageError
from fourfold.messages import set_language, text



class CommandGroup(CatalogueHelp, TyperGroup):
    """The sub-commands, found whatever their case and ``_`` or ``-`` (``fourfold Run``);
    an unknown one is a usage error naming the closest command (:mod:`difflib`). Its
    ``--help`` and the command list are in the language asked for (the catalogue's
    ``help.command.fourfold`` and ``help.short.<command>``), and so are the usage errors
    click raises reading the command line, the group's and each command's
    (:func:`~fourfold.cli.common.usage_errors_told`)."""

    def make_context(self, *args, **kwargs):
        with usage_errors_told():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: typer.Context):
        with usage_errors_told():  # the command's own line is read here
            return super().invoke(ctx)

    def format_options(self, ctx: typer.Context, formatter) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                describe(command)
                rows.append((name, command.get_short_help_str(limit=formatter.width)))
        if rows:
            with formatter.section(text("help.commands")):
                formatter.write_dl(rows)

    def get_command(self, ctx: typer.Context, cmd_name: str):
        return super().get_command(ctx, cmd_name) or super().get_command(ctx, _normal(cmd_name))

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from fourfold.messages.quoting import shorten

            close = difflib.get_close_matches(_normal(args[0]), list(self.commands), n=1,
                                              cutoff=0.6)
            raise UsageError(text("cli.no_such_command", name=shorten(args[0], 60),
                                  commands=", ".join(f"'{name}'" for name in self.commands))
                             + (text("cli.did_you_mean", suggestion=close[0]) if close else ""))
        name, command, rest = super().resolve_command(ctx, args)
        return (command.name if command is not None else name), command, rest


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"fourfold {package_version()}")
        raise typer.Exit()


def package_version() -> str:
    """The installed fourfold's version (:mod:`importlib.metadata`), else the source tree's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fourfold")
    except PackageNotFoundError:
        from fourfold import __version__

        return __version__


class FourfoldApp(typer.Typer):
    """The app: every sub-command is a :class:`HelpfulCommand`."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or HelpfulCommand, **kwargs)


app = FourfoldApp(
    name="fourfold",
    cls=CommandGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True)] = False,
             lang: LangOption = None) -> None:
    # its help, and every command's, is in the catalogue (messages/*_options.py)
    setup(lang=lang)  # fourfold --lang ko run mnist


for module in (run_command, predict_command, report_command, compare_command, inspect_command,
               datasets_command, recipes_command, runs_command, explain_command, sweep_command):
    module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    _language_first(argv)
    if "--debug" in argv:
        return run_app(app, argv)
    with library_warnings_kept():
        return run_app(app, argv)


def _language_first(argv: list[str]) -> None:
    """Apply ``--lang`` before the command line is parsed, so that a mistyped command or
    option is refused in the language asked for (each command applies it again, checked).
    Given more than once, the last one counts, as for click; one not offered is skipped
    here (the command refuses it, naming --lang)."""
    for index, word in enumerate(argv):
        if word == "--":
            return
        value = (argv[index + 1] if word == "--lang" and index + 1 < len(argv)
                 else word.removeprefix("--lang=") if word.startswith("--lang=") else None)
        if value is not None:
            try:
                set_language(value)
            except ValueError:
                pass


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
