"""``report.html``: one self-contained page per run, built from its folder alone.

Compute, then draw: each ``_section`` function turns the run folder into plain
rows and sentences, the plots are drawn from the same data, and a Jinja2
template (autoescaped: class names and file names are data) lays them out.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from fourfold.errors import RunFolderError
from fourfold.messages import text
from fourfold.messages.catalog import current_language
from fourfold.messages.labels import baseline_label, catalogued, metric_label
from fourfold.printable import printable
from fourfold.reporting import card, images, multilabel, plots
from fourfold.reporting.folds import folds_section
from fourfold.reporting.reading import Member, RunFolder, read_run
from fourfold.runs import layout
from fourfold.tasks import TASKS, Task, get_task

#: Most training images shown per class, and most classes shown.
_SAMPLES_PER_CLASS = 6
_MAX_SAMPLE_CLASSES = 20
#: Most test predictions shown in the grid.
_MAX_PREDICTIONS = 48
#: Summary rows of scikit-learn's classification_report, in display order.
_SUMMARY_ROWS = ("accuracy", "micro avg", "macro avg", "weighted avg", "samples avg")
#: Scalars in ``metrics["test"]`` that are settings rather than results.
_NOT_RESULTS = frozenset({"log_loss_clip"})


def build_report(run_dir: Path) -> Path:
    """Write ``plots/*.png`` and ``report.html`` into the run folder ``run_dir``.

    The page shows what the textbook asks the reader to look at (SPEC "Reports"):
    the data at a glance, learning curves with the best epoch and overfitting
    onset, test metrics beside the textbook's figure and the baseline, the
    confusion matrix and classification report, regression plots, a grid of
    test predictions with the wrong ones marked, and a comparison of the run's
    models. The run's task says which of its own sections and plots the page
    has (:attr:`fourfold.tasks.Task.report_sections`): a multi-label run adds
    its decodings compared, each label's threshold and the labels'
    co-occurrence, and marks each wrong label in the grid. Sections the run has
    no data for are left out. Plots and images are
    embedded as data URIs: the page opens offline. The page is written to a
    temporary file and renamed, so a reader never sees half of it.

    Args:
        run_dir: a run folder written by ``fourfold run``.

    Returns:
        The path of ``report.html``.

    Raises:
        RunFolderError: when ``metrics.json`` is missing, names no known task, or a
            file cannot be read.

    Example:
        >>> build_report(Path("runs/mnist-20250101T120000Z"))  # doctest: +SKIP
        PosixPath('runs/mnist-20250101T120000Z/report.html')
    """
    run = read_run(Path(run_dir))
    primary = run.primary
    class_names = [str(name) for name in
                   run.metrics.get("class_names") or primary.metrics.get("class_names") or []]
    test = _test(run, primary)
    task = _task(run)
    multilabel_facts = (multilabel.multilabel_section(run.metrics, test, primary.preprocess,
                                                      class_names)
                        if "decodings" in task.report_sections else None)
    pictures = _draw(run, primary, task, class_names)
    summaries = _model_summaries(run)
    for name, png in pictures.items():
        layout.write_atomic(run.path / layout.PLOTS / f"{name}.png", png)
    page = render(
        "report.html.j2",
        header=_header(run),
        card=_card_section(run, primary),
        data=_data_section(run, primary, task, class_names),
        curves=[_curve_summary(member) for member in run.members if member.history is not None],
        onset_drawn=any(_epoch(member.curve.get("onset_epoch")) is not None
                        for member in run.members if member.history is not None),
        summaries=summaries,
        questions=_questions_section(run, summaries),
        activation=_activation_section(primary, task, class_names),
        metrics=_metrics_section(run, primary, task),
        multilabel=multilabel_facts,
        classification=_classification_section(test, task, multilabel_facts)
        if "classification" in task.report_sections else None,
        predictions=_prediction_grid(primary, task),
        members=_members_section(run) if len(run.members) > 1 else None,
        folds=folds_section(run.record, format_number, metric_label),
        footer=_footer(run),
        plots={name: images.png_data_uri(png) for name, png in pictures.items()},
    )
    report = run.path / layout.REPORT
    layout.write_atomic(report, page)
    return report


def render(template: str, **context: object) -> str:
    """Render one of the package's templates with ``text`` and the page language."""
    return _environment().get_template(template).render(
        text=text, lang=current_language(), **context)


def render_string(source: str, **context: object) -> str:
    """Render template text (which may extend the package's templates) as :func:`render`
    renders a template: escaped, control characters shown as escapes."""
    return _environment().from_string(source).render(
        text=text, lang=current_language(), **context)


def curve_of(member: Member, label: str) -> plots.Curve | None:
    """The member's learning curves for :func:`plots.learning_curves`; ``None`` without history."""
    if member.history is None:
        return None
    curve = member.curve
    return plots.Curve(label=label, history=member.history, metric=member.metric_column,
                       best_epoch=_epoch(curve.get("best_epoch")),
                       onset_epoch=_epoch(curve.get("onset_epoch")))


def scalar_metrics(test: dict) -> dict[str, float]:
    """The numeric results of a ``metrics["test"]`` dict, by name."""
    return {name: value for name, value in test.items()
            if name not in _NOT_RESULTS and _is_number(value)}


def onset_text(curve: dict) -> str:
    """The overfitting onset epoch of a ``metrics["curve"]``, "none" when it was measured null."""
    if "onset_epoch" in curve and curve["onset_epoch"] is None:
        return text("report.members.never")  # Validation loss never turned up.
    return format_number(_epoch(curve.get("onset_epoch")))


def status_text(status: str) -> str:
    """A run status (``complete``, ``failed``...) in the page's language."""
    return catalogued(f"report.status.{status}", status)


def format_number(value: object, digits: int = 4) -> str:
    """A number for a table: integers as they are, floats to ``digits`` places.

    ``None`` shows as a dash; text passes through unchanged.
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or not _is_number(value):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    return f"{value:.{digits}f}" if abs(value) < 1e4 else f"{value:.1f}"


def format_count(value: object) -> str:
    """A count (scikit-learn's float ``support``) as an integer; ``""`` when missing."""
    if not _is_number(value):
        return ""
    return str(int(value)) if float(value).is_integer() else format_number(value)


def _draw(run: RunFolder, primary: Member, task: Task, class_names: list[str]
          ) -> dict[str, bytes]:
    """The learning curves, then each of the task's ``report_plots`` the run has the
    data for, as PNG bytes by name (each drawn by the :mod:`plots` function so named)."""
    pictures = {}
    curves = [curve_of(member, member.name) for member in run.members]
    curves = [curve for curve in curves if curve is not None]
    if curves:
        pictures["learning_curves"] = plots.learning_curves(curves)
    for name in task.report_plots:
        arguments = _PLOT_ARGUMENTS[name](run, primary, task, class_names)
        if arguments is not None:
            pictures[name] = getattr(plots, name)(*arguments)
    return pictures


def _confusion_arguments(run: RunFolder, primary: Member, task: Task, class_names: list[str]):
    matrix = _test(run, primary).get("confusion_matrix")
    if not matrix:
        return None
    names = class_names if len(class_names) == len(matrix) else [str(i) for i in range(len(matrix))]
    return np.asarray(matrix), names


def _positive_arguments(run: RunFolder, primary: Member, task: Task, class_names: list[str]):
    """``(truth 0/1, probability of the positive class)`` when both classes occur among
    the test rows (a ROC curve needs both), else ``None``."""
    if primary.predictions is None:
        return None
    scored = task.positive_scores(primary.predictions, class_names)
    if scored is None or len(np.unique(scored[0])) < 2:
        return None
    return scored


def _value_arguments(run: RunFolder, primary: Member, task: Task, class_names: list[str]):
    """``(true, predicted)`` as floats; ``None`` when ``predictions.csv`` lacks them or
    holds other than numbers there (a damaged file)."""
    table = primary.predictions
    if table is None or "true" not in table or "predicted" not in table:
        return None
    if not (pd.api.types.is_numeric_dtype(table["true"])
            and pd.api.types.is_numeric_dtype(table["predicted"])):
        return None
    return table["true"].to_numpy(np.float64), table["predicted"].to_numpy(np.float64)


def _co_occurrence_arguments(run: RunFolder, primary: Member, task: Task,
                             class_names: list[str]):
    truth = primary.predictions.get("true") if primary.predictions is not None else None
    if not class_names or truth is None:
        return None
    return multilabel.co_occurrence(truth, class_names), class_names


#: The arguments of each plot a task may list in ``report_plots``, from the run folder;
#: ``None`` where the run lacks the data.
_PLOT_ARGUMENTS = {
    "confusion_matrix": _confusion_arguments,
    "roc_curve": _positive_arguments,
    "reliability": _positive_arguments,
    "predicted_vs_true": _value_arguments,
    "residuals": _value_arguments,
    "co_occurrence": _co_occurrence_arguments,
}


def _header(run: RunFolder) -> dict:
    metrics, config = run.metrics, run.config
    versions = metrics.get("versions") or {}
    model = metrics.get("model")
    kfold = run.record.kfold
    if kfold is not None:  # one result of K folds: never one fold as "the model"
        architecture = (config.get("model") or {}).get("name") or model
        model = text("report.header.model_kfold", model=architecture, k=kfold.n_splits,
                     final=text(f"report.header.final.{kfold.final or 'ensemble'}"))
    return {
        "recipe": metrics.get("recipe") or config.get("name") or run.name,
        "description": config.get("description"),
        "settings": card.settings_line(config, run.primary.curve.get("epochs_run")
                                       if kfold is None else None, metrics.get("devices")),
        "status": run.status,
        "status_label": status_text(run.status),
        "rows": [
            (text("report.header.task"), metrics.get("task") or config.get("task")),
            (text("report.header.dataset"),
             metrics.get("dataset") or (config.get("dataset") or {}).get("name")),
            (text("report.header.model"), model),
            (text("report.header.date"), run.status_record.get("started")),
            (text("report.header.backend"), metrics.get("backend")),
            (text("report.header.seed"), metrics.get("seed", config.get("seed"))),
            (text("report.header.version"), versions.get("fourfold")),
        ],
    }


def _data_section(run: RunFolder, primary: Member, task: Task,
                  class_names: list[str]) -> dict | None:
    data = run.metrics.get("data") or primary.metrics.get("data") or {}
    sizes = run.record.kfold.sizes if run.record.kfold is not None else None
    if sizes is not None:  # the whole data, then each fold's rows
        counts = [(text("report.data.kfold_train"), format_count(sizes.train)),
                  (text("report.data.test"), format_count(sizes.test))]
        counts += [(text("report.folds.fold") + f" {fold.fold}",
                    text("report.data.fold_sizes", fold=fold.fold, train=fold.train,
                         validation=fold.validation)) for fold in sizes.folds]
    else:
        counts = [(text(f"report.data.{key}"), format_count(data[key]))
                  for key in ("train", "validation", "test") if data.get(key) is not None]
    shape = data.get("input_shape")
    if shape is not None:
        counts.append((text("report.data.input_shape"), " x ".join(map(str, shape))
                       if isinstance(shape, (list, tuple)) else str(shape)))
    if data.get("source"):
        counts.append((text("report.data.source"), data["source"]))
    class_counts = data.get("train_class_counts") or []
    balance = (list(zip(class_names, class_counts))
               if class_names and len(class_counts) == len(class_names) else [])
    notes = [str(note) for note in data.get("notes") or []]
    samples = _sample_groups(primary.samples, class_names, label_sets=task.predicts_label_sets)
    if not (counts or balance or notes or samples):
        return None
    return {"counts": counts, "balance": balance, "notes": notes, "samples": samples}


def _sample_groups(samples: dict | None, class_names: list[str], *,
                   label_sets: bool) -> list[tuple[str, list[str]]]:
    """Training images grouped by their label's text: by class, in class order, or
    (``label_sets``: multi-hot rows) by label set, as they come."""
    if not samples or "train_images" not in samples or "train_labels" not in samples:
        return []
    pictures, labels = samples["train_images"], samples["train_labels"]
    order = np.arange(len(labels)) if label_sets else np.argsort(labels, kind="stable")
    groups: dict[str, list[str]] = {}
    for index in order[: len(pictures)]:
        name = _label_text(labels[index], class_names, label_set=label_sets)
        if name not in groups and len(groups) >= _MAX_SAMPLE_CLASSES:
            continue
        group = groups.setdefault(name, [])
        if len(group) < _SAMPLES_PER_CLASS:
            group.append(images.image_data_uri(pictures[index]))
    return list(groups.items())


def _curve_summary(member: Member) -> dict:
    curve = member.curve
    best, onset = _epoch(curve.get("best_epoch")), _epoch(curve.get("onset_epoch"))
    epochs = curve.get("epochs_run") or len(member.history)
    facts = []
    if best is not None:
        facts.append(text("report.curves.best_epoch", best=best, epochs=epochs))
    facts.append(text("report.curves.onset", epoch=onset) if onset is not None
                 else text("report.curves.no_onset"))
    return {"name": member.name, "facts": facts, "explanation": curve.get("explanation")}


def _metrics_section(run: RunFolder, primary: Member, task: Task) -> dict | None:
    results = scalar_metrics(_test(run, primary))
    if run.record.kfold is not None:
        results = {**dict(run.record.kfold.test.mean), **results}
    if not results:
        return None
    headline = run.metrics.get("headline") or primary.headline
    baseline = run.metrics.get("baseline") or primary.metrics.get("baseline") or {}
    groups = run.metrics.get("label_groups") or primary.metrics.get("label_groups")
    names = [name for name in task.summary_metrics(groups) if name in results]
    names += [name for name in results if name not in names]
    labels = multilabel.group_accuracy_labels(groups)  # Only multi-label runs have groups.
    if headline.get("name") in names:  # The headline metric first.
        names.insert(0, names.pop(names.index(headline["name"])))
    kfold = run.record.kfold
    if kfold is not None:  # the folds' mean ± std, the final model beside
        mean, std = kfold.test.mean, kfold.test.std
        names = [name for name in names if name in mean] + [
            name for name in mean if name not in names]
        final = kfold.ensemble_test or {}
    rows = [{
        "label": labels.get(name) or metric_label(name),
        "value": (f"{format_number(mean[name])} ± {format_number(std.get(name))}"
                  if kfold is not None else format_number(results[name])),
        "final": format_number(final.get(name)) if kfold is not None and name in final else "",
        "headline": name == headline.get("name"),
        "textbook": format_number(headline.get("textbook"))
        if name == headline.get("name") and headline.get("textbook") is not None else "",
        "baseline": format_number(baseline[name]) if _is_number(baseline.get(name)) else "",
    } for name in names]
    note = (text("report.metrics.baseline_note", name=baseline_label(baseline["name"]),
                 predicts=format_number(baseline.get("predicts")))
            if baseline.get("name") else None)
    return {"rows": rows, "baseline_note": note,
            "value_heading": text("report.metrics.mean_std" if kfold is not None
                                  else "report.metrics.value"),
            "final_heading": text(f"report.metrics.final.{kfold.final or 'ensemble'}")
            if kfold is not None else None,
            "kfold_note": text("report.metrics.kfold_note") if kfold is not None else None,
            "has_final": any(row["final"] for row in rows),
            "has_textbook": any(row["textbook"] for row in rows),
            "has_baseline": any(row["baseline"] for row in rows)}


def _classification_section(test: dict, task: Task, label_facts: dict | None) -> dict | None:
    """scikit-learn's report as rows headed "Class", or "Label" for label sets; each
    label with its decision threshold when ``label_facts`` (the multi-label facts)
    hold tuned ones."""
    thresholds = (label_facts or {}).get("thresholds") or {}
    rows = _classification_rows(test.get("classification_report"), thresholds)
    if rows is None:
        return None
    return {"heading": text("report.multilabel.label" if task.predicts_label_sets
                            else "report.classification.class"),
            "rows": rows, "thresholds": bool(thresholds),
            "thresholds_caption": (label_facts or {}).get("thresholds_caption")}


def _classification_rows(report: dict | None,
                         thresholds: dict[str, float] | None = None) -> list[dict] | None:
    """The rows of scikit-learn's report, each class with its decision threshold
    (a multi-label run's, from ``preprocess.json``) when ``thresholds`` names it."""
    if not isinstance(report, dict) or not report:
        return None
    thresholds = thresholds or {}
    rows = [_report_row(name, scores, summary=False, threshold=thresholds.get(name))
            for name, scores in report.items()
            if name not in _SUMMARY_ROWS and isinstance(scores, dict)]
    total = next((scores.get("support") for name, scores in report.items()
                  if name in _SUMMARY_ROWS and isinstance(scores, dict)), None)
    for name in _SUMMARY_ROWS:
        scores = report.get(name)
        if _is_number(scores):  # "accuracy" is a bare number in scikit-learn's dict.
            scores = {"f1-score": scores, "support": total}
        if isinstance(scores, dict):
            rows.append(_report_row(name, scores, summary=True))
    return rows


def _report_row(name: str, scores: dict, *, summary: bool,
                threshold: float | None = None) -> dict:
    return {
        "name": catalogued(f"report.classification.{name.replace(' ', '_')}", name)
        if summary else name,
        "summary": summary,
        "cells": [format_number(scores.get(key)) if key in scores else ""
                  for key in ("precision", "recall", "f1-score")],
        "support": format_count(scores.get("support")),
        "threshold": "" if threshold is None else format_number(threshold),
    }


def _prediction_grid(member: Member, task: Task) -> dict | None:
    """The test rows of ``samples.npz`` with their images; the wrong ones marked when
    the task predicts labels, and label by label when it predicts label sets."""
    labels, label_sets = task.predicts_labels, task.predicts_label_sets
    samples, table = member.samples, member.predictions
    if (not samples or "test_rows" not in samples or "test_images" not in samples
            or table is None or "row" not in table):
        return None
    by_row = table.set_index("row", drop=False)
    by_row = by_row[~by_row.index.duplicated()]
    cells = []
    for row, picture in zip(samples["test_rows"][:_MAX_PREDICTIONS], samples["test_images"]):
        if row not in by_row.index:
            continue
        record = by_row.loc[row]
        cells.append({
            "image": images.image_data_uri(picture),
            "true": _cell_text(record.get("true")),
            "predicted": _cell_text(record.get("predicted")),
            "confidence": (f"{float(record['confidence']):.1%}"
                           if _is_number(record.get("confidence")) else None),
            "wrong": labels and _is_wrong(record),
            "title": record.get("image") if isinstance(record.get("image"), str) else None,
        })
        if label_sets:
            cells[-1]["true_labels"], cells[-1]["predicted_labels"] = multilabel.marked_sets(
                record.get("true"), record.get("predicted"))
    if not cells:
        return None
    from fourfold.evaluation.member import GRID_FIRST_ROWS

    added = int(np.sum(np.asarray(samples["test_rows"][:_MAX_PREDICTIONS]) >= GRID_FIRST_ROWS))
    return {"cells": cells, "wrong": sum(cell["wrong"] for cell in cells),
            "label_sets": label_sets, "added": added,
            "first": min(GRID_FIRST_ROWS, len(cells))}


def _card_section(run: RunFolder, primary: Member) -> dict | None:
    """The result card: headline with units, textbook figures and baseline, verdict,
    best epoch, warnings."""
    metrics, config = run.metrics, run.config
    kfold = run.record.kfold
    headline = metrics.get("headline") or primary.headline
    folds = None
    if kfold is not None:
        folds = {"best_epochs": [fold.best_epoch for fold in kfold.folds],
                 "final": kfold.final,
                 "ensemble": (kfold.ensemble_test or {}).get(headline.get("name"))}
    textbook = dict(config.get("textbook") or {})
    if headline.get("name") and _is_number(headline.get("textbook")):
        textbook.setdefault(headline["name"], headline["textbook"])
    preprocess = (primary.preprocess or {}).get("scaler") or {}
    # the recipe as run names the scaler (a table's preprocess.json says kind "table")
    scaler = (config.get("preprocess") or {}).get("scaler") or preprocess.get("kind")
    return card.result_card(
        headline=headline,
        baseline=metrics.get("baseline") or primary.metrics.get("baseline") or {},
        textbook=textbook,
        curve=primary.curve if kfold is None else {},
        units=card.dataset_units(metrics.get("dataset") or (config.get("dataset") or {}).get("name")),
        kfold=folds, unscaled=card.unscaled_ranges(
            scaler, primary.samples,
            (primary.metrics.get("data") or metrics.get("data") or {}).get("feature_spreads")),
        format_number=format_number, metric_label=metric_label)


def _model_summaries(run: RunFolder) -> list[dict]:
    """Each trained model's layers and parameter counts, from its ``model.keras``
    (one for a K-fold run: the folds share the architecture)."""
    from fourfold.reporting.model_summary import model_summary

    found = []
    members = run.members[:1] if run.record.kfold is not None else run.members
    for member in members:
        summary = model_summary(member.dir / layout.MODEL, backend=run.metrics.get("backend"))
        if summary is None:
            continue
        name = ((run.config.get("model") or {}).get("name") or member.name
                if run.record.kfold is not None else member.name)
        found.append({
            "name": name, "total": summary.total,
            "rows": [{"name": row.name, "kind": row.kind, "shape": summary.shape_text(row),
                      "parameters": f"{row.parameters:,}", "trainable": f"{row.trainable:,}"}
                     for row in summary.rows],
            "totals": text("report.summary.totals", total=f"{summary.total:,}",
                           trainable=f"{summary.trainable:,}",
                           non_trainable=f"{summary.non_trainable:,}"),
        })
    return found


def _questions_section(run: RunFolder, summaries: list[dict]) -> dict | None:
    kfold = run.record.kfold
    counted = {summary["name"]: summary["total"] for summary in summaries}
    curves = ([] if kfold is not None else
              [(member.name, member.curve, counted.get(member.name, member.entry.get("parameters")))
               for member in run.members if member.curve])
    folds = None
    if kfold is not None:
        name = run.record.headline.name
        sizes = kfold.sizes
        folds = {"values": [fold.test.get(name) for fold in kfold.folds],
                 "metric": metric_label(name),
                 "rows": sizes.folds[0].validation if sizes and sizes.folds else None}
        curves = [(member.name, member.curve, None) for member in run.members[:1]
                  if member.curve]
    if not curves and folds is None:
        return None
    return card.questions(curves=curves, config=run.config, folds=folds,
                          format_number=format_number)


def _activation_section(primary: Member, task: Task, class_names: list[str]) -> dict | None:
    """Softmax beside sigmoid on a few test rows' logits, for multiclass and multi-label."""
    if not (task.activation == "softmax" or task.predicts_label_sets) or len(class_names) < 2:
        return None
    rows = card.activation_rows(primary.predictions, class_names, task.activation)
    if not rows:
        return None
    other = "sigmoid" if task.activation == "softmax" else "softmax"
    return {"rows": rows, "used": task.activation, "other": other,
            "lesson": text(f"report.activation.lesson.{task.activation}"),
            "logits": text(f"report.activation.logits.{task.activation}")}


def _members_section(run: RunFolder) -> dict:
    members = run.members
    rows, scored = [], []
    for member in members:
        headline, curve = member.headline, member.curve
        value = headline.get("value", member.test.get(headline.get("name")))
        if _is_number(value):
            scored.append((float(value), member.name, headline))
        rows.append({
            "name": member.name,
            "primary": member is run.primary,
            "headline": (f"{metric_label(headline['name'])} {format_number(value)}"
                         if headline.get("name") else format_number(value)),
            "best_epoch": format_number(_epoch(curve.get("best_epoch"))),
            "onset_epoch": onset_text(curve),
            "epochs_run": format_number(curve.get("epochs_run")),
            "test_loss": format_number(member.test.get("loss")),
        })
    sentences = [_overfits_first(members)]
    if scored:
        higher = scored[0][2].get("higher_is_better", True)
        value, name, headline = (max if higher else min)(scored, key=lambda item: item[0])
        sentences.append(text("report.members.scores_best", name=name,
                              metric=metric_label(headline.get("name", "")),
                              value=format_number(value)))
    kfold = run.record.kfold
    selection = (f"kfold_{kfold.final}" if kfold is not None and kfold.final
                 else run.metrics.get("model_selection", "lowest_loss"))
    return {"rows": rows, "sentences": sentences, "primary": run.primary.name,
            "selection": selection}


def _overfits_first(members: list[Member]) -> str:
    onsets = [(_epoch(m.curve.get("onset_epoch")), m.name) for m in members]
    known = [(epoch, name) for epoch, name in onsets if epoch is not None]
    if not known:
        return text("report.members.none_overfit")
    first = min(epoch for epoch, _ in known)
    names = [name for epoch, name in known if epoch == first]
    if len(names) == len(members):
        return text("report.members.overfit_together", epoch=first)
    return text("report.members.overfits_first", name=", ".join(names), epoch=first)


def _footer(run: RunFolder) -> dict:
    timings = run.metrics.get("timings") or {}
    return {
        "timings": [(catalogued(f"report.timings.{key}", key),
                     text("report.timings.seconds", seconds=float(value)))
                    for key, value in timings.items() if _is_number(value)],
        "versions": [(name, str(version)) for name, version in
                     (run.metrics.get("versions") or {}).items() if version not in (None, "")],
        "config": yaml.safe_dump(run.config, sort_keys=False, allow_unicode=True)
        if run.config else None,
        "folder": run.name,
    }


def _test(run: RunFolder, primary: Member) -> dict:
    return primary.test or run.metrics.get("test") or {}


def _task(run: RunFolder) -> Task:
    """The run's task, as ``metrics.json`` (else ``config.yaml``) names it."""
    name = run.metrics.get("task") or run.config.get("task")
    try:
        return get_task(name)
    except KeyError:
        raise RunFolderError(text("tasks.unknown_in_run", path=run.path / layout.METRICS,
                                  name=repr(name), tasks=", ".join(sorted(TASKS)))) from None


def _is_wrong(record: pd.Series) -> bool:
    correct = record.get("correct")
    if correct is not None and not pd.isna(correct):
        return str(correct).strip().lower() not in ("true", "1", "1.0", "yes")
    return _cell_text(record.get("true")) != _cell_text(record.get("predicted"))


def _label_text(label: np.ndarray, class_names: list[str], *, label_set: bool) -> str:
    label = np.asarray(label)
    if label_set:  # A multi-hot row of a multi-label data set.
        on = [class_names[i] if i < len(class_names) else str(i) for i in np.flatnonzero(label)]
        return " ".join(on) or "—"
    value = label.item()
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer()):
        if class_names and 0 <= int(value) < len(class_names):
            return class_names[int(value)]
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        return f"{float(value):.4g}"
    if isinstance(value, (float, np.floating)):
        return str(int(value))
    return str(value)


def _epoch(value: object) -> int | None:
    return int(value) if _is_number(value) else None


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, bool))


@functools.cache
def _environment():
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("fourfold.reporting", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_shown,
    )
    environment.filters["number"] = format_number
    return environment


def _shown(value: object) -> object:
    """Every ``{{ value }}`` of a page: text from the run (class and file names, the
    recipe) with its control characters written as escapes, then autoescaped."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return printable(value, newlines=True)
    return value

