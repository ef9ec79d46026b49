"""A data profile before training: what `fourfold inspect` shows."""

from __future__ import annotations

import hashlib

import numpy as np

from fourfold.datasets import LoadedData


def profile(data: LoadedData) -> dict:
    """Shapes, value ranges, the scaling that fits, class balance, missing values and
    exact duplicates shared between the training and test parts.

    Returns:
        A JSON-ready dict.
    """
    result = {
        "source": data.source,
        "input_kind": data.input_kind,
        "train_shape": list(data.x_train.shape),
        "test_shape": list(data.x_test.shape),
        "dtype": str(data.x_train.dtype),
        "values": _value_ranges(data),
        "missing_values": int(_missing(data.x_train) + _missing(data.x_test)),
        "suggested_scaler": _suggest_scaler(data),
        "duplicates_train_test": _shared_rows(data.x_train, data.x_test),
        "notes": list(data.notes),
    }
    if data.y_train is not None and np.asarray(data.y_train).ndim == 1 and data.class_names:
        result["class_balance"] = _class_balance(data)
    return result


def _value_ranges(data: LoadedData) -> list[dict]:
    rows = np.asarray(data.x_train).reshape(len(data.x_train), -1).astype(np.float64)
    if data.feature_names:
        return [
            {"feature": name, "min": float(np.nanmin(column)), "max": float(np.nanmax(column)),
             "mean": float(np.nanmean(column)), "std": float(np.nanstd(column))}
            for name, column in zip(data.feature_names, rows.T)
        ]
    return [{"feature": "all values", "min": float(rows.min()), "max": float(rows.max()),
             "mean": float(rows.mean()), "std": float(rows.std())}]


def _missing(x: np.ndarray) -> int:
    x = np.asarray(x)
    return int(np.isnan(x).sum()) if np.issubdtype(x.dtype, np.floating) else 0


def _suggest_scaler(data: LoadedData) -> dict:
    if data.input_kind == "image" and np.asarray(data.x_train).dtype == np.uint8:
        return {"scaler": "pixels", "why": "8-bit pixels in 0..255: divide by 255 to get 0..1."}
    ranges = _value_ranges(data)
    spreads = [entry["max"] - entry["min"] for entry in ranges]
    if len(spreads) > 1 and max(spreads) > 10 * max(min(spreads), 1e-12):
        return {"scaler": "standard",
                "why": "features span very different ranges; standardize each with the "
                       "training rows' mean and standard deviation."}
    return {"scaler": "none", "why": "values already share a similar, small range."}


def _row_hashes(x: np.ndarray) -> list[bytes]:
    """One digest per row of ``x``: equal rows, equal digests."""
    rows = np.ascontiguousarray(np.asarray(x).reshape(len(x), -1))
    return [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in rows]


def _shared_rows(train: np.ndarray, test: np.ndarray) -> int:
    """How many test rows are exact copies of some training row."""
    train_hashes = set(_row_hashes(train))
    return sum(digest in train_hashes for digest in _row_hashes(test))


def _class_balance(data: LoadedData) -> dict:
    k = len(data.class_names)
    train = np.bincount(np.asarray(data.y_train, dtype=np.int64), minlength=k)
    test = (np.bincount(np.asarray(data.y_test, dtype=np.int64), minlength=k)
            if data.y_test is not None else np.zeros(k, dtype=np.int64))
    return {
        "classes": [{"class": name, "train": int(a), "test": int(b)}
                    for name, a, b in zip(data.class_names, train, test)],
        "imbalance_ratio": float(train.max() / max(train.min(), 1)),
    }
