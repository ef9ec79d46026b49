"""A folder of photos sorted by class, end to end: the recipe written for it trains, and
`predict` on a photo or a folder gives the saved predictions. A tiny SYNTHETIC folder
(colours as classes) for the logic; the real apparel photos regrouped by clothing type
for the accuracy."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.cli import main
from fourfold.datasets.image_folder import folder_recipe
from fourfold.predict import Predictor
from fourfold.predict.inputs import read_inputs
from fourfold.recipes.schema import Recipe
from fourfold.runs import layout
from tests.datasets.test_image_folder import CLASSES, make_folder, write_photos

pytestmark = pytest.mark.xdist_group("image_folder")


def _train(root: Path, out: Path, **training) -> api.RunResult:
    """Run the recipe :func:`folder_recipe` writes for ``root``, with ``training`` changed,
    in a fourfold home of its own (a module's fixture runs before the per-test one)."""
    mapping = folder_recipe(root, name=root.name)
    mapping["training"].update(training)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOURFOLD_HOME", str(out / "home"))
        patch.setenv("FOURFOLD_CACHE", str(out / "home" / "cache"))
        return api.run(Recipe.model_validate(mapping), out=out / "runs", show_progress=False)


@pytest.fixture(scope="module")
def colour_run(tmp_path_factory):
    """Three colours, 20 photos each, 24x24 JPEGs: decoded at 32x32, RGB."""
    tmp_path = tmp_path_factory.mktemp("folder")
    root = make_folder(tmp_path / "colours", dict.fromkeys(CLASSES, 20), size=24)
    return root, _train(root, tmp_path, epochs=12, batch_size=8)


def _saved(run_dir: Path) -> pd.DataFrame:
    return pd.read_csv(run_dir / layout.PREDICTIONS)


def test_the_run_learns_the_classes_and_says_how_the_folder_was_read(colour_run):
    _, result = colour_run
    metrics = result.metrics
    assert metrics["task"] == "multiclass" and metrics["class_names"] == list(CLASSES)
    assert metrics["test"]["accuracy"] >= 0.9 > metrics["baseline"]["accuracy"]
    assert metrics["data"] == {**metrics["data"], "train": 38, "validation": 10, "test": 12,
                               "input_shape": [32, 32, 3]}
    notes = " ".join(metrics["data"]["notes"])
    assert "3 classes" in notes and "20% of each class" in notes and "32x32" in notes
    record = json.loads((result.run_dir / layout.PREPROCESS).read_text())
    assert record["input"]["image_column"] == "image" and record["class_names"] == list(CLASSES)
    saved = _saved(result.run_dir)
    assert saved["image"].str.split("/").str[0].tolist() == saved["true"].tolist()


def test_predict_on_a_photo_prints_the_saved_prediction(colour_run, capsys):
    root, result = colour_run
    row = _saved(result.run_dir).iloc[0]
    assert main(["predict", str(result.run_dir), str(root / row["image"])]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{root / row['image']}: {row['predicted']} (")


def test_predict_on_the_folder_gives_the_saved_predictions(colour_run, tmp_path):
    root, result = colour_run
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(result.run_dir), str(root), "--out", str(out)]) == 0
    predicted = pd.read_csv(out)
    assert len(predicted) == 60
    predicted["image"] = [Path(name).relative_to(root).as_posix() for name in predicted["input"]]
    saved = _saved(result.run_dir)
    joined = saved.merge(predicted, on="image", suffixes=("_saved", ""))
    assert len(joined) == len(saved) == 12
    assert joined["predicted"].tolist() == joined["predicted_saved"].tolist()
    for name in CLASSES:
        np.testing.assert_allclose(joined[f"p_{name}"], joined[f"p_{name}_saved"], atol=1e-6)


def test_the_predictor_api_reads_photos_as_the_run_did(colour_run):
    root, result = colour_run
    saved = _saved(result.run_dir).head(3)
    predictor = Predictor.load(result.run_dir)
    inputs = read_inputs([root / name for name in saved["image"]], predictor.record)
    frame = predictor.frame(predictor.scores(inputs.x), inputs.names)
    assert frame["predicted"].tolist() == saved["predicted"].tolist()


def test_two_grey_classes_make_a_binary_run_that_predicts(tmp_path):
    root = tmp_path / "shades"
    write_photos(root / "dark", "black", 12, size=40, grey=True, suffix=".png")
    write_photos(root / "light", "blue", 12, size=40, grey=True, suffix=".png")
    result = _train(root, tmp_path, epochs=2, batch_size=8)
    record = json.loads((result.run_dir / layout.PREPROCESS).read_text())
    assert result.metrics["task"] == "binary" and record["input"]["shape"] == [32, 32, 1]
    out = tmp_path / "predicted.csv"
    assert main(["predict", str(result.run_dir), str(root / "dark"), "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 12


def test_a_bad_folder_in_a_recipe_file_exits_3_naming_the_file(tmp_path, capsys):
    root = make_folder(tmp_path / "photos")
    (root / "red" / "notes.txt").write_text("x")
    recipe = tmp_path / "photos.yaml"
    recipe.write_text("name: photos\ntask: multiclass\ndataset:\n  name: photos\n"
                      "  folder:\n    path: photos\n", encoding="utf-8")
    assert main(["run", str(recipe), "--out", str(tmp_path / "runs"), "--quiet"]) == 3
    error = capsys.readouterr().err
    assert "notes.txt" in error and "skip_bad_rows" in error


#: Photos per clothing type in the real-data test: enough for a clear result in ~1.5 min.
REAL_PHOTOS_PER_TYPE = 200


def _regrouped_apparel(folder: Path) -> Path:
    """``photos/<type>/``: links to the apparel photos of that type, every colour taken
    in turn, :data:`REAL_PHOTOS_PER_TYPE` per type."""
    data = Path(os.environ.get("FOURFOLD_DATA", ""))
    if not os.environ.get("FOURFOLD_DATA"):
        pytest.skip("FOURFOLD_DATA is not set: point it at shared/data to run the real-data tests")
    source = data / "apparel" / "clothes_dataset"
    if not source.is_dir():
        pytest.skip(f"FOURFOLD_DATA={data} has no apparel/clothes_dataset/ folder")
    by_type: dict[str, list[list[Path]]] = {}
    for colour_type in sorted(source.iterdir()):
        by_type.setdefault(colour_type.name.split("_")[1], []).append(sorted(colour_type.iterdir()))
    for kind, colours in by_type.items():
        (folder / kind).mkdir(parents=True)
        taken = [photos[at] for at in range(max(map(len, colours)))
                 for photos in colours if at < len(photos)][:REAL_PHOTOS_PER_TYPE]
        for photo in taken:
            (folder / kind / f"{photo.parent.name}-{photo.name}").symlink_to(photo)
    return folder


@pytest.mark.realdata
@pytest.mark.slow
def test_real_photos_regrouped_by_type_train_and_predict(tmp_path):
    root = _regrouped_apparel(tmp_path / "clothes")
    started = time.monotonic()
    result = _train(root, tmp_path)
    seconds = time.monotonic() - started
    metrics = result.metrics
    assert metrics["class_names"] == ["dress", "pants", "shirt", "shoes", "shorts"]
    assert metrics["data"]["input_shape"] == [48, 48, 3]
    assert metrics["baseline"]["accuracy"] == pytest.approx(0.2)
    # measured on a 2-core CPU: 0.78 (majority class 0.2); 20 epochs of 3-7 s, 1.5-2.5 min in all
    assert metrics["test"]["accuracy"] >= 0.7, (metrics["test"]["accuracy"], seconds)
    saved = _saved(result.run_dir)
    wrong = saved[~saved["correct"]].head(1)
    photo = root / (wrong if len(wrong) else saved.head(1))["image"].iloc[0]
    predictor = Predictor.load(result.run_dir)
    inputs = read_inputs([photo], predictor.record)
    predicted = predictor.frame(predictor.scores(inputs.x), inputs.names)["predicted"].iloc[0]
    assert predicted == saved.set_index("image").loc[photo.relative_to(root).as_posix(),
                                                       "predicted"]
