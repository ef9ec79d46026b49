"""The top of a report and the chapter's questions, answered from the run folder.

The result card says in a few lines what a reader of ``metrics.json`` would
have to work out: the headline metric (in the target's units where the data set
has them), every figure of the textbook and the baseline beside it, a verdict,
the best epoch, and warnings (worse than the baseline, inputs left unscaled
whose ranges differ widely, an early overfitting onset). The questions section
names where the curves diverge and the exact ``--set`` to try for each remedy,
and why a K-fold run's folds differ. The activation section puts the model's
outputs under its own activation beside what the other would say on the same
logits. Everything is computed here as plain rows and sentences; the template
lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fourfold.evaluation.curves import is_early_onset
from fourfold.messages import text
from fourfold.messages.labels import baseline_label
from fourfold.numbers import finite

#: Relative distance to the textbook's figure within which a run "matches" it.
MATCH = 0.05
#: How many times wider one input's range must be than another's for a warning.
RANGE_RATIO = 10.0
#: Test rows shown in the softmax-versus-sigmoid table, and classes per row.
ACTIVATION_ROWS = 3
ACTIVATION_CLASSES = 5
#: Smallest probability read back into a logit (``log(0)`` has none).
_EPSILON = 1e-7
#: Metrics measured in the target's units, and in its units squared.
_IN_UNITS = frozenset({"mae", "rmse", "median_absolute_error"})
_IN_SQUARED_UNITS = frozenset({"mse"})


@dataclass(frozen=True)
class Units:
    """A regression target's units: ``name`` shown after figures (``$1000s``), and how
    to write a value as an amount: ``prefix`` + value x ``scale`` + ``suffix``."""

    name: str
    scale: float = 1.0
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def of(cls, described: object) -> "Units | None":
        """Units from a data set's ``target_units`` (an object or a mapping with these
        fields, or a plain name), ``None`` without."""
        if described is None:
            return None
        if isinstance(described, str):
            return cls(name=described)
        read = described.get if isinstance(described, dict) else (
            lambda key, default=None: getattr(described, key, default))
        name = read("name")
        if not name:
            return None
        return cls(name=str(name), scale=float(read("scale", 1.0) or 1.0),
                   prefix=str(read("prefix", "") or ""), suffix=str(read("suffix", "") or ""))

    def amount(self, value: float) -> str:
        """``value`` in plain money or measure: 2.10 in $1000s is ``$2,100``."""
        scaled = value * self.scale
        digits = 0 if abs(scaled) >= 100 else 2
        return f"{self.prefix}{scaled:,.{digits}f}{self.suffix}"


def dataset_units(dataset: str | None) -> Units | None:
    """The target units the data set catalogue gives ``dataset`` (its spec's optional
    ``target_units``), ``None`` for a data set without (or not in the catalogue)."""
    if not dataset:
        return None
    from fourfold.datasets.catalog import get_spec

    try:
        spec = get_spec(dataset)
    except Exception:  # a user's own table or folder: not in the catalogue
        return None
    return Units.of(getattr(spec, "target_units", None))


def unit_text(metric: str, units: Units | None) -> str:
    """`` $1000s`` after a figure of ``metric`` in the target's units, `` ($1000s)²`` in
    their square; ``""`` for other metrics or without units."""
    if units is None:
        return ""
    if metric in _IN_UNITS:
        return f" {units.name}"
    if metric in _IN_SQUARED_UNITS:
        return f" ({units.name})²"
    return ""


def result_card(*, headline: dict, baseline: dict, textbook: dict, curve: dict,
                units: Units | None, kfold: dict | None, unscaled: dict | None,
                format_number, metric_label) -> dict | None:
    """The result card's lines and warnings.

    Args:
        headline: the run's ``headline`` (``name``, ``value``, ``higher_is_better``,
            and for K-fold ``std`` and ``aggregate``).
        baseline: the run's ``baseline``: a score per metric.
        textbook: the recipe's ``textbook`` figures by metric.
        curve: the primary model's ``curve`` (best epoch, onset, epochs run).
        units: the target's units, or ``None``.
        kfold: ``{"best_epochs": [...], "ensemble": value, "final": ...}`` for a
            K-fold run, else ``None``.
        unscaled: :func:`unscaled_ranges`' finding, or ``None``.
        format_number: how the report formats numbers.
        metric_label: how the report names a metric.

    Returns:
        ``{"headline", "figures", "verdict", "best_epoch", "warnings"}``, or
        ``None`` when the run has no headline value.
    """
    name, value = headline.get("name"), headline.get("value")
    if not name or not _is_number(value):
        return None
    value = float(value)
    higher = headline.get("higher_is_better", True)
    label = metric_label(name)
    shown = f"{label} {format_number(value, 2 if abs(value) >= 1 else 4)}"
    if _is_number(headline.get("std")):
        shown += f" ± {format_number(headline['std'], 2 if abs(value) >= 1 else 4)}"
    shown += unit_text(name, units)
    if units is not None and name in _IN_UNITS:
        shown = text("report.card.off_by", figure=shown, amount=units.amount(value))
    figures = [{"label": text("report.card.textbook", metric=metric_label(metric)),
                "value": format_number(figure) + unit_text(metric, units)}
               for metric, figure in textbook.items() if _is_number(figure)]
    base = baseline.get(name)
    if _is_number(base):
        figures.append({"label": text("report.card.baseline", name=baseline_label(baseline.get("name") or ""),
                                      metric=label),
                        "value": format_number(base) + unit_text(name, units)})
    if kfold and _is_number(kfold.get("ensemble")):
        figures.insert(0, {"label": text(f"report.card.final.{kfold.get('final') or 'ensemble'}",
                                         metric=label),
                           "value": format_number(kfold["ensemble"]) + unit_text(name, units)})
    warnings = []
    worse = _is_number(base) and (value < base if higher else value > base)
    if worse:
        warnings.append(text("report.card.warn.baseline", metric=label,
                             value=format_number(value), baseline=format_number(base)))
    if unscaled:  # from the kept example rows, or from every training row's features
        key = "report.card.warn.unscaled" if unscaled["rows"] else "report.card.warn.unscaled_features"
        warnings.append(text(key, **unscaled))
    if is_early_onset(curve):
        warnings.append(text("report.card.warn.onset", epoch=curve["onset_epoch"],
                             epochs=curve["epochs_run"]))
    return {
        "headline": shown,
        "aggregate": headline.get("aggregate"),
        "figures": figures,
        "verdict": _verdict(value, higher, base, textbook.get(name), worse, label,
                            format_number),
        "best_epoch": _best_epoch_text(curve, kfold),
        "warnings": warnings,
    }


def _verdict(value: float, higher: bool, base, book, worse: bool, label: str,
             format_number) -> str:
    if worse:
        return text("report.card.verdict.worse_than_baseline")
    if _is_number(book) and book:
        gap = (value - float(book)) / abs(float(book))
        if abs(gap) <= MATCH:
            return text("report.card.verdict.matches", metric=label, book=format_number(book))
        better = gap > 0 if higher else gap < 0
        return text("report.card.verdict.better" if better else "report.card.verdict.behind",
                    metric=label, book=format_number(book))
    if _is_number(base):
        return text("report.card.verdict.beats_baseline")
    return text("report.card.verdict.no_reference")


def _best_epoch_text(curve: dict, kfold: dict | None) -> str | None:
    if kfold and kfold.get("best_epochs"):
        return text("report.card.best_epochs",
                    epochs=", ".join(str(epoch) for epoch in kfold["best_epochs"]))
    if _is_number(curve.get("best_epoch")):
        return text("report.card.best_epoch", best=int(curve["best_epoch"]),
                    epochs=curve.get("epochs_run") or "?")
    return None


def unscaled_ranges(scaler: str | None, samples: dict | None,
                    spreads: list[float] | None = None) -> dict | None:
    """The unscaled-inputs warning's fields: when the run's inputs went to the network as
    they are (scaler ``none``) and their ranges differ by more than :data:`RANGE_RATIO`
    times, the narrowest and widest range; else ``None``.

    The ranges are the run's recorded ``data.feature_spreads`` (a table's columns over
    all training rows) when there are any, else those of the rows the run folder keeps
    (``samples.npz``). Pixels that never change in those rows (an MNIST border) count
    as a range of nothing, so 8-bit pictures fed in 0..255 are caught as well."""
    if scaler != "none":
        return None
    if spreads:
        ranges, low, high, rows = np.asarray(spreads, dtype=np.float64), None, None, None
    else:
        kept = [np.asarray(samples[key], dtype=np.float64)
                for key in ("train_images", "test_images")
                if samples and key in samples and np.asarray(samples[key]).size]
        if not kept:
            return None
        values = np.concatenate([block.reshape(len(block), -1) for block in kept])
        ranges = np.nanmax(values, axis=0) - np.nanmin(values, axis=0)
        low, high, rows = float(np.nanmin(values)), float(np.nanmax(values)), len(values)
    narrow, wide = float(np.nanmin(ranges)), float(np.nanmax(ranges))
    if len(ranges) < 2 or wide <= RANGE_RATIO * max(narrow, 1e-12):
        return None
    return {"narrow": f"{narrow:g}", "wide": f"{wide:g}",
            "low": "" if low is None else f"{low:g}", "high": "" if high is None else f"{high:g}",
            "rows": rows}


def remedies(model: dict, training: dict) -> list[dict]:
    """Each remedy for overfitting with the exact ``--set`` to try, from the recipe's
    settings actually used (``model`` and ``training`` sections of ``config.yaml``)."""
    found = []
    patience = training.get("early_stopping_patience")
    if not patience:
        found.append(("early_stopping", "training.early_stopping_patience=5"))
    dropout = float(model.get("dropout") or 0.0)
    found.append(("dropout", f"model.dropout={min(round(dropout + 0.2, 2), 0.5):g}"
                  if dropout < 0.5 else None))
    l2 = float(model.get("l2") or 0.0)
    found.append(("l2", f"model.l2={l2 * 10 if l2 else 0.001:g}"))
    units = [int(unit) for unit in model.get("hidden_units") or [] if _is_number(unit)]
    smaller = [max(1, unit // 2) for unit in units]
    if units and smaller != units:
        found.append(("smaller", "model.hidden_units=[" + ",".join(map(str, smaller)) + "]"))
    return [{"name": text(f"report.questions.remedy.{name}"),
             "why": text(f"report.questions.remedy.{name}.why"), "setting": setting}
            for name, setting in found if setting is not None]


def questions(*, curves: list[tuple[str, dict, int | None]], config: dict,
              folds: dict | None, format_number) -> dict:
    """The chapter's questions answered from this run.

    Args:
        curves: each model's name, ``curve`` and parameter count (or ``None``).
        config: the run's ``config.yaml``.
        folds: ``{"values": [...], "metric": label, "rows": per-fold held-out rows}``
            for a K-fold run, else ``None``.
        format_number: how the report formats numbers.
    """
    diverge = []
    for name, curve, parameters in curves:
        onset = curve.get("onset_epoch")
        epochs = curve.get("epochs_run")
        who = name if len(curves) > 1 else text("report.questions.the_model")
        if _is_number(onset):
            diverge.append(text("report.questions.diverge", name=who, epoch=int(onset),
                                epochs=epochs or "?"))
        elif _is_number(curve.get("best_epoch")) and epochs and curve["best_epoch"] >= epochs - 1:
            diverge.append(text("report.questions.still_learning", name=who, epochs=epochs))
        else:
            diverge.append(text("report.questions.flat", name=who))
    overfits = any(_is_number(curve.get("onset_epoch")) for _, curve, _ in curves)
    model, training = config.get("model") or {}, config.get("training") or {}
    deeper = _deeper_sentence(curves)
    more_epochs = None
    if not overfits and _is_number(training.get("epochs")):
        more_epochs = f"training.epochs={int(training['epochs']) * 2}"
    fold_answer = None
    if folds and len(folds.get("values") or []) > 1:
        values = [float(v) for v in folds["values"] if _is_number(v)]
        fold_answer = text("report.questions.folds", k=len(values), metric=folds["metric"],
                           low=format_number(min(values)), high=format_number(max(values)),
                           rows=folds.get("rows") or "?")
    return {"diverge": diverge, "remedies": remedies(model, training) if overfits else [],
            "more_epochs": more_epochs, "deeper": deeper, "folds": fold_answer}


def _deeper_sentence(curves: list[tuple[str, dict, int | None]]) -> str | None:
    """With several models: the one with most parameters, its count and its onset."""
    counted = [(parameters, name, curve) for name, curve, parameters in curves
               if _is_number(parameters)]
    if len(counted) < 2:
        return None
    counted.sort(key=lambda item: item[0])
    (small, small_name, small_curve), (big, big_name, big_curve) = counted[0], counted[-1]
    if big == small:  # no bigger model to speak of
        return None

    def onset(curve):
        return curve.get("onset_epoch") if _is_number(curve.get("onset_epoch")) else None

    key = ("report.questions.deeper_earlier"
           if onset(big_curve) is not None and (onset(small_curve) is None
                                                or onset(big_curve) < onset(small_curve))
           else "report.questions.deeper_not_earlier")
    never = text("report.members.never")
    return text(key, big=big_name, big_parameters=f"{int(big):,}", small=small_name,
                small_parameters=f"{int(small):,}", big_onset=onset(big_curve) or never,
                small_onset=onset(small_curve) or never)


def activation_rows(predictions, class_names: list[str], activation: str,
                    rows: int = ACTIVATION_ROWS) -> list[dict]:
    """For the first ``rows`` test rows: each class's logit, the model's probability
    under its own ``activation`` and what the other activation says on the same logits.

    The logits are read back from the probabilities in ``predictions.csv``: a
    sigmoid's exactly (``log(p / (1 - p))``), a softmax's up to a constant shared
    by the row (``log p``), centred here at a mean of 0. Classes shown are the
    row's :data:`ACTIVATION_CLASSES` highest.
    """
    from fourfold.explain import explain

    columns = [f"p_{name}" for name in class_names]
    if predictions is None or not class_names or not all(c in predictions for c in columns):
        return []
    shown = []
    for _, record in predictions.head(rows).iterrows():
        probabilities = np.clip(record[columns].to_numpy(np.float64), _EPSILON, 1 - _EPSILON)
        if activation == "softmax":
            logits = np.log(probabilities)
            logits -= logits.mean()
        else:
            logits = np.log(probabilities / (1 - probabilities))
        lesson = explain(activation, logits)
        top = np.argsort(-logits, kind="stable")[:ACTIVATION_CLASSES]
        shown.append({
            "row": record.get("row"),
            "true": record.get("true"),
            "classes": [{"name": class_names[i], "logit": f"{lesson.scores[i]:.2f}",
                         "softmax": f"{lesson.softmax[i]:.3f}",
                         "sigmoid": f"{lesson.sigmoid[i]:.3f}"} for i in top],
            "softmax_sum": f"{lesson.softmax.sum():.3f}",
            "sigmoid_sum": f"{lesson.sigmoid.sum():.3f}",
            "command": f"fourfold explain {activation} "
                       + " ".join(f"{lesson.scores[i]:.2f}" for i in top),
        })
    return shown


def settings_line(config: dict, epochs_run: object = None,
                  devices: list[str] | None = None) -> str | None:
    """The settings this run actually used, in one line (``--set`` and ``--epochs``
    change them after the recipe's description was written), with the devices a
    data-parallel run shared its batches across."""
    training, model = config.get("training") or {}, config.get("model") or {}
    preprocess, kfold = config.get("preprocess") or {}, config.get("kfold") or {}
    parts = []
    if model:
        sizes = model.get("filters") if model.get("kind") == "cnn" else model.get("hidden_units")
        parts.append(text("report.settings.model", kind=model.get("kind", "dense"),
                          sizes="-".join(map(str, sizes or [])) or "—",
                          activation=model.get("activation", "relu")))
        if model.get("dropout"):
            parts.append(text("report.settings.dropout", value=model["dropout"]))
        if model.get("l2"):
            parts.append(text("report.settings.l2", value=model["l2"]))
        if model.get("augmentation"):
            parts.append(text("report.settings.augmentation", names=", ".join(
                str(name).replace("_", " ") for name in model["augmentation"])))
    if preprocess.get("scaler"):
        parts.append(text("report.settings.scaler", scaler=preprocess["scaler"]))
    if training:
        if training.get("optimizer"):
            rate = training.get("learning_rate")
            said = [f"lr {rate:g}"] if _is_number(rate) else []
            if training.get("learning_rate_schedule") not in (None, "constant"):
                said.append(text("report.settings.schedule",
                                 schedule=training["learning_rate_schedule"]))
            parts.append(training["optimizer"] + (f" ({', '.join(said)})" if said else ""))
        if training.get("epochs"):
            ran = (text("report.settings.epochs_run", run=epochs_run)
                   if _is_number(epochs_run) and epochs_run != training["epochs"] else "")
            parts.append(text("report.settings.epochs", epochs=training["epochs"]) + ran)
        if training.get("batch_size"):
            parts.append(text("report.settings.batch", size=training["batch_size"]))
        if training.get("early_stopping_patience"):
            parts.append(text("report.settings.patience",
                              patience=training["early_stopping_patience"]))
    if kfold.get("n_splits"):
        parts.append(text("report.settings.kfold", k=kfold["n_splits"]))
    if _is_number(config.get("seed")):
        parts.append(text("report.settings.seed", seed=config["seed"]))
    if devices:
        parts.append(text("report.settings.devices", count=len(devices)))
    return ", ".join(parts) if parts else None


def _is_number(value: object) -> bool:
    return finite(value) is not None
