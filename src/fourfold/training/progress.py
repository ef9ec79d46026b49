"""A run's training as one stage a person can follow: the run's bar and ETA, epoch lines.

:class:`RunProgress` shows the run's training as one stage of the active display
(:mod:`fourfold.stages`): its members (the recipe's models, or the folds) one
after another, its bar counting the run's epochs so that the ETA is the whole
run's. :class:`EpochProgress` is the Keras callback that feeds it from a fit.
A fit that stops early, or a member finished (or half-done) before a resume,
takes its epochs out of the total instead of jumping the bar, which would fool
the rate the ETA is computed from. :class:`EpochLines` picks the epochs that
print a line: a 300-epoch run prints a few dozen, not 300.

Folds trained in parallel (``--jobs``) are shown alike: the folds this process
trains epoch by epoch, the folds worker processes train as each ends
(:meth:`RunProgress.fold_done`), the bar counting both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import keras

from fourfold import stages
from fourfold.messages import text

#: Most epoch lines a run prints, all its members together (about; see :class:`EpochLines`).
MAX_EPOCH_LINES = 30


def format_logs(logs: dict, keys: list[str] | None = None) -> str:
    """``loss 0.1234  accuracy 0.9650  val_loss ...`` for the given (or all) log keys:
    training keys first, ``loss`` leading, then their ``val_`` twins."""
    if keys is None:
        train = sorted((key for key in logs if not key.startswith("val_")),
                       key=lambda key: (key != "loss", key))
        keys = train + [f"val_{key}" for key in train if f"val_{key}" in logs]
    return "  ".join(f"{key} {float(logs[key]):.4f}" for key in keys if key in logs)


def clamp_step(batch: int, steps: int | None) -> int:
    """Steps done after batch index ``batch``, at most ``steps``.

    With ``steps_per_execution`` 8, Keras calls ``on_train_batch_end`` once per eight
    steps with the index the eighth would have: 15 after the last call of a 12-step
    epoch. The count shown is the real one, 12.
    """
    return batch + 1 if steps is None else max(0, min(batch + 1, int(steps)))


class EpochLines:
    """Which epochs of one fit print a line.

    The epochs are cut into windows of ``every`` epochs, and each window prints
    one line: at its first new best ``val_loss``, else at its last epoch. The
    first and the last epoch always print. ``every`` is 1 (every epoch) for a fit
    of at most ``max_lines`` epochs, else chosen so that the fit prints at most
    ``max_lines`` lines.

    Args:
        epochs: the fit's last epoch (1-based).
        max_lines: about the most lines. Defaults to :data:`MAX_EPOCH_LINES`.
        first: the first epoch this fit runs (after a resume). Defaults to `1`.
    """

    def __init__(self, epochs: int, max_lines: int = MAX_EPOCH_LINES, first: int = 1):
        self.epochs, self.first = int(epochs), int(first)
        span = self.epochs - self.first + 1
        self.every = 1 if span <= max_lines else math.ceil(span / max(1, max_lines - 2))
        self.best = math.inf
        self.printed_window: int | None = None

    def due(self, epoch: int, val_loss: float | None) -> tuple[bool, bool]:
        """``(print, new_best)`` for the epoch that just ended (1-based)."""
        new_best = val_loss is not None and float(val_loss) < self.best
        if new_best:
            self.best = float(val_loss)
        window, place = divmod(epoch - self.first, self.every)
        fresh = window != self.printed_window
        show = (epoch in (self.first, self.epochs)
                or (fresh and (new_best or place == self.every - 1)))
        if show:
            self.printed_window = window
        return show, new_best


class RunProgress:
    """A run's training as one stage: ``members`` fits one after another, ``epochs`` each.

    Use as a context manager around the training; fits started meanwhile
    (:class:`EpochProgress`) report to it.

    Args:
        members: the fits of the run: its models, or its folds (and a refit model
            after them, for ``kfold.final: refit``).
        epochs: each fit's epochs (the recipe's ``training.epochs``).
        folds: how many of the members are K-fold folds (the first ones). Defaults to `0`.
        names: the models' names, for the stage's title. Defaults to `()`.
    """

    def __init__(self, members: int, epochs: int, *, folds: int = 0,
                 names: Sequence[str] = ()):
        self.members, self.epochs, self.folds = int(members), int(epochs), int(folds)
        self.names = list(names)
        self.total = float(self.members * self.epochs)
        self.done = 0.0  # epochs trained (fractions within one), here and in fold workers
        self.base = 0.0  # ``done`` when the fit in progress here began
        self.index = 0  # members begun or skipped here, and folds ended in workers
        self.lines = EpochLines(self.epochs)
        self.epoch: int | None = None  # the epoch of the fit in progress here, if any
        self.fold: int | None = None  # which fold that fit is, if it is one
        self.next_fold: int | None = None  # which fold the next member begun here is
        self.folds_ended = 0  # folds reported by fold_done
        self.counted_here = 0  # folds counted epoch by epoch here, not yet reported
        self.polls: list[Callable[[], None]] = []

    def __enter__(self) -> RunProgress:
        global _current
        title = (text("progress.training.folds_refit" if self.members > self.folds
                      else "progress.training.folds", folds=self.folds, epochs=self.epochs)
                 if self.folds else
                 text("progress.training.models", names=", ".join(self.names) or "-",
                      epochs=self.epochs))
        stages.active().begin(title, total=self.total)
        self._previous, _current = _current, self
        return self

    def __exit__(self, error_type, *exc) -> None:
        global _current
        _current = self._previous
        stages.active().end(completed=error_type is None)

    def fold_next(self, fold: int) -> None:
        """The next member begun (or skipped) here is fold ``fold`` (1-based): its label
        names it, and its :meth:`fold_done` finds it already counted. Folds trained in
        parallel do not start in order: this process takes them from the front while
        workers take them from the back."""
        self.next_fold = int(fold)

    def skip(self) -> None:
        """A member that finished before a resume: not trained again."""
        self.index += 1
        self.total -= self.epochs
        if self.next_fold is not None:
            self.next_fold, self.counted_here = None, self.counted_here + 1
        self._draw()

    def begin_member(self, name: str, first_epoch: int,
                     metrics: Sequence[str] | None = None) -> None:
        """A member's fit begins at epoch ``first_epoch`` (1-based; more after a resume).
        ``metrics``: the log keys shown (with their ``val_`` twins in epoch lines); `None`
        shows every key Keras logs."""
        self.index += 1
        self.fold, self.next_fold = self.next_fold, None
        self.name, self.first = name, int(first_epoch)
        self.metrics = None if metrics is None else list(metrics)
        self.total -= self.first - 1
        self.base = self.done
        self.last = self.first - 1
        per_member = max(3, MAX_EPOCH_LINES // max(1, self.members))
        self.lines = EpochLines(self.epochs, per_member, first=self.first)
        self.epoch = self.first
        self._draw(self.first)

    def step(self, epoch: int, done: int, steps: int | None, logs: dict) -> None:
        """``done`` of ``steps`` steps of epoch ``epoch`` (1-based) are done."""
        fraction = done / steps if steps else 0.0
        self.done = self.base + (epoch - self.first) + min(fraction, 1.0)
        self.epoch = epoch
        self._draw(epoch, format_logs(logs, self.metrics))

    def end_epoch(self, epoch: int, logs: dict) -> None:
        """Epoch ``epoch`` ended: the bar moves on; a line if :class:`EpochLines` says so."""
        self.last = epoch
        self.done = self.base + (epoch - self.first + 1)
        show, new_best = self.lines.due(epoch, logs.get("val_loss"))
        if show:
            keys = None if self.metrics is None else [*self.metrics,
                                                      *(f"val_{key}" for key in self.metrics)]
            line = text("progress.epoch_line", name=self.name, epoch=epoch,
                        epochs=self.epochs, logs=format_logs(logs, keys))
            stages.line(line + ("  " + text("progress.new_best") if new_best else ""))
        self.epoch = epoch + 1 if epoch < self.epochs else epoch
        self._draw(self.epoch)
        for poll in list(self.polls):
            poll()

    @contextmanager
    def polling(self, poll: Callable[[], None]) -> Iterator[None]:
        """Call ``poll()`` after each epoch trained here while the block runs: K-fold
        training reports the folds its workers finished meanwhile (:meth:`fold_done`), so
        the bar moves on with them, not only between this process's folds."""
        self.polls.append(poll)
        try:
            yield
        finally:
            self.polls.remove(poll)

    def end_member(self) -> None:
        """The member's fit ended (early stopping may have ended it before ``epochs``)."""
        self.total -= self.epochs - self.last
        self.done = self.base + (self.last - self.first + 1)
        if self.fold is not None:
            self.counted_here += 1
        self.epoch = self.fold = None
        self._draw()

    def fold_done(self, epochs_run: int) -> None:
        """A fold ended after ``epochs_run`` epochs (called for each fold when folds train
        in parallel, in the order they end).

        A fold trained in a worker process moves the bar on by its epochs at once; one
        trained (or skipped) here was counted epoch by epoch, and its report, which
        follows its fit before any other fold's, only counts it as ended.
        """
        self.folds_ended += 1
        if self.counted_here:
            self.counted_here -= 1
        else:
            self.index += 1
            self.total -= self.epochs - epochs_run
            self.done += epochs_run
            self.base += epochs_run  # the fit in progress here goes on from there
        if self.epoch is not None:  # a fit in progress here keeps its label
            self._draw(self.epoch)
        else:
            stages.update(completed=min(self.done, self.total), total=self.total,
                          label=text("progress.training.folds_done", done=self.folds_ended,
                                     folds=self.folds), detail="")

    def _draw(self, epoch: int | None = None, logs: str | None = None) -> None:
        label = None
        if epoch is not None:
            epoch = min(max(epoch, 1), self.epochs)
            if self.fold is not None or self.index <= self.folds:
                label = text("progress.training.fold", fold=self.fold or self.index,
                             folds=self.folds, epoch=epoch, epochs=self.epochs)
            elif self.members > 1:
                label = text("progress.training.model", name=self.name, index=self.index,
                             count=self.members, epoch=epoch, epochs=self.epochs)
            else:
                label = text("progress.training.single", name=self.name, epoch=epoch,
                             epochs=self.epochs)
        stages.update(completed=min(self.done, self.total), total=self.total, label=label,
                      detail=logs)


