"""Best epoch and overfitting onset, from hand-made histories."""

import pytest

from fourfold.evaluation.curves import analyse_history


def test_onset_when_validation_turns_up_and_gap_widens():
    history = {"loss": [1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05],
               "val_loss": [1.1, 0.7, 0.5, 0.52, 0.56, 0.6, 0.66]}
    summary = analyse_history(history)
    assert (summary.best_epoch, summary.onset_epoch, summary.epochs_run) == (3, 3, 7)
    assert summary.best_value == 0.5
    assert summary.explanation.startswith("Validation loss was lowest at epoch 3 (0.5000)")


def test_no_onset_while_validation_still_falls():
    history = {"loss": [1.0, 0.8, 0.6, 0.5], "val_loss": [1.0, 0.8, 0.7, 0.65]}
    summary = analyse_history(history)
    assert (summary.best_epoch, summary.onset_epoch) == (4, None)
    assert "no overfitting within 4 epochs" in summary.explanation


def test_flat_tail_is_not_called_overfitting():
    history = {"loss": [1.0, 0.5, 0.45, 0.44, 0.43, 0.42],
               "val_loss": [1.0, 0.5, 0.501, 0.502, 0.5005, 0.503]}
    summary = analyse_history(history)
    assert (summary.best_epoch, summary.onset_epoch) == (2, None)
    assert "no clear overfitting" in summary.explanation


def test_missing_monitor_lists_the_keys():
    with pytest.raises(KeyError, match="History has no 'val_loss'; keys are \\['loss'\\]"):
        analyse_history({"loss": [1.0]})
