"""The report's plots, each returned as PNG bytes.

Compute, then draw: callers pass plain arrays and data frames read from the run
folder; nothing here reads files. matplotlib is imported inside the functions,
and only its object-oriented API with the Agg canvas is used (``Figure``, never
``pyplot``): no display is needed, no global backend is switched under a
caller's feet, and no figure outlives its function.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fourfold.messages import text
from fourfold.messages.catalog import LANGUAGES
from fourfold.printable import printable

#: Resolution of every plot; sizes below are in inches.
DPI = 100
#: Longest class name shown on an axis, in characters.
_MAX_NAME = 16
#: Fonts with Hangul, used when installed so that Korean labels draw.
_HANGUL_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic",
                    "Malgun Gothic", "Apple SD Gothic Neo", "AppleGothic", "UnDotum")


@dataclass(frozen=True)
class Curve:
    """One model's learning curves, as drawn by :func:`learning_curves`.

    Attributes:
        label: the legend's name for the model (data: any text).
        history: one row per epoch with ``epoch`` (1-based), ``loss`` and
            optionally ``val_loss``, ``metric`` and ``val_<metric>``.
        metric: the history column drawn beside the loss, or ``None``.
        best_epoch: the epoch with the lowest validation loss, or ``None``.
        onset_epoch: the epoch after which the model overfits, or ``None``.
    """

    label: str
    history: pd.DataFrame
    metric: str | None = None
    best_epoch: int | None = None
    onset_epoch: int | None = None


def learning_curves(curves: Sequence[Curve]) -> bytes:
    """Loss and metric per epoch, side by side: train solid, validation dashed.

    Each model gets its own colour; its best epoch is marked with a dotted line
    and a dot on the validation loss, and the epochs after its overfitting onset
    are shaded.

    Args:
        curves: one :class:`Curve` per model, at least one.

    Returns:
        PNG bytes, about 1000x400 pixels.

    Raises:
        ValueError: when ``curves`` is empty.
    """
    if not curves:
        raise ValueError("learning_curves needs at least one Curve; received none.")
    metrics = list(dict.fromkeys(c.metric for c in curves if c.metric))
    with _style():
        figure = _figure((10.0 if metrics else 5.5, 4.0))
        axes = figure.subplots(1, 2 if metrics else 1, squeeze=False)[0]
        for curve, colour in zip(curves, _colours(len(curves))):
            prefix = f"{_plain(curve.label)}: " if len(curves) > 1 else ""
            _draw_curve(axes[0], curve, "loss", colour, prefix, legend=True)
            if metrics:
                _draw_curve(axes[1], curve, curve.metric, colour, prefix, legend=False)
        axes[0].set_ylabel("loss")
        if metrics:
            axes[1].set_ylabel(", ".join(metrics))
        _log_scale_if_wide(axes[0], [c.history.get(k) for c in curves for k in ("loss", "val_loss")])
        if metrics:
            _log_scale_if_wide(axes[1], [c.history.get(k) for c in curves if c.metric
                                         for k in (c.metric, f"val_{c.metric}")])
        for axis in axes:
            axis.set_xlabel(_label("report.plot.epoch"))
            axis.xaxis.get_major_locator().set_params(integer=True)
        handles, labels = axes[0].get_legend_handles_labels()
        columns = min(4, max(1, len(labels)))
        legend_rows = -(-len(labels) // columns)
        # Fixed margins rather than a layout engine: constrained layout doubles the drawing time.
        bottom = 0.14 + 0.055 * legend_rows
        figure.subplots_adjust(left=0.07 if metrics else 0.12, right=0.98, top=0.96,
                               bottom=bottom, wspace=0.22)
        figure.legend(handles, labels, loc="lower center", ncols=columns, fontsize=8,
                      frameon=False, bbox_to_anchor=(0.5, 0.0))
        return _png(figure)


def _log_scale_if_wide(axis, columns) -> None:
    """A logarithmic y axis when the curves span over 20x (a regression's mse falls from
    hundreds to tens): on a linear one the late epochs, where overfitting shows, are flat."""
    values = np.concatenate([np.asarray(column, dtype=np.float64) for column in columns
                             if column is not None] or [np.array([])])
    values = values[np.isfinite(values)]
    if values.size and values.min() > 0 and values.max() / values.min() > 20:
        axis.set_yscale("log")


def confusion_matrix(matrix: np.ndarray, class_names: Sequence[str]) -> bytes:
    """The confusion matrix as a heat map with the count in each cell.

    Args:
        matrix: ``(K, K)`` counts; rows are true classes, columns predicted.
        class_names: ``K`` names, in the order of the rows.

    Returns:
        PNG bytes, about 650x570 pixels for 10 one-digit class names.

    Raises:
        ValueError: for a matrix that is not square or does not match the names.
    """
    return _heat_map(matrix, class_names, x_label=_label("report.plot.predicted_class"),
                     y_label=_label("report.plot.true_class"))


def co_occurrence(matrix: np.ndarray, class_names: Sequence[str]) -> bytes:
    """How often each pair of labels occurs together, as a heat map with the count in
    each cell; the diagonal holds each label's own count.

    Args:
        matrix: ``(K, K)`` symmetric counts of rows carrying both labels.
        class_names: ``K`` label names, in the order of the rows.

    Returns:
        PNG bytes, about 650x570 pixels for 10 short label names.

    Raises:
        ValueError: for a matrix that is not square or does not match the names.
    """
    label = _label("report.plot.label")
    return _heat_map(matrix, class_names, x_label=label, y_label=label)


def _heat_map(matrix: np.ndarray, class_names: Sequence[str], *, x_label: str,
              y_label: str) -> bytes:
    matrix = np.asarray(matrix)
    size = len(class_names)
    if matrix.ndim != 2 or matrix.shape != (size, size):
        raise ValueError(
            f"The matrix must have shape ({size}, {size}) for {size} class names; "
            f"received shape {matrix.shape}."
        )
    side = min(max(3.0, 0.4 * size + 1.0), 11.0)  # inches of the square heat map
    names = [_plain(name) for name in class_names]
    name_width = 0.065 * max((len(name) for name in names), default=1)  # inches at 9 pt
    rotate = name_width > 0.15
    left, bottom = 0.5 + name_width, 0.5 + (0.72 * name_width if rotate else 0.15)
    width, height = left + side + 0.9, bottom + side + 0.15
    with _style(grid=False):
        figure = _figure((width, height))
        # Explicit boxes rather than a layout engine: constrained layout doubles the drawing time.
        axis = figure.add_axes((left / width, bottom / height, side / width, side / height))
        colour_axis = figure.add_axes(((left + side + 0.15) / width, bottom / height,
                                       0.15 / width, side / height))
        image = axis.imshow(matrix, cmap="Blues", interpolation="nearest", aspect="auto")
        figure.colorbar(image, cax=colour_axis)
        axis.set_xticks(range(size), names, rotation=45 if rotate else 0,
                        ha="right" if rotate else "center", rotation_mode="anchor")
        axis.set_yticks(range(size), names)
        axis.set_xlabel(x_label)
        axis.set_ylabel(y_label)
        axis.spines[:].set_visible(False)
        if size <= 30:
            _annotate_counts(axis, matrix, fontsize=8 if size <= 12 else 6)
        return _png(figure)


def predicted_vs_true(true: np.ndarray, predicted: np.ndarray) -> bytes:
    """Predicted against true values, with the diagonal a perfect model would hit.

    Args:
        true: ``(N,)`` true values.
        predicted: ``(N,)`` predicted values.

    Returns:
        PNG bytes, about 450x450 pixels.
    """
    true, predicted = _pair(true, predicted)
    low = float(min(true.min(), predicted.min())) if true.size else 0.0
    high = float(max(true.max(), predicted.max())) if true.size else 1.0
    with _style():
        figure = _figure((4.5, 4.5))
        axis = figure.add_subplot()
        axis.plot([low, high], [low, high], color="0.5", linestyle="--", linewidth=1)
        axis.scatter(true, predicted, s=14, alpha=0.6, color="C0", edgecolors="none")
        axis.set_xlabel(_label("report.plot.true_value"))
        axis.set_ylabel(_label("report.plot.predicted_value"))
        axis.set_aspect("equal", adjustable="datalim")
        return _png(figure)


def residuals(true: np.ndarray, predicted: np.ndarray) -> bytes:
    """Residuals (true minus predicted) against the predicted value.

    Args:
        true: ``(N,)`` true values.
        predicted: ``(N,)`` predicted values.

    Returns:
        PNG bytes, about 450x450 pixels.
    """
    true, predicted = _pair(true, predicted)
    with _style():
        figure = _figure((4.5, 4.5))
        axis = figure.add_subplot()
        axis.axhline(0.0, color="0.5", linestyle="--", linewidth=1)
        axis.scatter(predicted, true - predicted, s=14, alpha=0.6, color="C1", edgecolors="none")
        axis.set_xlabel(_label("report.plot.predicted_value"))
        axis.set_ylabel(_label("report.plot.residual"))
        return _png(figure)


def _draw_curve(axis, curve: Curve, column: str | None, colour, prefix: str, *, legend: bool):
    history = curve.history
    if column is None or column not in history:
        return
    epochs = (history["epoch"] if "epoch" in history
              else pd.Series(np.arange(1, len(history) + 1)))
    axis.plot(epochs, history[column], color=colour, linestyle="-",
              label=prefix + _label("report.plot.train"))
    validation = history.get(f"val_{column}")
    if validation is not None:
        axis.plot(epochs, validation, color=colour, linestyle="--",
                  label=prefix + _label("report.plot.validation"))
    if curve.onset_epoch is not None and len(epochs):
        axis.axvspan(curve.onset_epoch, float(epochs.max()), color=colour, alpha=0.08, linewidth=0,
                     label=prefix + _label("report.plot.overfitting", epoch=curve.onset_epoch)
                     if legend else None)
    if curve.best_epoch is not None:
        axis.axvline(curve.best_epoch, color=colour, linestyle=":", linewidth=1.2,
                     label=prefix + _label("report.plot.best_epoch", epoch=curve.best_epoch)
                     if legend else None)
        at_best = (epochs == curve.best_epoch).to_numpy()
        if validation is not None and at_best.any():
            axis.plot(curve.best_epoch, validation.to_numpy()[at_best][0], marker="o",
                      color=colour, markersize=6, linestyle="none")


def _annotate_counts(axis, matrix: np.ndarray, *, fontsize: int) -> None:
    threshold = matrix.max() / 2 if matrix.size else 0
    for (row, column), count in np.ndenumerate(matrix):
        axis.text(column, row, f"{count:g}", ha="center", va="center", fontsize=fontsize,
                  color="white" if count > threshold else "black")


def _pair(true: np.ndarray, predicted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    true = np.asarray(true, dtype=np.float64).ravel()
    predicted = np.asarray(predicted, dtype=np.float64).ravel()
    if true.shape != predicted.shape:
        raise ValueError(
            f"true and predicted must have the same length; received {true.size} and "
            f"{predicted.size}."
        )
    return true, predicted


def _colours(count: int) -> list:
    from matplotlib import colormaps

    palette = colormaps["tab10"].colors
    return [palette[index % len(palette)] for index in range(count)]


def _figure(size: tuple[float, float]):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    figure.clear()
    return buffer.getvalue()


@contextlib.contextmanager
def _style(*, grid: bool = True) -> Iterator[None]:
    import matplotlib

    settings = {
        "font.family": ["DejaVu Sans", *_hangul_families()],
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": grid,
        "grid.alpha": 0.3,
    }
    with matplotlib.rc_context(settings):
        yield


def _plain(name: object) -> str:
    """A name from data as literal plot text: shortened, ``$`` kept from mathtext,
    control characters written as escapes (no font draws them)."""
    name = printable(name)
    if len(name) > _MAX_NAME:
        name = name[: _MAX_NAME - 1] + "…"
    return name.replace("$", r"\$")


def _label(key: str, **values: object) -> str:
    """``text(key)``, or its English when no installed font can draw it."""
    words = text(key, **values)
    return words if _drawable(words) else LANGUAGES["en"][key].format(**values)


@functools.cache
def _drawable(words: str) -> bool:
    if words.isascii():
        return True
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    fonts = [FT2Font(font_manager.findfont(font_manager.FontProperties(family=family)))
             for family in ("DejaVu Sans", *_hangul_families())]
    return all(any(font.get_char_index(ord(char)) for font in fonts)
               for char in words if not char.isspace())


@functools.cache
def _hangul_families() -> tuple[str, ...]:
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return tuple(family for family in _HANGUL_FAMILIES if family in installed)


def roc_curve(truth: np.ndarray, probability: np.ndarray) -> bytes:
    """The ROC curve (true against false positive rate) with its area, and the diagonal
    a model that guesses would follow.

    Args:
        truth: ``(N,)`` 0/1 labels.
        probability: ``(N,)`` predicted probabilities of the positive class.

    Returns:
        PNG bytes, about 450x450 pixels.
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.metrics import roc_curve as compute_roc

    false_positive, true_positive, _ = compute_roc(truth, probability)
    area = roc_auc_score(truth, probability)
    with _style():
        figure = _figure((4.5, 4.5))
        axis = figure.add_subplot()
        axis.plot([0, 1], [0, 1], color="0.5", linestyle="--", linewidth=1)
        axis.plot(false_positive, true_positive, color="C0", label=f"AUC {area:.3f}")
        axis.set_xlabel(_label("report.plot.false_positive_rate"))
        axis.set_ylabel(_label("report.plot.true_positive_rate"))
        axis.legend(loc="lower right", frameon=False)
        return _png(figure)


def reliability(truth: np.ndarray, probability: np.ndarray, bins: int = 10) -> bytes:
    """The calibration (reliability) curve: the share of positives among the rows given
    each predicted probability; a calibrated model lies on the diagonal.

    Args:
        truth: ``(N,)`` 0/1 labels.
        probability: ``(N,)`` predicted probabilities of the positive class.
        bins: equal-width probability bins. Defaults to `10`.

    Returns:
        PNG bytes, about 450x450 pixels.
    """
    from sklearn.calibration import calibration_curve

    observed, predicted = calibration_curve(truth, probability, n_bins=bins)
    with _style():
        figure = _figure((4.5, 4.5))
        axis = figure.add_subplot()
        axis.plot([0, 1], [0, 1], color="0.5", linestyle="--", linewidth=1)
        axis.plot(predicted, observed, marker="o", color="C1")
        axis.set_xlim(0, 1)
        axis.set_ylim(0, 1)
        axis.set_xlabel(_label("report.plot.mean_predicted_probability"))
        axis.set_ylabel(_label("report.plot.observed_share"))
        return _png(figure)
