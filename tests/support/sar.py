"""SYNTHETIC SAR-like rows in the format of the Kaggle iceberg competition's JSON.

NOT THE REAL DATA. The Statoil/C-CORE data cannot be redistributed, so tests
make their own rows in the same format (see shared/data/README.md). Nothing made
here may ever be presented as the competition's data or its results as results
on it: it only imitates the format and the broad look of Sentinel-1 image chips.

What is imitated, loosely:

- sea clutter in dB that darkens as the incidence angle grows (angles drawn
  from 30 to 46 degrees), HV (``band_2``) some 7 dB darker than HH
  (``band_1``), with a noise floor;
- multiplicative speckle: the mean intensity times a gamma-distributed factor
  (a few looks), then converted to dB;
- one bright target at a random position near the centre: compact and round
  for an iceberg; elongated at a random heading, with a brighter core, for a
  ship. Peak brightness overlaps between the classes, so the shape -- which a
  small CNN sees and a dense net on raw pixels hardly does, the target moving
  and turning from row to row -- is what separates them;
- about 47% icebergs (753 of 1,604 in the real train.json) and about 8.3%
  angles given as "na", nearly all on ships (the competition's known leak).

A row is a dict as in the JSON, except that ``band_1`` and ``band_2`` are
``float64`` numpy arrays of 5,625 values: :func:`write_sar_json` turns them into
JSON lists one row at a time, so a large file never exists as Python floats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

SIDE = 75
ICEBERG_SHARE = 753 / 1604
ANGLE_RANGE = (30.0, 46.0)
# Share of the "na" angles that fall on icebergs (in the real train.json: none).
NA_ICEBERG_SHARE = 0.03
LOOKS = 4.0
NOISE_FLOOR_DB = -33.0

_ROWS, _COLUMNS = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)


def make_sar_dataset(n_rows: int, *, seed: int, labelled: bool = True, na_fraction: float = 0.083,
                     decimals: int | None = 6) -> list[dict]:
    """Make ``n_rows`` synthetic rows in the competition's format (see the module docstring).

    Args:
        n_rows: how many rows.
        seed: seed of the random generator; the same seed gives the same rows.
        labelled: whether rows carry ``is_iceberg`` (``train.json``) or not
            (``test.json``). Defaults to `True`.
        na_fraction: share of rows whose ``inc_angle`` is ``"na"``. Defaults
            to `0.083`.
        decimals: values are rounded to this many decimals the way the real
            file's look (``rint(x * 1e6) * 1e-6``: most print short, some as
            ``-27.878360999999998``); `None` keeps full float64 values.
            Defaults to `6`.

    Returns:
        The rows, in random class order: ``id`` (8 hex digits, unique),
        ``band_1`` and ``band_2`` (``float64`` arrays of 5,625 dB values,
        row-major 75x75), ``inc_angle`` (float or ``"na"``) and, when
        ``labelled``, ``is_iceberg`` (0 or 1).
    """
    rng = np.random.default_rng(seed)
    labels = _labels(rng, n_rows)
    missing = _missing_angles(rng, labels, na_fraction)
    ids = _ids(rng, n_rows)
    rows = []
    for index in range(n_rows):
        angle = float(rng.uniform(*ANGLE_RANGE))
        band_1, band_2 = _scene(rng, bool(labels[index]), angle)
        row = {"id": ids[index], "band_1": _rounded(band_1, decimals),
               "band_2": _rounded(band_2, decimals),
               "inc_angle": "na" if missing[index] else _rounded_angle(angle, decimals)}
        if labelled:
            row["is_iceberg"] = int(labels[index])
        rows.append(row)
    return rows


def write_sar_json(path: str | Path, rows: Iterable[dict]) -> Path:
    """Write ``rows`` as one JSON array, as the competition's files are written.

    Numpy arrays become JSON lists (one row at a time); floats are written
    with Python's ``repr``, like the real file. Any other value is written as
    it is, so tests can plant bad rows.

    Args:
        path: the file to write (its folder is created).
        rows: rows from :func:`make_sar_dataset`, or anything JSON can hold;
            any iterable, consumed once (a generator keeps a big file lean).

    Returns:
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as file:
        file.write("[")
        for index, row in enumerate(rows):
            if index:
                file.write(", ")
            # dumps, not dump: only the one-shot encoder is the fast C one.
            file.write(json.dumps(row, default=_to_json))
        file.write("]")
    return path


