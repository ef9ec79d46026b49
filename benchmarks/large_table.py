"""Benchmark: `fourfold run big.csv --target y` on a generated 1,000,000-row x 50-column
table (42 numeric columns with gaps, 5 small and 2 large categorical ones, a boolean), in
bounded memory: peak RSS of the whole process against the 2 GB budget.

    python benchmarks/large_table.py [--rows 1000000] [--epochs 2] [--repetitions 1]

The table is SYNTHETIC (a logistic model of a few columns), written once to a scratch
folder as gzip-free CSV (about 0.5 GB).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from harness import ROOT, Scenario, run, save, versions

BLOCK = 100_000


def write_table(path: Path, rows: int, seed: int = 0) -> None:
    """Write the table block by block (never all in memory here either)."""
    rng = np.random.default_rng(seed)
    small = {f"cat_{i}": [f"level_{j}" for j in range(4 + i)] for i in range(5)}
    large = {f"code_{i}": [f"K{j:04d}" for j in range(300 * (i + 1))] for i in range(2)}
    for start in range(0, rows, BLOCK):
        count = min(BLOCK, rows - start)
        numbers = rng.normal(size=(count, 42))
        numbers[rng.random((count, 42)) < 0.02] = np.nan
        frame = pd.DataFrame(numbers, columns=[f"x{i:02d}" for i in range(42)]).round(5)
        for name, levels in {**small, **large}.items():
            frame[name] = rng.choice(levels, count)
        frame["flag"] = rng.choice(["yes", "no"], count)
        logit = (np.nan_to_num(numbers[:, 0]) - 0.5 * np.nan_to_num(numbers[:, 1])
                 + (frame["cat_0"] == "level_1") - 0.8 * (frame["flag"] == "yes"))
        frame["y"] = (rng.random(count) < 1 / (1 + np.exp(-logit))).astype(int)
        frame.to_csv(path, mode="w" if start == 0 else "a", header=start == 0, index=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=1)
    parser.add_argument("--fourfold-python", default=str(ROOT / ".venv/bin/python"))
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="fourfold-bench-"))
    table = scratch / "big.csv"
    write_table(table, args.rows)
    env = {"FOURFOLD_HOME": str(scratch / "home"), "FOURFOLD_CACHE": str(scratch / "cache")}
    argv = [args.fourfold_python, "-m", "fourfold", "run", str(table), "--target", "y",
            "--epochs", str(args.epochs), "--quiet", "--out", str(scratch / "runs")]
    summary = run([Scenario(f"fourfold run ({args.rows:,} rows x 50 columns, {args.epochs} "
                            f"epochs)", argv, env)], args.repetitions, args.results)
    summary["table_mib"] = round(table.stat().st_size / 2**20, 1)
    summary["versions"] = versions(args.fourfold_python, ["keras", "jax", "numpy", "pandas"])
    metrics = json.loads(next((scratch / "runs").glob("*/metrics.json")).read_text())
    summary["test"] = {key: metrics["test"][key] for key in ("accuracy", "roc_auc", "log_loss")}
    summary["timings"] = metrics["timings"]
    save(summary, args.results / "large_table.json")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
