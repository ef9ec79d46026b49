"""SYNTHETIC SAR-like rows in the format of the Kaggle iceberg competition's JSON.

NOT THE REAL DATA. The Statoil/C-CORE data cannot be redistributed, so tests
make their own rows in the same format (see shared/data/README.md). Nothing made
here may ever be presented as the competition's data or its results as results
on it: it only imitates the format and the broad look of Sentinel-1 image chips.

What is imitated, loosely (the numbers are those of :data:`DEFAULT_VARIANT`,
the look every existing test uses):

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

One generator is one look, and a recipe tuned on it can overfit that look. A
:class:`SarVariant` holds the generator's knobs -- speckle (number of looks),
target size, shape and position, the angle distribution, class balance,
clutter level, target brightness per class and band -- and
:meth:`SarVariant.drawn` draws a whole family of looks from a seed, so that a
recipe can be judged over several generated sets (benchmarks/iceberg_sets.py).
This module stays the one generator: tests and benchmarks both import it
(benchmarks/ already does, for the parse benchmark).

A row is a dict as in the JSON, except that ``band_1`` and ``band_2`` are
``float64`` numpy arrays of 5,625 values: :func:`write_sar_json` turns them into
JSON lists one row at a time, so a large file never exists as Python floats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

SIDE = 75
ICEBERG_SHARE = 753 / 1604
ANGLE_RANGE = (30.0, 46.0)
# Share of the "na" angles that fall on icebergs (in the real train.json: none).
NA_ICEBERG_SHARE = 0.03
LOOKS = 4.0
NOISE_FLOOR_DB = -33.0
# Sea clutter is given at this angle; it darkens (HH faster than HV) beyond it.
REFERENCE_ANGLE = 30.0

_ROWS, _COLUMNS = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)


@dataclass(frozen=True)
class SarVariant:
    """One look of the generator: the knobs a family of SAR-like sets varies.

    The defaults are the look the tests were written against
    (:data:`DEFAULT_VARIANT`); :meth:`drawn` draws other looks from a seed.

    Args:
        looks: number of looks of the gamma speckle (fewer: grainier chips).
            Defaults to `4.0`.
        iceberg_share: share of icebergs among the rows. Defaults to
            `753 / 1604`.
        angle_range: incidence angles are drawn in this range (degrees).
            Defaults to `(30.0, 46.0)`.
        angle_concentration: ``a`` of a symmetric Beta(a, a) over
            ``angle_range``: 1 is uniform, larger piles the angles in the
            middle. Defaults to `1.0`.
        clutter_db: mean HH sea clutter at 30 degrees (dB). Defaults to
            `-17.0`.
        clutter_jitter_db: standard deviation of a chip's clutter level around
            that mean (dB). Defaults to `1.0`.
        target_scale: factor on every target's size (iceberg radius, ship
            length and width). Defaults to `1.0`.
        ship_elongation: further factor on a ship's length. Defaults to `1.0`.
        centre_spread: standard deviation (pixels) of a target's position
            around the chip's centre, clipped at three of it. Defaults to `4.0`.
        iceberg_peak_db: range of an iceberg's HH peak above the sea (dB).
            Defaults to `(9.0, 16.0)`.
        ship_peak_db: the same for ships. Defaults to `(9.0, 16.0)`.
        iceberg_hv_drop_db: how much darker an iceberg's HV peak is than its
            HH peak (dB, a range). Defaults to `(2.0, 6.0)`.
        ship_hv_drop_db: the same for ships. Defaults to `(2.0, 6.0)`.
    """

    looks: float = LOOKS
    iceberg_share: float = ICEBERG_SHARE
    angle_range: tuple[float, float] = ANGLE_RANGE
    angle_concentration: float = 1.0
    clutter_db: float = -17.0
    clutter_jitter_db: float = 1.0
    target_scale: float = 1.0
    ship_elongation: float = 1.0
    centre_spread: float = 4.0
    iceberg_peak_db: tuple[float, float] = (9.0, 16.0)
    ship_peak_db: tuple[float, float] = (9.0, 16.0)
    iceberg_hv_drop_db: tuple[float, float] = (2.0, 6.0)
    ship_hv_drop_db: tuple[float, float] = (2.0, 6.0)

    @classmethod
    def drawn(cls, seed: int) -> "SarVariant":
        """A look drawn from ``seed``: every knob from a range around the default.

        The ranges are wide on purpose (1.5 to 10 looks, targets 0.6 to 1.8
        times the default size, 30% to 65% icebergs, clutter from -22 to
        -12 dB, ships from 2 dB dimmer to 4 dB brighter than icebergs, ...):
        a recipe chosen over several draws should not depend on one look.

        Args:
            seed: the same seed gives the same variant; it is independent of
                the seed of the rows (:func:`make_sar_dataset`).

        Returns:
            The :class:`SarVariant`.
        """
        rng = np.random.default_rng([seed, 0x5A2])
        low_angle = rng.uniform(26.0, 36.0)
        iceberg_low = rng.uniform(6.0, 12.0)
        ship_low = iceberg_low + rng.uniform(-2.0, 4.0)
        iceberg_drop, ship_drop = rng.uniform(1.0, 4.0, size=2)
        return cls(
            looks=_round(math.exp(rng.uniform(math.log(1.5), math.log(10.0)))),
            iceberg_share=_round(rng.uniform(0.30, 0.65)),
            angle_range=(_round(low_angle), _round(low_angle + rng.uniform(6.0, 18.0))),
            angle_concentration=_round(rng.uniform(1.0, 4.0)),
            clutter_db=_round(rng.uniform(-22.0, -12.0)),
            clutter_jitter_db=_round(rng.uniform(0.5, 2.5)),
            target_scale=_round(rng.uniform(0.6, 1.8)),
            ship_elongation=_round(rng.uniform(0.7, 1.5)),
            centre_spread=_round(rng.uniform(2.0, 9.0)),
            iceberg_peak_db=(_round(iceberg_low), _round(iceberg_low + rng.uniform(5.0, 9.0))),
            ship_peak_db=(_round(ship_low), _round(ship_low + rng.uniform(5.0, 9.0))),
            iceberg_hv_drop_db=(_round(iceberg_drop), _round(iceberg_drop + rng.uniform(2.0, 5.0))),
            ship_hv_drop_db=(_round(ship_drop), _round(ship_drop + rng.uniform(2.0, 5.0))),
        )

    def to_dict(self) -> dict:
        """The knobs as plain JSON values."""
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in asdict(self).items()}


#: The look every existing test uses (its rows are unchanged by the variants' arrival).
DEFAULT_VARIANT = SarVariant()


def make_sar_dataset(n_rows: int, *, seed: int, labelled: bool = True, na_fraction: float = 0.083,
                     decimals: int | None = 6, variant: SarVariant | None = None) -> list[dict]:
    """Make ``n_rows`` synthetic rows in the competition's format (see the module docstring).

    Args:
        n_rows: how many rows.
        seed: seed of the random generator; the same seed (and variant) gives
            the same rows.
        labelled: whether rows carry ``is_iceberg`` (``train.json``) or not
            (``test.json``). Defaults to `True`.
        na_fraction: share of rows whose ``inc_angle`` is ``"na"``. Defaults
            to `0.083`.
        decimals: values are rounded to this many decimals the way the real
            file's look (``rint(x * 1e6) * 1e-6``: most print short, some as
            ``-27.878360999999998``); `None` keeps full float64 values.
            Defaults to `6`.
        variant: the generator's look (:meth:`SarVariant.drawn`). Defaults to
            `None`: :data:`DEFAULT_VARIANT`.

    Returns:
        The rows, in random class order: ``id`` (8 hex digits, unique),
        ``band_1`` and ``band_2`` (``float64`` arrays of 5,625 dB values,
        row-major 75x75), ``inc_angle`` (float or ``"na"``) and, when
        ``labelled``, ``is_iceberg`` (0 or 1).

    Example:
        >>> rows = make_sar_dataset(4, seed=1, variant=SarVariant.drawn(3))
        >>> rows[0]["band_1"].shape
        (5625,)
    """
    look = DEFAULT_VARIANT if variant is None else variant
    rng = np.random.default_rng(seed)
    labels = _labels(rng, n_rows, look.iceberg_share)
    missing = _missing_angles(rng, labels, na_fraction)
    ids = _ids(rng, n_rows)
    rows = []
    for index in range(n_rows):
        angle = _angle(rng, look)
        band_1, band_2 = _scene(rng, bool(labels[index]), angle, look)
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


def _labels(rng: np.random.Generator, n_rows: int, share: float) -> np.ndarray:
    icebergs = round(share * n_rows)
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


def _angle(rng: np.random.Generator, look: SarVariant) -> float:
    low, high = look.angle_range
    if look.angle_concentration == 1.0:
        return float(rng.uniform(low, high))
    concentration = look.angle_concentration
    return float(low + (high - low) * rng.beta(concentration, concentration))


def _scene(rng: np.random.Generator, is_iceberg: bool, angle: float,
           look: SarVariant) -> tuple[np.ndarray, np.ndarray]:
    """HH and HV chips in dB, flattened: clutter, one target, speckle."""
    beyond = angle - REFERENCE_ANGLE
    clutter_hh = look.clutter_db - 0.45 * beyond + rng.normal(0.0, look.clutter_jitter_db)
    # HV darkens less with the angle than HH.
    clutter_hv = clutter_hh - 7.5 + 0.3 * beyond + rng.normal(0.0, 0.5 * look.clutter_jitter_db)
    profile, peak_db = _iceberg(rng, look) if is_iceberg else _ship(rng, look)
    hv_drop = rng.uniform(*(look.iceberg_hv_drop_db if is_iceberg else look.ship_hv_drop_db))
    bands = []
    for clutter_db, target_db in ((clutter_hh, peak_db), (clutter_hv, peak_db - hv_drop)):
        clutter = 10.0 ** (clutter_db / 10.0)
        mean = clutter * (1.0 + (10.0 ** (target_db / 10.0) - 1.0) * profile)
        mean += 10.0 ** (NOISE_FLOOR_DB / 10.0)
        speckled = mean * rng.gamma(look.looks, 1.0 / look.looks, size=mean.shape)
        bands.append((10.0 * np.log10(speckled)).ravel())
    return bands[0], bands[1]


def _centre(rng: np.random.Generator, spread: float) -> tuple[float, float]:
    middle = (SIDE - 1) / 2
    reach = min(3.0 * spread, middle - 10.0)
    row, column = np.clip(rng.normal(middle, spread, size=2), middle - reach, middle + reach)
    return float(row), float(column)


def _iceberg(rng: np.random.Generator, look: SarVariant) -> tuple[np.ndarray, float]:
    """A compact, round blob (slightly irregular), its peak in ``look.iceberg_peak_db``."""
    row, column = _centre(rng, look.centre_spread)
    sigma = rng.uniform(1.3, 2.2) * look.target_scale
    aspect = rng.uniform(1.0, 1.3)
    heading = rng.uniform(0.0, math.pi)
    along, across = _rotated(row, column, heading)
    profile = np.exp(-0.5 * ((along / (sigma * aspect)) ** 2 + (across / sigma) ** 2))
    return profile, float(rng.uniform(*look.iceberg_peak_db))


def _ship(rng: np.random.Generator, look: SarVariant) -> tuple[np.ndarray, float]:
    """An elongated hull at a random heading with a brighter core, its peak in
    ``look.ship_peak_db``."""
    row, column = _centre(rng, look.centre_spread)
    length = rng.uniform(4.0, 8.0) * look.target_scale * look.ship_elongation
    width = rng.uniform(1.0, 1.6) * look.target_scale
    heading = rng.uniform(0.0, math.pi)
    along, across = _rotated(row, column, heading)
    hull = np.exp(-0.5 * ((along / length) ** 2 + (across / width) ** 2))
    core = np.exp(-0.5 * ((along / (1.2 * look.target_scale)) ** 2
                          + (across / (0.9 * look.target_scale)) ** 2))
    profile = 0.35 * hull + 0.65 * core
    return profile, float(rng.uniform(*look.ship_peak_db))


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


def _round(value: float) -> float:
    return round(float(value), 3)
