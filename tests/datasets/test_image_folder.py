"""Photos sorted into class folders: layouts, splits, class ids, the chosen size, and
every bad folder stopping with a message that names it. Tiny SYNTHETIC folders only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fourfold.datasets.image_folder import (
    choose_image_size,
    folder_recipe,
    load_image_folder,
    sample_photos,
    scan,
)
from fourfold.errors import DataError, RecipeError
from fourfold.recipes.schema import DatasetConfig, Recipe
from tests.support.photos import draw

#: Class folders of the synthetic sets: each class is a colour of the drawn bar.
CLASSES = ("black", "blue", "red")


def write_photos(folder: Path, colour: str, count: int, *, size: int = 20, grey: bool = False,
                 suffix: str = ".jpg", seed: int = 0) -> list[Path]:
    """``count`` photos of a bar in ``colour`` in ``folder`` (created)."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        image = Image.fromarray(draw(colour, "dress", size, rng))
        path = folder / f"{colour}{number:03d}{suffix}"
        (image.convert("L") if grey else image).save(path)
        paths.append(path)
    return paths


def make_folder(root: Path, counts: dict[str, int] | None = None, **options) -> Path:
    """A flat photo folder: ``root/<class>/*.jpg``."""
    for colour, count in (counts or dict.fromkeys(CLASSES, 10)).items():
        write_photos(root / colour, colour, count, **options)
    return root


def make_split_folder(root: Path, *, validation: str | None = None, train: int = 10,
                      test: int = 4) -> Path:
    """``root/train/<class>``, ``root/test/<class>`` and optionally a validation folder."""
    parts = {"train": train, "test": test, **({validation: 3} if validation else {})}
    for part, count in parts.items():
        make_folder(root / part, dict.fromkeys(CLASSES, count))
    return root


def load(path: Path, **options):
    config = DatasetConfig(name="photos", folder={"path": str(path), **options.pop("folder", {})},
                           image_size=[16, 16], **options)
    return load_image_folder(config.folder, config)


def test_flat_folder_loads_sorted_classes_and_a_stratified_held_out_test_set(tmp_path):
    make_folder(tmp_path / "photos", {"red": 20, "black": 10, "blue": 15})
    data = load(tmp_path / "photos")
    assert data.class_names == ["black", "blue", "red"]
    assert data.x_train.shape[1:] == (16, 16, 3) and data.x_train[:].dtype == np.uint8
    assert data.y_train.ndim == 1 and data.y_train.dtype == np.int64
    train, test = set(data.x_train.name_of(slice(None))), set(data.x_test.name_of(slice(None)))
    assert not train & test and len(train | test) == 45
    assert np.bincount(data.y_test).tolist() == [2, 3, 4]  # 20% of each class
    for names, labels in ((data.x_train.name_of(slice(None)), data.y_train),
                          (data.x_test.name_of(slice(None)), data.y_test)):
        assert [name.split("/")[0] for name in names] == [data.class_names[y] for y in labels]
    assert data.input_kind == "image" and data.image_column == "image"
    assert data.validation_rows is None
    assert any("20% of each class" in note for note in data.notes)


def test_the_held_out_split_follows_random_state(tmp_path):
    make_folder(tmp_path / "photos")
    first = load(tmp_path / "photos").x_test.name_of(slice(None))
    again = load(tmp_path / "photos").x_test.name_of(slice(None))
    other = load(tmp_path / "photos", folder={"random_state": 1}).x_test.name_of(slice(None))
    assert first == again and first != other


def test_test_and_validation_folders_are_honoured(tmp_path):
    make_split_folder(tmp_path / "photos", validation="val")
    data = load(tmp_path / "photos")
    names = data.x_train.name_of(slice(None))
    assert len(names) == 39 and len(data.x_test) == 12
    assert all(name.startswith("test/") for name in data.x_test.name_of(slice(None)))
    assert sorted(data.validation_rows.tolist()) == [row for row, name in enumerate(names)
                                                     if name.startswith("val/")]
    assert len(data.validation_rows) == 9
    assert np.bincount(data.y_test).tolist() == [4, 4, 4]


