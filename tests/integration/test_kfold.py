"""K-fold on any recipe: a fresh model per fold, the same numbers whatever --jobs; the run
is one result (the folds' ensemble or a refit model, mean ± std), and predict averages the
folds."""

from __future__ import annotations

import json

import pytest

from fourfold import api
from fourfold.recipes import load_recipe

pytestmark = [pytest.mark.slow]


@pytest.mark.xdist_group("kfold-mnist")
def test_mnist_kfold_jobs_1_and_2_give_the_same_folds(tmp_path):
    """`fourfold run mnist --kfold 3 --epochs 2` on the embedded MNIST copy."""
    recipe = load_recipe("mnist", updates={"kfold.n_splits": 3, "training.epochs": 2})
    serial = api.run(recipe, out=tmp_path / "serial", show_progress=False, build_report=False)
    parallel = api.run(recipe, out=tmp_path / "parallel", show_progress=False,
                       build_report=False, jobs=2)
    assert serial.metrics["kfold"]["folds"] == parallel.metrics["kfold"]["folds"]
    folds = serial.metrics["kfold"]["folds"]
    assert [row["fold"] for row in folds] == [1, 2, 3]
    assert all(row["test"]["accuracy"] > 0.9 for row in folds)
    # Stratified folds over the 60,000 training rows: each held-out fold has 20,000.
    assert [m["name"] for m in serial.metrics["members"]][-1] == "ensemble"
    for member in serial.metrics["members"][:-1]:  # the folds; the ensemble is the run itself
        metrics = json.loads((serial.run_dir / member["dir"] / "metrics.json").read_text())
        assert metrics["data"]["validation"] == 20000 and metrics["data"]["train"] == 40000
        assert (serial.run_dir / member["dir"] / "model.keras").is_file()
    headline = serial.metrics["headline"]
    assert headline["value"] == pytest.approx(
        sum(row["test"]["accuracy"] for row in folds) / 3)


# --- K-fold is one result: the ensemble (or refit) model, not a primary fold ----------------

def _table_split(frame):
    """The rows an own-table run tests on: the loader's stratified 80/20 split, seed 777."""
    import numpy as np
    from sklearn.model_selection import train_test_split

    _, test = train_test_split(np.arange(len(frame)), test_size=0.2, random_state=777,
                               stratify=frame["churn"].astype(str))
    return np.sort(test)


@pytest.fixture(scope="module")
def customers_kfold(tmp_path_factory):
    """`fourfold run customers.csv --target churn --kfold 3 --epochs 2` (SYNTHETIC table)."""
    import pandas as pd

    from fourfold.cli import main
    from tests.support.tables import customers

    folder = tmp_path_factory.mktemp("kfold-table")
    table = folder / "customers.csv"
    customers(150).to_csv(table, index=False)
    out = folder / "runs"
    with pytest.MonkeyPatch.context() as patch:  # this module's own run index, never the user's
        patch.setenv("FOURFOLD_HOME", str(folder / "home"))
        patch.setenv("FOURFOLD_CACHE", str(folder / "home" / "cache"))
        code = main(["run", str(table), "--target", "churn", "--kfold", "3", "--epochs", "2",
                     "--out", str(out), "--quiet"])
    assert code == 0
    return folder, pd.read_csv(table), next(out.iterdir())


@pytest.mark.xdist_group("kfold-table")
def test_a_kfold_run_is_its_ensemble_with_mean_and_std(customers_kfold):
    import numpy as np

    _, frame, run_dir = customers_kfold
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["primary"] == metrics["model"] == "ensemble"
    assert [m["name"] for m in metrics["members"]] == ["fold-1", "fold-2", "fold-3", "ensemble"]
    kfold = metrics["kfold"]
    assert kfold["final"] == "ensemble"
    # Whole-data sizes, and each fold's: every training row held out exactly once.
    train_rows, test_rows = 120, 30
    assert (metrics["data"]["train"], metrics["data"]["validation"],
            metrics["data"]["test"]) == (train_rows, 0, test_rows)
    assert kfold["sizes"]["train"] == train_rows and kfold["sizes"]["test"] == test_rows
    assert sum(fold["validation"] for fold in kfold["sizes"]["folds"]) == train_rows
    assert all(fold["train"] + fold["validation"] == train_rows
               for fold in kfold["sizes"]["folds"])
    headline = metrics["headline"]
    assert headline["name"] == "log_loss"  # binary's headline
    values = [fold["test"]["log_loss"] for fold in kfold["folds"]]
    assert headline["value"] == pytest.approx(np.mean(values))
    assert headline["std"] == pytest.approx(np.std(values, ddof=1))
    # The ensemble's score is the task's on the mean of the folds' saved test probabilities.
    saved = pd_read(run_dir / "predictions.csv")
    folds = [pd_read(run_dir / "folds" / f"fold-{k}" / "predictions.csv") for k in (1, 2, 3)]
    mean = np.mean([fold["p_yes"].to_numpy() for fold in folds], axis=0)
    np.testing.assert_allclose(saved["p_yes"], mean, rtol=1e-6, atol=1e-9)
    assert kfold["ensemble_test"]["accuracy"] == pytest.approx(
        float((saved["predicted"] == saved["true"]).mean()))
    assert metrics["test"]["accuracy"] == kfold["ensemble_test"]["accuracy"]


