"""Photos listed in CSVs (the apparel layout) on a small synthetic set: paths, labels,
bad rows, and the uint8 decode cache in memory and on disk."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from fourfold.datasets import load_dataset
from fourfold.datasets.images import ImageFormat, cache_file, decode_image, resolve_image_path
from fourfold.errors import DataError
from fourfold.recipes.schema import DatasetConfig
from tests.support.photos import GROUPS, LABELS, make_photo_set

CSV = Path("apparel/csv_data/colorinfo")


@pytest.fixture
def photos(tmp_path):
    return make_photo_set(tmp_path / "data", counts=(12, 5, 7), size=20)


def _config(**options) -> DatasetConfig:
    return DatasetConfig(name="photos", images={
        "train": "train_color.csv", "validation": "val_color.csv", "test": "test_color.csv",
        "label_columns": LABELS}, **options)


def _load(data_dir: Path, **options):
    """The synthetic set as a user's own photos (paths relative to apparel/)."""
    config = _config(image_size=(10, 10), **options)
    images = config.images.model_copy(update={
        name: str(data_dir / CSV / getattr(config.images, name))
        for name in ("train", "validation", "test")} | {"root": str(data_dir / "apparel")})
    return load_dataset(config.model_copy(update={"images": images}))


def _rewrite(data_dir: Path, part: str, row: int, value: str) -> None:
    """Replace the image path of data row ``row`` (1-based) of a CSV."""
    path = data_dir / CSV / f"{part}_color.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[row].split(",")
    cells[0] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_windows_paths_load_with_the_published_split(photos):
    data = _load(photos)
    assert data.x_train.shape == (17, 10, 10, 3) and data.x_test.shape == (7, 10, 10, 3)
    assert data.x_train[:].dtype == np.uint8 and data.y_train.shape == (17, 5)
    np.testing.assert_array_equal(data.validation_rows, np.arange(12, 17))
    assert (data.y_train.sum(axis=1) == 2).all() and data.class_names == LABELS
    assert data.input_kind == "image"


def test_decoded_pixels_match_decoding_each_file(photos):
    data = _load(photos)
    first = photos / "apparel" / data.x_train.names[0]
    np.testing.assert_array_equal(data.x_train[0], decode_image(first, ImageFormat(10, 10)))


def test_forward_slashes_and_backslashes_name_the_same_file(tmp_path):
    root = tmp_path / "apparel"
    assert (resolve_image_path("./clothes_dataset\\red_dress\\a.jpg", root)
            == resolve_image_path("clothes_dataset/red_dress/a.jpg", root)
            == root / "clothes_dataset" / "red_dress" / "a.jpg")


@pytest.mark.parametrize("value", ["../secret.jpg", "./a\\..\\..\\b.jpg", "/etc/passwd", ""])
def test_paths_that_leave_the_data_folder_are_refused(tmp_path, value):
    assert resolve_image_path(value, tmp_path / "apparel") is None


def test_a_path_leaving_the_folder_stops_the_load_naming_row_and_file(photos):
    _rewrite(photos, "train", 3, "..\\..\\outside.jpg")
    with pytest.raises(DataError) as caught:
        _load(photos)
    message = str(caught.value)
    assert f"{photos / CSV / 'train_color.csv'}, row 3 (line 4)" in message
    assert "'..\\\\..\\\\outside.jpg' leaves the data folder" in message
    assert "dataset.skip_bad_rows" in message and caught.value.exit_code == 3


def test_a_missing_file_is_named_with_its_row(photos):
    _rewrite(photos, "test", 2, ".\\clothes_dataset\\red_dress\\nope.jpg")
    with pytest.raises(DataError, match=re.escape(
            f"test_color.csv, row 2 (line 3): "
            f"{photos / 'apparel' / 'clothes_dataset' / 'red_dress' / 'nope.jpg'} does not exist")):
        _load(photos)


