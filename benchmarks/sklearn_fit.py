"""Benchmark: `NeuralClassifier.fit` against `fourfold run mnist` for the same model.

Both train the textbook's MNIST network (784 -> Dense 64 relu -> 32 relu -> 10
softmax, adam, batch 128) on the 60,000 training digits /255 with 30% of them
held out for validation, for the same number of epochs, seed 777, each in its
own process. Timed: `fourfold run`'s `model.fit` (``timings.fit_seconds`` of its
metrics.json) and the estimator's whole `fit` call (validating X, split, build,
compile, fit); the estimator's first `fit` also imports Keras, timed apart here
because `fourfold run` imports it before its fit starts. Interleaved repetitions; the median is quoted. Run with:

    python benchmarks/sklearn_fit.py --data DIR [--epochs 30] [--repetitions 3]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import machine, save, versions

#: What the estimator's process runs: load, import Keras (timed apart: `fourfold run` has
#: imported it before its fit starts), fit (timed), score on the test digits.
ESTIMATOR_FIT = """
import json, sys, time
from fourfold.backend import activate
from fourfold.datasets import load_dataset
from fourfold.sklearn import NeuralClassifier

data = load_dataset("mnist", sys.argv[1])
started = time.perf_counter()
activate("jax")
import_seconds = time.perf_counter() - started
x_train = data.x_train.reshape(len(data.x_train), -1) / 255.0
x_test = data.x_test.reshape(len(data.x_test), -1) / 255.0
model = NeuralClassifier(hidden_units=(64, 32), epochs=int(sys.argv[2]), batch_size=128,
                         validation_fraction=0.3, random_state=777)
started = time.perf_counter()
model.fit(x_train, data.y_train)
seconds = time.perf_counter() - started
print(json.dumps({"fit_seconds": seconds, "keras_import_seconds": import_seconds, "accuracy": model.score(x_test, data.y_test),
                  "best_epoch": model.best_epoch_}))
"""


def fourfold_run(python: str, data: Path, epochs: int, env: dict[str, str], out: Path) -> dict:
    """`fourfold run mnist` in its own process; its fit time and test accuracy."""
    before = set(out.glob("*/metrics.json"))
    subprocess.run([python, "-m", "fourfold", "run", "mnist", "--quiet", "--data-dir", str(data),
                    "--epochs", str(epochs), "--seed", "777", "--out", str(out)],
                   env=env, check=True, capture_output=True)
    (metrics_path,) = set(out.glob("*/metrics.json")) - before
    metrics = json.loads(metrics_path.read_text())
    return {"fit_seconds": metrics["timings"]["fit_seconds"],
            "accuracy": metrics["test"]["accuracy"], "best_epoch": metrics["curve"]["best_epoch"]}


def estimator_fit(python: str, data: Path, epochs: int, env: dict[str, str]) -> dict:
    """`NeuralClassifier(...).fit` in its own process; its fit time and test accuracy."""
    result = subprocess.run([python, "-c", ESTIMATOR_FIT, str(data), str(epochs)], env=env,
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    import argparse
    import os

    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding mnist/")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--python", default=str(root / ".venv/bin/python"))
    parser.add_argument("--results", type=Path, default=root / "benchmarks/results")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-bench-"))
    # Both warm: a shared XLA compile cache, filled by one untimed round.
    env = {**os.environ, "FOURFOLD_HOME": str(scratch / "home"),
           "FOURFOLD_CACHE": str(scratch / "cache"), "KERAS_BACKEND": "jax"}
    scenarios = {
        "fourfold run mnist (model.fit)": lambda: fourfold_run(args.python, args.data,
                                                               args.epochs, env, scratch / "runs"),
        "NeuralClassifier.fit": lambda: estimator_fit(args.python, args.data, args.epochs, env),
    }
    for measure in scenarios.values():
        measure()
    results: dict[str, list[dict]] = {name: [] for name in scenarios}
    for repetition in range(args.repetitions):
        for name, measure in scenarios.items():
            results[name].append(measure())
            print(f"[{repetition + 1}/{args.repetitions}] {name}: {results[name][-1]}",
                  flush=True)
    summary = {"machine": machine(), "epochs": args.epochs,
               "versions": versions(args.python, ["keras", "jax", "numpy", "scikit-learn"]),
               "scenarios": {name: {"median_fit_seconds": statistics.median(
                   row["fit_seconds"] for row in rows), "runs": rows}
                   for name, rows in results.items()}}
    run_seconds, fit_seconds = (summary["scenarios"][name]["median_fit_seconds"]
                                for name in scenarios)
    summary["ratio_estimator_to_run"] = fit_seconds / run_seconds
    args.results.mkdir(parents=True, exist_ok=True)
    save(summary, args.results / "sklearn_fit.json")
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
