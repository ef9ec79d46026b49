"""Kaggle submissions at the end of a run (``fourfold run ... --submit-to FILE``)."""

from __future__ import annotations

from pathlib import Path

from fourfold.datasets import LoadedData
from fourfold.predict.predictor import Predictor
from fourfold.runs.layout import write_atomic


def write_submission(run_dir: Path, raw: LoadedData, path: Path) -> Path:
    """Predict the data set's unlabelled test rows (``extras["submit_*"]``) with the run's
    model and write Kaggle's CSV (``id,<target>``, input order) to ``path``."""
    predictor = Predictor.load(run_dir, require_complete=False)
    side = raw.extras.get("submit_inc_angle")
    scores = predictor.scores(raw.extras["submit_x"],
                              None if side is None else side.reshape(-1, 1))
    frame = predictor.submission(scores, [str(i) for i in raw.extras["submit_ids"]])
    write_atomic(Path(path), frame.to_csv(index=False, float_format="%.17g"))
    return Path(path)
