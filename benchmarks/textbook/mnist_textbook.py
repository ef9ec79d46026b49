"""The textbook's MNIST code, as its chapter runs it, for timing against fourfold.

Settings from SPEC.md: 70/30 train/validation split (random_state=777), pixels
/255 flattened to 784, Dense 64 relu, 32 relu, 10 softmax, adam, categorical
cross-entropy, 30 epochs, batch 128; then test evaluation, the classification
report, and the learning-curve and confusion-matrix plots the chapter draws.
The only change: the IDX files are read from a data folder instead of being
downloaded by keras.datasets (there is no network here).

Usage: python mnist_textbook.py DATA_DIR OUT_DIR   (KERAS_BACKEND picks the backend;
with tensorflow the model is built through tf.keras, as in the book).
"""

import gzip
import os
import sys

import numpy as np


def read_idx(path, offset):
    with gzip.open(path, "rb") as handle:
        return np.frombuffer(handle.read(), np.uint8, offset=offset)


data_dir, out_dir = sys.argv[1], sys.argv[2]
folder = os.path.join(data_dir, "mnist")
x_train = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 28, 28)
y_train = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), 8)
x_test = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 28, 28)
y_test = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"), 8)

if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
    from tensorflow import keras
else:
    import keras

from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import train_test_split

x_train, x_val, y_train, y_val = train_test_split(x_train, y_train, test_size=0.3,
                                                  random_state=777)
num_x_train, num_x_val, num_x_test = x_train.shape[0], x_val.shape[0], x_test.shape[0]
x_train = x_train.reshape((num_x_train, 28 * 28)) / 255
x_val = x_val.reshape((num_x_val, 28 * 28)) / 255
x_test = x_test.reshape((num_x_test, 28 * 28)) / 255

y_train = keras.utils.to_categorical(y_train)
y_val = keras.utils.to_categorical(y_val)
y_test_onehot = keras.utils.to_categorical(y_test)

model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["acc"])
history = model.fit(x_train, y_train, epochs=30, batch_size=128,
                    validation_data=(x_val, y_val), verbose=2)
loss, accuracy = model.evaluate(x_test, y_test_onehot, verbose=0)
results = model.predict(x_test, verbose=0)
print(classification_report(y_test, np.argmax(results, axis=-1)))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

his_dict = history.history
epochs = range(1, len(his_dict["loss"]) + 1)
fig = plt.figure(figsize=(10, 5))
ax1 = fig.add_subplot(1, 2, 1)
ax1.plot(epochs, his_dict["loss"], color="blue", label="train_loss")
ax1.plot(epochs, his_dict["val_loss"], color="orange", label="val_loss")
ax1.legend()
ax2 = fig.add_subplot(1, 2, 2)
ax2.plot(epochs, his_dict["acc"], color="blue", label="train_acc")
ax2.plot(epochs, his_dict["val_acc"], color="orange", label="val_acc")
ax2.legend()
fig.savefig(os.path.join(out_dir, "curves.png"))
matrix = confusion_matrix(y_test, np.argmax(results, axis=-1))
fig = plt.figure(figsize=(7, 7))
plt.imshow(matrix, cmap="Blues")
for i in range(10):
    for j in range(10):
        plt.text(j, i, matrix[i, j], ha="center", va="center")
fig.savefig(os.path.join(out_dir, "confusion.png"))
print(f"test accuracy {accuracy:.4f}")
