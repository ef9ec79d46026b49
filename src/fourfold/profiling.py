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
        "view": "arrays",
        "source": data.source,
        "input_kind": data.input_kind,
        "train_shape": list(data.x_train.shape),
        "test_shape": list(data.x_test.shape),
        "dtype": str(_dtype(data.x_train)),
        "values": _value_ranges(data),
        "missing_values": int(_missing(data.x_train) + _missing(data.x_test)),
        "suggested_scaler": _suggest_scaler(data),
        "duplicates_train_test": _shared_rows(data.x_train, data.x_test),
        "notes": list(data.notes),
    }
    if data.y_train is not None and np.asarray(data.y_train).ndim == 1 and data.class_names:
        result["class_balance"] = _class_balance(data)
    if data.y_train is not None and np.asarray(data.y_train).ndim == 2 and data.class_names:
        result["label_balance"] = _label_balance(data)
    return result


#: Rows read at a time from image sets (photos are decoded into a uint8 cache, never
#: converted to float all at once).
CHUNK_ROWS = 512


def _dtype(x) -> np.dtype:
    return x.dtype if hasattr(x, "dtype") else np.asarray(x).dtype


def _chunks(x):
    """``x`` in blocks of rows, each a NumPy array with one row per line."""
    for start in range(0, len(x), CHUNK_ROWS):
        block = np.asarray(x[start:start + CHUNK_ROWS])
        yield block.reshape(len(block), -1)


def _value_ranges(data: LoadedData) -> list[dict]:
    if not data.feature_names:  # one range over all values, accumulated block by block
        low, high, total, squares, count = np.inf, -np.inf, 0.0, 0.0, 0
        for block in _chunks(data.x_train):
            block = block.astype(np.float64)
            low, high = min(low, float(block.min())), max(high, float(block.max()))
            total, squares, count = total + block.sum(), squares + (block ** 2).sum(), count + block.size
        mean = total / count
        return [{"feature": "all values", "min": low, "max": high, "mean": float(mean),
                 "std": float(np.sqrt(max(squares / count - mean ** 2, 0.0)))}]
    rows = np.asarray(data.x_train).reshape(len(data.x_train), -1).astype(np.float64)
    return [
        {"feature": name, "min": float(np.nanmin(column)), "max": float(np.nanmax(column)),
         "mean": float(np.nanmean(column)), "std": float(np.nanstd(column))}
        for name, column in zip(data.feature_names, rows.T)
    ]


def _missing(x: np.ndarray) -> int:
    if not np.issubdtype(_dtype(x), np.floating):
        return 0
    return int(sum(np.isnan(block).sum() for block in _chunks(x)))


def _suggest_scaler(data: LoadedData) -> dict:
    if _dtype(data.x_train) == np.uint8:  # 8-bit pictures, whichever kind holds them
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
    return [hashlib.blake2b(np.ascontiguousarray(row).tobytes(), digest_size=16).digest()
            for block in _chunks(x) for row in block]


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


def _label_balance(data: LoadedData) -> dict:
    """Multi-label: how many rows carry each label, and how often two labels occur together
    in the training rows (the diagonal: each label's own count)."""
    train = np.asarray(data.y_train, dtype=np.int64)
    test = np.asarray(data.y_test, dtype=np.int64) if data.y_test is not None else train[:0]
    co_occurrence = train.T @ train
    return {
        "labels": [{"label": name, "train": int(a), "test": int(b)}
                   for name, a, b in zip(data.class_names, train.sum(axis=0), test.sum(axis=0))],
        "labels_per_row": float(train.sum(axis=1).mean()),
        "co_occurrence": co_occurrence.tolist(),
    }
