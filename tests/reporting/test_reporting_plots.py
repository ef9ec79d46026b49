"""plots: PNG bytes from arrays, without pyplot."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from fourfold.reporting import plots


def _size(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def _history(epochs: int = 6, with_validation: bool = True) -> pd.DataFrame:
    epoch = np.arange(1, epochs + 1)
    frame = pd.DataFrame({"epoch": epoch, "loss": 1 / epoch, "accuracy": 1 - 0.5 / epoch})
    if with_validation:
        frame["val_loss"] = 0.5 + 0.02 * (epoch - 3) ** 2
        frame["val_accuracy"] = 0.8 - 0.01 * (epoch - 3) ** 2
    return frame


@pytest.mark.parametrize("curves", [
    [plots.Curve("one", _history(), "accuracy", best_epoch=3, onset_epoch=3)],
    [plots.Curve("a $b$ <c>", _history(), "accuracy", 3, None),
     plots.Curve("deep", _history(8), "accuracy", 2, 2)],
    [plots.Curve("loss only", _history(with_validation=False)[["epoch", "loss"]])],
    [plots.Curve("best epoch not logged", _history(), "accuracy", best_epoch=40, onset_epoch=None)],
])
def test_learning_curves_draw(curves):
    width, height = _size(plots.learning_curves(curves))
    assert height == 400 and width in (550, 1000)


def test_learning_curves_need_a_curve():
    with pytest.raises(ValueError, match="at least one Curve"):
        plots.learning_curves([])


def test_confusion_matrix_draws_and_checks_shape():
    names = ["T-shirt/top", "Trouser", "$price$", "<b>", "4", "5", "6", "7", "8", "9"]
    matrix = np.arange(100).reshape(10, 10)
    width, height = _size(plots.confusion_matrix(matrix, names))
    assert 400 < width < 1000 and 400 < height < 1000
    with pytest.raises(ValueError, match=r"shape \(3, 3\).*received shape \(10, 10\)"):
        plots.confusion_matrix(matrix, names[:3])


def test_regression_plots():
    true = np.linspace(0, 10, 30)
    assert _size(plots.predicted_vs_true(true, true + 0.5)) == (450, 450)
    assert _size(plots.residuals(true, true[::-1])) == (450, 450)
    with pytest.raises(ValueError, match="same length; received 30 and 29"):
        plots.residuals(true, true[1:])


def test_plots_are_identical_when_redrawn():
    curve = [plots.Curve("one", _history(), "accuracy", 3, 3)]
    assert plots.learning_curves(curve) == plots.learning_curves(curve)


def test_plotting_leaves_pyplot_and_the_backend_alone():
    script = (
        "import matplotlib, sys, numpy as np\n"
        "before = matplotlib.get_backend()\n"
        "from fourfold.reporting import plots\n"
        "plots.confusion_matrix(np.eye(2), ['a', 'b'])\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
        "assert matplotlib.get_backend() == before\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
