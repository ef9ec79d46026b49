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
    inputs: Annotated[list[Path], typer.Argument(
        help="Image files or folders of them, IDX or NPZ batches, CSV rows (or, for a photo "
             "run, CSVs of photo paths), radar JSON.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Write predictions to this CSV.")] = None,
    root: Annotated[Optional[Path], typer.Option(
        "--root", help="Folder the photo paths in a CSV are relative to (default: the CSV's "
                       "folder).")] = None,
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Predict INPUTs with RUN_DIR's model and its saved preprocessing."""
    setup(debug=debug, lang=lang)
    from fourfold.predict import Predictor
    from fourfold.predict.inputs import read_inputs
    from fourfold.runs.layout import write_atomic

    predictor = Predictor.load(run_dir)
    read = read_inputs(inputs, predictor.record, image_root=root)
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
    elif len(frame) <= 20 and predictor.task.name == "multilabel" and _named_one_by_one(inputs):
        for name, predicted, row in zip(names, frame["predicted"], scores):
            _print_labels(name, predicted, row, predictor.class_names)
    else:
        stdout.print(frame.to_csv(index=False, float_format="%.6g"), end="", markup=False)


def _named_one_by_one(inputs: list[Path]) -> bool:
    """Photos named on the command line (a folder or a CSV of paths gives a CSV)."""
    return all(path.is_file() and path.suffix.lower() not in {".csv", ".txt", ".gz"}
               for path in inputs)


def _print_labels(name: str, predicted: str, scores, class_names: list[str]) -> None:
    """A photo's label set, then every label's probability, most probable first."""
    stdout.print(text("predict.labels", path=name, labels=predicted or text("predict.no_labels")),
                 markup=False)
    order = scores.argsort()[::-1]
    items = ", ".join(f"{class_names[i]} {float(scores[i]):.1%}" for i in order)
    stdout.print(text("predict.label_scores", items=items), markup=False)


def _print_top(name: str, scores, class_names: list[str]) -> None:
    order = scores.argsort()[::-1]
    stdout.print(text("predict.top", path=name, label=class_names[order[0]],
                      probability=float(scores[order[0]])), markup=False)
    items = ", ".join(f"{class_names[i]} {float(scores[i]):.1%}" for i in order[:TOP_K])
    stdout.print(text("predict.top_k", k=TOP_K, items=items), markup=False)
