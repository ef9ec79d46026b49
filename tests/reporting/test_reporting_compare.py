"""build_comparison: several runs of one task on one page, labelled by what differs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from fourfold.errors import RunFolderError, UsageError
from fourfold.reporting import build_comparison
from fourfold.reporting.compare_differences import (MISSING, differences, flatten, run_labels,
                                                     value_text)
from fourfold.runs import layout
from fourfold.runs.record_files import RUN_METRICS_FILE
from fourfold.runs.records import FoldRow, FoldStatistics, KFold
from fourfold.runs.status import write_status
from tests.reporting.conftest import (history, multiclass_metrics, write_config, write_member,
                                      write_metrics)


def _set(run_dir: Path, **updates: object) -> None:
    """Change keys of the run's config.yaml, as ``--set key.path=value`` would have."""
    config = yaml.safe_load((run_dir / layout.CONFIG).read_text(encoding="utf-8"))
    for dotted, value in updates.items():
        section = config
        *parents, last = dotted.split("__")
        for part in parents:
            section = section.setdefault(part, {})
        section[last] = value
    (run_dir / layout.CONFIG).write_text(yaml.safe_dump(config), encoding="utf-8")


def _toy_run(root: Path, folder: str, *, hidden_units: list[int], test_loss: float,
             onset: int | None, parameters: int, metric: str = "accuracy",
             validation_loss: float = 0.3) -> Path:
    """A complete one-model run of recipe ``toy`` whose config says ``hidden_units``."""
    run_dir = root / folder
    run_dir.mkdir(parents=True)
    write_status(run_dir, "running")
    write_config(run_dir, "toy", "multiclass")
    _set(run_dir, model__hidden_units=hidden_units, model__name="dense-64-32")
    best = onset or 8
    metrics = multiclass_metrics(best=best, onset=onset)
    metrics = metrics.model_copy(update={
        "test": {**metrics.test, "loss": test_loss}, "parameters": parameters,
        "curve": metrics.curve.model_copy(update={"best_value": validation_loss})})
    write_member(run_dir, history_frame=history(8, metric, best=best, onset=onset))
    write_metrics(run_dir, [(run_dir, metrics)])
    write_status(run_dir, "complete")
    return run_dir


def _kfold_run(root: Path, losses: tuple[float, ...] = (0.30, 0.34, 0.32)) -> Path:
    """A 3-fold toy run: folds/fold-k members and the run's kfold record."""
    run_dir = root / "toy-20250103T000000Z"
    run_dir.mkdir(parents=True)
    write_status(run_dir, "running")
    write_config(run_dir, "toy", "multiclass")
    _set(run_dir, kfold__n_splits=3, model__hidden_units=[64, 32])
    members = []
    for fold, loss in enumerate(losses, start=1):
        metrics = multiclass_metrics(name=f"fold-{fold}", best=4 + fold, onset=4 + fold,
                                     accuracy=0.8 + fold / 100)
        metrics = metrics.model_copy(update={"test": {**metrics.test, "loss": loss}})
        folder = layout.member_dir(run_dir, layout.FOLDS, f"fold-{fold}")
        write_member(folder, history_frame=history(8, "accuracy", best=4 + fold, onset=4 + fold))
        members.append((folder, metrics))
    summary = write_metrics(run_dir, members)
    rows = [FoldRow(fold=fold, best_epoch=m.curve.best_epoch, validation=m.validation,
                    test={"loss": m.test["loss"], "accuracy": m.test["accuracy"]})
            for fold, (_, m) in enumerate(members, start=1)]
    summary.kfold = KFold(n_splits=3, stratified=True, scale="none", folds=rows,
                          validation=FoldStatistics.over([row.validation for row in rows]),
                          test=FoldStatistics.over([row.test for row in rows]), textbook=None,
                          final="ensemble", ensemble_test={"accuracy": 0.8456, "loss": 0.3})
    RUN_METRICS_FILE.write(run_dir, summary)
    write_status(run_dir, "complete")
    return run_dir


def _section(page: str, name: str) -> str:
    start = page.index(f'id="{name}"')
    return page[start:page.index("</section>", start)]


def test_flatten_gives_dotted_keys_and_keeps_lists_whole():
    assert flatten({"model": {"hidden_units": [64, 32], "dropout": 0.0}, "seed": 1}) == {
        "model.hidden_units": [64, 32], "model.dropout": 0.0, "seed": 1}


@pytest.mark.parametrize("value, shown", [
    ([128, 64], "[128,64]"), (None, "null"), (True, "true"), ("adam", "adam"), (0.5, "0.5"),
    ({"a": [1]}, "{a: [1]}"),
])
def test_values_are_shown_as_set_takes_them(value, shown):
    assert value_text(value) == shown


