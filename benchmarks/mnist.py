"""Benchmark: `fourfold run mnist` against the textbook's MNIST code on tf.keras and on JAX.

Whole-process wall time, interleaved repetitions, same machine, same session;
each round also runs the GEMM-throughput probe (benchmarks/gemm.py), so that
fourfold's steady epoch (the median of epochs 2-30 in its history.csv) is set
against the FLOP bound measured under the same load. ``--before REV`` adds
fourfold as it was at git revision REV (its src/ on PYTHONPATH). Run with
`make bench` (it builds .venv and .venv-bench) or:

    python benchmarks/mnist.py --data DIR [--repetitions 3] [--before REV]
"""

from __future__ import annotations

import csv
import json
import statistics
import tempfile
from pathlib import Path

from harness import ROOT, Scenario, arguments, run, save, source_at, versions


def newest_run(runs: Path):
    """A collector: the test accuracy, fit seconds and steady epoch of the newest run in
    ``runs``."""
    def collect() -> dict:
        folder = max(runs.glob("*/metrics.json"), key=lambda path: path.stat().st_mtime).parent
        metrics = json.loads((folder / "metrics.json").read_text())
        with open(folder / "history.csv", newline="") as handle:
            epochs = [float(row["epoch_seconds"]) for row in csv.DictReader(handle)]
        return {"test_accuracy": metrics["test"]["accuracy"],
                "fit_seconds": metrics["timings"]["fit_seconds"],
                "first_epoch_seconds": epochs[0],
                "steady_epoch_seconds": statistics.median(epochs[1:])}
    return collect


def gemm_bound(path: Path):
    """A collector: the epoch's FLOP bound the GEMM probe just wrote."""
    def collect() -> dict:
        result = json.loads(path.read_text())
        return {"epoch_bound_seconds": result["epoch_bound_seconds"],
                "gflops_per_second": result["epoch_gflops_per_second"]}
    return collect


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "mnist/", before=True)
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
                 {**home, "FOURFOLD_CACHE": str(warm_cache)}, collect=newest_run(scratch / "runs")),
        Scenario("fourfold (JAX, first run: cold cache)", fourfold,
                 {**home, "FOURFOLD_CACHE": str(cold_cache)},
                 prepare=["rm", "-rf", str(cold_cache)], collect=newest_run(scratch / "runs")),
        Scenario("textbook (tf.keras, TensorFlow)", textbook, {"KERAS_BACKEND": "tensorflow"}),
        Scenario("textbook (Keras 3, JAX)", textbook, {"KERAS_BACKEND": "jax"}),
        Scenario("GEMM probe (benchmarks/gemm.py)",
                 [args.fourfold_python, str(ROOT / "benchmarks/gemm.py"), "--results",
                  str(scratch / "gemm")], collect=gemm_bound(scratch / "gemm/gemm.json")),
    ]
    if args.before:
        source = source_at(args.before, scratch)
        before_runs = scratch / "runs-before"
        before = [args.fourfold_python, "-m", "fourfold", "run", "mnist", "--quiet",
                  "--data-dir", str(args.data), "--out", str(before_runs)]
        before_env = {**home, "FOURFOLD_CACHE": str(scratch / "cache-before"),
                      "PYTHONPATH": str(source)}
        run([Scenario("warm-up (before)", before, before_env)], 1, args.results)
        scenarios.insert(1, Scenario(f"fourfold at {args.before} (compile cache warm)", before,
                                     before_env, collect=newest_run(before_runs)))
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
    # the steady epoch against the FLOP bound, round by round (the same load)
    fourfold_rounds = summary["scenarios"]["fourfold (JAX, compile cache warm)"]["collected"]
    bounds = summary["scenarios"]["GEMM probe (benchmarks/gemm.py)"]["collected"]
    ratios = [ran["steady_epoch_seconds"] / bound["epoch_bound_seconds"]
              for ran, bound in zip(fourfold_rounds, bounds)]
    summary["steady_epoch_to_flop_bound"] = {"median": statistics.median(ratios),
                                             "rounds": ratios}
    jax_textbook = summary["scenarios"]["textbook (Keras 3, JAX)"]["median_seconds"]
    for name, result in summary["scenarios"].items():
        result["ratio_to_textbook_jax"] = result["median_seconds"] / jax_textbook
    save(summary, args.results / "mnist.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
