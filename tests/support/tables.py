"""Tables for tests: scikit-learn's real ones as CSV files, and a SYNTHETIC customer table
with every kind of column (numbers with gaps, categories, a many-level code, a boolean,
an identifier)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def sklearn_table(name: str, folder: Path) -> Path:
    """``breast_cancer``, ``wine`` or ``diabetes`` from scikit-learn as ``folder/<name>.csv``;
    classes are written by name (``malignant``...), the target column is ``target``."""
    from sklearn import datasets

    bunch = getattr(datasets, f"load_{name}")(as_frame=True)
    frame = bunch.frame.copy()
    if hasattr(bunch, "target_names"):
        frame["target"] = np.asarray(bunch.target_names)[bunch.target]
    path = folder / f"{name}.csv"
    frame.to_csv(path, index=False)
    return path


def customers(count: int = 400, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC: churn (yes/no) depends on age, city and plan; ``shop`` has 30 levels
    (embedded); ``customer_id`` is an identifier; some ages and cities are missing."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(count)],
        "age": rng.integers(18, 80, count).astype(float),
        "city": rng.choice(["Seoul", "Busan", "Incheon", "Daegu"], count).astype(object),
        "plan": rng.choice(["basic", "pro"], count),
        "visits": rng.poisson(3, count),
        "shop": rng.choice([f"S{i:02d}" for i in range(30)], count),
    })
    frame.loc[rng.choice(count, count // 12, replace=False), "age"] = np.nan
    frame.loc[rng.choice(count, count // 40, replace=False), "city"] = None
    logit = ((frame["age"].fillna(45) - 45) / 8 + 2.0 * (frame["city"] == "Seoul")
             + 1.0 * (frame["plan"] == "pro") - 0.6)
    frame["churn"] = np.where(rng.random(count) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return frame
