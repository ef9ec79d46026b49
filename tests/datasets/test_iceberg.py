"""load_iceberg(): the held-out stratified split, ids and angles aligned with x and y, the leak note,
and what a user sees when the Kaggle files are missing.

The data are synthetic (tests/support/sar.py), never the competition's.
"""

from __future__ import annotations

import gzip
import math

import numpy as np
import pytest

from fourfold.datasets import describe_all, load_dataset, resolve
from fourfold.datasets.base import LoadedData
from fourfold.datasets.catalog import ICEBERG, get_spec
from fourfold.datasets.iceberg import SPLIT_SEED, TEST_SIZE, load_iceberg
from fourfold.errors import DataError
from tests.support.sar import make_sar_dataset, write_sar_json

TRAIN_ROWS, SUBMIT_ROWS = 1604, 30


def _summary(rows) -> dict:
    """What the tests need to know of generated rows; bands as float32 (n, 75, 75, 2)."""
    bands = np.stack([np.stack([row["band_1"], row["band_2"]], axis=-1) for row in rows])
    return {"ids": [row["id"] for row in rows], "labels": [row.get("is_iceberg") for row in rows],
            "missing": [row["inc_angle"] == "na" for row in rows],
            "angles": np.array([math.nan if row["inc_angle"] == "na" else row["inc_angle"] for row in rows],
                               dtype=np.float32),
            "bands": bands.reshape(len(rows), 75, 75, 2).astype(np.float32)}


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """A data folder with a 1,604-row train.json and a small test.json, loaded once."""
    data_dir = tmp_path_factory.mktemp("data")
    # Two decimals keep the 1,604-row file quick to write and read; the format is the same.
    train = make_sar_dataset(TRAIN_ROWS, seed=11, decimals=2)
    write_sar_json(data_dir / "iceberg" / "train.json", train)
    submit = make_sar_dataset(SUBMIT_ROWS, seed=12, labelled=False, decimals=2)
    write_sar_json(data_dir / "iceberg" / "test.json", submit)
    return {"dir": data_dir, "train": _summary(train), "submit": _summary(submit),
            "data": load_dataset("iceberg", data_dir)}


def _small(data_dir, *, rows=60, seed=21, with_test=False):
    write_sar_json(data_dir / "iceberg" / "train.json", make_sar_dataset(rows, seed=seed, decimals=2))
    if with_test:
        write_sar_json(data_dir / "iceberg" / "test.json",
                       make_sar_dataset(5, seed=seed + 1, labelled=False, decimals=2))
    return data_dir


# ---------------------------------------------------------------- the split


def test_split_sizes_and_types(full):
    data: LoadedData = full["data"]
    assert data.x_train.shape == (1283, 75, 75, 2) and data.x_test.shape == (321, 75, 75, 2)
    assert data.x_train.dtype == data.x_test.dtype == np.float32
    assert data.y_train.dtype == data.y_test.dtype == np.int64
    assert data.y_train.shape == (1283,) and data.y_test.shape == (321,)
    assert len(data.x_test) == math.ceil(TEST_SIZE * TRAIN_ROWS)


def test_split_is_stratified(full):
    data = full["data"]
    share = np.mean(full["train"]["labels"])
    assert share == pytest.approx(753 / 1604, abs=0.002)
    assert data.y_train.mean() == pytest.approx(share, abs=0.002)
    assert data.y_test.mean() == pytest.approx(share, abs=0.003)
    assert int(data.y_train.sum() + data.y_test.sum()) == int(np.sum(full["train"]["labels"]))


def test_metadata(full):
    data = full["data"]
    assert data.class_names == ["ship", "iceberg"]
    assert data.input_kind == "radar" and data.feature_names is None
    assert data.source == f"data folder {full['dir'] / 'iceberg'}"


def test_splits_never_overlap_and_cover_every_row(full):
    data = full["data"]
    train_ids, test_ids = list(data.ids_train), list(data.ids_test)
    assert not set(train_ids) & set(test_ids)
    assert sorted(train_ids + test_ids) == sorted(full["train"]["ids"])