def test_train_folder_without_test_folder_holds_out_the_test_set(tmp_path):
    make_folder(tmp_path / "photos" / "train")
    data = load(tmp_path / "photos")
    assert len(data.x_test) == 6 and len(data.x_train) == 24


def test_two_classes_give_binary_ids_and_a_binary_recipe(tmp_path):
    make_folder(tmp_path / "photos", {"blue": 10, "red": 10})
    data = load(tmp_path / "photos")
    assert set(data.y_train.tolist()) == {0, 1} and data.class_names == ["blue", "red"]
    recipe = Recipe.model_validate(folder_recipe(tmp_path / "photos", name="pets"))
    assert recipe.task == "binary"


def test_hidden_and_system_files_are_ignored_and_subfolders_and_suffix_case_count(tmp_path):
    root = make_folder(tmp_path / "photos")
    (root / ".DS_Store").write_bytes(b"\0")
    (root / "red" / ".DS_Store").write_bytes(b"\0")
    (root / "red" / "Thumbs.db").write_bytes(b"\0")
    write_photos(root / ".hidden", "red", 3)
    write_photos(root / "red" / "more", "red", 2, suffix=".JPG")
    layout = scan(root)
    assert layout.class_names == list(CLASSES)
    assert len(layout.train.photos["red"]) == 12 and layout.train.others == []


def test_photos_outside_class_folders_are_left_out_with_a_note(tmp_path):
    root = make_folder(tmp_path / "photos")
    write_photos(root, "red", 2)
    data = load(root)
    assert len(data.x_train) + len(data.x_test) == 30
    assert any("Left out 2 photo(s) lying directly in" in note for note in data.notes)


def test_files_that_are_not_photos_stop_naming_the_first_and_skip_bad_rows_leaves_them_out(
        tmp_path):
    root = make_folder(tmp_path / "photos")
    (root / "blue" / "notes.txt").write_text("x")
    (root / "red" / "labels.csv").write_text("x")
    with pytest.raises(DataError, match=r"blue/notes\.txt is not a photo .*1 more file"):
        load(root)
    data = load(root, skip_bad_rows=True)
    assert len(data.x_train) + len(data.x_test) == 30
    assert any("Left out 2 file(s)" in note for note in data.notes)


def test_an_undecodable_photo_is_named_and_can_be_skipped(tmp_path):
    root = make_folder(tmp_path / "photos")
    (root / "red" / "broken.jpg").write_bytes(b"not a jpeg")
    with pytest.raises(DataError, match=r"broken\.jpg: not a readable image"):
        load(root)
    data = load(root, skip_bad_rows=True)
    assert len(data.x_train) + len(data.x_test) == 30
    assert any("Left out 1 of" in note for note in data.notes)


def _error(path: Path, **options) -> str:
    with pytest.raises(DataError) as raised:
        load(path, **options)
    return str(raised.value)


def test_a_missing_path_or_a_file_is_refused(tmp_path):
    assert "does not exist" in _error(tmp_path / "nowhere")
    (tmp_path / "photo.jpg").write_bytes(b"x")
    assert "is a file, not a folder" in _error(tmp_path / "photo.jpg")


def test_a_folder_without_class_folders_is_refused(tmp_path):
    write_photos(tmp_path / "photos", "red", 3)
    assert "has no class folders" in _error(tmp_path / "photos")


def test_an_empty_class_folder_is_named(tmp_path):
    root = make_folder(tmp_path / "photos")
    (root / "green").mkdir()
    (root / "green" / ".DS_Store").write_bytes(b"\0")
    message = _error(root)
    assert f"{root / 'green'} holds no photos" in message


def test_a_single_class_is_refused(tmp_path):
    root = make_folder(tmp_path / "photos", {"red": 10})
    assert "single class folder (red)" in _error(root) and "at least two classes" in _error(root)


def test_train_and_test_with_different_classes_name_the_difference(tmp_path):
    root = make_split_folder(tmp_path / "photos")
    write_photos(root / "train" / "white", "red", 10)
    write_photos(root / "test" / "green", "red", 4)
    message = _error(root)
    assert "only in the first: white; only in the second: green" in message


