"""Benchmark: `fourfold run mnist` against the textbook's MNIST code on tf.keras.

Whole-process wall time, interleaved repetitions, same machine, same session.
Run with `make bench` (it builds .venv and .venv-bench) or:

    python benchmarks/mnist.py --data DIR [--repetitions 3]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from harness import ROOT, Scenario, arguments, run, save, versions


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "mnist/")
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-bench-"))
    warm_cache, cold_cache = scratch / "cache-warm", scratch / "cache-cold"
    fourfold = [args.fourfold_python, "-m", "fourfold", "run", "mnist", "--quiet",
                "--data-dir", str(args.data), "--out", str(scratch / "runs")]
    textbook = [args.bench_python, str(ROOT / "benchmarks/textbook/mnist_textbook.py"),
                str(args.data), str(scratch)]
    home = {"FOURFOLD_HOME": str(scratch / "home")}
    # One untimed run fills the warm cache with XLA's compiled programs.
    run([Scenario("warm-up", fourfold, {**home, "FOURFOLD_CACHE": str(warm_cache)})], 1,
        args.results)
    scenarios = [
        Scenario("fourfold (JAX, compile cache warm)", fourfold,
                 {**home, "FOURFOLD_CACHE": str(warm_cache)}),
        Scenario("fourfold (JAX, first run: cold cache)", fourfold,
                 {**home, "FOURFOLD_CACHE": str(cold_cache)},
                 prepare=["rm", "-rf", str(cold_cache)]),
        Scenario("textbook (tf.keras, TensorFlow)", textbook, {"KERAS_BACKEND": "tensorflow"}),
        Scenario("textbook (Keras 3, JAX)", textbook, {"KERAS_BACKEND": "jax"}),
    ]
    summary = run(scenarios, args.repetitions, args.results)
    summary["versions"] = {
        "fourfold env": versions(args.fourfold_python, ["keras", "jax", "numpy", "scikit-learn"]),
        "bench env": versions(args.bench_python, ["keras", "tensorflow-cpu", "tensorflow", "jax"]),
    }
    baseline = summary["scenarios"]["textbook (tf.keras, TensorFlow)"]["median_seconds"]
    for name, result in summary["scenarios"].items():
        result["ratio_to_textbook_tf"] = result["median_seconds"] / baseline
    accuracies = [json.loads(path.read_text())["test"]["accuracy"]
                  for path in (scratch / "runs").glob("*/metrics.json")]
    summary["fourfold_test_accuracy"] = {"min": min(accuracies), "max": max(accuracies)}
    save(summary, args.results / "mnist.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