def pd_read(path):
    import pandas as pd

    return pd.read_csv(path)


@pytest.mark.xdist_group("kfold-table")
def test_predict_on_a_kfold_run_averages_the_folds(customers_kfold, capsys):
    import numpy as np

    import fourfold
    from fourfold.cli import main

    folder, frame, run_dir = customers_kfold
    saved = pd_read(run_dir / "predictions.csv")
    inputs = folder / "test-rows.csv"
    rows = frame.iloc[_table_split(frame)].drop(columns="churn")
    rows.to_csv(inputs, index=False)
    out = folder / "predicted.csv"
    capsys.readouterr()
    assert main(["predict", str(run_dir), str(inputs), "--out", str(out)]) == 0
    assert "Averaged over the 3 fold models (kfold.final: ensemble)" in capsys.readouterr().err
    predicted = pd_read(out)
    assert predicted["predicted"].tolist() == saved["predicted"].tolist()
    np.testing.assert_allclose(predicted["p_yes"], saved["p_yes"], rtol=1e-5, atol=1e-7)
    # The Python API predicts as the CLI does.
    model = fourfold.load(run_dir)
    assert model.averaged == 3 and len(model.keras_models) == 3 and model.keras_model is None
    np.testing.assert_allclose(model.predict_proba(rows)[:, 1], saved["p_yes"],
                               rtol=1e-5, atol=1e-7)
    assert model.predict(rows).tolist() == saved["predicted"].tolist()


@pytest.mark.xdist_group("kfold-table")
def test_runs_shows_a_kfold_headline_as_mean_and_std(customers_kfold, capsys, monkeypatch):
    from fourfold.cli import main
    from fourfold.cli.runs_command import _headline
    from fourfold.runs.index import list_runs

    folder, _, run_dir = customers_kfold
    monkeypatch.setenv("FOURFOLD_HOME", str(folder / "home"))
    metrics = json.loads((run_dir / "metrics.json").read_text())
    mean, std = metrics["headline"]["value"], metrics["headline"]["std"]
    [record] = list_runs()
    assert _headline(record) == f"log_loss {mean:.4f} ± {std:.4f}"  # the table's cell
    capsys.readouterr()
    assert main(["runs"]) == 0
    assert "±" in capsys.readouterr().out  # the table may fold the cell in a narrow terminal


@pytest.mark.xdist_group("kfold-refit")
def test_kfold_final_refit_trains_one_more_model_that_predict_uses(tmp_path, capsys):
    import numpy as np

    import fourfold
    from fourfold.cli import main
    from tests.support.tables import customers

    table = tmp_path / "customers.csv"
    frame = customers(120)
    frame.to_csv(table, index=False)
    out = tmp_path / "runs"
    assert main(["run", str(table), "--target", "churn", "--kfold", "2", "--epochs", "2",
                 "--set", "kfold.final=refit", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Refit model on the training rows (kfold.final: refit), test log_loss:" in printed
    assert "± " in printed
    run_dir = next(out.iterdir())
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["primary"] == "refit" and metrics["kfold"]["final"] == "refit"
    refit = next(m for m in metrics["members"] if m["name"] == "refit")
    assert refit["dir"] == "refit" and (run_dir / "refit" / "model.keras").is_file()
    sizes = metrics["kfold"]["sizes"]
    assert sizes["refit"]["train"] + sizes["refit"]["validation"] == sizes["train"] == 96
    own = json.loads((run_dir / "refit" / "metrics.json").read_text())
    assert metrics["kfold"]["ensemble_test"]["accuracy"] == own["test"]["accuracy"]
    saved = pd_read(run_dir / "refit" / "predictions.csv")
    rows = frame.iloc[_table_split(frame)].drop(columns="churn")
    model = fourfold.load(run_dir)
    assert model.averaged == 0 and model.keras_model is not None
    np.testing.assert_allclose(model.predict_proba(rows)[:, 1], saved["p_yes"],
                               rtol=1e-5, atol=1e-7)


@pytest.mark.xdist_group("kfold-table")
def test_the_kfold_report_shows_the_ensemble_never_a_fold(customers_kfold):
    _, _, run_dir = customers_kfold
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "No fold is the model: the sections below show the ensemble" in page
    assert "The sections below show the primary model" not in page