def test_ids_and_angles_are_aligned_with_x_and_y(full):
    data = full["data"]
    generated = full["train"]
    position = {row_id: index for index, row_id in enumerate(generated["ids"])}
    for split in ("train", "test"):
        x, y = getattr(data, f"x_{split}"), getattr(data, f"y_{split}")
        ids, angles = getattr(data, f"ids_{split}"), getattr(data, f"side_{split}")[:, 0]
        assert ids.dtype == object and all(isinstance(row_id, str) for row_id in ids)
        assert angles.dtype == np.float32 and len(ids) == len(angles) == len(x) == len(y)
        rows = np.array([position[row_id] for row_id in ids])
        np.testing.assert_array_equal(x, generated["bands"][rows])
        np.testing.assert_array_equal(y, np.array(generated["labels"])[rows])
        np.testing.assert_array_equal(angles, generated["angles"][rows])


def test_unlabelled_rows_keep_test_json_order(full):
    rows = full["data"].unlabelled
    assert list(rows.ids) == full["submit"]["ids"] and rows.ids.dtype == object
    assert rows.x.shape == (SUBMIT_ROWS, 75, 75, 2)
    assert rows.x.dtype == np.float32
    np.testing.assert_array_equal(rows.x, full["submit"]["bands"])
    assert rows.side.dtype == np.float32 and rows.side.shape == (SUBMIT_ROWS, 1)
    np.testing.assert_array_equal(rows.side[:, 0], full["submit"]["angles"])


def test_notes_warn_of_the_missing_angle_leak(full):
    labels, missing = np.array(full["train"]["labels"]), np.array(full["train"]["missing"])
    ships_missing = int(np.sum(missing & (labels == 0)))
    icebergs_missing = int(np.sum(missing & (labels == 1)))
    assert ships_missing > 5 * icebergs_missing  # the generator mimics the leak
    leak, split = full["data"].notes
    assert "a missing incidence angle (\"na\") almost always means a ship" in leak
    assert "a model can exploit that" in leak
    assert (f"In train.json, {ships_missing} of {int(np.sum(labels == 0))} ships and {icebergs_missing} "
            f"of {int(np.sum(labels == 1))} icebergs have no angle.") in leak
    assert split == ("There is no labelled test set: the test split is a stratified 20% of train.json "
                     f"(321 of 1604 rows, random_state={SPLIT_SEED}).")


def test_split_is_reproducible(tmp_path):
    data_dir = _small(tmp_path)
    first, second = load_iceberg(ICEBERG, data_dir), load_iceberg(ICEBERG, data_dir)
    np.testing.assert_array_equal(first.ids_test, second.ids_test)
    np.testing.assert_array_equal(first.x_train, second.x_train)


# ---------------------------------------------------------------- files present or missing


@pytest.mark.usefixtures("isolated_data")
def test_without_test_json_there_are_no_unlabelled_rows(tmp_path):
    data = load_dataset("iceberg", _small(tmp_path))
    assert data.unlabelled is None and data.ids_train is not None
    assert len(data.x_train) + len(data.x_test) == 60


@pytest.mark.usefixtures("isolated_data")
def test_gzipped_train_json_is_found_and_read(tmp_path):
    plain = _small(tmp_path) / "iceberg" / "train.json"
    (plain.parent / "train.json.gz").write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    assert len(load_dataset("iceberg", tmp_path).x_test) == 12


