"""The estimators in scikit-learn's tooling on the real data sets: Boston housing in a
Pipeline under GridSearchCV, an MNIST subset and apparel labels under cross_val_score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fourfold.datasets import load_dataset
from fourfold.sklearn import NeuralClassifier, NeuralRegressor

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

#: Photos of the apparel data set used, and the side their thumbnails are shrunk to.
APPAREL_PHOTOS = 450
THUMBNAIL = 12


def test_boston_pipeline_grid_search_over_hidden_units_and_learning_rate(real_data):
    data = load_dataset("boston", real_data("boston"))
    pipeline = make_pipeline(StandardScaler(), NeuralRegressor(epochs=100, batch_size=32,
                                                               random_state=777))
    grid = {"neuralregressor__hidden_units": [(32,), (64, 32)],
            "neuralregressor__learning_rate": [0.001, 0.01]}
    search = GridSearchCV(pipeline, grid, cv=KFold(3, shuffle=True, random_state=777),
                          scoring="neg_mean_absolute_error")
    search.fit(data.x_train, data.y_train)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_params_ in search.cv_results_["params"]
    assert -search.best_score_ < 3.5  # cross-validated MAE, in $1000s
    test_mae = mean_absolute_error(data.y_test, search.predict(data.x_test))
    assert test_mae < 3.0  # the textbook's 300-epoch network: 2.26; predicting the mean: 6+
    assert search.score(data.x_test, data.y_test) == pytest.approx(-test_mae)
    fitted = search.best_estimator_[-1]
    assert fitted.n_features_in_ == 13 and len(fitted.history_["loss"]) == 100


def test_mnist_subset_pipeline_cross_validated(real_data):
    data = load_dataset("mnist", real_data("mnist"))
    x = data.x_train[:3000].reshape(3000, -1).astype(np.float32)
    y = data.y_train[:3000]
    pipeline = make_pipeline(StandardScaler(), NeuralClassifier(epochs=10, random_state=777))
    accuracies = cross_val_score(pipeline, x, y, cv=3)
    assert accuracies.min() > 0.8  # measured 0.86-0.90; the majority class alone: 0.11
    again = cross_val_score(pipeline, x, y, cv=3)
    assert np.array_equal(accuracies, again)  # seeded fits reproduce exactly


def _apparel_thumbnails(folder):
    """The first photos of apparel's training CSV as flattened RGB thumbnails /255, with
    their 11 colour and type labels."""
    from PIL import Image

    table = pd.read_csv(folder / "csv_data/colorinfo/train_color.csv").head(APPAREL_PHOTOS)
    labels = table.drop(columns=["image", "color"])
    rows = []
    for cell in table["image"]:
        with Image.open(folder / cell.replace("\\", "/")) as photo:
            photo = photo.convert("RGB").resize((THUMBNAIL, THUMBNAIL), Image.Resampling.BOX)
            rows.append(np.asarray(photo, dtype=np.float32).ravel() / 255.0)
    return np.stack(rows), labels.to_numpy(dtype=np.int64), list(labels.columns)


def test_apparel_labels_as_a_multilabel_target(real_data):
    x, y, names = _apparel_thumbnails(real_data("apparel") / "apparel")
    assert names[:3] == ["black", "blue", "brown"] and y.shape == (APPAREL_PHOTOS, 11)
    pipeline = make_pipeline(StandardScaler(), NeuralClassifier(epochs=30, random_state=777))
    scores = cross_val_score(pipeline, x, y, cv=KFold(3, shuffle=True, random_state=777),
                             scoring="f1_micro")
    # Every photo has one colour and one type of 11 labels; no labels at all scores 0.
    assert scores.mean() > 0.5  # measured 0.64
    model = pipeline.fit(x[:300], y[:300])[-1]
    assert model.target_type_ == "multilabel-indicator" and model.classes_.tolist() == list(range(11))
    predicted = pipeline.predict(x[300:])
    assert predicted.shape == (APPAREL_PHOTOS - 300, 11) and predicted.dtype == y.dtype
