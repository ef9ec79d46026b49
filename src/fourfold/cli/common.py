"""What every sub-command shares: --debug, --lang, --quiet, and mapping errors to exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from fourfold.errors import EXIT_FAILURE, EXIT_OK, FourfoldError
from fourfold.messages import set_language, text

DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")]
LangOption = Annotated[Optional[str], typer.Option(
    "--lang", help="Language of messages and reports: en or ko (also FOURFOLD_LANG).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")]
DataDirOption = Annotated[Optional[Path], typer.Option(
    "--data-dir", help="Folder holding the data sets (also FOURFOLD_DATA).",
    file_okay=False)]

#: Exit code of a command stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)
_state = {"debug": False}


def setup(*, debug: bool = False, lang: str | None = None) -> None:
    """Apply the options every command takes. Call first in each command."""
    _state["debug"] = debug or _state["debug"]
    if lang is not None:
        try:
            set_language(lang)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--lang") from None


def data_dir_or_env(data_dir: Path | None) -> Path | None:
    """``--data-dir``, else ``FOURFOLD_DATA``, else ``None``."""
    if data_dir is not None:
        return data_dir
    configured = os.environ.get("FOURFOLD_DATA")
    return Path(configured) if configured else None


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
