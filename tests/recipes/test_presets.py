"""Presets found by sweeps (issue 16): each is its base recipe with the settings of the
sweep trial that chose it, names that sweep, and is listed like every built-in recipe.

No training here: the measured numbers are in BENCHMARKS.md and the recipe's description.
"""

from __future__ import annotations

import re

import pytest

from fourfold.cli import main
from fourfold.recipes import builtin_names, load_recipe

#: preset -> (the recipe the sweep ran, the trial's settings as ``--set`` overrides).
PRESETS = {
    "mnist-best": ("mnist", [
        "model.name=dense-1024-1024", "model.hidden_units=[1024,1024]", "model.dropout=0.5",
        "model.l2=0.00003",
        "training.learning_rate=0.0005", "training.epochs=20", "split.test_size=0.1"]),
    "fashion-mnist-best": ("fashion-mnist", [
        "compare_with=[]", "split.test_size=0.1", "preprocess.flatten=false",
        "model.augmentation=[horizontal_flip]", "model.hidden_units=[1024,1024]",
        "model.name=dense-1024-1024", "model.dropout=0.25",
        "training.learning_rate_schedule=cosine", "training.epochs=40"]),
}

#: the keys a preset may change besides the trial's settings: what it says about itself.
OWN_KEYS = {"name", "summary", "description", "textbook"}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_is_the_sweep_trial_that_chose_it(name):
    base, settings = PRESETS[name]
    preset = load_recipe(name)
    trained = load_recipe(base, settings).model_dump()
    shipped = preset.model_dump()
    assert {key: value for key, value in shipped.items() if key not in OWN_KEYS} == {
        key: value for key, value in trained.items() if key not in OWN_KEYS}
    assert preset.name == name and preset.model.kind == "dense" and not preset.compare_with


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_preset_names_the_sweep_that_chose_it_and_its_numbers(name):
    preset = load_recipe(name)
    description = " ".join(preset.description.split())
    assert f"fourfold sweep {PRESETS[name][0]} " in description
    assert "validation accuracy" in description and "BENCHMARKS.md" in description
    measured = re.search(r"test accuracy (0\.\d{4})", preset.summary)
    assert measured is not None and measured.group(1) in description


def test_presets_are_listed_with_the_built_in_recipes(capsys, monkeypatch):
    from fourfold.cli.common import stdout

    monkeypatch.setattr(stdout, "_width", 250)  # one line per recipe
    assert set(PRESETS) <= set(builtin_names())
    assert main(["recipes", "--lang", "en"]) == 0
    rows = {line.split()[0]: line for line in
            (" ".join(re.sub("[│┃]", " ", raw).split()) for raw in capsys.readouterr().out.splitlines())
            if line}
    for name in PRESETS:
        assert name in rows and " ".join(load_recipe(name).summary.split()[:4]) in rows[name]
