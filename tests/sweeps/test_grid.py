"""--grid: values split as typed, every combination a trial, and every mistake refused
before anything trains, with the same help as --set (exact messages, exit code 2)."""

from __future__ import annotations

import pytest

from fourfold.errors import UsageError
from fourfold.messages import set_language
from fourfold.sweeps.grid import (Axis, check_trials, combinations, parse_axes, settings_text,
                                  split_values)
from tests.sweeps.conftest import sweep_cli


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


@pytest.mark.parametrize("typed, pieces", [
    ("standard,minmax,robust,none", ["standard", "minmax", "robust", "none"]),
    ("[64,32];[128,128,32]", ["[64,32]", "[128,128,32]"]),
    ("[64,32],[128,64]", ["[64,32]", "[128,64]"]),
    ("[64,32]", ["[64,32]"]),
    ("'a,b',c", ["'a,b'", "c"]),
    ("0.01, 0.001", ["0.01", "0.001"]),
])
def test_values_split_on_semicolons_else_commas_outside_brackets_and_quotes(typed, pieces):
    assert split_values(typed) == pieces


def test_axes_hold_yaml_values_in_order():
    axes = parse_axes(["preprocess.scaler=standard,minmax,robust,none",
                       "model.hidden_units=[64,32];[128,128,32]", "model.dropout=0,0.5"])
    assert axes == [Axis("preprocess.scaler", ("standard", "minmax", "robust", "none")),
                    Axis("model.hidden_units", ([64, 32], [128, 128, 32])),
                    Axis("model.dropout", (0, 0.5))]


def test_every_combination_once_the_last_axis_fastest():
    axes = parse_axes(["preprocess.scaler=standard,minmax,robust,none",
                       "model.hidden_units=[64,32];[128,128,32]"])
    found = combinations(axes)
    assert len(found) == 8
    assert found[:3] == [
        {"preprocess.scaler": "standard", "model.hidden_units": [64, 32]},
        {"preprocess.scaler": "standard", "model.hidden_units": [128, 128, 32]},
        {"preprocess.scaler": "minmax", "model.hidden_units": [64, 32]}]
    assert len({settings_text(settings) for settings in found}) == 8
    assert settings_text(found[1]) == "preprocess.scaler=standard, model.hidden_units=[128, 128, 32]"


def test_a_grid_too_large_is_refused():
    axes = [Axis(f"k{index}", tuple(range(10))) for index in range(5)]
    with pytest.raises(UsageError, match="The grid makes 100000 trials, more than 10000."):
        combinations(axes)


def test_a_value_refused_alone_is_fine_beside_the_axis_it_needs():
    from fourfold.recipes import load_recipe

    base = load_recipe("mnist").model_dump(mode="json")
    axes = parse_axes(["model.kind=cnn", "model.filters=[4];[8]", "preprocess.flatten=false"])
    found = check_trials(base, axes, None)
    assert [settings["model.filters"] for settings in found] == [[4], [8]]


ALLOWED = ("name, kind, filters, kernel_size, first_stride, batch_norm, global_pooling, "
           "hidden_units, activation, dropout, l2, augmentation, wide")


@pytest.mark.parametrize("argv, message", [
    (["--grid", "model.hiden_units=[4];[8]"],
     f"--grid model.hiden_units: unknown key 'model.hiden_units'. Allowed here: {ALLOWED}. "
     "Did you mean 'hidden_units'?"),
    (["--grid", "preprocess.scaler=standard,minmx"],
     "--grid preprocess.scaler: 'preprocess.scaler' Input should be 'pixels', 'standard', "
     "'minmax', 'robust', 'per_channel', 'per_image' or 'none'; got 'minmx'. "
     "Did you mean 'minmax'?"),
    (["--grid", "preprocess.scaler"],
     "--grid 'preprocess.scaler' must look like key.path=v1,v2 (or v1;v2 for values with "
     "commas), for example --grid preprocess.scaler=standard,minmax or --grid "
     "'model.hidden_units=[64,32];[128,64]'."),
    (["--grid", "training.epochs=1", "--grid", "training.epochs=2"],
     "--grid training.epochs is given twice; give all its values in one --grid "
     "training.epochs=v1,v2."),
    (["--grid", "training.epochs=1,1"],
     "--grid training.epochs lists the value 1 twice; each value makes one trial."),
    (["--grid", "training.epochs=1,,2"],
     "--grid training.epochs has an empty value; separate values by commas (or semicolons) "
     "with none left blank."),
    (["--grid", "training.epochs=[1"],
     "--grid training.epochs: the value '[1' is not valid YAML: expected ',' or ']', but got "
     "'<stream end>'"),
    (["--grid", "kfold.n_splits=2,3", "--kfold", "2"],
     "Give K-fold either with --kfold K or with --grid kfold.n_splits=..., not both."),
    (["--grid", "model.kind=dense,cnn"],
     "--grid model.kind: 'model': kind cnn needs filters, one entry per convolution block "
     "(e.g. filters: [32, 64, 128])."),
    ([], "Give at least one --grid KEY=V1,V2 (for example --grid "
         "preprocess.scaler=standard,minmax)."),
    (["--grid", "training.epochs=1,2", "--trials", "2"],
     "--trials N is for --search optuna; a grid search runs every combination."),
    (["--grid", "training.epochs=1,2", "--search", "optuna"],
     "--search optuna samples the grid: say how many trials with --trials N."),
    (["--grid", "training.epochs=1,2", "--address", "auto"],
     "--address joins a Ray cluster: it needs --executor ray."),
])
def test_mistakes_are_refused_before_anything_trains(capsys, tiny_recipe, tmp_path, argv,
                                                     message):
    code, out, err = sweep_cli(capsys, str(tiny_recipe), "--out", str(tmp_path / "sweeps"),
                               *argv)
    assert (code, out) == (2, "")
    assert err == f"error: {message}\n"
    assert not (tmp_path / "sweeps").exists()


def test_a_clash_of_two_values_names_the_trial(capsys, tmp_path):
    """kind cnn with filters is fine alone, but not on the recipe's flattened inputs."""
    code, _, err = sweep_cli(capsys, "mnist", "--out", str(tmp_path / "sweeps"),
                             "--grid", "model.kind=cnn", "--grid", "model.filters=[4]")
    assert code == 2
    assert err == ("error: --grid trial 1 (model.kind=cnn, model.filters=[4]): "
                   "model cnn-4 is kind cnn, which reads each image as height x width x "
                   "channels, and preprocess.flatten: true turns images into one vector; set "
                   "preprocess.flatten: false.\n")


def test_a_recipe_or_resume_not_both(capsys, tmp_path):
    code, _, err = sweep_cli(capsys, "--grid", "training.epochs=1,2")
    assert code == 2
    assert err == ("error: Give a RECIPE to start a sweep, or --resume SWEEP_DIR to finish one "
                   "(not both).\n")
    code, _, err = sweep_cli(capsys, "mnist", "--resume", str(tmp_path))
    assert code == 2


def test_resume_takes_no_grid(capsys, tmp_path):
    code, _, err = sweep_cli(capsys, "--resume", str(tmp_path), "--grid", "training.epochs=1")
    assert code == 2
    assert "--resume continues the sweep as sweep.json records it" in err
