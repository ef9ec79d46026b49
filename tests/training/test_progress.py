"""The run's progress, fed fake logs (no training but one tiny fit): which epochs print a line,
counters that never pass their totals, the bar's total when fits stop early or resume, the
task's metrics, and the stage display (plain lines, no escape codes; decoding counted)."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from fourfold import stages
from fourfold.tasks import get_task
from fourfold.training.progress import (EpochLines, EpochProgress, RunProgress, clamp_step,
                                        format_logs)

LOGS = {"loss": 0.5, "mae": 2.25, "accuracy": 0.75, "auc": 0.875}


class Recording(stages.Display):
    """A display that records every update and line, to check what would be shown."""

    def __init__(self):
        super().__init__()
        self.updates: list[tuple[str, float, float | None, str | None]] = []
        self.lines: list[str] = []
        self.begun: list[str] = []

    def begin(self, label, total=None, unit=None):
        super().begin(label, total, unit)
        self.begun.append(label)

    def line(self, message):
        self.lines.append(message)

    def _draw(self, stage, detail):
        self.updates.append((stage.label, stage.completed, stage.total, detail))


def _printed(epochs: int, losses, max_lines: int = 30, first: int = 1) -> list[int]:
    lines = EpochLines(epochs, max_lines, first=first)
    return [epoch for epoch, loss in zip(range(first, epochs + 1), losses)
            if lines.due(epoch, loss)[0]]


def test_a_fit_of_at_most_30_epochs_prints_every_epoch():
    assert _printed(30, np.linspace(1, 0, 30)) == list(range(1, 31))


@pytest.mark.parametrize("epochs", [31, 100, 299, 300, 1000])
@pytest.mark.parametrize("pattern", ["always better", "never better", "noisy"])
def test_a_long_fit_prints_at_most_30_lines_first_and_last_included(epochs, pattern):
    rng = np.random.default_rng(epochs)
    losses = {"always better": np.linspace(1, 0, epochs), "never better": np.full(epochs, 1.0),
              "noisy": rng.random(epochs)}[pattern]
    printed = _printed(epochs, losses)
    assert printed[0] == 1 and printed[-1] == epochs
    assert len(printed) <= 30
    assert len(printed) >= 15  # still a line every few percent of the run


def test_a_new_best_prints_at_once_where_a_window_has_not_printed_yet():
    # 300 epochs: windows of 11; a single improvement at epoch 40 (window 3: 34-44)
    losses = [1.0] * 39 + [0.5] + [0.6] * 260
    printed = _printed(300, losses)
    assert 40 in printed and 44 not in printed  # the window's line is its new best
    lines = EpochLines(300)
    for epoch, loss in zip(range(1, 301), losses):
        show, new_best = lines.due(epoch, loss)
        assert new_best == (epoch in (1, 40))


def test_a_resumed_fit_counts_from_its_first_epoch():
    printed = _printed(300, np.linspace(1, 0, 200), first=101)
    assert printed[0] == 101 and printed[-1] == 300 and len(printed) <= 30


def test_the_step_counter_is_clamped_to_the_real_step_count():
    # steps_per_execution 8 and 13 steps: Keras reports batch indices 7 and 15
    assert [clamp_step(batch, 13) for batch in (7, 15)] == [8, 13]
    assert clamp_step(15, None) == 16  # unknown step count: nothing to clamp to


def _fit(callback: EpochProgress, *, epochs: int, steps: int, first: int = 0,
         losses=None, stop_after: int | None = None) -> None:
    """Feed ``callback`` what a fit with steps_per_execution 8 would."""
    callback.set_params({"epochs": epochs, "steps": steps})
    callback.on_train_begin()
    for epoch in range(first, stop_after or epochs):
        callback.on_epoch_begin(epoch)
        for batch in range(7, steps + 7, 8):
            callback.on_train_batch_end(batch, LOGS)
        loss = 1.0 / (epoch + 1) if losses is None else losses[epoch]
        callback.on_epoch_end(epoch, {**LOGS, "val_loss": loss, "val_accuracy": 0.5})
    callback.on_train_end()


def _never_past_total(display: Recording) -> None:
    assert display.updates
    for label, completed, total, _ in display.updates:
        assert total is None or completed <= total + 1e-9, (label, completed, total)
        if ", epoch " in label:  # the title, before the first fit, has no epoch
            epoch, epochs = (int(part) for part in label.rsplit(" ", 1)[-1].split("/"))
            assert 1 <= epoch <= epochs


def test_a_run_of_two_models_counts_epochs_and_early_stopping_takes_its_rest_out():
    display = Recording()
    with stages.showing(display), RunProgress(2, 10, names=["a", "b"]):
        _fit(EpochProgress("a", metrics=["loss", "accuracy"], epochs=10), epochs=10, steps=13,
             stop_after=4)  # early stopping after epoch 4
        _fit(EpochProgress("b", metrics=["loss", "accuracy"], epochs=10), epochs=10, steps=13)
    _never_past_total(display)
    label, completed, total, detail = display.updates[-1]
    assert (completed, total) == (14, 14)  # 4 + 10 epochs trained, of 20 planned
    assert label == "Training b (2/2), epoch 10/10"
    assert detail is None or "auc" not in detail
    shown = [update[3] for update in display.updates if update[3]]
    assert shown[0] == "loss 0.5000  accuracy 0.7500"  # the task's metrics while it runs
    assert display.lines[0] == ("a epoch 1/10  loss 0.5000  accuracy 0.7500  val_loss 1.0000  "
                                "val_accuracy 0.5000  ← new best")
    assert [line.split("  ")[0] for line in display.lines] == (
        [f"a epoch {e}/10" for e in range(1, 5)] + [f"b epoch {e}/10" for e in range(1, 11)])
    assert display.begun[0] == "Training a, b (epochs: at most 10)"


def test_a_resumed_run_skips_finished_folds_and_the_epochs_already_trained():
    display = Recording()
    with stages.showing(display), RunProgress(3, 10, folds=3) as run:
        run.skip()  # fold 1 finished before the interruption
        _fit(EpochProgress("fold-2", epochs=10), epochs=10, steps=5, first=6)  # from epoch 7
        _fit(EpochProgress("fold-3", epochs=10), epochs=10, steps=5)
    _never_past_total(display)
    label, completed, total, _ = display.updates[-1]
    assert (completed, total) == (14, 14)  # 4 + 10 of the 30 planned are trained now
    assert label == "Training fold 3/3, epoch 10/10"
    assert display.lines[0].startswith("fold-2 epoch 7/10  loss 0.5000")
    assert len(display.lines) <= 30


def test_a_fit_outside_a_run_is_shown_as_a_run_of_one():
    display = Recording()
    with stages.showing(display):
        callback = EpochProgress("dense", epochs=2)
        _fit(callback, epochs=2, steps=3)
        assert display.stack == []  # its own stage ended with the fit
    _never_past_total(display)
    assert display.updates[-1][:3] == ("Training dense, epoch 2/2", 2, 2)


def test_without_a_display_nothing_is_shown_and_nothing_fails():
    assert not stages.is_showing()
    _fit(EpochProgress("dense", epochs=3), epochs=3, steps=13)


@pytest.mark.parametrize("name, shown", [
    ("regression", "loss 0.5000  mae 2.2500"),
    ("binary", "loss 0.5000  accuracy 0.7500"),
    ("multilabel", "loss 0.5000"),
])
def test_the_bar_shows_the_tasks_progress_metrics(name, shown):
    display = Recording()
    with stages.showing(display):
        callback = EpochProgress("dense", metrics=get_task(name).progress_metrics)
        _fit(callback, epochs=1, steps=2)
    assert [update[3] for update in display.updates if update[3]] == [shown]


def test_without_metrics_every_logged_key_is_shown_loss_first():
    assert format_logs(LOGS) == "loss 0.5000  accuracy 0.7500  auc 0.8750  mae 2.2500"


def test_a_real_fit_with_eight_steps_per_execution_never_counts_past_its_steps():
    keras = pytest.importorskip("keras")
    x = np.random.default_rng(0).normal(size=(100, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", steps_per_execution=8)
    display = Recording()
    seen = []
    with stages.showing(display):
        callback = EpochProgress("dense", epochs=2)
        spy = keras.callbacks.LambdaCallback(
            on_train_batch_end=lambda batch, logs: seen.append(batch))
        model.fit(x, x[:, :1], validation_data=(x, x[:, :1]), batch_size=8, epochs=2,
                  verbose=0, callbacks=[callback, spy])
    assert math.ceil(100 / 8) == 13 and max(seen) + 1 > 13  # Keras' index overshoots ...
    _never_past_total(display)  # ... the display does not
    fractions = [completed for _, completed, _, _ in display.updates]
    assert fractions == sorted(fractions) and fractions[-1] == 2


def test_plain_output_names_only_stages_longer_than_a_second_without_escape_codes(monkeypatch):
    stream = io.StringIO()
    clock = [0.0]
    monkeypatch.setattr(stages.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(stages, "SHOWN_AFTER", 3600.0)  # the timer never fires in the test
    with stages.showing(stages.PlainDisplay(stream)):
        with stages.stage("Quick"):
            clock[0] += 0.2
        with stages.stage("Decoding photos", total=40, unit="photos"):
            for _ in range(50):
                stages.update(advance=1)  # one more than the total: still 40
            clock[0] += 4000
        stages.line("dense epoch 1/2  loss 0.5000")
    assert stream.getvalue() == ("Decoding photos: 40 photos in 4000.0 s\n"
                                 "dense epoch 1/2  loss 0.5000\n")


def test_plain_output_names_a_long_stage_when_it_has_run_a_second(monkeypatch):
    import threading

    stream = io.StringIO()
    announced = threading.Event()
    monkeypatch.setattr(stages, "SHOWN_AFTER", 0.05)
    display = stages.PlainDisplay(stream)
    original = display._announce
    monkeypatch.setattr(display, "_announce",
                        lambda stage: (original(stage), announced.set()))
    with stages.showing(display), stages.stage("Importing the engine (Keras on jax)"):
        assert announced.wait(10)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Importing the engine (Keras on jax)…"
    assert lines[1].startswith("Importing the engine (Keras on jax): ") and len(lines) == 2


def test_decoding_photos_is_counted_to_the_number_of_photos(tmp_path):
    from PIL import Image

    from fourfold.datasets.images import ImageFormat, ImageSet

    files = []
    for number in range(37):
        path = tmp_path / f"{number}.png"
        Image.fromarray(np.full((6, 5, 3), number, np.uint8)).save(path)
        files.append(path)
    images = ImageSet(files, [str(path) for path in files], ImageFormat(4, 4, 3),
                      [path.name for path in files])
    display = Recording()
    with stages.showing(display):
        assert images.fill(cache="memory", workers=2) == []
    assert display.begun == ["Decoding photos"]
    counts = [(completed, total) for label, completed, total, _ in display.updates]
    assert counts[-1] == (37, 37) and all(done <= total for done, total in counts)
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)


def test_korean_labels_and_epoch_lines():
    from fourfold.messages import LANGUAGES, set_language
    from fourfold.messages.catalog import current_language

    before = current_language()
    display = Recording()
    try:
        set_language("ko")
        with stages.showing(display), RunProgress(3, 10, folds=3):
            _fit(EpochProgress("fold-1", metrics=["loss"], epochs=10), epochs=10, steps=5)
    finally:
        set_language(before)
    assert display.begun == ["폴드 3개 학습 (폴드마다 최대 10 에포크)"]
    assert display.updates[-1][0] == "폴드 1/3 학습, 에포크 10/10"
    assert display.lines[0] == "fold-1 에포크 1/10  loss 0.5000  val_loss 1.0000  ← 최저 검증 손실"
    assert "ko" in LANGUAGES


def test_a_stage_cut_short_says_nothing_is_done(monkeypatch):
    stream = io.StringIO()
    clock = [0.0]
    monkeypatch.setattr(stages.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(stages, "SHOWN_AFTER", 3600.0)
    with pytest.raises(KeyboardInterrupt):
        with stages.showing(stages.PlainDisplay(stream)), stages.stage("Loading mnist"):
            clock[0] += 4000
            raise KeyboardInterrupt
    assert stream.getvalue() == ""
    assert not stages.is_showing()  # the display is gone with the block


def test_a_live_display_prints_lines_above_itself_and_shows_the_cursor_when_closed():
    from rich.console import Console

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    elsewhere = io.StringIO()
    with stages.showing(stages.LiveDisplay(terminal)):
        with stages.stage("Decoding photos", total=10, unit="photos"):
            stages.update(advance=12)
            stages.active().progress.refresh()  # as the display's own thread would
        stages.echo("Fold 1 done: test mae 2.6657, best epoch 40.",
                    Console(file=elsewhere, force_terminal=True))
    drawn = screen.getvalue()
    assert "Fold 1 done: test mae 2.6657, best epoch 40." in drawn and elsewhere.getvalue() == ""
    assert "10/10 photos" in drawn and "12/10" not in drawn
    assert drawn.rfind("\x1b[?25h") > drawn.rfind("\x1b[?25l") >= 0


def test_without_a_live_display_echo_prints_on_the_console_given():
    from rich.console import Console

    out = io.StringIO()
    stages.echo("Fold 1 done: [b]x[/b]", Console(file=out))
    assert out.getvalue() == "Fold 1 done: [b]x[/b]\n"


def test_k_folds_then_a_refit_model_count_as_k_plus_one_fits():
    display = Recording()
    with stages.showing(display), RunProgress(3, 4, folds=2) as run:
        for name in ("fold-1", "fold-2", "refit"):
            _fit(EpochProgress(name, epochs=4), epochs=4, steps=3)
        assert run.index == 3
    _never_past_total(display)
    labels = [label for label, *_ in display.updates]
    assert display.begun == ["Training 2 folds, then the refit model (epochs: at most 4 each)"]
    assert "Training fold 2/2, epoch 4/4" in labels
    assert labels[-1] == "Training refit (3/3), epoch 4/4"
    assert display.updates[-1][1:3] == (12, 12)
