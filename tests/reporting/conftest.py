"""Small synthetic run folders, written through the run folder's own records and writers
(fourfold.runs.records): a fixture cannot hold a key that ``fourfold run`` does not write."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from fourfold.messages import set_language
from fourfold.runs import layout
from fourfold.runs.record_files import MEMBER_METRICS_FILE, RUN_METRICS_FILE
from fourfold.runs.records import (Baseline, Curve, DataSummary, Headline, MemberMetrics,
                                   RunMetrics, Timings)
from fourfold.runs.status import write_status
from fourfold.training.summary import summarise

EVIL = "<script>alert(1)</script>"
CLASS_NAMES = ["cat", "dog", EVIL]
#: Rows of the multiclass test set whose prediction is wrong.
WRONG_ROWS = (3, 7)


@pytest.fixture(autouse=True)
def english():
    """Every test starts and ends in English, whatever FOURFOLD_LANG says."""
    set_language("en")
    yield
    set_language(None)


def history(epochs: int, metric: str, best: int, onset: int | None) -> pd.DataFrame:
    """Falling training loss; validation loss lowest at ``best``, rising after ``onset``."""
    epoch = np.arange(1, epochs + 1)
    loss = 1.0 / epoch
    val_loss = 0.3 + 0.2 / epoch if onset is None else 0.3 + 0.05 * np.abs(epoch - best)
    return pd.DataFrame({
        "epoch": epoch, "loss": loss, metric: 1 - loss / 2, "val_loss": val_loss,
        f"val_{metric}": 0.9 - val_loss / 10, "epoch_seconds": np.full(epochs, 0.5),
    })


def write_member(folder: Path, *, history_frame: pd.DataFrame,
                 predictions: pd.DataFrame | None = None, samples: dict | None = None) -> None:
    """A member's files besides its metrics (which :func:`write_metrics` writes)."""
    folder.mkdir(parents=True, exist_ok=True)
    history_frame.to_csv(folder / layout.HISTORY, index=False)
    if predictions is not None:
        predictions.to_csv(folder / layout.PREDICTIONS, index=False)
    if samples is not None:
        np.savez(folder / layout.SAMPLES, **samples)


def write_metrics(run_dir: Path, members: list[tuple[Path, MemberMetrics]]) -> RunMetrics:
    """The members' and the run's metrics.json, as ``fourfold run`` writes them: each
    member folder's own file, then the summary made by the run's own summariser."""
    for folder, metrics in members:
        if folder != run_dir:
            MEMBER_METRICS_FILE.write(folder, metrics)
    summary = summarise([(metrics.model, folder, metrics) for folder, metrics in members],
                        run_dir)
    summary.timings.total_seconds = sum(m.timings.fit_seconds for _, m in members) + 0.4
    RUN_METRICS_FILE.write(run_dir, summary)
    return summary


def multiclass_metrics(name: str = "dense-64-32", best: int = 5, onset: int | None = 5,
                       accuracy: float = 0.8333) -> MemberMetrics:
    report = {
        class_name: {"precision": 0.8, "recall": 0.75, "f1-score": 0.77, "support": 4}
        for class_name in CLASS_NAMES
    }
    report.update({
        "accuracy": accuracy,
        "macro avg": {"precision": 0.8, "recall": 0.75, "f1-score": 0.77, "support": 12},
        "weighted avg": {"precision": 0.8, "recall": 0.75, "f1-score": 0.77, "support": 12},
    })
    return MemberMetrics(
        recipe="toy", task="multiclass", dataset="toy-images", model=name, parameters=4500,
        class_names=CLASS_NAMES, label_groups=None,
        data=DataSummary(train=30, validation=9, train_class_counts=[10, 10, 10], test=12,
                         input_shape=[8, 8], source="synthetic",
                         notes=["2 duplicate images shared by train and test"]),
        test={"loss": 0.41, "accuracy": accuracy, "log_loss": 0.41,
              "classification_report": report,
              "confusion_matrix": [[3, 1, 0], [0, 4, 0], [0, 1, 3]]},
        validation={"loss": 0.3, "loss_se": 0.05, "accuracy": accuracy},
        headline=Headline(name="accuracy", value=accuracy, higher_is_better=True, textbook=0.97),
        baseline=Baseline(name="majority class", predicts="cat", accuracy=0.3333),
        curve=Curve(monitor="val_loss", best_epoch=best, best_value=0.3, onset_epoch=onset,
                    epochs_run=8, explanation=f"Validation loss was lowest at epoch {best} "
                                              "(0.3000) and rose afterwards."),
        timings=Timings(load_seconds=0.1, fit_seconds=2.5, evaluate_seconds=0.1),
        seed=777, backend="jax",
        versions={"fourfold": "0.1.0", "python": "3.11.7", "keras": "3.15.1"},
    )


