"""The progress bar shows the log keys its task names, fed fake logs (no training)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from fourfold.tasks import get_task
from fourfold.training.progress import RichProgress, format_logs

LOGS = {"loss": 0.5, "mae": 2.25, "accuracy": 0.75, "auc": 0.875}


def _bar_text(metrics) -> str:
    console = Console(file=io.StringIO(), force_terminal=False)
    progress = RichProgress("dense", console=console, metrics=metrics)
    progress.set_params({"epochs": 1, "steps": 2})
    progress.on_train_begin()
    progress.on_epoch_begin(0)
    progress.on_train_batch_end(0, LOGS)
    text = progress.progress.tasks[0].fields["logs"]
    progress.on_epoch_end(0, LOGS)
    progress.on_train_end()
    return text


@pytest.mark.parametrize("name, shown", [
    ("regression", "loss 0.5000  mae 2.2500"),
    ("binary", "loss 0.5000  accuracy 0.7500"),
    ("multilabel", "loss 0.5000"),
])
def test_the_bar_shows_the_tasks_progress_metrics(name, shown):
    assert _bar_text(get_task(name).progress_metrics) == shown


def test_without_metrics_the_bar_shows_every_logged_key_loss_first():
    assert _bar_text(None) == format_logs(LOGS) == (
        "loss 0.5000  accuracy 0.7500  auc 0.8750  mae 2.2500")
