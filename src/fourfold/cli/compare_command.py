"""`fourfold compare RUN_DIR RUN_DIR...`: one page comparing runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.errors import UsageError
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)


def compare(
    run_dirs: Annotated[list[Path], typer.Argument()],
    out: Annotated[Path, typer.Option("--out")] = Path("compare.html"),
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    if len(run_dirs) < 2:
        raise UsageError(text("compare.need_two"))
    from fourfold.reporting import build_comparison

    from fourfold.printable import printable

    stdout.print(printable(text("report.written", path=build_comparison(run_dirs, out))),
                 markup=False)
