"""A user's own photo CSVs end to end on a small synthetic set: run, the saved decoding,
predict on photos, folders and CSVs (giving the saved predictions), bad rows as exit 3."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from fourfold.cli import main
from fourfold.runs import layout
from tests.support.photos import GROUPS, LABELS, make_photo_set, recipe_for

pytestmark = pytest.mark.xdist_group("photos")


@pytest.fixture(scope="module")
def photo_run(tmp_path_factory):
    """One run of the synthetic photo recipe, shared by the tests of this module."""
    tmp_path = tmp_path_factory.mktemp("photos")
    data_dir = make_photo_set(tmp_path / "data", counts=(96, 32, 40), size=20)
    recipe = recipe_for(data_dir, tmp_path, epochs=20)
    out = tmp_path / "runs"
    assert main(["run", str(recipe), "--out", str(out), "--quiet"]) == 0
    (run_dir,) = out.iterdir()
    return data_dir, recipe, run_dir


def _metrics(run_dir):
    return json.loads((run_dir / layout.METRICS).read_text())


def test_the_run_learns_and_decodes_one_colour_and_one_type(photo_run):
    _, _, run_dir = photo_run
    metrics = _metrics(run_dir)
    test = metrics["test"]
    assert test["decoding"] == "groups" and metrics["label_groups"] == GROUPS
    assert test["colour_accuracy"] >= 0.9 and test["subset_accuracy"] >= 0.6
    assert test["binary_accuracy"] > metrics["baseline"]["binary_accuracy"] == pytest.approx(0.6)
    predictions = pd.read_csv(run_dir / layout.PREDICTIONS)
    predicted = predictions["predicted"].str.split()
    assert predicted.map(lambda labels: sum(label in GROUPS["colour"] for label in labels)).eq(1).all()
    assert predicted.map(lambda labels: sum(label in GROUPS["type"] for label in labels)).eq(1).all()
    assert predictions["image"].str.startswith("./clothes_dataset/").all()
    assert metrics["data"] == {**metrics["data"], "train": 96, "validation": 32, "test": 40}


def test_preprocess_json_keeps_the_tuned_thresholds_and_the_groups(photo_run):
    _, _, run_dir = photo_run
    record = json.loads((run_dir / layout.PREPROCESS).read_text())
    assert record["decoding"]["mode"] == "groups"
    assert set(record["decoding"]["thresholds"]) == set(LABELS)
    assert record["decoding"]["groups"] == GROUPS
    assert record["input"]["shape"] == [16, 16, 3] and record["input"]["image_column"] == "image"
    assert record["scaler"]["in_model"] is True


def test_predict_on_the_test_csv_gives_the_saved_predictions(photo_run, tmp_path):
    data_dir, _, run_dir = photo_run
    out = tmp_path / "predicted.csv"
    code = main(["predict", str(run_dir), str(data_dir / "apparel/csv_data/colorinfo/test_color.csv"),
                 "--root", str(data_dir / "apparel"), "--out", str(out)])
    assert code == 0
    predicted, saved = pd.read_csv(out), pd.read_csv(run_dir / layout.PREDICTIONS)
    assert list(predicted["predicted"]) == list(saved["predicted"])
    np.testing.assert_array_equal(predicted.filter(like="p_").to_numpy(),
                                  saved.filter(like="p_").to_numpy())


def test_predict_on_photos_prints_the_label_set_and_every_probability(photo_run, capsys):
    data_dir, _, run_dir = photo_run
    photo = sorted((data_dir / "apparel/clothes_dataset/red_dress").glob("*.jpg"))[0]
    assert main(["predict", str(run_dir), str(photo)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{photo}: ")
    assert len(set(lines[0].split(": ")[1].split()) & set(GROUPS["colour"])) == 1
    assert all(f"{label} " in lines[1] for label in LABELS)


def test_predict_on_a_folder_writes_one_row_per_photo(photo_run, tmp_path):
    data_dir, _, run_dir = photo_run
    folder = data_dir / "apparel/clothes_dataset"
    out = tmp_path / "folder.csv"
    assert main(["predict", str(run_dir), str(folder), "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 96 + 32 + 40 and frame["input"].is_monotonic_increasing


def test_the_same_recipe_trains_the_same_model_twice(photo_run, tmp_path):
    _, recipe, run_dir = photo_run
    out = tmp_path / "again"
    assert main(["run", str(recipe), "--out", str(out), "--quiet"]) == 0
    (again,) = out.iterdir()
    np.testing.assert_array_equal(pd.read_csv(again / layout.PREDICTIONS).filter(like="p_"),
                                  pd.read_csv(run_dir / layout.PREDICTIONS).filter(like="p_"))


@pytest.mark.parametrize("value, expected", [
    (".\\clothes_dataset\\red_dress\\missing.jpg", "does not exist"),
    ("..\\..\\..\\etc\\passwd", "leaves the data folder"),
    ("undecodable", ": not a readable image"),
])
def test_a_bad_photo_row_is_exit_3_naming_the_csv_row_and_file(tmp_path, capsys, value, expected):
    data_dir = make_photo_set(tmp_path / "data", counts=(12, 4, 4), size=12)
    csv = data_dir / "apparel/csv_data/colorinfo/train_color.csv"
    lines = csv.read_text().splitlines()
    if value == "undecodable":
        name = lines[3].split(",")[0].replace("\\", "/")
        (data_dir / "apparel" / name).write_bytes(b"\xff\xd8 truncated")
        value = lines[3].split(",")[0]
    cells = lines[3].split(",")
    cells[0] = value
    lines[3] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n")
    out = tmp_path / "runs"
    code = main(["run", str(recipe_for(data_dir, tmp_path)), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 3
    assert f"{csv}, row 3 (line 4)" in err and expected in err
    assert "skip_bad_rows" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())  # refused before a run folder exists


def test_skip_bad_rows_trains_without_them_and_says_so(tmp_path):
    data_dir = make_photo_set(tmp_path / "data", counts=(12, 4, 4), size=12)
    csv = data_dir / "apparel/csv_data/colorinfo/train_color.csv"
    csv.write_text(csv.read_text().replace("\\0001.jpg", "\\gone.jpg"))
    out = tmp_path / "runs"
    recipe = recipe_for(data_dir, tmp_path, epochs=1)
    assert main(["run", str(recipe), "--out", str(out), "--quiet",
                 "--set", "dataset.skip_bad_rows=true"]) == 0
    (run_dir,) = out.iterdir()
    metrics = _metrics(run_dir)
    assert metrics["data"]["train"] == 11
    assert any("Left out 1 of 16 train rows" in note for note in metrics["data"]["notes"])


def test_group_decoding_without_groups_is_refused_before_training(tmp_path, capsys):
    data_dir = make_photo_set(tmp_path / "data", counts=(12, 4, 4), size=12)
    recipe = recipe_for(data_dir, tmp_path, epochs=1)
    recipe.write_text(recipe.read_text().replace("  label_groups:", "  # label_groups:"))
    out = tmp_path / "runs"
    assert main(["run", str(recipe), "--out", str(out), "--quiet"]) == 2
    assert "evaluation.decoding groups needs label groups" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())  # refused before a run folder exists


def test_predict_names_a_csv_without_the_image_column_or_with_a_path_outside(photo_run, tmp_path,
                                                                           capsys):
    _, _, run_dir = photo_run
    no_column = tmp_path / "no-column.csv"
    no_column.write_text("photo\na.jpg\n")
    assert main(["predict", str(run_dir), str(no_column)]) == 3
    assert f"{no_column}: missing column(s) image" in capsys.readouterr().err
    outside = tmp_path / "outside.csv"
    outside.write_text("image\n..\\elsewhere.jpg\n")
    assert main(["predict", str(run_dir), str(outside)]) == 3
    assert f"{outside}, row 1 (line 2): the image path '..\\\\elsewhere.jpg' leaves the data folder" \
        in capsys.readouterr().err