def test_an_undecodable_file_is_named_with_its_row_and_the_others_counted(photos):
    data = _load(photos)
    for name in data.x_train.names[:2]:
        (photos / "apparel" / name).write_bytes(b"not a jpeg at all")
    with pytest.raises(DataError) as caught:
        _load(photos)
    message = str(caught.value)
    assert "train_color.csv, row 1 (line 2):" in message and ": not a readable image" in message
    assert "1 more row(s) have a photo that cannot be used" in message


def test_skip_bad_rows_leaves_them_out_and_says_how_many(photos):
    _rewrite(photos, "train", 1, ".\\clothes_dataset\\missing.jpg")
    _rewrite(photos, "val", 2, "../../x.jpg")
    data = _load(photos, skip_bad_rows=True)
    assert len(data.x_train) == 15 and len(data.y_train) == 15
    np.testing.assert_array_equal(data.validation_rows, np.arange(11, 15))
    assert any(note.startswith("Left out 2 of 17 train rows") for note in data.notes)


def test_a_label_that_is_not_0_or_1_is_named(photos):
    path = photos / CSV / "val_color.csv"
    lines = path.read_text().splitlines()
    cells = lines[4].split(",")
    cells[2] = "yes"  # the blue column
    lines[4] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=re.escape(
            f"{path}, row 4 (line 5), column 'blue': expected 0 or 1, found 'yes'")):
        _load(photos)


def test_a_missing_label_column_is_named(photos):
    path = photos / CSV / "test_color.csv"
    path.write_text(path.read_text().replace(",pants,", ",trousers,", 1))
    with pytest.raises(DataError, match=r"missing column\(s\) pants"):
        _load(photos)


def test_the_built_in_apparel_loader_reads_the_published_layout(photos):
    data = load_dataset(DatasetConfig(name="apparel", image_size=(8, 8)), photos)
    assert len(data.x_train) == 17 and data.x_train.shape[1:] == (8, 8, 3)
    assert data.label_groups == {"colour": ["black", "blue", "brown", "green", "red", "white"],
                                 "type": ["dress", "shirt", "pants", "shorts", "shoes"]}


def test_disk_cache_is_reused_by_the_next_load_and_keyed_by_the_files(photos, isolated_home):
    first = _load(photos, cache="disk")
    assert first.x_train.cache.store == "disk"
    cached = sorted((isolated_home / "cache" / "images").glob("*.npy"))
    assert len(cached) == 2  # training + validation photos, and test photos
    again = _load(photos, cache="disk")
    assert again.x_train.cache.complete_on_disk
    np.testing.assert_array_equal(again.x_train[:], first.x_train[:])
    touched = photos / "apparel" / first.x_test.names[0]
    stat = touched.stat()
    os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert cache_file(first.x_test.files, ImageFormat(10, 10)) not in cached


def test_a_disk_cache_with_bad_rows_is_not_published_and_the_good_rows_still_load(
        photos, isolated_home):
    _rewrite(photos, "train", 1, ".\\clothes_dataset\\missing.jpg")
    data = _load(photos, cache="disk", skip_bad_rows=True)
    expected = _load(photos, skip_bad_rows=True)
    np.testing.assert_array_equal(data.x_train[:], expected.x_train[:])
    published = sorted(path.name for path in (isolated_home / "cache" / "images").glob("*.npy"))
    assert len(published) == 1 and "partial" not in published[0]  # the test photos' cache only


def test_auto_keeps_a_small_set_in_memory(photos, isolated_home):
    data = _load(photos)
    assert data.x_train.cache.store == "memory"
    assert not (isolated_home / "cache" / "images").exists()


def test_groups_declared_for_a_data_set_are_checked_row_by_row(photos):
    path = photos / CSV / "train_color.csv"
    lines = path.read_text().splitlines()
    cells = lines[2].split(",")
    cells[1:7] = ["1", "1", "0", "0", "0", "0"]  # black and blue
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=re.escape(
            "train_color.csv, row 2 (line 3): expected exactly one label of the group 'colour'")):
        load_dataset(DatasetConfig(name="apparel", image_size=(8, 8)), photos)
    assert GROUPS  # the synthetic set's own groups, used by the recipe tests
