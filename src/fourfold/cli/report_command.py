"""`fourfold report RUN_DIR`: rebuild a run's report.html from its files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fourfold.cli.common import DebugOption, LangOption, require_run_folder, setup, stdout
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    run_dir: Annotated[Path, typer.Argument(
        metavar="RUN_DIR", show_default=False)],
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold.printable import printable
    from fourfold.reporting import build_report
    from fourfold.runs.layout import REPORT, output_error

    try:
        written = build_report(require_run_folder(run_dir))
    except OSError as error:  # a read-only run folder, a full disk: name the file
        raise output_error(error, run_dir / REPORT, example=REPORT) from None
    stdout.print(printable(text("report.written", path=written)), markup=False)
