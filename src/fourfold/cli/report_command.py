"""`fourfold report RUN_DIR`: rebuild a run's report.html from its files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stdout
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("report")(report)


def report(
    run_dir: Annotated[Path, typer.Argument(help="A run folder.")],
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Rebuild RUN_DIR/report.html from the run folder alone."""
    setup(debug=debug, lang=lang)
    from fourfold.reporting import build_report

    stdout.print(text("report.written", path=build_report(run_dir)), markup=False)
