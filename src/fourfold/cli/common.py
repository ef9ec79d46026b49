"""What every sub-command shares: --debug, --lang, --quiet, and mapping errors to exit codes."""

from __future__ import annotations

import difflib
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from typer.core import TyperCommand

try:  # Typer >= 0.22 carries its own copy of click
    from typer._click.exceptions import (BadOptionUsage, BadParameter, MissingParameter,
                                        NoArgsIsHelpError, NoSuchOption)
    from typer._click.exceptions import UsageError as ClickUsageError
except ImportError:  # older Typer, on click
    from click.exceptions import (BadOptionUsage, BadParameter, MissingParameter,
                                  NoArgsIsHelpError, NoSuchOption)
    from click.exceptions import UsageError as ClickUsageError

from fourfold.errors import EXIT_FAILURE, EXIT_OK, FourfoldError
from fourfold.messages import LANGUAGES, set_language, text
from fourfold.paths import answered
from fourfold.runs.layout import CONFIG, STATUS

DebugOption = Annotated[bool, typer.Option("--debug")]
class Language(str, Enum):
    """The languages of ``--lang``."""

    en = "en"
    ko = "ko"


# The help of every option and argument is in the catalogue (messages/*_options.py), looked
# up when help is shown, in the language asked for: see CatalogueHelp.
LangOption = Annotated[Optional[Language], typer.Option("--lang", show_default=False)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q")]
DataDirOption = Annotated[Optional[Path], typer.Option("--data-dir", file_okay=False)]


class ScreenWidthFormatter(typer.Context.formatter_class):
    """Help wrapped by columns on the screen rather than by characters: a Hangul syllable
    takes two columns, so Korean help wrapped by characters would run past the terminal's
    edge. Each wide character is followed by a placeholder while the text is wrapped (so
    it counts twice), and the placeholders are dropped from what is written."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _widened(args), prefix and _widened(prefix))

    def write_text(self, text: str) -> None:
        super().write_text(_widened(text))

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([tuple(_widened(cell) for cell in row) for row in rows], *args, **kwargs)

    def getvalue(self) -> str:
        return super().getvalue().replace(_SECOND_COLUMN, "")


#: Stands for the second screen column of a wide character while help is wrapped (a
#: private-use character: never in fourfold's text, and no space to break a line at).
_SECOND_COLUMN = "\ue000"


def _widened(text: str) -> str:
    return "".join(character + _SECOND_COLUMN
                   if unicodedata.east_asian_width(character) in "WF" else character
                   for character in text)


class HelpContext(typer.Context):
    """A command's context, whose help is wrapped by :class:`ScreenWidthFormatter`."""

    formatter_class = ScreenWidthFormatter


class CatalogueHelp:
    """``--help`` written from the catalogue in the language in force: the description
    (``help.command.<command>``), each parameter's help (``help.param.<command>.<name>``,
    else ``help.param.common.<option>`` for the options commands share), the usage line and
    section titles. The texts are looked up when help is shown, not when the commands are
    defined, so ``--lang ko`` and ``FOURFOLD_LANG=ko`` (read before) apply to all of it.
    Option values are named by what they hold (``N``, ``DIR``, ``en|ko``); lines are wrapped
    at the terminal's width as it shows them (:class:`ScreenWidthFormatter`)."""

    context_class = HelpContext

    def format_help(self, ctx: typer.Context, formatter) -> None:
        describe(self)
        for param in self.get_params(ctx):
            param.help = catalogued(help_keys(self.name, param), param.help)
            if param.param_type_name == "option" and param.metavar is None and not param.is_flag:
                param.metavar = _value_name(param, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=text("help.usage") + " ")

    def format_options(self, ctx: typer.Context, formatter) -> None:
        arguments = [(_argument_name(param), param.help or "") for param in self.get_params(ctx)
                     if param.param_type_name == "argument"]
        options = [(record[0], _default_named(record[1])) for param in self.get_params(ctx)
                   if param.param_type_name == "option" and (record := param.get_help_record(ctx))]
        for title, rows in ((text("help.arguments"), arguments), (text("help.options"), options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def describe(command) -> None:
    """Set ``command``'s description and its line in the command list from the catalogue."""
    command.help = catalogued([f"help.command.{command.name}"], command.help)
    command.short_help = catalogued([f"help.short.{command.name}"], command.short_help)


def help_keys(command: str, param) -> list[str]:
    """The catalogue keys that may hold ``param``'s help, the command's own first: run's
    ``--epochs`` is ``help.param.run.epochs``; ``--lang`` falls back to
    ``help.param.common.lang`` (by the option's long name, so inspect's ``--target``, a
    parameter named ``column``, is ``help.param.common.target``)."""
    keys = [f"help.param.{command}.{param.name}"]
    if param.param_type_name == "option":
        keys.append(f"help.param.common.{_long_name(param)}")
    return keys


def catalogued(keys: list[str], otherwise: str | None) -> str | None:
    """The text of the first of ``keys`` the catalogue has, else ``otherwise``."""
    return next((text(key) for key in keys if key in LANGUAGES["en"]), otherwise)


def _default_named(help_text: str) -> str:
    """Typer's ``[default: runs]`` after an option's help, in the language in force."""
    return help_text.replace("[default: ", f"[{text('help.default')}: ")


class HelpfulCommand(CatalogueHelp, TyperCommand):
    """A sub-command whose ``--help`` teaches, in the language asked for (see
    :class:`CatalogueHelp`): a usage line as man pages write it
    (``fourfold predict [OPTIONS] RUN_DIR INPUT...``), and the command's examples
    (``help.examples.<command>`` in the catalogue)."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        return ([self.options_metavar] if self.options_metavar else []) + [
            _argument_name(param) for param in self.get_params(ctx)
            if param.param_type_name == "argument"]

    def format_epilog(self, ctx: typer.Context, formatter) -> None:
        key = f"help.examples.{self.name}"
        if key not in LANGUAGES["en"]:
            return
        with formatter.section(text("help.examples")):
            formatter.write_text("\b\n" + text(key))  # \b: lines kept as written


def _argument_name(param) -> str:
    """``RUN_DIR``, ``INPUT...`` or ``[RECIPE]``: the metavar, else the name in capitals."""
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


#: Value names for the types Typer (or click) names: ``--epochs N``, ``--data-dir DIR``.
_VALUE_NAMES = {"int": "N", "integer": "N", "int range": "N", "integer range": "N",
                "float": "X", "float range": "X", "dir": "DIR", "directory": "DIR",
                "file": "FILE", "path": "PATH"}


def _value_name(param, ctx: typer.Context) -> str:
    """What an option's value is, for ``--help``: its choices (``en|ko``), ``N``, ``X``,
    ``DIR``, ``FILE``, ``PATH``, else the option's own name in capitals (``--names NAMES``)."""
    shown = (param.display_type(ctx) if hasattr(param, "display_type")  # Typer >= 0.16
             else getattr(param.type, "name", "")).strip("<>")
    if "|" in shown and not shown.startswith("list["):
        return shown
    return _VALUE_NAMES.get(shown) or _long_name(param).upper()


def _long_name(param) -> str:
    """An option's longest name as an identifier: ``--data-dir`` is ``data_dir``."""
    return max(param.opts, key=len).lstrip("-").replace("-", "_")


#: Exit code of a command stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)
_state = {"debug": False}


def setup(*, debug: bool = False, lang: Language | str | None = None) -> None:
    """Apply the options every command takes. Call first in each command."""
    _state["debug"] = debug or _state["debug"]
    if lang is not None:
        try:
            set_language(getattr(lang, "value", lang))
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--lang") from None


def data_dir_or_env(data_dir: Path | None) -> Path | None:
    """``--data-dir``, else ``FOURFOLD_DATA``, else ``None``."""
    if data_dir is not None:
        return data_dir
    configured = os.environ.get("FOURFOLD_DATA")
    return Path(configured) if configured else None


def require_run_folder(path: Path) -> Path:
    """``path`` when it is a run folder (one `fourfold run` made: it holds ``status.json``).

    Raises:
        UsageError: (exit 2) saying what ``path`` is instead: missing (with the closest
            run folder beside it), a file, a folder of run folders (naming the newest),
            or a folder that no run made.
    """
    from fourfold.errors import UsageError
    from fourfold.messages.quoting import shorten

    if _is_run_folder(path):
        return path
    if not answered(path.exists):
        beside = _run_folders(path.parent)
        close = difflib.get_close_matches(path.name, [item.name for item in beside], n=1)
        suggestion = text("cli.did_you_mean", suggestion=path.parent / close[0]) if close else ""
        raise UsageError(text("cli.run_dir.missing", path=shorten(path)) + suggestion)
    if not answered(path.is_dir):
        raise UsageError(text("cli.run_dir.file", path=shorten(path)))
    inside = _run_folders(path)
    if inside:
        newest = max(inside, key=lambda item: answered(lambda: (item / STATUS).stat().st_mtime))
        raise UsageError(text("cli.run_dir.holds_runs", path=shorten(path), count=len(inside),
                              newest=shorten(newest)))
    raise UsageError(text("cli.run_dir.not_a_run", path=shorten(path)))


def _is_run_folder(path: Path) -> bool:
    """A folder `fourfold run` made: it has ``status.json``, or, in the moment between the
    folder's lock and its first status, its ``config.yaml``."""
    return answered(lambda: (path / STATUS).is_file() or (path / CONFIG).is_file())


def _run_folders(folder: Path) -> list[Path]:
    """The run folders directly inside ``folder`` (none when it cannot be listed)."""
    try:
        return sorted(item for item in folder.iterdir() if _is_run_folder(item))
    except OSError:
        return []


def resume_command(command: str, folder: Path) -> str:
    """The shell command that resumes ``folder`` with ``fourfold COMMAND --resume`` (the
    folder quoted for a POSIX shell)."""
    import shlex

    return f"fourfold {command} --resume {shlex.quote(str(folder))}"


def run_app(app: typer.Typer, argv: list[str]) -> int:
    """Run ``app``; expected errors become one or two plain lines and an exit code.

    Typer reports its own usage errors (exit 2); fourfold's errors carry their
    exit code; anything else is exit 1 with a hint to use ``--debug``.
    """
    _state["debug"] = "--debug" in argv
    try:
        app(args=argv, prog_name="fourfold", standalone_mode=True)
    except SystemExit as exit_:
        if isinstance(getattr(exit_.__context__, "__cause__", None), KeyboardInterrupt):
            stderr.print(text("cli.interrupted"))  # Ctrl-C outside a run: Typer exits 130 mute
        return exit_.code if isinstance(exit_.code, int) else EXIT_FAILURE
    except FourfoldError as error:
        _report(error)
        return error.exit_code
    except KeyboardInterrupt:
        stderr.print(text("cli.interrupted"))
        return EXIT_INTERRUPTED
    except Exception as error:
        _report(error)
        if not _state["debug"]:
            stderr.print(text("cli.debug_hint"))
        return EXIT_FAILURE
    return EXIT_OK


def _report(error: BaseException) -> None:
    if _state["debug"]:
        traceback.print_exception(error, file=sys.stderr)
    from fourfold.printable import printable

    stderr.print(printable(f"{text('cli.error_prefix')}: {error}", newlines=True), markup=False)


class CatalogueUsageError(ClickUsageError):
    """A usage error click or Typer raised while reading the command line, told from the
    catalogue in the language in force (``--lang`` anywhere on the line, or
    ``FOURFOLD_LANG``): the usage line, where to find help, then what is wrong, naming the
    option or argument as typed. Exit code 2, as click's own.

    Args:
        error: the error click or Typer raised.
    """

    def __init__(self, error: ClickUsageError):
        super().__init__(usage_message(error), error.ctx)

    def show(self, file=None) -> None:
        from fourfold.printable import printable

        lines = []
        if self.ctx is not None:
            lines.append(self.ctx.get_usage())
            if self.ctx.command.get_help_option(self.ctx) is not None:
                lines.append(text("usage.try_help", command=f"{self.ctx.command_path} "
                                                            f"{self.ctx.help_option_names[0]}"))
            lines.append("")
        lines.append(printable(f"{text('cli.error_prefix')}: {self.message}", newlines=True))
        (stderr if file is None else Console(file=file, highlight=False, soft_wrap=True)).print(
            "\n".join(lines), markup=False)


@contextmanager
def usage_errors_told() -> Iterator[None]:
    """Tell the usage errors raised in the block from the catalogue
    (:class:`CatalogueUsageError`); ``fourfold`` alone (its help) passes unchanged."""
    try:
        yield
    except (NoArgsIsHelpError, CatalogueUsageError):
        raise
    except ClickUsageError as error:
        raise CatalogueUsageError(error) from None


def usage_message(error: ClickUsageError) -> str:
    """What ``error`` says, from the catalogue: its kind (an unknown option, a missing
    argument, a bad value...) and the names and values it carries. A message click words
    in a way not known here is kept as click wrote it."""
    from fourfold.messages.quoting import shorten

    if isinstance(error, NoSuchOption):
        message = text("usage.no_such_option", option=shorten(error.option_name, 60))
        if error.possibilities:
            message += text("usage.did_you_mean_options", options=text("usage.options_or").join(
                f"'{name}'" for name in sorted(error.possibilities)))
        return message
    if isinstance(error, BadOptionUsage):
        if "requires" in error.message:
            return text("usage.option_needs_value", option=error.option_name)
        if "does not take a value" in error.message:
            return text("usage.option_takes_no_value", option=error.option_name)
        return error.message
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        name = _hint(error)
        problem = _problem(error)
        return (text("usage.bad_value", name=name, problem=problem) if name
                else text("usage.bad_value_unnamed", problem=problem))
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", error.message,
                         re.DOTALL)
    if extra:
        return text("usage.extra_arguments", arguments=", ".join(
            f"'{shorten(word, 60)}'" for word in extra.group(1).split(" ")))
    if error.message == "Missing command." and error.ctx is not None:
        group = error.ctx.command
        return text("usage.missing_command", commands=", ".join(
            f"'{name}'" for name in getattr(group, "list_commands", lambda ctx: [])(error.ctx)))
    return error.message


def _hint(error: BadParameter) -> str | None:
    """The option or argument as click names it in errors: ``'--epochs'``, ``'RUN_DIR'``."""
    hint = error.param_hint if error.param_hint is not None else (
        error.param.get_error_hint() if error.param is not None else None)
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(item) for item in hint)


def _missing(error: MissingParameter) -> str:
    name = _hint(error) or ""
    kind = error.param_type or (error.param.param_type_name if error.param is not None
                                else "parameter")
    message = text({"argument": "usage.missing_argument",
                    "option": "usage.missing_option"}.get(kind, "usage.missing_parameter"),
                   name=name)
    extra = error.param.get_missing_message(ctx=error.ctx) if error.param is not None else ""
    choices = re.fullmatch(r"Choose from:\s*(.*)", extra or "", re.DOTALL)
    if choices:
        message += text("usage.choose_from", choices=", ".join(
            part.strip() for part in choices.group(1).split(",") if part.strip()))
    return message


#: click's wording of a path it refuses (``file 'x' does not exist.``), and the catalogue's.
_PATH_PROBLEM = re.compile(r"\w+ (['\"])(?P<path>.*)\1 (?P<what>does not exist|is a file|"
                           r"is a directory|is not readable|is not writable)\.", re.DOTALL)
_PATH_KEYS = {"does not exist": "path_missing", "is a file": "path_is_file",
              "is a directory": "path_is_folder", "is not readable": "path_unreadable",
              "is not writable": "path_unwritable"}
#: Typer's wording of a value that is not one of the choices.
_CHOICE_PROBLEM = re.compile(r"(?:Value error, )?(['\"])(?P<value>.*)\1 is not one of "
                             r"(?P<choices>.*)\.", re.DOTALL)
#: pydantic's error types for a number out of its range, and the bound each names (the
#: catalogue's ``usage.problem.<bound>``).
_BOUNDS = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le",
           "less_than": "lt"}


def _problem(error: BadParameter) -> str:
    """What is wrong with the value: from the pydantic error Typer converted it with (a
    number that is not one, or out of range), or from click's wording of a refused path or
    choice; else click's own words."""
    from fourfold.messages.quoting import shorten

    cause = error.__cause__
    details = cause.errors() if hasattr(cause, "errors") else []
    if details:
        kind, value = details[0].get("type"), shorten(details[0].get("input"), 60)
        bounds = details[0].get("ctx") or {}
        if kind == "int_parsing":
            return text("usage.problem.int", value=value)
        if kind == "float_parsing":
            return text("usage.problem.float", value=value)
        if kind in _BOUNDS:
            bound = _BOUNDS[kind]
            return text(f"usage.problem.{bound}", limit=bounds.get(bound), value=value)
    message = error.message
    path = _PATH_PROBLEM.fullmatch(message)
    if path:
        return text(f"usage.problem.{_PATH_KEYS[path['what']]}", path=shorten(path["path"]))
    choice = _CHOICE_PROBLEM.fullmatch(message)
    if choice:
        return text("usage.problem.choice", value=shorten(choice["value"], 60),
                    choices=choice["choices"])
    return message
