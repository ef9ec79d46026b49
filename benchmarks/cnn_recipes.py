"""Benchmark: the convolutional recipes, whole process: now, at a git revision, on TensorFlow.

Each scenario is one whole ``fourfold run RECIPE`` (a cold compile cache every time, as a
user's first run), interleaved round after round so that a slow spell of the machine hits
them alike; each records wall time, peak RSS, fit seconds, epochs run, the steady epoch and
the test figure the recipe is judged by (exact match for apparel-cnn, log loss for
iceberg-cnn). Scenarios per recipe:

- ``now``: this checkout on Keras+JAX (the default backend);
- ``at REV`` (``--before REV``): fourfold's ``src/`` as it was at git revision REV, its
  own recipe files included, on the same environment;
- ``now on TensorFlow`` (``--tensorflow``): this checkout with ``--set backend=tensorflow``
  in the benchmark environment (``.venv-bench``, which has TensorFlow): the same network
  and data on the other backend.

The iceberg recipes run on the tests' generated set (1,604 rows, ``tests/support/sar.py``,
seed 11: NOT the competition's data, which cannot be shared). Run with:

    python benchmarks/cnn_recipes.py --data DIR [--recipe apparel-cnn] [--recipe iceberg-cnn]
        [--before REV] [--tensorflow] [--repetitions 2]

Results: ``benchmarks/results/cnn_recipes.json``.
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
from pathlib import Path

from harness import Scenario, arguments, data_with_iceberg, run, save, source_at, versions

#: The test figure each recipe is judged by, and whether higher is better.
FIGURES = {"apparel-cnn": ("subset_accuracy", True), "iceberg-cnn": ("log_loss", False)}


def run_figures(runs: Path, figure: str):
    """A collector: the newest run's test figure, fit seconds, epochs run and steady epoch."""
    def collect() -> dict:
        folder = max(runs.glob("*/metrics.json"), key=lambda path: path.stat().st_mtime).parent
        metrics = json.loads((folder / "metrics.json").read_text())
        with open(folder / "history.csv", newline="") as handle:
            epochs = [float(row["epoch_seconds"]) for row in csv.DictReader(handle)]
        return {figure: metrics["test"][figure], "fit_seconds": metrics["timings"]["fit_seconds"],
                "epochs_run": len(epochs), "first_epoch_seconds": epochs[0],
                "steady_epoch_seconds": statistics.median(epochs[1:]) if len(epochs) > 1
                else epochs[0]}
    return collect


def main() -> None:
    def options(parser):
        parser.add_argument("--recipe", action="append", choices=list(FIGURES),
                            help="a convolutional recipe (repeatable; default: all)")
        parser.add_argument("--tensorflow", action="store_true",
                            help="also run each recipe on TensorFlow (the bench environment)")

    args = arguments(__doc__.splitlines()[0], "apparel/ (iceberg/ is generated if absent)",
                     before=True, extra=options)
    recipes = args.recipe or list(FIGURES)
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-cnn-recipes-"))
    data = data_with_iceberg(args.data, scratch, seed=11)
    before_src = source_at(args.before, scratch) if args.before else None
    scenarios = []
    for recipe in recipes:
        figure = FIGURES[recipe][0]
        variants = [("now", args.fourfold_python, [], {})]
        if before_src is not None:
            variants.append((f"at {args.before}", args.fourfold_python, [],
                             {"PYTHONPATH": str(before_src)}))
        if args.tensorflow:
            variants.append(("now on TensorFlow", args.bench_python,
                             ["--set", "backend=tensorflow"], {}))
        for label, python, extra, env in variants:
            key = f"{recipe} {label}".replace(" ", "-")
            runs, cache = scratch / f"runs-{key}", scratch / f"cache-{key}"
            argv = [python, "-m", "fourfold", "run", recipe, "--quiet", "--data-dir", str(data),
                    "--out", str(runs), *extra]
            scenarios.append(Scenario(
                f"{recipe} {label}", argv,
                {**env, "FOURFOLD_HOME": str(scratch / "home"), "FOURFOLD_CACHE": str(cache)},
                prepare=["rm", "-rf", str(cache)], collect=run_figures(runs, figure)))
    summary = run(scenarios, args.repetitions, args.results)
    summary["versions"] = {"fourfold env": versions(args.fourfold_python, ["keras", "jax", "numpy"])}
    if args.tensorflow:  # the bench environment exists only where TensorFlow was asked for
        summary["versions"]["bench env"] = versions(
            args.bench_python, ["keras", "tensorflow-cpu", "tensorflow", "jax"])
    for recipe in recipes:
        now = summary["scenarios"][f"{recipe} now"]["median_seconds"]
        for name, result in summary["scenarios"].items():
            if name.startswith(f"{recipe} "):
                result["ratio_to_now"] = result["median_seconds"] / now
    save(summary, args.results / "cnn_recipes.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
