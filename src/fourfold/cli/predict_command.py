"""`fourfold predict RUN_DIR INPUT...`: predict with a saved run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, require_run_folder, setup, stderr, stdout
from fourfold.messages import text


def register(app: typer.Typer) -> None:
    app.command("predict")(predict)


def predict(
    run_dir: Annotated[Path, typer.Argument(
        metavar="RUN_DIR", show_default=False)],
    inputs: Annotated[list[Path], typer.Argument(
        metavar="INPUT...", show_default=False)],
    out: Annotated[Optional[Path], typer.Option(
        "--out", metavar="FILE")] = None,
    root: Annotated[Optional[Path], typer.Option(
        "--root", metavar="DIR")] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    setup(debug=debug, lang=lang)
    from fourfold.predict import Predictor
    from fourfold.printable import printable
    from fourfold.predict.inputs import read_inputs
    from fourfold.runs.layout import write_output

    predictor = Predictor.load(require_run_folder(run_dir))
    read = read_inputs(inputs, predictor.record, image_root=root)
    for note in read.notes:
        stderr.print(printable(note), markup=False)
    if predictor.averaged:  # a K-fold ensemble; on stderr, as notes, to keep a CSV clean
        stderr.print(text("folds.predict.ensemble", k=predictor.averaged), markup=False)
    scores = predictor.scores(read.x, read.side)
    frame = (predictor.submission(scores, read.ids) if read.ids is not None
             else predictor.frame(scores, read.names))
    task = predictor.task
    if out is not None:
        write_output(out, frame.to_csv(index=False, float_format="%.17g"))
        stdout.print(printable(text("predict.written", count=len(frame), path=out)), markup=False)
    elif read.ids is None and task.prints_lines(len(frame), named=_named_one_by_one(inputs)):
        for name, predicted, row in zip(read.names, frame["predicted"], scores):
            for line in task.prediction_lines(name, row, predicted, predictor.class_names):
                stdout.print(printable(line), markup=False)
    else:  # A Kaggle submission, or a table of the task's prediction columns.
        table = frame.to_csv(index=False, float_format="%.6g")
        stdout.print(printable(table, newlines=True), end="", markup=False)


def _named_one_by_one(inputs: list[Path]) -> bool:
    """Every input is a file named on the command line: not a folder, nor a CSV of rows or
    photo paths (those give a CSV table)."""
    return all(path.is_file() and path.suffix.lower() not in {".csv", ".txt", ".gz"}
               for path in inputs)