@pytest.mark.usefixtures("isolated_data")
@pytest.mark.parametrize("with_folder", [True, False])
def test_missing_train_json_says_how_to_get_it_from_kaggle(tmp_path, with_folder):
    if with_folder:
        write_sar_json(tmp_path / "iceberg" / "test.json", make_sar_dataset(3, seed=1, labelled=False))
    with pytest.raises(DataError) as caught:
        load_dataset("iceberg", tmp_path)
    message = str(caught.value)
    folder = tmp_path / "iceberg"
    assert message.startswith("Data set 'iceberg' was not found. Looked in:")
    if with_folder:
        assert f"data folder {folder}: missing train.json[.gz]" in message
    else:
        assert f"data folder {folder}: the folder does not exist" in message
    assert "fourfold cannot download it: it needs your Kaggle account" in message
    assert "accept its rules" in message and "train.json.7z" in message and "test.json.7z" in message
    assert "kaggle competitions download -c statoil-iceberg-classifier-challenge" in message
    assert "<data-dir>/iceberg/train.json" in message and "test.json (optional)" in message
    assert caught.value.exit_code == 3


@pytest.mark.usefixtures("isolated_data")
def test_missing_message_in_korean(tmp_path, monkeypatch):
    monkeypatch.setenv("FOURFOLD_LANG", "ko")
    with pytest.raises(DataError, match="본인의 Kaggle 계정이 필요합니다") as caught:
        load_dataset("iceberg", tmp_path)
    assert "kaggle competitions download -c statoil-iceberg-classifier-challenge" in str(caught.value)


@pytest.mark.usefixtures("isolated_data")
def test_too_few_rows_to_stratify(tmp_path):
    rows = make_sar_dataset(4, seed=3, decimals=1)
    for row, label in zip(rows, (0, 0, 0, 1)):
        row["is_iceberg"] = label
    write_sar_json(tmp_path / "iceberg" / "train.json", rows)
    with pytest.raises(DataError) as caught:
        load_dataset("iceberg", tmp_path)
    assert str(caught.value).startswith(
        f"{tmp_path / 'iceberg' / 'train.json'}: cannot hold out a stratified 20% of the rows as the test "
        "split (ships: 3, icebergs: 1): ")


@pytest.mark.usefixtures("isolated_data")
def test_bad_train_json_is_a_data_error_naming_it(tmp_path):
    (tmp_path / "iceberg").mkdir()
    (tmp_path / "iceberg" / "train.json").write_text("[]")
    with pytest.raises(DataError, match="train.json holds an empty array"):
        load_dataset("iceberg", tmp_path)


# ---------------------------------------------------------------- catalogue, resolve, describe_all


def test_catalogue_entry():
    spec = get_spec("iceberg")
    assert spec.task == "binary" and spec.mirrors == () and not spec.embedded
    assert [(f.name, f.sha256, f.size, f.optional) for f in spec.files] == [
        ("train.json", None, None, False), ("test.json", None, None, True)]
    assert spec.class_names == ("ship", "iceberg")


@pytest.mark.usefixtures("isolated_data")
def test_resolve_with_and_without_the_optional_file(tmp_path):
    _small(tmp_path, rows=10)
    found = resolve("iceberg", tmp_path)
    assert found.source == "data_dir" and set(found.files) == {"train.json"}
    write_sar_json(tmp_path / "iceberg" / "test.json", make_sar_dataset(2, seed=1, labelled=False))
    assert set(resolve("iceberg", tmp_path).files) == {"train.json", "test.json"}


@pytest.mark.usefixtures("isolated_data")
def test_describe_all_missing_then_present(tmp_path):
    entry = {item["name"]: item for item in describe_all(tmp_path)}["iceberg"]
    assert entry["source"] == "missing" and entry["size"] == 0
    assert "Kaggle" in entry["how_to_get"] and entry["task"] == "binary"
    folder = _small(tmp_path, rows=10, with_test=True) / "iceberg"
    entry = {item["name"]: item for item in describe_all(tmp_path)}["iceberg"]
    assert entry["source"] == "data_dir" and entry["how_to_get"] is None
    assert entry["size"] == (folder / "train.json").stat().st_size + (folder / "test.json").stat().st_size


def test_loaded_data_optional_fields_default_to_none():
    empty = np.zeros(0)
    data = LoadedData(empty, empty, empty, empty, class_names=[], source="", input_kind="image")
    assert (data.image_column, data.ids_train, data.ids_test, data.unlabelled) == (None,) * 4