@pytest.mark.parametrize("layout, expected", [
    ({"test": "red"}, "has test/ but no train/ folder"),
    ({"train": "red", "test": "red", "extra": "red"}, "beside other folders (extra/)"),
    ({"train": "red", "test": "red", "val": "red", "validation": "red"},
     "both validation/ and val/"),
])
def test_ambiguous_layouts_are_refused(tmp_path, layout, expected):
    for part in layout:
        make_folder(tmp_path / "photos" / part)
    assert expected in _error(tmp_path / "photos")


def test_a_class_with_too_few_photos_is_named_with_its_count(tmp_path):
    root = make_folder(tmp_path / "photos", {"black": 10, "red": 4})
    message = _error(root)
    assert "Class 'red' has 4 photo(s)" in message and "at least 7 photos per class" in message
    split = make_split_folder(tmp_path / "split", train=4)
    assert "holding out a validation part" in _error(split)
    make_split_folder(tmp_path / "published", train=2, validation="validation")
    assert len(load(tmp_path / "published").x_train) == 15


def test_test_size_beside_a_test_folder_is_refused(tmp_path):
    make_split_folder(tmp_path / "photos")
    with pytest.raises(RecipeError, match="test_size would be ignored"):
        load(tmp_path / "photos", folder={"test_size": 0.3})


@pytest.mark.parametrize("median, size", [(10, 32), (28, 32), (40, 32), (41, 48), (60, 48),
                                          (168, 48), (1000, 48)])
def test_the_size_is_the_ladder_step_nearest_the_median_shorter_side(median, size):
    assert choose_image_size(median) == size


def test_the_sample_reads_the_shorter_side_and_grey_photos(tmp_path):
    from PIL import Image

    folder = tmp_path / "wide"
    folder.mkdir()
    for number, (width, height) in enumerate([(90, 50), (60, 100), (200, 56)]):
        Image.new("L", (width, height)).save(folder / f"{number}.png")
    sample = sample_photos(sorted(folder.iterdir()))
    assert (sample.sampled, sample.median_side, sample.grey) == (3, 56, True)
    Image.new("RGB", (40, 40)).save(folder / "colour.png")
    assert sample_photos(sorted(folder.iterdir())).grey is False


def test_folder_recipe_is_a_complete_valid_recipe(tmp_path):
    root = make_folder(tmp_path / "photos", size=50, grey=True, suffix=".png")
    mapping = folder_recipe(root, name="shades")
    recipe = Recipe.model_validate(mapping)
    assert recipe.task == "multiclass" and recipe.name == recipe.dataset.name == "shades"
    assert recipe.dataset.image_size == (48, 48) and recipe.dataset.channels == 1
    assert Path(recipe.dataset.folder.path).is_absolute()
    assert recipe.dataset.folder.test_size == 0.2
    assert recipe.model.kind == "cnn" and recipe.model.filters == [16, 32, 64]
    assert recipe.split.stratify and not recipe.preprocess.flatten
    assert "3 class folders" in recipe.description and "48x48" in recipe.description


def test_folder_recipe_uses_the_published_validation_folder(tmp_path):
    root = make_split_folder(tmp_path / "photos", validation="validation")
    recipe = Recipe.model_validate(folder_recipe(root, name="photos"))
    assert recipe.split.method == "published"
    assert "test_size" not in folder_recipe(root, name="photos")["dataset"]["folder"]


def test_a_forced_task_must_fit_the_classes(tmp_path):
    root = make_folder(tmp_path / "photos")
    assert folder_recipe(root, task="multiclass", name="p")["task"] == "multiclass"
    with pytest.raises(RecipeError, match="binary task needs exactly two"):
        folder_recipe(root, task="binary", name="p")
    for task in ("regression", "multilabel"):
        with pytest.raises(RecipeError, match=f"not {task}"):
            folder_recipe(root, task=task, name="p")
    two = make_folder(tmp_path / "two", {"blue": 10, "red": 10})
    assert folder_recipe(two, task="multiclass", name="p")["task"] == "multiclass"


def test_folder_recipe_refuses_a_bad_folder_before_any_training(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        folder_recipe(tmp_path / "nowhere", name="p")
    root = make_folder(tmp_path / "photos", {"black": 10, "red": 3})
    with pytest.raises(DataError, match="Class 'red' has 3 photo"):
        folder_recipe(root, name="p")
