"""Users' own tables end to end: scikit-learn's real tables reach what scikit-learn's
linear models reach on the same split; a run predicts its own test rows from a CSV with
its columns in another order; categories, gaps and identifiers; recipes init; K-fold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourfold import api
from fourfold.autorecipe import own_data_recipe
from fourfold.cli import main
from fourfold.runs import layout
from tests.support.tables import customers, sklearn_table

pytestmark = [pytest.mark.slow]


def _split(frame: pd.DataFrame, classification: bool) -> tuple[np.ndarray, np.ndarray]:
    """The rows the run trains and tests on: the loader's 80/20 split, random_state 777."""
    from sklearn.model_selection import train_test_split

    stratify = frame["target"].astype(str) if classification else None
    train, test = train_test_split(np.arange(len(frame)), test_size=0.2, random_state=777,
                                   stratify=stratify)
    return np.sort(train), np.sort(test)


def _linear_model(frame: pd.DataFrame, classification: bool) -> float:
    """scikit-learn's LogisticRegression / Ridge in a Pipeline with StandardScaler, trained
    on the run's training rows: test accuracy, or test MAE."""
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.metrics import accuracy_score, mean_absolute_error
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, y = frame.drop(columns="target"), frame["target"]
    train, test = _split(frame, classification)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=10_000) if classification
                          else Ridge())
    predicted = model.fit(x.iloc[train], y.iloc[train]).predict(x.iloc[test])
    score = accuracy_score if classification else mean_absolute_error
    return float(score(y.iloc[test], predicted))


@pytest.mark.parametrize("name, task, metric", [
    ("breast_cancer", "binary", "accuracy"),
    ("wine", "multiclass", "accuracy"),
    ("diabetes", "regression", "mae"),
])
def test_real_tables_reach_scikit_learns_linear_models(tmp_path, name, task, metric):
    path = sklearn_table(name, tmp_path)
    recipe = own_data_recipe(str(path), target=["target"])
    assert recipe.task == task
    result = api.run(recipe, out=tmp_path / "runs", show_progress=False, build_report=False)
    frame = pd.read_csv(path)
    reference = _linear_model(frame, task != "regression")
    achieved = result.metrics["test"][metric]
    if metric == "mae":
        assert achieved <= reference, (achieved, reference)
    else:
        assert achieved >= reference, (achieved, reference)
    assert result.metrics["data"]["test"] == len(_split(frame, task != "regression")[1])


@pytest.fixture(scope="module")
def customer_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("customers")
    table = folder / "customers.csv"
    customers(600).to_csv(table, index=False)
    out = folder / "runs"
    code = main(["run", str(table), "--target", "churn", "--epochs", "40", "--out", str(out),
                 "--quiet"])
    assert code == 0
    return folder, table, next(out.iterdir())


def test_the_customer_run_learns_and_says_what_it_left_out(customer_run):
    _, _, run_dir = customer_run
    import json

    metrics = json.loads((run_dir / layout.METRICS).read_text())
    assert metrics["task"] == "binary" and metrics["primary"] in ("dense-64-32", "linear")
    assert metrics["test"]["accuracy"] > metrics["baseline"]["accuracy"] + 0.1
    assert any("customer_id is not used: it looks like an identifier" in note
               for note in metrics["data"]["notes"])
    counts = metrics["data"]["train_class_counts"]
    assert len(counts) == 2 and sum(counts) == metrics["data"]["train"]
    report = (run_dir / layout.REPORT).read_text(encoding="utf-8")
    assert "Training rows per class" in report


def test_predict_matches_columns_by_name_and_gives_the_saved_predictions(customer_run, capsys):
    folder, table, run_dir = customer_run
    import json

    metrics = json.loads((run_dir / layout.METRICS).read_text())
    member = next(m for m in metrics["members"] if m["name"] == metrics["primary"])
    saved = pd.read_csv(run_dir / member["dir"] / layout.PREDICTIONS)
    frame = pd.read_csv(table)
    _, test = _split(frame.rename(columns={"churn": "target"}), classification=True)
    shuffled = frame.iloc[test][["shop", "visits", "plan", "city", "age"]]
    shuffled = shuffled.assign(notes="ignored")
    inputs = folder / "new.csv"
    shuffled.to_csv(inputs, index=False)
    out = folder / "predicted.csv"
    assert main(["predict", str(run_dir), str(inputs), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "columns not used by the model, ignored: notes" in err
    predicted = pd.read_csv(out)
    assert predicted["predicted"].tolist() == saved["predicted"].tolist()
    assert np.allclose(predicted["p_yes"], saved["p_yes"], rtol=1e-5, atol=1e-7)


def test_predict_handles_unseen_categories_and_names_a_missing_column(customer_run, capsys):
    folder, _, run_dir = customer_run
    new = folder / "odd.csv"
    pd.DataFrame({"age": [None, 33], "city": ["Gwangju", None], "plan": ["pro", "basic"],
                  "visits": [99, 1], "shop": ["S99", "S01"]}).to_csv(new, index=False)
    assert main(["predict", str(run_dir), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 3 and "p_yes" in out.splitlines()[0]
    pd.DataFrame({"age": [30], "city": ["Seoul"]}).to_csv(new, index=False)
    assert main(["predict", str(run_dir), str(new)]) == 3
    err = capsys.readouterr().err
    assert "lacks column(s) plan, visits, shop, which the model was trained on" in err


def test_an_edited_init_recipe_runs_as_written(tmp_path, capsys):
    table = tmp_path / "customers.csv.gz"
    customers(200).to_csv(table, index=False, compression="gzip")
    assert main(["recipes", "init", str(table), "--target", "churn"]) == 0
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(capsys.readouterr().out.replace("embedding_levels: 20",
                                                      "embedding_levels: 50"))
    out = tmp_path / "runs"
    assert main(["run", str(recipe), "--epochs", "2", "--out", str(out), "--quiet"]) == 0
    run_dir = next(out.iterdir())
    import json

    member = json.loads((run_dir / layout.METRICS).read_text())["members"][0]["dir"]
    record = json.loads((run_dir / member / layout.PREPROCESS).read_text())
    assert record["input"]["kind"] == "frame"
    assert record["scaler"]["embedding_levels"] == 50 and "shop" in record["scaler"]["levels"]


def test_k_fold_on_a_table(tmp_path):
    table = tmp_path / "customers.csv"
    customers(150).to_csv(table, index=False)
    recipe = own_data_recipe(str(table), target=["churn"],
                             updates={"kfold.n_splits": 3, "training.epochs": 2})
    assert recipe.compare_with == []
    result = api.run(recipe, out=tmp_path / "runs", show_progress=False, build_report=False)
    assert [member["name"] for member in result.metrics["members"]] == ["fold-1", "fold-2", "fold-3",
                                                                        "ensemble"]
    assert result.metrics["kfold"]["n_splits"] == 3
