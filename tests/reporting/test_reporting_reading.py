"""reading: a run folder into memory; only metrics.json is required."""

from __future__ import annotations

import json

import pytest

from fourfold.errors import EXIT_DATA, RunFolderError
from fourfold.reporting.reading import read_run
from fourfold.runs import layout
from fourfold.runs.record_files import DamagedFile


def test_single_model_run(multiclass_run):
    run = read_run(multiclass_run)
    assert run.status == "complete"
    assert run.config["name"] == "toy"
    assert [member.name for member in run.members] == ["dense-64-32"]
    member = run.primary
    assert member.dir == multiclass_run.resolve()
    assert list(member.history["epoch"]) == list(range(1, 9))
    assert member.metric_column == "accuracy"
    assert len(member.predictions) == 12
    assert member.samples["train_images"].shape == (9, 8, 8)
    assert member.curve["best_epoch"] == 5


def test_members_under_models(two_model_run):
    run = read_run(two_model_run)
    assert [member.name for member in run.members] == ["dense-64-32", "dense-128-128-32"]
    assert run.primary.name == "dense-64-32"
    deep = run.members[1]
    assert deep.dir == (two_model_run / layout.MODELS / "dense-128-128-32").resolve()
    assert deep.test["accuracy"] == 0.86
    assert deep.curve["onset_epoch"] == 4


def test_metric_column_falls_back_to_a_logged_metric(regression_run):
    run = read_run(regression_run)
    run.primary.metrics["headline"]["name"] = "log_loss"  # Not a Keras log key.
    run.primary.entry.pop("headline")
    assert run.primary.metric_column == "mae"


def test_missing_member_folder_is_tolerated(two_model_run):
    for name in (layout.METRICS, layout.HISTORY, layout.PREDICTIONS, layout.SAMPLES):
        (two_model_run / layout.MODELS / "dense-128-128-32" / name).unlink()
    deep = read_run(two_model_run).members[1]
    assert deep.metrics == {} and deep.history is None and deep.samples is None
    assert deep.curve["onset_epoch"] == 4  # Still known from the run's own metrics.json.


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "cannot be read as JSON"),
    ("[1, 2]", "must hold a JSON object; found list"),
])
def test_unreadable_metrics(multiclass_run, content, message):
    (multiclass_run / layout.METRICS).write_text(content)
    with pytest.raises(RunFolderError, match=message):
        read_run(multiclass_run)


def test_an_empty_history_is_damaged_and_named_with_the_way_out(multiclass_run):
    path = multiclass_run / layout.HISTORY
    path.write_text("")
    with pytest.raises(DamagedFile) as caught:
        read_run(multiclass_run)
    assert caught.value.exit_code == EXIT_DATA and caught.value.path == path
    assert str(caught.value) == (
        f"{path} is damaged: it is empty. It only feeds the report: delete it and "
        f"`fourfold report {multiclass_run}` rebuilds the report without it; or rerun the run "
        f"(`fourfold run {multiclass_run / layout.CONFIG}`) to get it back.")
    path.unlink()
    assert read_run(multiclass_run).primary.history is None


def test_metrics_without_members_is_one_model(multiclass_run):
    metrics = json.loads((multiclass_run / layout.METRICS).read_text())
    del metrics["members"], metrics["primary"]
    (multiclass_run / layout.METRICS).write_text(json.dumps(metrics))
    run = read_run(multiclass_run)
    assert [member.name for member in run.members] == ["dense-64-32"]
    assert run.primary.history is not None


def test_status_while_the_run_itself_builds_its_report(multiclass_run):
    from fourfold.runs.status import write_status

    write_status(multiclass_run, "running")  # As `fourfold run` leaves it before the report.
    assert read_run(multiclass_run).status == "complete"


def test_status_of_a_run_another_process_left_running(multiclass_run):
    status_path = multiclass_run / layout.STATUS
    record = json.loads(status_path.read_text())
    record.update(status="running", pid=2**22 + 12345)  # No such process.
    status_path.write_text(json.dumps(record))
    assert read_run(multiclass_run).status == "interrupted"
