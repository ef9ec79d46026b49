"""sweep.json: written atomically, read back as written; a damaged one is named (exit 3),
a folder without one is said to be no sweep; the results are ranked by the task's
headline metric in its direction."""

from __future__ import annotations

import json

import pytest

from fourfold.errors import RunFolderError
from fourfold.messages import set_language
from fourfold.runs.record_files import DamagedFile
from fourfold.sweeps.record import (SWEEP_FILE, SweepRecord, TrialHeadline, TrialRecord,
                                    read_sweep, write_sweep)
from fourfold.sweeps.results import best, headline_text, ranked, results_table


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language(None)


def _record(task: str, values: list[float | None], higher: bool) -> SweepRecord:
    trials = [TrialRecord(number=index, settings={"model.dropout": index / 10},
                          folder=f"trials/trial-{index:03d}",
                          status="complete" if value is not None else "failed",
                          headline=None if value is None else TrialHeadline(
                              name="accuracy", value=value - 0.5, higher_is_better=higher,
                              std=0.01 if index == 2 else None, validation=value))
              for index, value in enumerate(values, 1)]
    return SweepRecord(recipe={"name": "demo", "task": task}, grid={"model.dropout": [0.1]},
                       trials=trials)


def test_round_trip(tmp_path):
    record = _record("binary", [0.8, None, 0.9], True)
    write_sweep(tmp_path, record)
    assert json.loads((tmp_path / SWEEP_FILE).read_text())["schema"] == 1
    assert read_sweep(tmp_path).model_dump() == record.model_dump()
    assert [p.name for p in tmp_path.iterdir()] == [SWEEP_FILE]  # no temporary left


@pytest.mark.parametrize("content, problem", [
    ("", "it is empty"),
    ("[1]", "it must hold a JSON object; found list"),
    ('{"schema": 1, "recipe": {}, "grid": {}, "trials": [{"number": 0}]}',
     "'trials.0.number': Input should be greater than or equal to 1; found 0"),
])
def test_a_damaged_file_is_named_with_the_way_out(tmp_path, content, problem):
    (tmp_path / SWEEP_FILE).write_text(content)
    with pytest.raises(DamagedFile) as caught:
        read_sweep(tmp_path)
    assert caught.value.exit_code == 3
    assert str(caught.value) == (
        f"{tmp_path / SWEEP_FILE} is damaged: {problem}. The trials' run folders beside it are "
        "intact (each a normal run folder: `fourfold compare` takes them); to run the sweep "
        "again, start it anew with `fourfold sweep`.")


def test_a_folder_without_sweep_json_is_no_sweep(tmp_path):
    with pytest.raises(RunFolderError) as caught:
        read_sweep(tmp_path)
    assert str(caught.value) == (f"{tmp_path} is not a sweep folder: it has no sweep.json. "
                                 "Give a folder that `fourfold sweep` made.")


def test_higher_is_better_ranks_the_highest_first_and_trials_without_a_number_last():
    record = _record("multiclass", [0.8, None, 0.9, 0.85], True)
    assert [trial.number for trial in ranked(record)] == [3, 4, 1, 2]
    assert best(record).number == 3


def test_lower_is_better_ranks_the_lowest_first():
    record = _record("regression", [2.5, 2.1, None, 3.0], False)
    assert [trial.number for trial in ranked(record)] == [2, 1, 4, 3]


def test_trials_are_ranked_by_validation_never_by_the_test_set():
    record = _record("multiclass", [0.8, 0.9], True)
    record.trials[0].headline.value = 0.99  # the best test score: it must not choose
    assert [trial.number for trial in ranked(record)] == [2, 1]
    assert best(record).number == 2


def test_the_table_shows_mean_and_std_where_folds_exist():
    record = _record("regression", [2.5, 2.1, None], False)
    table = results_table(record)
    assert table.columns == ["rank", "trial", "model.dropout",
                             "validation MAE (mean absolute error)",
                             "test MAE (mean absolute error)", "status"]
    assert table.rows == [["1", "2", "0.2", "2.1000", "1.6000 ± 0.0100", "complete"],
                          ["2", "1", "0.1", "2.5000", "2.0000", "complete"],
                          ["", "3", "0.3", "—", "—", "failed"]]
    assert headline_text(record.trials[2]) == "—"
