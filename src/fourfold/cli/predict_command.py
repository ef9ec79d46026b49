"""`fourfold predict RUN_DIR INPUT...`: predict with a saved run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fourfold.cli.common import DebugOption, LangOption, setup, stderr, stdout
from fourfold.messages import text

TOP_K = 3


def register(app: typer.Typer) -> None:
    app.command("predict")(predict)


def predict(
    run_dir: Annotated[Path, typer.Argument(help="A complete run folder.")],
    inputs: Annotated[list[Path], typer.Argument(help="Image files, IDX or NPZ batches.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Write predictions to this CSV.")] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Predict INPUTs with RUN_DIR's model and its saved preprocessing."""
    setup(debug=debug, lang=lang)
    from fourfold.predict import Predictor
    from fourfold.predict.inputs import read_inputs
    from fourfold.runs.layout import write_atomic

    predictor = Predictor.load(run_dir)
    read = read_inputs(inputs, predictor.record)
    for note in read.notes:
        stderr.print(note, markup=False)
    scores = predictor.scores(read.x, read.side)
    frame = (predictor.submission(scores, read.ids) if read.ids is not None
             else predictor.frame(scores, read.names))
    names = read.names
    if out is not None:
        write_atomic(out, frame.to_csv(index=False, float_format="%.17g"))
        stdout.print(text("predict.written", count=len(frame), path=out), markup=False)
    elif len(frame) <= 20 and predictor.task.name == "multiclass":
        for name, row in zip(names, scores):
            _print_top(name, row, predictor.class_names)
    else:
        stdout.print(frame.to_csv(index=False, float_format="%.6g"), end="", markup=False)


def _print_top(name: str, scores, class_names: list[str]) -> None:
    order = scores.argsort()[::-1]
    stdout.print(text("predict.top", path=name, label=class_names[order[0]],
                      probability=float(scores[order[0]])), markup=False)
    items = ", ".join(f"{class_names[i]} {float(scores[i]):.1%}" for i in order[:TOP_K])
    stdout.print(text("predict.top_k", k=TOP_K, items=items), markup=False)
