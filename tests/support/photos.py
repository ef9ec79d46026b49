"""SYNTHETIC photo sets in the apparel data set's layout, for tests.

Each photo is a small JPEG of a plain background with one coloured shape: its
colour (black, blue, red) and its shape (a tall bar = "dress", a wide bar =
"pants") are the labels, one of each per photo, as in the apparel set. The CSVs
look like the published ones: an ``image`` column of Windows-style relative
paths (``./clothes_dataset\\red_dress\\0007.jpg``), then the 0/1 label columns.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

COLOURS = {"black": (20, 20, 20), "blue": (30, 60, 200), "red": (200, 30, 30)}
TYPES = ("dress", "pants")
LABELS = [*COLOURS, *TYPES]
GROUPS = {"colour": list(COLOURS), "type": list(TYPES)}
#: The columns of the published CSVs: all of apparel's labels (the unused ones stay 0).
APPAREL_COLUMNS = ["black", "blue", "brown", "green", "red", "white",
                   "dress", "shirt", "pants", "shorts", "shoes"]


def draw(colour: str, kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """One photo: light noisy background, a centred bar of the colour (give or take a
    pixel), tall or wide, as a product photo."""
    image = rng.integers(200, 256, size=(size, size, 3)).astype(np.uint8)
    long, short = int(size * 0.7), int(size * 0.3)
    top = (size - long) // 2 + rng.integers(-1, 2)
    left = (size - short) // 2 + rng.integers(-1, 2)
    rows, cols = (slice(top, top + long), slice(left, left + short)) if kind == "dress" else \
        (slice(left, left + short), slice(top, top + long))
    image[rows, cols] = COLOURS[colour]
    return image


def make_photo_set(root: Path, *, counts=(48, 16, 24), size: int = 24, seed: int = 0,
                   folder: str = "apparel") -> Path:
    """Write train/val/test CSVs and JPEGs under ``root/folder`` in the apparel layout.

    Returns:
        ``root`` (a data folder: ``root/apparel/csv_data/colorinfo/*.csv``).
    """
    from PIL import Image

    rng = np.random.default_rng(seed)
    base = root / folder
    csv_folder = base / "csv_data" / "colorinfo"
    csv_folder.mkdir(parents=True, exist_ok=True)
    number = 0
    for part, count in zip(("train", "val", "test"), counts):
        lines = ["image," + ",".join(APPAREL_COLUMNS) + ",color"]
        for _ in range(count):
            colour = list(COLOURS)[rng.integers(len(COLOURS))]
            kind = TYPES[rng.integers(len(TYPES))]
            target = base / "clothes_dataset" / f"{colour}_{kind}"
            target.mkdir(parents=True, exist_ok=True)
            name = f"{number:04d}.jpg"
            Image.fromarray(draw(colour, kind, size, rng)).save(target / name, quality=92)
            labels = [int(label in (colour, kind)) for label in APPAREL_COLUMNS]
            lines.append(f".\\clothes_dataset\\{colour}_{kind}\\{name}," +
                         ",".join(map(str, labels)) + f",{list(COLOURS).index(colour)}")
            number += 1
        (csv_folder / f"{part}_color.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def recipe_for(data_dir: Path, tmp_path: Path, *, epochs: int = 3, extra: str = "") -> Path:
    """A recipe file for a photo set made by :func:`make_photo_set`, as users write one."""
    csv = data_dir / "apparel" / "csv_data" / "colorinfo"
    path = tmp_path / "photos.yaml"
    path.write_text(f"""\
name: photos
task: multilabel
dataset:
  name: photos
  images:
    train: {csv / 'train_color.csv'}
    validation: {csv / 'val_color.csv'}
    test: {csv / 'test_color.csv'}
    root: {data_dir / 'apparel'}
    image_column: image
    label_columns: {LABELS}
  image_size: [16, 16]
split:
  method: published
model:
  hidden_units: [32]
training:
  epochs: {epochs}
  batch_size: 8
  learning_rate: 0.003
evaluation:
  decoding: groups
  label_groups: {GROUPS}
{extra}""", encoding="utf-8")
    return path
