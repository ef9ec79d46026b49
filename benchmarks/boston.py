"""Benchmark: `fourfold run boston` + `fourfold run boston --kfold 3 --jobs 2` against the
textbook's Boston code (holdout then 3-fold, one process) on tf.keras.

    python benchmarks/boston.py --data DIR [--repetitions 3]
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from harness import ROOT, Scenario, arguments, run, save, versions


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "boston/")
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-bench-"))
    env = {"FOURFOLD_HOME": str(scratch / "home"), "FOURFOLD_CACHE": str(scratch / "cache")}
    fourfold = [args.fourfold_python, "-m", "fourfold", "run", "boston", "--quiet",
                "--data-dir", str(args.data), "--out", str(scratch / "runs")]
    textbook = [args.bench_python, str(ROOT / "benchmarks/textbook/boston_textbook.py"),
                str(args.data)]
    run([Scenario("warm-up holdout", fourfold, env),
         Scenario("warm-up 3-fold", [*fourfold, "--kfold", "3", "--jobs", "2"], env)], 1,
        args.results)
    scenarios = [
        Scenario("fourfold holdout", fourfold, env),
        Scenario("fourfold 3-fold, --jobs 2", [*fourfold, "--kfold", "3", "--jobs", "2"], env),
        Scenario("fourfold 3-fold, --jobs 1", [*fourfold, "--kfold", "3"], env),
        Scenario("textbook holdout + 3-fold (tf.keras, TensorFlow)", textbook,
                 {"KERAS_BACKEND": "tensorflow"}),
        Scenario("textbook holdout + 3-fold (Keras 3, JAX)", textbook, {"KERAS_BACKEND": "jax"}),
    ]
    summary = run(scenarios, args.repetitions, args.results)
    summary["versions"] = {
        "fourfold env": versions(args.fourfold_python, ["keras", "jax", "numpy", "scikit-learn"]),
        "bench env": versions(args.bench_python, ["keras", "tensorflow-cpu", "tensorflow", "jax"]),
    }
    results = summary["scenarios"]
    baseline = results["textbook holdout + 3-fold (tf.keras, TensorFlow)"]["median_seconds"]
    fourfold_total = (results["fourfold holdout"]["median_seconds"]
                      + results["fourfold 3-fold, --jobs 2"]["median_seconds"])
    summary["fourfold holdout + 3-fold (two processes), median sum"] = fourfold_total
    summary["ratio_to_textbook_tf"] = fourfold_total / baseline
    maes = {"holdout": [], "kfold": []}
    for path in (scratch / "runs").glob("*/metrics.json"):
        metrics = json.loads(path.read_text())
        maes["kfold" if "kfold" in metrics else "holdout"].append(metrics["headline"]["value"])
    summary["fourfold_test_mae"] = {key: [min(v), max(v)] for key, v in maes.items() if v}
    save(summary, args.results / "boston.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
