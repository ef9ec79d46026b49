"""Kaggle submissions at the end of a run (``fourfold run ... --submit-to FILE``)."""

from __future__ import annotations

from pathlib import Path

from fourfold.datasets import LoadedData
from fourfold.predict.predictor import Predictor
from fourfold.runs.layout import write_output


def write_submission(run_dir: Path, raw: LoadedData, path: Path) -> Path:
    """Predict the data set's unlabelled test rows (``raw.unlabelled``) with the run's
    model and write Kaggle's CSV (``id,<target>``, input order) to ``path``.

    Raises:
        UsageError: ``path`` is a folder (named).
        FourfoldError: ``path`` cannot be written (named: the file, not a temporary
            file beside it).
    """
    predictor = Predictor.load(run_dir, require_complete=False)
    rows = raw.unlabelled
    scores = predictor.scores(rows.x, rows.side)
    frame = predictor.submission(scores, [str(i) for i in rows.ids])
    return write_output(Path(path), frame.to_csv(index=False, float_format="%.17g"),
                        example="submission.csv")