def _to_json(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _labels(rng: np.random.Generator, n_rows: int) -> np.ndarray:
    icebergs = round(ICEBERG_SHARE * n_rows)
    labels = np.zeros(n_rows, dtype=np.int64)
    labels[:icebergs] = 1
    return rng.permutation(labels)


def _missing_angles(rng: np.random.Generator, labels: np.ndarray, na_fraction: float) -> np.ndarray:
    """Which rows say "na": ``na_fraction`` of all, nearly all of them ships."""
    count = round(na_fraction * len(labels))
    ships, icebergs = np.flatnonzero(labels == 0), np.flatnonzero(labels == 1)
    on_icebergs = min(round(NA_ICEBERG_SHARE * count), len(icebergs))
    on_ships = min(count - on_icebergs, len(ships))
    chosen = np.concatenate([rng.choice(ships, on_ships, replace=False),
                             rng.choice(icebergs, on_icebergs, replace=False)])
    missing = np.zeros(len(labels), dtype=bool)
    missing[chosen.astype(np.int64)] = True
    return missing


def _ids(rng: np.random.Generator, n_rows: int) -> list[str]:
    ids: dict[str, None] = {}
    while len(ids) < n_rows:
        ids.setdefault(f"{int(rng.integers(0, 2**32)):08x}")
    return list(ids)


def _scene(rng: np.random.Generator, is_iceberg: bool, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """HH and HV chips in dB, flattened: clutter, one target, speckle."""
    clutter_hh = -17.0 - 0.45 * (angle - ANGLE_RANGE[0]) + rng.normal(0.0, 1.0)
    # HV darkens less with the angle than HH.
    clutter_hv = clutter_hh - 7.5 + 0.3 * (angle - ANGLE_RANGE[0]) + rng.normal(0.0, 0.5)
    profile, peak_db = _iceberg(rng) if is_iceberg else _ship(rng)
    hv_drop = rng.uniform(2.0, 6.0)
    bands = []
    for clutter_db, target_db in ((clutter_hh, peak_db), (clutter_hv, peak_db - hv_drop)):
        clutter = 10.0 ** (clutter_db / 10.0)
        mean = clutter * (1.0 + (10.0 ** (target_db / 10.0) - 1.0) * profile)
        mean += 10.0 ** (NOISE_FLOOR_DB / 10.0)
        speckled = mean * rng.gamma(LOOKS, 1.0 / LOOKS, size=mean.shape)
        bands.append((10.0 * np.log10(speckled)).ravel())
    return bands[0], bands[1]


def _centre(rng: np.random.Generator) -> tuple[float, float]:
    middle = (SIDE - 1) / 2
    row, column = np.clip(rng.normal(middle, 4.0, size=2), middle - 12, middle + 12)
    return float(row), float(column)


def _iceberg(rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """A compact, round blob (slightly irregular), peak 9 to 16 dB above the sea."""
    row, column = _centre(rng)
    sigma = rng.uniform(1.3, 2.2)
    aspect = rng.uniform(1.0, 1.3)
    heading = rng.uniform(0.0, math.pi)
    along, across = _rotated(row, column, heading)
    profile = np.exp(-0.5 * ((along / (sigma * aspect)) ** 2 + (across / sigma) ** 2))
    return profile, float(rng.uniform(9.0, 16.0))


def _ship(rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """An elongated hull at a random heading with a brighter core, peak 9 to 16 dB."""
    row, column = _centre(rng)
    length, width = rng.uniform(4.0, 8.0), rng.uniform(1.0, 1.6)
    heading = rng.uniform(0.0, math.pi)
    along, across = _rotated(row, column, heading)
    hull = np.exp(-0.5 * ((along / length) ** 2 + (across / width) ** 2))
    core = np.exp(-0.5 * ((along / 1.2) ** 2 + (across / 0.9) ** 2))
    profile = 0.35 * hull + 0.65 * core
    return profile, float(rng.uniform(9.0, 16.0))


def _rotated(row: float, column: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets from (row, column) along and across a heading (radians)."""
    dy, dx = _ROWS - row, _COLUMNS - column
    cos, sin = math.cos(heading), math.sin(heading)
    return dx * cos + dy * sin, -dx * sin + dy * cos


def _rounded(values: np.ndarray, decimals: int | None) -> np.ndarray:
    if decimals is None:
        return values
    return np.rint(values * 10.0 ** decimals) * 10.0 ** -decimals


def _rounded_angle(angle: float, decimals: int | None) -> float:
    return angle if decimals is None else float(round(angle, 4))
