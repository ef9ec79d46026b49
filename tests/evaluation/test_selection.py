"""Choosing the run's model among compared ones: lowest validation loss, or the smallest
model within one standard error of it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fourfold.evaluation.selection import select_primary


def _member(loss: float, parameters: int, loss_se: float | None = None):
    return SimpleNamespace(curve=SimpleNamespace(best_value=loss), parameters=parameters,
                           validation={"loss": loss, "loss_se": loss_se})


@pytest.mark.parametrize("members, rule, chosen", [
    ([_member(1.00, 900, 0.10), _member(1.05, 10)], "lowest_loss", 0),
    ([_member(1.00, 900, 0.10), _member(1.05, 10)], "one_standard_error", 1),
    ([_member(1.00, 900, 0.01), _member(1.05, 10)], "one_standard_error", 0),
    ([_member(1.05, 10), _member(1.00, 900, None)], "one_standard_error", 1),
    ([_member(1.0, 50, 0.2), _member(1.0, 50, 0.2)], "one_standard_error", 0),
])
def test_the_primary_model(members, rule, chosen):
    assert select_primary(members, rule) == chosen
