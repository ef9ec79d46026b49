"""The textbook's Boston housing code (holdout, then 3-fold), for timing against fourfold.

Settings from SPEC.md: Keras' split test_split=0.2, seed=777 (404/102),
standardize with the training rows' mean and std (applied to test too),
validation_split 0.33, Dense 64 relu, 32 relu, 1; adam, mse, mae; 300 epochs,
batch 32; then KFold(3, shuffle=True, random_state=777), a fresh model per
fold, the mean of the folds' test MAE. The only change: the rows come from the
CSV in a data folder (keras.datasets would download them), split exactly as
keras.datasets.boston_housing.load_data(test_split=0.2, seed=777) does.

Usage: python boston_textbook.py DATA_DIR   (KERAS_BACKEND picks the backend).
"""

import os
import sys

import numpy as np
import pandas as pd

frame = pd.read_csv(os.path.join(sys.argv[1], "boston", "boston_house_prices.csv"))
x, y = frame.drop(columns="MEDV").to_numpy("float32"), frame["MEDV"].to_numpy("float32")
indices = np.arange(len(x))
np.random.RandomState(777).shuffle(indices)
x, y = x[indices], y[indices]
split = int(len(x) * 0.8)
x_train, y_train, x_test, y_test = x[:split], y[:split], x[split:], y[split:]

if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
    from tensorflow import keras
else:
    import keras

from sklearn.model_selection import KFold

mean = np.mean(x_train, axis=0)
std = np.std(x_train, axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std


def get_model():
    model = keras.Sequential([
        keras.Input(shape=(13,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    return model


model = get_model()
history = model.fit(x_train, y_train, epochs=300, batch_size=32, validation_split=0.33,
                    verbose=0)
test_mse, test_mae = model.evaluate(x_test, y_test, verbose=0)
print(f"holdout test MAE {test_mae:.4f} MSE {test_mse:.4f}")

kfold = KFold(n_splits=3, shuffle=True, random_state=777)
mae_list = []
for train_index, val_index in kfold.split(x_train):
    x_train_fold, x_val_fold = x_train[train_index], x_train[val_index]
    y_train_fold, y_val_fold = y_train[train_index], y_train[val_index]
    model = get_model()
    model.fit(x_train_fold, y_train_fold, epochs=300, batch_size=32,
              validation_data=(x_val_fold, y_val_fold), verbose=0)
    _, test_mae = model.evaluate(x_test, y_test, verbose=0)
    mae_list.append(test_mae)
print("3-fold test MAE", [round(float(m), 4) for m in mae_list], "mean", float(np.mean(mae_list)))
