"""`fourfold predict RUN_DIR houses.csv`: CSV rows for a run trained on a table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fourfold.datasets.boston import FEATURES
from fourfold.errors import EXIT_DATA, DataError
from fourfold.predict.inputs import read_inputs


def table_record(feature_names: list[str], **extra) -> dict:
    """``preprocess.json`` of a table run, as the training pipeline writes it."""
    return {"schema": 1, "recipe": "boston", "task": "regression", "class_names": [],
            "input": {"kind": "table", "shape": [len(feature_names)], "dtype": "float64",
                      "background": None, "feature_names": feature_names, **extra},
            "scaler": {}, "thresholds": None}


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def error_of(paths: list[Path], record: dict) -> str:
    with pytest.raises(DataError) as caught:
        read_inputs(paths, record)
    assert caught.value.exit_code == EXIT_DATA
    return str(caught.value)


def test_rows_come_in_the_training_columns_order(tmp_path):
    path = write(tmp_path, "houses.csv", "TAX,RM\n296,6.575\n242,6.421\n")

    x, names, notes = read_inputs([path], table_record(["RM", "TAX"]))

    assert x.dtype == np.float64 and x.tolist() == [[6.575, 296.0], [6.421, 242.0]]
    assert names == [f"{path}#0", f"{path}#1"] and notes == []


def test_boston_rows_with_their_medv_column(tmp_path):
    header = ",".join([*FEATURES, "MEDV"])
    row = "0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98,24"
    path = write(tmp_path, "houses.csv", f"{header}\n{row}\n")

    x, names, _ = read_inputs([path], table_record(list(FEATURES), target_names=["MEDV"]))

    assert x.shape == (1, 13) and x[0, 5] == 6.575 and x[0, -1] == 4.98  # MEDV dropped
    assert names == [f"{path}#0"]


def test_the_recorded_target_is_the_one_ignored(tmp_path):
    path = write(tmp_path, "rows.csv", "a,price\n1,2\n")

    x, _, _ = read_inputs([path], table_record(["a"], target_names=["price"]))

    assert x.tolist() == [[1.0]]


def test_several_files_are_stacked_and_named_by_row(tmp_path):
    first = write(tmp_path, "first.csv", "a,b\n1,2\n")
    second = write(tmp_path, "second.csv", "b,a\n4,3\n6,5\n")

    x, names, _ = read_inputs([first, second], table_record(["a", "b"]))

    assert x.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert names == [f"{first}#0", f"{second}#0", f"{second}#1"]


def test_missing_and_extra_columns_are_listed(tmp_path):
    path = write(tmp_path, "houses.csv", "RM,AGE,price\n6.5,65,24\n")

    assert error_of([path], table_record(["RM", "TAX", "LSTAT"])) == (
        f"{path}: the columns do not match: missing TAX, LSTAT; unexpected AGE, price. The header "
        "line (line 1) must name the columns RM, TAX, LSTAT; found RM, AGE, price.")


def test_missing_columns_alone(tmp_path):
    path = write(tmp_path, "houses.csv", "RM,MEDV\n6.5,24\n")

    assert error_of([path], table_record(["RM", "TAX"], target_names=["MEDV"])) == (
        f"{path}: missing column(s) TAX. The header line (line 1) must name the columns RM, TAX; "
        "found RM, MEDV.")


def test_non_numeric_cell(tmp_path):
    path = write(tmp_path, "houses.csv", "RM,TAX\n6.5,296\n6.4,n/a?\n")

    assert error_of([path], table_record(["RM", "TAX"])) == (
        f"{path}, line 3, column 'TAX': expected a finite number, found 'n/a?'. Correct the value "
        "(a dot as the decimal mark, no thousands separators) or remove the row.")


def test_a_non_csv_file_for_a_table_run(tmp_path):
    path = write(tmp_path, "house.png", "not an image")

    assert error_of([path], table_record(["RM", "TAX"])) == (
        f"{path}: cannot read this kind of file for a table model; expected a CSV file (.csv) with "
        "a header line naming the columns RM, TAX.")


def test_image_runs_still_read_npz(tmp_path):
    path = tmp_path / "batch.npz"
    np.savez(path, x=np.zeros((2, 28, 28), np.uint8))
    record = {"input": {"kind": "image", "shape": [28, 28], "background": "dark"}}

    x, names, _ = read_inputs([path], record)

    assert x.shape == (2, 28, 28) and names == [f"{path}#0", f"{path}#1"]


def image_record() -> dict:
    return {"schema": 1, "task": "multiclass", "class_names": [str(i) for i in range(10)],
            "input": {"kind": "image", "shape": [28, 28], "background": "dark"},
            "scaler": {"kind": "pixels"}, "thresholds": None}


def test_an_undecodable_image_is_a_data_error(tmp_path):
    broken = write(tmp_path, "digit.png", "this is not a PNG")
    message = error_of([broken], image_record())
    assert message.startswith(f"{broken}: not a readable image")


def test_a_missing_input_file_is_a_data_error(tmp_path):
    assert error_of([tmp_path / "nope.png"], image_record()) == f"{tmp_path / 'nope.png'}: no such file."


def _digit(path: Path, value: int, *, size=(28, 28)) -> Path:
    from PIL import Image

    pixels = np.zeros(size, np.uint8)
    pixels[8:20, 12:16] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return path


def test_an_mnist_run_reads_a_folder_of_pngs_as_the_files_one_by_one(tmp_path):
    folder = tmp_path / "digits"
    files = [_digit(folder / "b.png", 255), _digit(folder / "a.png", 128),
             _digit(folder / "more" / "c.png", 64)]
    (folder / "notes.txt").write_text("not an image", encoding="utf-8")

    x, names, _ = read_inputs([folder], image_record())
    one_by_one, _, _ = read_inputs(sorted(files), image_record())

    assert x.shape == (3, 28, 28) and x.dtype == np.uint8
    assert names == [str(path) for path in sorted(files)]
    assert np.array_equal(x, one_by_one)
    assert [int(image.max()) for image in x] == [128, 255, 64]


def test_an_mnist_run_mixes_folders_and_files_in_the_order_given(tmp_path):
    single = _digit(tmp_path / "z.png", 200)
    _digit(tmp_path / "digits" / "a.png", 100)

    x, names, _ = read_inputs([single, tmp_path / "digits"], image_record())

    assert names == [str(single), str(tmp_path / "digits" / "a.png")]
    assert [int(image.max()) for image in x] == [200, 100]


def test_an_empty_folder_for_an_mnist_run_is_a_data_error(tmp_path):
    (tmp_path / "empty").mkdir()
    assert error_of([tmp_path / "empty"], image_record()) == (
        f"{tmp_path / 'empty'}: the folder holds no image files (PNG, JPEG, ...).")
