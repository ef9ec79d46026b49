"""Benchmark: iceberg recipes over several generated SAR-like sets, with the spread.

NOT THE REAL DATA. The competition's train.json cannot be redistributed, so
every set here is generated (tests/support/sar.py): variant ``k`` is the look
``SarVariant.drawn(k)`` -- speckle, target size and shape, angle distribution,
class balance, clutter level and brightness all drawn from wide ranges -- and
its rows come from seed ``1000 + k``; variant 0 (``--first 0``) is the tests'
own set, the default look with rows from seed 11
(tests/integration/test_iceberg.py). Each set is written as a data folder's
``iceberg/train.json`` and loaded by fourfold's own loader, so its test split is
the recipe's (a stratified 20%, seed 777).

On each set this runs the baseline -- scikit-learn's LogisticRegression on a
few per-band statistics (mean, std, min, max and the 50/90/99% quantiles of
band_1 and band_2, the imputed angle and its missing-value flag, standardized)
-- and each named recipe (``api.run`` in this process, ``--set`` overrides
applied to every recipe), and prints the test log loss per variant and the
mean ± std over variants. A recipe one would ship should beat the baseline on
average, not on one look.

    .venv/bin/python benchmarks/iceberg_sets.py [--variants 5] [--rows 1604]
        [--recipe iceberg] [--recipe iceberg-cnn --recipe-variants iceberg-cnn=2]
        [--set model.dropout=0.5] [--json benchmarks/results/iceberg_sets.json]
        [--cache /tmp/iceberg-sets]

The first line of output says which recipes, overrides and variants ran; the
table and, with ``--json``, every number (and each variant's knobs) follow.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.sar import (  # noqa: E402
    DEFAULT_VARIANT, SarVariant, make_sar_dataset, write_sar_json)

BASELINE = "per-band stats + logistic regression"
DATA_SEED_BASE = 1000
# Variant 0 is the tests' own set: the default look, rows from seed 11 (tests/integration).
TESTS_SEED = 11
QUANTILES = (0.5, 0.9, 0.99)


def band_statistics(bands: np.ndarray, angle: np.ndarray, angle_fill: float) -> np.ndarray:
    """The baseline's features: per band mean, std, min, max and quantiles; angle and its flag.

    Args:
        bands: ``(n, 75, 75, 2)`` dB values.
        angle: ``(n,)`` or ``(n, 1)`` incidence angles, NaN where missing.
        angle_fill: what a missing angle becomes (the training rows' median).

    Returns:
        ``float64`` of shape ``(n, 2 * (4 + len(QUANTILES)) + 2)``.
    """
    flat = bands.reshape(len(bands), -1, bands.shape[-1]).astype(np.float64)
    columns = [flat.mean(axis=1), flat.std(axis=1), flat.min(axis=1), flat.max(axis=1)]
    columns += list(np.quantile(flat, QUANTILES, axis=1))
    angle = np.asarray(angle, dtype=np.float64).reshape(-1)
    missing = np.isnan(angle)
    columns += [np.where(missing, angle_fill, angle)[:, None], missing[:, None].astype(np.float64)]
    return np.concatenate(columns, axis=1)


def baseline_log_loss(data) -> float:
    """Test log loss of the per-band-statistics logistic regression on a loaded set."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    fill = float(np.nanmedian(data.side_train))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    model.fit(band_statistics(data.x_train, data.side_train, fill), data.y_train)
    probabilities = model.predict_proba(band_statistics(data.x_test, data.side_test, fill))[:, 1]
    return float(log_loss(data.y_test, probabilities, labels=[0, 1]))


def make_set(variant_seed: int, rows: int, folder: Path):
    """Write variant ``variant_seed``'s train.json under ``folder`` (unless it is there
    already, from an earlier run with the same ``--cache``) and load it as fourfold does."""
    from fourfold.datasets import load_dataset

    variant = DEFAULT_VARIANT if variant_seed == 0 else SarVariant.drawn(variant_seed)
    data_seed = TESTS_SEED if variant_seed == 0 else DATA_SEED_BASE + variant_seed
    train = folder / "iceberg" / "train.json"
    if not train.exists():
        partial = write_sar_json(train.with_suffix(".partial"), make_sar_dataset(
            rows, seed=data_seed, variant=variant))
        partial.replace(train)
    return variant, load_dataset("iceberg", folder)


def run_recipe(name: str, overrides: list[str], data, folder: Path, out: Path) -> dict:
    """Train recipe ``name`` (with ``overrides``) on a loaded set; its test metrics and time."""
    from fourfold import api
    from fourfold.recipes import load_recipe

    started = time.perf_counter()
    result = api.run(load_recipe(name, overrides), data_dir=folder, out=out, data=data,
                     show_progress=False, build_report=False)
    test = result.metrics["test"]
    return {"log_loss": test["log_loss"], "roc_auc": test.get("roc_auc"),
            "accuracy": test.get("accuracy"), "seconds": time.perf_counter() - started}


def summarise(losses: list[float]) -> dict:
    return {"mean": statistics.fmean(losses),
            "std": statistics.stdev(losses) if len(losses) > 1 else 0.0, "n": len(losses)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=5, help="variants 1..N (default 5)")
    parser.add_argument("--first", type=int, default=1,
                        help="first variant seed (default 1; 0 is the tests' own set)")
    parser.add_argument("--rows", type=int, default=1604, help="rows per set (default 1604)")
    parser.add_argument("--recipe", action="append", default=[],
                        help="recipe to run on each set (repeatable; none: baseline only)")
    parser.add_argument("--recipe-variants", action="append", default=[], metavar="NAME=N",
                        help="run recipe NAME on the first N variants only (a slow CNN)")
    parser.add_argument("--set", action="append", default=[], dest="overrides",
                        metavar="KEY=VALUE", help="recipe override, applied to every recipe")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--cache", type=Path,
                        help="keep the generated sets in this folder and reuse them")
    args = parser.parse_args(argv)
    limits = {name: int(count) for name, _, count in
              (item.partition("=") for item in args.recipe_variants)}
    seeds = list(range(args.first, args.first + args.variants))
    print(json.dumps({"recipes": args.recipe, "overrides": args.overrides, "variants": seeds,
                      "rows": args.rows, "limits": limits}), flush=True)
    per_variant = []
    with tempfile.TemporaryDirectory(prefix="iceberg-sets-") as temporary:
        for position, seed in enumerate(seeds):
            folder = (args.cache or Path(temporary)) / f"variant-{seed}-rows-{args.rows}"
            variant, data = make_set(seed, args.rows, folder)
            entry = {"variant": seed, "knobs": variant.to_dict(), "test_rows": len(data.y_test),
                     "prior": _prior_log_loss(data), BASELINE: baseline_log_loss(data)}
            for name in args.recipe:
                if position < limits.get(name, len(seeds)):
                    entry[name] = run_recipe(name, args.overrides, data, folder,
                                             Path(temporary) / "runs")
            per_variant.append(entry)
            print(_line(entry, args.recipe), flush=True)
    summary = {BASELINE: summarise([entry[BASELINE] for entry in per_variant]),
               "prior": summarise([entry["prior"] for entry in per_variant])}
    for name in args.recipe:
        losses = [entry[name]["log_loss"] for entry in per_variant if name in entry]
        summary[name] = summarise(losses)
        # The baseline on the same variants, for a like-for-like comparison.
        summary[f"{BASELINE} (same variants as {name})"] = summarise(
            [entry[BASELINE] for entry in per_variant if name in entry])
    for name, numbers in summary.items():
        print(f"{name}: {numbers['mean']:.3f} ± {numbers['std']:.3f} (n={numbers['n']})")
    record = {"command": " ".join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])]),
              "recipes": args.recipe, "overrides": args.overrides, "rows": args.rows,
              "summary": summary, "per_variant": per_variant, "machine": _machine(),
              "loadavg": _loadavg()}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return record


def _prior_log_loss(data) -> float:
    """Log loss of the training rows' iceberg share, predicted for every test row."""
    share = float(np.mean(data.y_train))
    y = np.asarray(data.y_test, dtype=np.float64)
    return float(-np.mean(y * np.log(share) + (1 - y) * np.log(1 - share)))


def _line(entry: dict, recipes: list[str]) -> str:
    parts = [f"variant {entry['variant']}", f"prior {entry['prior']:.3f}",
             f"baseline {entry[BASELINE]:.3f}"]
    parts += [f"{name} {entry[name]['log_loss']:.3f} ({entry[name]['seconds']:.0f} s)"
              for name in recipes if name in entry]
    return " | ".join(parts)


def _machine() -> dict:
    from importlib.metadata import version

    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "versions": {name: version(name) for name in ("keras", "jax", "scikit-learn", "numpy")}}


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text(encoding="utf-8").strip()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