def multiclass_predictions() -> pd.DataFrame:
    rows = np.arange(12)
    true = [CLASS_NAMES[row % 3] for row in rows]
    predicted = [CLASS_NAMES[(row + 1) % 3] if row in WRONG_ROWS else true[row] for row in rows]
    return pd.DataFrame({
        "row": rows, "true": true, "predicted": predicted,
        "correct": [t == p for t, p in zip(true, predicted)],
        "confidence": np.linspace(0.5, 0.99, 12),
        **{f"p_{name}": np.full(12, 1 / 3) for name in CLASS_NAMES},
    })


def multiclass_samples() -> dict:
    generator = np.random.default_rng(0)
    return {
        "train_images": generator.integers(0, 256, (9, 8, 8), dtype=np.uint8),
        "train_labels": np.array([0, 1, 2, 0, 1, 2, 0, 1, 2]),
        "test_rows": np.arange(8),
        "test_images": generator.integers(0, 256, (8, 8, 8), dtype=np.uint8),
    }


def write_config(run_dir: Path, name: str, task: str) -> None:
    config = {"name": name, "task": task, "description": "A synthetic run for tests.",
              "dataset": {"name": "toy"}, "training": {"epochs": 8, "batch_size": 4}, "seed": 777}
    (run_dir / layout.CONFIG).write_text(yaml.safe_dump(config), encoding="utf-8")


@pytest.fixture
def multiclass_run(tmp_path: Path) -> Path:
    """A complete multiclass run: 3 classes (one named like a script), 8 epochs, 8x8 images."""
    run_dir = tmp_path / "toy-20250101T000000Z"
    run_dir.mkdir()
    write_status(run_dir, "running")
    write_config(run_dir, "toy", "multiclass")
    write_member(run_dir, history_frame=history(8, "accuracy", best=5, onset=5),
                 predictions=multiclass_predictions(), samples=multiclass_samples())
    write_metrics(run_dir, [(run_dir, multiclass_metrics())])
    write_status(run_dir, "complete")
    return run_dir


@pytest.fixture
def regression_run(tmp_path: Path) -> Path:
    """A complete regression run: MAE as the headline, no images."""
    run_dir = tmp_path / "houses-20250101T000000Z"
    run_dir.mkdir()
    write_status(run_dir, "running")
    write_config(run_dir, "houses", "regression")
    generator = np.random.default_rng(1)
    true = generator.uniform(5, 50, 40)
    predicted = true + generator.normal(0, 2, 40)
    metrics = MemberMetrics(
        recipe="houses", task="regression", dataset="boston", model="dense-64-32",
        parameters=3009, class_names=[], label_groups=None,
        data=DataSummary(train=270, validation=134, train_class_counts=None, test=40,
                         input_shape=[13], source="synthetic", notes=[]),
        test={"loss": 9.4, "mae": 2.26, "mse": 9.4, "r2": 0.88},
        validation={"loss": 10.1, "loss_se": 1.2, "mae": 2.4, "mse": 10.1, "r2": 0.86},
        headline=Headline(name="mae", value=2.26, higher_is_better=False, textbook=2.26),
        baseline=Baseline(name="training mean", predicts=22.5, mae=6.5, mse=80.0),
        curve=Curve(monitor="val_loss", best_epoch=8, best_value=0.3, onset_epoch=None,
                    epochs_run=8, explanation="Validation loss was still at or near its lowest."),
        timings=Timings(fit_seconds=4.0, evaluate_seconds=0.2), seed=777, backend="jax",
        versions={"fourfold": "0.1.0"},
    )
    write_member(run_dir, history_frame=history(8, "mae", best=8, onset=None),
                 predictions=pd.DataFrame({"row": np.arange(40), "true": true,
                                           "predicted": predicted}))
    write_metrics(run_dir, [(run_dir, metrics)])
    write_status(run_dir, "complete")
    return run_dir


@pytest.fixture
def two_model_run(tmp_path: Path) -> Path:
    """Two models under models/<name>/: the deeper one overfits first, the other never."""
    run_dir = tmp_path / "fashion-20250101T000000Z"
    run_dir.mkdir()
    write_status(run_dir, "running")
    write_config(run_dir, "fashion", "multiclass")
    small = multiclass_metrics("dense-64-32", best=8, onset=None, accuracy=0.80)
    deep = multiclass_metrics("dense-128-128-32", best=4, onset=4, accuracy=0.86)
    members = []
    for metrics in (small, deep):
        folder = layout.member_dir(run_dir, layout.MODELS, metrics.model)
        write_member(folder, history_frame=history(8, "accuracy", best=metrics.curve.best_epoch,
                                                   onset=metrics.curve.onset_epoch),
                     predictions=multiclass_predictions(), samples=multiclass_samples())
        members.append((folder, metrics))
    assert write_metrics(run_dir, members).primary == "dense-64-32"  # the tie goes to the first
    write_status(run_dir, "complete")
    return run_dir
