"""The saved model plus its saved preprocessing: what `fourfold predict` runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from fourfold.errors import RunFolderError
from fourfold.messages import text
from fourfold.preprocessing.saved import scaler_from_dict
from fourfold.preprocessing.scaling import InputScaler
from fourfold.runs import layout
from fourfold.runs import status as run_status
from fourfold.runs.record_files import (PREPROCESS_FILE, RUN_METRICS_FILE, STATUS_FILE, damaged,
                                        incomplete_file_error)
from fourfold.runs.records import InputRecord, PreprocessRecord, SideRecord
from fourfold.tasks import Task, get_task


def preprocess_record(recipe, task: Task, data, raw, decoding=None) -> PreprocessRecord:
    """``preprocess.json``: everything ``predict`` needs besides the weights."""
    from fourfold.datasets.kinds import get_kind

    pictures = get_kind(raw.input_kind).pictures
    grey = pictures and (len(raw.x_train.shape) == 3 or raw.x_train.shape[-1] == 1)
    return PreprocessRecord(
        recipe=recipe.name,
        task=task.name,
        class_names=list(data.class_names),
        input=InputRecord(
            kind=raw.input_kind,
            shape=list(raw.x_train.shape[1:]),
            dtype=str(raw.x_train.dtype),
            background=_background(raw.x_train) if grey else None,
            image_column=raw.image_column,
            feature_names=raw.feature_names,
            target_names=raw.target_names,
        ),
        scaler=data.scaler.to_dict(),
        side=None if data.side_scaler is None else SideRecord(
            names=list(raw.side_names or []), scaler=data.side_scaler.to_dict()),
        decoding=task.decoding_record(decoding, list(data.class_names)),
        probability_clip=recipe.evaluation.probability_clip,
    )


def _background(images: np.ndarray) -> str:
    """``dark`` when the training images are light strokes on a dark ground (MNIST)."""
    first = np.asarray(images[:1000])  # an ImageSet of photos reads whole rows only
    border = np.concatenate([first[:, 0].ravel(), first[:, -1].ravel()])
    return "dark" if float(np.mean(border)) < 128 else "light"


def average_scores(scores: Sequence[np.ndarray]) -> np.ndarray:
    """An ensemble's outputs: the element-wise mean of its models' outputs.

    Args:
        scores: each model's outputs for the same inputs, as its task
            postprocessed them (probabilities for classification and
            multi-label, values for regression), all of one shape.

    Returns:
        ``float64`` array of that shape.

    Raises:
        ValueError: no outputs, or outputs of different shapes.

    Example:
        >>> average_scores([np.array([[0.2, 0.8]]), np.array([[0.6, 0.4]])])
        array([[0.4, 0.6]])
    """
    arrays = [np.asarray(score, dtype=np.float64) for score in scores]
    if not arrays:
        raise ValueError("average_scores needs the outputs of at least one model")
    shapes = {array.shape for array in arrays}
    if len(shapes) > 1:
        raise ValueError(f"the models' outputs must have one shape; received {sorted(shapes)}")
    return np.mean(np.stack(arrays), axis=0)


def load_keras_model(path: Path):
    """A saved model, loaded in Keras' safe mode without its training configuration.

    Raises:
        DamagedFile: the file cannot be loaded (exit code 3, naming it).
    """
    import keras

    try:
        return keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # Keras raises ValueError, OSError, zipfile errors...
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise damaged(path, text("damage.problem.model", error=first_line[:300])) from None


@dataclass
class Predictor:
    """A run's model with its preprocessing.

    Use :meth:`load`; then :meth:`scores` for raw outputs and :meth:`frame`
    for a table of predictions. A K-fold run whose ``kfold.final`` is
    ``ensemble`` loads as an ensemble: :attr:`parts` holds one predictor per
    fold (its model with its own saved preprocessing), :meth:`scores` averages
    theirs, and :attr:`model` is `None`.
    """

    run_dir: Path
    model: object
    task: Task
    preprocess: PreprocessRecord = field(repr=False)
    scaler: InputScaler = field(repr=False)
    parts: list["Predictor"] = field(default_factory=list, repr=False)

    @classmethod
    def load(cls, run_dir: Path, *, require_complete: bool = True) -> "Predictor":
        """Load the run's model in Keras' safe mode and its ``preprocess.json``: the
        primary model's, or for a K-fold ensemble every fold's.

        Args:
            run_dir: the run folder.
            require_complete: refuse a run that is not complete; a run writing
                its own submission passes `False`. Defaults to `True`.

        Raises:
            RunFolderError: when the run is not complete or its files are missing.
            DamagedFile: when ``status.json``, ``metrics.json``, ``preprocess.json`` or
                ``model.keras`` is damaged (exit code 3).
        """
        run_dir = Path(run_dir)
        STATUS_FILE.read(run_dir)  # damaged: named, rather than read as "failed"
        status = run_status.read_status(run_dir)
        if require_complete and status != run_status.COMPLETE:
            raise RunFolderError(text("predict.not_complete", path=run_dir, status=status))
        folders = model_dirs(run_dir)
        for member_dir in folders:
            for name in (layout.MODEL, layout.PREPROCESS):
                if not (member_dir / name).is_file():
                    raise RunFolderError(text("predict.no_model", path=run_dir, name=name))
        _activate_backend_of(run_dir)
        parts = [cls._load_member(run_dir, member_dir) for member_dir in folders]
        if len(parts) == 1:
            return parts[0]
        first = parts[0]
        kfold = RUN_METRICS_FILE.read(run_dir).kfold
        preprocess = first.preprocess.model_copy(update={"decoding": kfold.decoding})
        return cls(run_dir, None, first.task, preprocess, first.scaler, parts=parts)

    @classmethod
    def _load_member(cls, run_dir: Path, member_dir: Path) -> "Predictor":
        record = PREPROCESS_FILE.read(member_dir)
        if record.input is None or record.scaler is None:  # only an older fourfold's lack them
            raise incomplete_file_error(member_dir / layout.PREPROCESS, record,
                                        "input" if record.input is None else "scaler")
        model = load_keras_model(member_dir / layout.MODEL)
        return cls(run_dir, model, get_task(record.task), record, scaler_from_dict(record.scaler))

    @property
    def averaged(self) -> int:
        """How many models' outputs :meth:`scores` averages: the folds of an ensemble,
        else 0."""
        return len(self.parts)

    @property
    def models(self) -> list:
        """The Keras model(s): the ensemble's fold models, or the one model."""
        return [part.model for part in self.parts] if self.parts else [self.model]

    @property
    def class_names(self) -> list[str]:
        return self.preprocess.class_names

    @cached_property
    def record(self) -> dict:
        """``preprocess.json`` as a JSON object (for code that reads it by key)."""
        return self.preprocess.to_dict()

    def scores(self, x_raw: np.ndarray, side_raw: np.ndarray | None = None) -> np.ndarray:
        """Model outputs for raw inputs (as stored in the data set, before scaling), as the
        run reported them (binary probabilities clipped as the recipe says).

        Args:
            x_raw: the inputs.
            side_raw: their side features, for a run trained with them.
        """
        from fourfold.models import predict_scores
        from fourfold.preprocessing.scaling import SideScaler

        if self.parts:
            return average_scores([part.scores(x_raw, side_raw) for part in self.parts])
        x = self.scaler.transform(x_raw)
        side = self.preprocess.side
        if side:
            if side_raw is None:
                raise RunFolderError(text("predict.needs_side_features", path=self.run_dir,
                                          names=", ".join(side.names)))
            x = {"inputs": x, "side": SideScaler.from_dict(side.scaler).transform(side_raw)}
        return self.task.postprocess(predict_scores(self.model, x),
                                     probability_clip=self.preprocess.probability_clip)

    def submission(self, scores: np.ndarray, ids: list[str]) -> pd.DataFrame:
        """Kaggle's submission format: ``id``, then the columns the task submits (the positive
        class's probability for binary: ``is_iceberg`` for the iceberg challenge), one row per
        input in input order."""
        return pd.DataFrame({"id": ids, **self.task.submission_columns(
            scores, self.class_names, self.preprocess.input.target_names)})

    def frame(self, scores: np.ndarray, names: list[str]) -> pd.DataFrame:
        """One row per input: its name, the prediction and the scores."""
        decoding = self.task.decoding_from_record(self.preprocess.decoding, self.class_names)
        columns = {"input": names, **self.task.prediction_columns(scores, self.class_names,
                                                                   decoding)}
        return pd.DataFrame(columns)


def model_dirs(run_dir: Path) -> list[Path]:
    """The folders of the model(s) ``predict`` uses: every fold's for a K-fold run whose
    ``kfold.final`` is ``ensemble``; else the primary member's (the ``refit`` model's
    for ``kfold.final: refit``; the run folder itself for one model, or when the run
    has no ``metrics.json``).

    Raises:
        RunFolderError: ``metrics.json`` is damaged or of an incompatible fourfold.
    """
    metrics = RUN_METRICS_FILE.read(run_dir)
    if metrics is None:
        return [run_dir]
    if metrics.kfold is not None and metrics.kfold.final == "ensemble":
        return [run_dir / member.dir for member in metrics.members
                if member.name != metrics.primary]
    return [run_dir / metrics.primary_member.dir]


def _activate_backend_of(run_dir: Path) -> None:
    """Use the backend the run trained on (so outputs match it bit for bit), unless
    ``KERAS_BACKEND`` says otherwise."""
    from fourfold import backend as backends

    metrics = RUN_METRICS_FILE.read(run_dir)
    trained_on = metrics.backend if metrics is not None else None
    backends.activate(backends.choose_backend(trained_on or "auto"))
