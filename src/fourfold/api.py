"""fourfold's Python API: what the CLI and the tests call.

Example:
    >>> from fourfold import api, recipes
    >>> result = api.run(recipes.load_recipe("mnist", updates={"training.epochs": 2}))
    >>> result.metrics["test"]["accuracy"] > 0.9
    True
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

from fourfold import backend as backends
from fourfold.errors import RunFolderError
from fourfold.recipes.schema import Recipe
from fourfold.runs import index, layout
from fourfold.runs import status as run_status
from fourfold.tasks import get_task


@dataclass
class RunResult:
    """What a finished run left behind."""

    run_dir: Path
    metrics: dict
    status: str

    @property
    def report_path(self) -> Path:
        return self.run_dir / layout.REPORT


def run(recipe: Recipe, *, data_dir: Path | None = None, out: Path = Path("runs"),
        show_progress: bool = True, build_report: bool = True) -> RunResult:
    """Train every model of ``recipe``, evaluate it, write the run folder and its report.

    Args:
        recipe: a validated recipe.
        data_dir: the data folder (else ``FOURFOLD_DATA``, the cache, ...).
            Defaults to `None`.
        out: where run folders are created. Defaults to `runs/`.
        show_progress: draw a progress bar per epoch. Defaults to `True`.
        build_report: write ``report.html``. Defaults to `True`.

    Returns:
        The :class:`RunResult`; its status is ``complete``.

    Raises:
        FourfoldError: its subclasses for bad data, recipes or output folders;
            the run folder is then marked failed.
    """
    started = time.perf_counter()
    backend = backends.activate(backends.choose_backend(recipe.backend))
    task = get_task(recipe.task)
    run_dir = _create_run_dir(Path(out), recipe.name)
    record = run_status.write_status(run_dir, run_status.RUNNING)
    indexed = {"recipe": recipe.name, "task": recipe.task, "started": record["started"]}
    index.record_run(run_dir, status=run_status.RUNNING, **indexed)
    try:
        layout.write_atomic(run_dir / layout.CONFIG,
                            yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False))
        metrics = _train_all(recipe, task, run_dir, data_dir, backend, show_progress)
        metrics["timings"]["total_seconds"] = time.perf_counter() - started
        layout.write_atomic(run_dir / layout.METRICS, json.dumps(metrics, indent=2) + "\n")
        if build_report:
            from fourfold.reporting import build_report as write_report

            write_report(run_dir)
        run_status.write_status(run_dir, run_status.COMPLETE)
    except BaseException as error:
        run_status.write_status(run_dir, run_status.FAILED, error=str(error) or type(error).__name__)
        index.record_run(run_dir, status=run_status.FAILED, **indexed)
        raise
    headline = metrics["headline"]
    index.record_run(run_dir, status=run_status.COMPLETE, metric_name=headline["name"],
                     metric_value=headline["value"], **indexed)
    return RunResult(run_dir, metrics, run_status.COMPLETE)


def _create_run_dir(out: Path, name: str) -> Path:
    try:
        return layout.new_run_dir(out, name)
    except OSError as error:
        from fourfold.messages import text

        raise RunFolderError(text("run.output_unwritable", path=out, error=error.strerror or error)
                             ) from None


def _train_all(recipe: Recipe, task, run_dir: Path, data_dir: Path | None, backend: str,
               show_progress: bool) -> dict:
    """Load and prepare the data once, then fit and evaluate each model on it."""
    from fourfold.datasets import load_dataset
    from fourfold.preprocessing.prepare import prepare_data

    loading = time.perf_counter()
    raw = load_dataset(recipe.dataset.name, data_dir)
    data = prepare_data(recipe, raw, task)
    load_seconds = time.perf_counter() - loading
    several = len(recipe.models) > 1
    members = []
    for config in recipe.models:
        member_dir = layout.member_dir(run_dir, layout.MODELS, config.name) if several else run_dir
        member = _train_member(config, recipe, task, data, raw, member_dir, show_progress)
        member.update(backend=backend, versions=library_versions(backend))
        member["timings"]["load_seconds"] = load_seconds
        if several:
            layout.write_atomic(member_dir / layout.METRICS, json.dumps(member, indent=2) + "\n")
        members.append((config.name, member_dir, member))
    primary_name, _, primary = min(members, key=lambda item: item[2]["curve"]["best_value"])
    summary = dict(primary)
    summary["members"] = [
        {"name": name, "dir": str(folder.relative_to(run_dir)) if several else ".",
         "headline": member["headline"], "curve": member["curve"]}
        for name, folder, member in members
    ]
    summary["primary"] = primary_name
    summary["timings"] = {**primary["timings"],
                          "fit_seconds": sum(m["timings"]["fit_seconds"] for _, _, m in members)}
    return summary


def _train_member(config, recipe: Recipe, task, data, raw, member_dir: Path,
                  show_progress: bool) -> dict:
    """Fit one model, save its files into ``member_dir`` and return its metrics."""
    import numpy as np

    from fourfold.evaluation.member import evaluate_member
    from fourfold.predict import preprocess_record
    from fourfold.training.member import fit_member

    member_dir.mkdir(parents=True, exist_ok=True)
    fit = fit_member(config, recipe, task, data, member_dir, show_progress=show_progress)
    evaluation = evaluate_member(fit.model, task, data, raw)
    fit.model.save(member_dir / layout.MODEL)
    layout.write_atomic(member_dir / layout.PREPROCESS,
                        json.dumps(preprocess_record(recipe, task, data, raw), indent=2) + "\n")
    layout.write_atomic(member_dir / layout.PREDICTIONS,
                        evaluation.predictions.to_csv(index=False, float_format="%.17g"))
    if evaluation.samples:
        with open(member_dir / layout.SAMPLES, "wb") as handle:
            np.savez_compressed(handle, **evaluation.samples)
    headline_name = task.headline.name
    return {
        "schema": 1,
        "recipe": recipe.name,
        "task": task.name,
        "dataset": recipe.dataset.name,
        "model": config.name,
        "class_names": data.class_names,
        "data": {
            "train": int(len(data.train_rows)),
            "validation": int(len(data.validation_rows)),
            "test": int(len(data.x_test)),
            "input_shape": list(data.input_shape),
            "source": raw.source,
            "notes": list(raw.notes),
        },
        "test": evaluation.test,
        "headline": {
            "name": headline_name,
            "value": evaluation.test.get(headline_name),
            "higher_is_better": task.headline.higher_is_better,
            "textbook": recipe.textbook.get(headline_name),
        },
        "baseline": evaluation.baseline,
        "curve": fit.curve.to_dict(),
        "timings": {"fit_seconds": fit.fit_seconds, "evaluate_seconds": evaluation.seconds},
        "seed": recipe.seed,
    }


def library_versions(backend: str) -> dict[str, str]:
    """Versions of Python and the libraries a run's numbers depend on."""
    versions = {"python": platform.python_version()}
    for package in ("fourfold", "keras", backend, "numpy", "scikit-learn", "pandas"):
        try:
            versions[package] = metadata.version("tensorflow-cpu" if package == "tensorflow"
                                                 and _installed("tensorflow-cpu") else package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _installed(distribution: str) -> bool:
    try:
        metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def read_metrics(run_dir: Path) -> dict:
    """The top-level ``metrics.json`` of a run folder."""
    path = Path(run_dir) / layout.METRICS
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunFolderError(f"{run_dir} has no {layout.METRICS}: it is not a finished run folder."
                             ) from None
