"""`fourfold predict` prints what the run's task says: sentences for a few inputs where the
task prints them, else the CSV table of its prediction columns; a Kaggle submission as CSV.

The saved model is replaced by fixed scores: what is tested is the dispatch on the task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

import fourfold.predict
import fourfold.predict.inputs
from fourfold.cli import main
from fourfold.messages import set_language
from fourfold.runs.status import COMPLETE, write_status
from fourfold.predict.inputs import Inputs
from fourfold.tasks import Task, get_task


@dataclass
class FakePredictor:
    """A run's predictor with fixed scores instead of a Keras model."""

    task: Task
    class_names: list[str]
    fixed_scores: np.ndarray
    record: dict = field(default_factory=dict)
    averaged: int = 0  # models averaged (a K-fold ensemble); 0 for one model

    def scores(self, x, side=None):
        return self.fixed_scores

    def frame(self, scores, names):
        return pd.DataFrame({"input": names,
                             **self.task.prediction_columns(scores, self.class_names)})

    def submission(self, scores, ids):
        return pd.DataFrame({"id": ids, **self.task.submission_columns(
            scores, self.class_names, ["is_iceberg"])})


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _predict(monkeypatch, capsys, tmp_path, task: str, class_names: list[str], scores,
             *, files: list[str], ids: list[str] | None = None) -> list[str]:
    predictor = FakePredictor(get_task(task), class_names, np.asarray(scores, dtype=np.float64))
    write_status(tmp_path, COMPLETE)  # predict checks it is given a run folder
    paths = []
    for name in files:
        (tmp_path / name).write_bytes(b"")
        paths.append(tmp_path / name)
    names = ([str(paths[0])] if len(predictor.fixed_scores) == 1
             else [f"{paths[0]}#{row}" for row in range(len(predictor.fixed_scores))])
    monkeypatch.setattr(fourfold.predict.Predictor, "load",
                        classmethod(lambda cls, run_dir: predictor))
    monkeypatch.setattr(fourfold.predict.inputs, "read_inputs",
                        lambda paths, record, image_root=None: Inputs(None, names, ids=ids))
    assert main(["predict", str(tmp_path), *map(str, paths)]) == 0
    return capsys.readouterr().out.splitlines()


def test_multiclass_prints_the_top_classes(monkeypatch, capsys, tmp_path):
    out = _predict(monkeypatch, capsys, tmp_path, "multiclass", ["cat", "dog", "fox"],
                   [[0.1, 0.7, 0.2]], files=["pet.png"])
    assert out == [f"{tmp_path / 'pet.png'}: dog (70.0%)",
                   "  top 3: dog 70.0%, fox 20.0%, cat 10.0%"]


def test_multilabel_prints_label_sets_for_photos_named_one_by_one(monkeypatch, capsys, tmp_path):
    out = _predict(monkeypatch, capsys, tmp_path, "multilabel", ["red", "shirt"], [[0.9, 0.2]],
                   files=["a.jpg"])
    assert out == [f"{tmp_path / 'a.jpg'}: red", "  red 90.0%, shirt 20.0%"]


def test_multilabel_rows_of_a_csv_give_a_table(monkeypatch, capsys, tmp_path):
    out = _predict(monkeypatch, capsys, tmp_path, "multilabel", ["red", "shirt"],
                   [[0.9, 0.2], [0.6, 0.7]], files=["photos.csv"])
    assert out[0] == "input,predicted,p_red,p_shirt" and len(out) == 3


@pytest.mark.parametrize("task, class_names, scores, header", [
    ("binary", ["no", "yes"], [[0.8]], "input,predicted,p_yes"),
    ("regression", [], [[21.5]], "input,predicted"),
])
def test_binary_and_regression_print_their_table(monkeypatch, capsys, tmp_path, task,
                                                 class_names, scores, header):
    out = _predict(monkeypatch, capsys, tmp_path, task, class_names, scores, files=["x.png"])
    assert out[0] == header and len(out) == 2


def test_a_kaggle_submission_is_printed_as_its_csv(monkeypatch, capsys, tmp_path):
    out = _predict(monkeypatch, capsys, tmp_path, "binary", ["ship", "iceberg"], [[0.25]],
                   files=["test.json"], ids=["5941774d"])
    assert out == ["id,is_iceberg", "5941774d,0.25"]