_current: RunProgress | None = None


def current() -> RunProgress | None:
    """The run whose training is being shown, if any."""
    return _current


class EpochProgress(keras.callbacks.Callback):
    """Feeds a fit's epochs and steps to the run's :class:`RunProgress`.

    Outside a run (no :class:`RunProgress` active), the fit is shown as a run of one.
    Reset in ``on_train_begin``: one instance serves several fits.

    Args:
        name: the member's name (the model's, or ``fold-k``).
        metrics: the log keys shown while an epoch runs (the task's
            ``progress_metrics``); `None` shows every key Keras logs. Defaults to `None`.
        epochs: the recipe's epochs; defaults to the fit's.
    """

    def __init__(self, name: str, *, metrics: Sequence[str] | None = None,
                 epochs: int | None = None):
        super().__init__()
        from fourfold.printable import printable

        self.name = printable(name)  # a recipe's model name, shown as text
        self.metrics = None if metrics is None else list(metrics)
        self.epochs = epochs
        self.own = None

    def on_train_begin(self, logs=None):
        self.steps = self.params.get("steps")
        self.run = current()
        if self.run is None:
            self.own = RunProgress(1, self.epochs or self.params.get("epochs") or 1,
                                   names=[self.name])
            self.run = self.own.__enter__()
        self.begun = False
        self.epoch = None

    def on_epoch_begin(self, epoch, logs=None):
        if not self.begun:  # the first epoch tells where a resumed fit starts
            self.run.begin_member(self.name, epoch + 1, self.metrics)
            self.begun = True
        self.epoch = epoch + 1

    def on_train_batch_end(self, batch, logs=None):
        self.run.step(self.epoch, clamp_step(batch, self.steps), self.steps, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        self.run.end_epoch(epoch + 1, logs or {})

    def on_train_end(self, logs=None):
        if not self.begun:  # a resumed fit with no epoch left
            self.run.begin_member(self.name, (self.params.get("epochs") or 0) + 1,
                                  self.metrics)
        self.run.end_member()
        if self.own is not None:
            own, self.own = self.own, None
            own.__exit__(None, None, None)

    def close(self) -> None:
        """End the fit's own stage, if it has one (cut short: the fit did not reach
        ``on_train_end``); safe to call more than once."""
        if self.own is not None:
            own, self.own = self.own, None
            own.__exit__(KeyboardInterrupt, None, None)
