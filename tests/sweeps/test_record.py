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
from fourfold.sweeps.results import (best, headline_text, noise_text, ranked, results_table,
                                     within_noise_of_best)


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
                             "validation MAE (mean absolute error)", "validation loss ± SE",
                             "test MAE (mean absolute error)", "status"]
    assert table.rows == [["1", "2", "0.2", "2.1000", "—", "1.6000 ± 0.0100", "complete"],
                          ["2", "1", "0.1", "2.5000", "—", "2.0000", "complete"],
                          ["", "3", "0.3", "—", "—", "—", "failed"]]
    assert headline_text(record.trials[2]) == "—"


def _losses(record: SweepRecord, losses: list[tuple[float, float | None] | None]) -> SweepRecord:
    for trial, loss in zip(record.trials, losses):
        if trial.headline is not None and loss is not None:
            trial.headline.validation_loss, trial.headline.validation_loss_se = loss
    return record


def test_trials_within_one_standard_error_of_the_best_on_validation_loss_are_named():
    # ranked by validation accuracy: 3 (0.93), 1 (0.92), 4 (0.90), 2 (0.80)
    record = _losses(_record("multiclass", [0.92, 0.80, 0.93, 0.90], True),
                     [(0.0572, 0.0028), (0.30, 0.01), (0.0591, 0.0026), (0.0620, 0.0030)])
    assert [trial.number for trial in within_noise_of_best(record)] == [1]
    table = results_table(record)
    assert [row[4] for row in table.rows] == ["0.0591 ± 0.0026", "0.0572 ± 0.0028",
                                              "0.0620 ± 0.0030", "0.3000 ± 0.0100"]
    assert noise_text(record) == (
        "Within one standard error of trial 3's validation loss (0.0591 ± 0.0026): trial 1 "
        "(0.0572 ± 0.0028). On these validation rows their order is noise: the simpler or "
        "cheaper one is as good a choice.")


def test_no_sentence_without_a_tie_or_without_the_best_trials_standard_error():
    apart = _losses(_record("multiclass", [0.92, 0.93], True), [(0.10, 0.001), (0.05, 0.001)])
    assert within_noise_of_best(apart) == [] and noise_text(apart) is None
    unknown = _losses(_record("multiclass", [0.92, 0.93], True), [(0.0572, 0.0028), (0.0591, None)])
    assert within_noise_of_best(unknown) == [] and noise_text(unknown) is None
    assert results_table(unknown).rows[0][4] == "0.0591"
    old_sweep = _record("multiclass", [0.92, 0.93], True)  # written before losses were kept
    assert noise_text(old_sweep) is None


def test_a_sweep_json_without_the_loss_fields_still_reads(tmp_path):
    record = _record("binary", [0.8, 0.9], True)
    write_sweep(tmp_path, record)
    data = json.loads((tmp_path / SWEEP_FILE).read_text())
    for trial in data["trials"]:
        for key in ("validation_loss", "validation_loss_se"):
            trial["headline"].pop(key, None)
    (tmp_path / SWEEP_FILE).write_text(json.dumps(data))
    assert read_sweep(tmp_path).trials[0].headline.validation_loss is None