def test_differences_put_settings_before_names_and_paths():
    first = {"name": "a", "model": {"name": "dense-64-32", "hidden_units": [64, 32]},
             "dataset": {"path": "/data/a.csv"}, "training": {"epochs": 3}, "seed": 1}
    second = {"name": "b", "model": {"name": "dense-64-32", "hidden_units": [128, 64]},
              "dataset": {"path": "/data/b.csv"}, "training": {"epochs": 3, "dropout": 0.2},
              "seed": 1}
    found = differences([first, second])
    assert [(d.key, d.values, d.setting) for d in found] == [
        ("model.hidden_units", ("[64,32]", "[128,64]"), True),
        ("training.dropout", (MISSING, "0.2"), True),
        ("name", ("a", "b"), False),
        ("dataset.path", ("/data/a.csv", "/data/b.csv"), False),
    ]


def test_labels_name_the_recipe_and_what_differs_within_it():
    configs = [{"model": {"hidden_units": [64, 32]}, "seed": 1},
               {"model": {"hidden_units": [128, 64]}, "seed": 1},
               {"model": {"hidden_units": [64, 32]}, "seed": 2}]
    assert run_labels(["mnist"] * 3, configs) == [
        "mnist · hidden_units=[64,32], seed=1", "mnist · hidden_units=[128,64], seed=1",
        "mnist · hidden_units=[64,32], seed=2"]
    # a recipe no other run shares is its own label; identical recipes are numbered
    assert run_labels(["mnist", "fashion-mnist", "mnist"], [{"seed": 1}, {"seed": 9}, {"seed": 1}]
                      ) == ["mnist #1", "fashion-mnist", "mnist #2"]
    # two differing keys with one last part are named in full
    assert run_labels(["t", "t"], [{"model": {"l2": 0.0}, "head": {"l2": 0.1}},
                                   {"model": {"l2": 0.1}, "head": {"l2": 0.1}}]
                      ) == ["t · l2=0.0", "t · l2=0.1"]
    assert run_labels(["t", "t"], [{"model": {"l2": 0.0}, "head": {"l2": 0.1}},
                                   {"model": {"l2": 0.1}, "head": {"l2": 0.0}}]
                      ) == ["t · model.l2=0.0, head.l2=0.1", "t · model.l2=0.1, head.l2=0.0"]


def test_comparison_labels_runs_by_what_differs_and_says_which_generalises_better(tmp_path):
    small = _toy_run(tmp_path, "toy-20250101T000000Z", hidden_units=[64, 32], test_loss=0.35,
                     onset=None, parameters=4500)
    deep = _toy_run(tmp_path, "toy-20250102T000000Z", hidden_units=[128, 64], test_loss=0.41,
                    onset=3, parameters=12000)
    out = tmp_path / "compare" / "compare.html"
    assert build_comparison([small, deep], out) == out
    page = out.read_text(encoding="utf-8")
    assert "toy · hidden_units=[64,32]" in page and "toy · hidden_units=[128,64]" in page
    assert "toy-20250101T000000Z /" not in page  # never the folder's name as a label
    differs = _section(page, "differences")
    assert re.search(r"<code>model.hidden_units</code></td><td class=\"value\">\[64,32\]</td>"
                     r"<td class=\"value\">\[128,64\]</td>", differs)
    assert "model.name" not in differs  # the same in both: not a difference
    assert _section(page, "verdict").count("generalises better than") == 1
    assert ("toy · hidden_units=[64,32] generalises better than toy · hidden_units=[128,64]: "
            "lower test loss (0.3500 vs 0.4100); although the gap between its training and "
            "validation loss at its best epoch is larger (0.2000 vs -0.0333); its validation loss "
            "never turned up, "
            "while the other&#39;s rose after epoch 3; with fewer parameters (4,500 vs 12,000)."
            ) in page
    assert page.count("data:image/png;base64,") == 1  # one metric, one chart
    metrics = _section(page, "metrics")
    assert "4,500" in metrics and "12,000" in metrics
    models = _section(page, "models")
    assert f"No model.keras in {small}: 4,500 parameters" in models
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert [p.name for p in out.parent.iterdir()] == ["compare.html"]


