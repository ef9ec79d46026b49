"""The page has the sections and plots its run's task declares (Task.report_sections,
Task.report_plots), and no other task's; a run naming no known task is refused by name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold.errors import RunFolderError
from fourfold.reporting import build_report
from fourfold.runs import layout
from fourfold.runs.status import write_status
from fourfold.tasks import TASKS, get_task

#: Every section some task adds; the other sections are common to all runs.
TASK_SECTIONS = {section for task in TASKS.values() for section in task.report_sections}
CLASSES = ["ship", "iceberg"]


@pytest.fixture
def binary_run(tmp_path: Path) -> Path:
    """A complete binary run: both classes among 30 test rows, a probability each."""
    run_dir = tmp_path / "iceberg-20250101T000000Z"
    run_dir.mkdir()
    write_status(run_dir, "running")
    generator = np.random.default_rng(3)
    truth = np.arange(30) % 2
    probability = np.clip(truth * 0.6 + generator.uniform(0, 0.4, 30), 0, 1)
    predicted = (probability >= 0.5).astype(int)
    headline = {"name": "log_loss", "value": 0.4, "higher_is_better": False}
    report = {name: {"precision": 0.8, "recall": 0.8, "f1-score": 0.8, "support": 15}
              for name in CLASSES}
    metrics = {
        "schema": 1, "recipe": "iceberg", "task": "binary", "class_names": CLASSES,
        "test": {"loss": 0.4, "log_loss": 0.4, "log_loss_clip": 1e-15, "accuracy": 0.8,
                 "roc_auc": 0.9, "classification_report": {**report, "accuracy": 0.8},
                 "confusion_matrix": [[12, 3], [3, 12]]},
        "headline": headline,
        "members": [{"name": "dense", "dir": ".", "headline": headline}], "primary": "dense",
    }
    (run_dir / layout.METRICS).write_text(json.dumps(metrics), encoding="utf-8")
    epoch = np.arange(1, 9)
    pd.DataFrame({"epoch": epoch, "loss": 1 / epoch, "val_loss": 0.3 + 0.05 * abs(epoch - 6),
                  "accuracy": 1 - 0.5 / epoch, "val_accuracy": 0.8 - 0.01 * abs(epoch - 6)}
                 ).to_csv(run_dir / layout.HISTORY, index=False)
    pd.DataFrame({"row": np.arange(30), "true": [CLASSES[t] for t in truth],
                  "predicted": [CLASSES[p] for p in predicted], "correct": truth == predicted,
                  "p_iceberg": probability}).to_csv(run_dir / layout.PREDICTIONS, index=False)
    write_status(run_dir, "complete")
    return run_dir


def _sections(page: str) -> set[str]:
    return set(re.findall(r'<section id="([\w-]+)">', page)) & TASK_SECTIONS


@pytest.mark.parametrize("fixture, task", [
    ("binary_run", "binary"), ("multiclass_run", "multiclass"), ("regression_run", "regression"),
])
def test_the_page_has_the_sections_and_plots_of_its_task(request, fixture, task):
    run_dir = request.getfixturevalue(fixture)
    page = build_report(run_dir).read_text(encoding="utf-8")
    assert _sections(page) == set(get_task(task).report_sections)
    drawn = {path.stem for path in (run_dir / layout.PLOTS).glob("*.png")}
    assert drawn == {"learning_curves", *get_task(task).report_plots}


def test_no_roc_curve_when_the_test_rows_hold_one_class(binary_run):
    frame = pd.read_csv(binary_run / layout.PREDICTIONS)
    frame[frame["true"] == "iceberg"].to_csv(binary_run / layout.PREDICTIONS, index=False)
    page = build_report(binary_run).read_text(encoding="utf-8")
    assert 'id="binary"' not in page and 'id="confusion"' in page


def test_a_run_naming_no_known_task_is_refused_by_file(multiclass_run):
    metrics = json.loads((multiclass_run / layout.METRICS).read_text())
    metrics["task"] = "ranking"
    (multiclass_run / layout.METRICS).write_text(json.dumps(metrics))
    (multiclass_run / layout.CONFIG).unlink()
    with pytest.raises(RunFolderError, match="'task' is 'ranking'; expected one of binary, "):
        build_report(multiclass_run)
