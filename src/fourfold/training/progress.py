"""A progress bar per epoch (rich), with loss, metrics and ETA."""

from __future__ import annotations

from collections.abc import Sequence

import keras
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)


def format_logs(logs: dict, keys: list[str] | None = None) -> str:
    """``loss 0.1234  accuracy 0.9650  val_loss ...`` for the given (or all) log keys:
    training keys first, ``loss`` leading, then their ``val_`` twins."""
    if keys is None:
        train = sorted((key for key in logs if not key.startswith("val_")),
                       key=lambda key: (key != "loss", key))
        keys = train + [f"val_{key}" for key in train if f"val_{key}" in logs]
    return "  ".join(f"{key} {float(logs[key]):.4f}" for key in keys if key in logs)


class RichProgress(keras.callbacks.Callback):
    """One progress bar per epoch; a summary line of the epoch's logs when it ends.

    Args:
        label: shown before the epoch number (the model's name).
        console: where to draw. Defaults to a stderr console.
        metrics: the log keys the bar shows while an epoch runs (the task's
            ``progress_metrics``); `None` shows every key Keras logs. Defaults to `None`.
    """

    def __init__(self, label: str, console: Console | None = None, *,
                 metrics: Sequence[str] | None = None):
        super().__init__()
        from rich.markup import escape

        from fourfold.printable import printable

        self.label = escape(printable(label))  # a recipe's model name, shown as text
        self.console = console or Console(stderr=True, soft_wrap=True)
        self.metrics = None if metrics is None else list(metrics)

    def on_train_begin(self, logs=None):
        self.epochs = self.params.get("epochs")
        self.steps = self.params.get("steps")
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[logs]}"), TextColumn("ETA"), TimeRemainingColumn(),
            TimeElapsedColumn(), console=self.console, transient=True,
        )
        self.progress.start()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch + 1
        self.task = self.progress.add_task(
            f"{self.label} epoch {self.epoch}/{self.epochs}", total=self.steps, logs="")

    def on_train_batch_end(self, batch, logs=None):
        self.progress.update(self.task, completed=batch + 1,
                             logs=format_logs(logs or {}, self.metrics))

    def on_epoch_end(self, epoch, logs=None):
        if self.progress is None:
            return
        self.progress.remove_task(self.task)
        self.console.print(f"{self.label} epoch {self.epoch}/{self.epochs}  "
                           f"{format_logs(logs or {})}", highlight=False)

    def on_train_end(self, logs=None):
        self.close()

    def close(self) -> None:
        """Stop drawing and show the cursor again; safe to call more than once, or
        before training began."""
        progress = getattr(self, "progress", None)
        if progress is not None:
            progress.stop()
            self.progress = None