def test_a_sweeps_comparison_judges_by_validation_loss_where_test_loss_disagrees(tmp_path):
    # The first run has the lower test loss, the second the lower validation loss.
    first = _toy_run(tmp_path, "toy-20250101T000000Z", hidden_units=[64, 32], test_loss=0.35,
                     onset=None, parameters=4500, validation_loss=0.40)
    second = _toy_run(tmp_path, "toy-20250102T000000Z", hidden_units=[128, 64], test_loss=0.41,
                      onset=None, parameters=12000, validation_loss=0.25)
    by_test = _section(build_comparison([first, second], tmp_path / "a.html").read_text(
        encoding="utf-8"), "verdict")
    by_validation = _section(build_comparison(
        [first, second], tmp_path / "b.html", by_test=False).read_text(encoding="utf-8"), "verdict")
    assert ("toy · hidden_units=[64,32] generalises better than toy · hidden_units=[128,64]: "
            "lower test loss (0.3500 vs 0.4100)") in by_test
    assert ("toy · hidden_units=[128,64] generalises better than toy · hidden_units=[64,32]: "
            "lower validation loss at its best epoch (0.2500 vs 0.4000)") in by_validation
    assert "test loss" not in by_validation


def test_a_kfold_run_is_one_column_of_mean_and_std(tmp_path):
    holdout = _toy_run(tmp_path, "toy-20250101T000000Z", hidden_units=[64, 32], test_loss=0.35,
                       onset=None, parameters=4500)
    out = build_comparison([holdout, _kfold_run(tmp_path)], tmp_path / "compare.html")
    metrics = _section(out.read_text(encoding="utf-8"), "metrics")
    header = metrics[:metrics.index("</tr>")]
    assert header.count("<th class=\"number column\">") == 2
    assert ("toy · 3-fold<span class=\"note\">curve B · 3-fold: mean ± std</span>" in header)
    assert "toy<span class=\"note\">curve A</span>" in header
    assert "fold-1" not in header
    assert "0.3200 ± 0.0200" in metrics  # test loss over the folds 0.30, 0.34, 0.32
    assert "Accuracy 0.8200 ± 0.0100" in metrics or "accuracy 0.8200 ± 0.0100" in metrics
    assert "5, 6, 7" in metrics  # best epochs fold by fold
    assert re.search(r"Final model \(ensemble\): test [Aa]ccuracy</td><td class=\"number\">—</td>"
                     r"<td class=\"number\">0.8456</td>", metrics)


def test_one_chart_per_metric(tmp_path):
    accuracy = _toy_run(tmp_path, "toy-20250101T000000Z", hidden_units=[64, 32], test_loss=0.35,
                        onset=None, parameters=4500)
    other = _toy_run(tmp_path, "toy-20250102T000000Z", hidden_units=[32], test_loss=0.36,
                     onset=None, parameters=3000, metric="top_k_accuracy")
    page = build_comparison([accuracy, other], tmp_path / "c.html").read_text(encoding="utf-8")
    assert _section(page, "curves").count("data:image/png;base64,") == 2


def test_comparison_needs_two_runs(multiclass_run, tmp_path):
    with pytest.raises(UsageError, match="at least two"):
        build_comparison([multiclass_run], tmp_path / "compare.html")


def test_runs_of_different_tasks_are_refused_naming_each_task(multiclass_run, regression_run,
                                                             tmp_path, capsys):
    from fourfold.cli import main

    code = main(["compare", str(multiclass_run), str(regression_run),
                 "--out", str(tmp_path / "compare.html")])
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: Runs of different tasks cannot be compared on one page: {multiclass_run} "
        f"(task multiclass); {regression_run} (task regression). Their losses and metrics "
        "measure different things; compare runs of one task.\n")
    assert not (tmp_path / "compare.html").exists()


def test_comparison_refuses_an_incomplete_run(multiclass_run, regression_run, tmp_path):
    (regression_run / layout.METRICS).unlink()
    with pytest.raises(RunFolderError, match=str(regression_run.name)):
        build_comparison([multiclass_run, regression_run], tmp_path / "compare.html")
    assert not (tmp_path / "compare.html").exists()


def test_compare_out_onto_a_folder_is_exit_2_naming_it(multiclass_run, two_model_run, tmp_path,
                                                       capsys):
    from fourfold.cli import main

    folder = tmp_path / "pages"
    folder.mkdir()
    code = main(["compare", str(multiclass_run), str(two_model_run), "--out", str(folder)])
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: {folder} is a folder; give the path of a file to write (for example "
        f"{folder / 'compare.html'}).\n")


def test_models_of_a_run_with_several_are_columns_of_their_own(multiclass_run, two_model_run,
                                                                tmp_path):
    page = build_comparison([multiclass_run, two_model_run], tmp_path / "c.html"
                            ).read_text(encoding="utf-8")
    header = _section(page, "metrics")
    # one recipe (toy) in both metrics.json files: the configs' names tell them apart
    for label in ("toy · name=toy<span", "toy · name=fashion / dense-64-32",
                  "toy · name=fashion / dense-128-128-32"):
        assert label in header
