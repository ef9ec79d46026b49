"""The textbook's apparel (multi-label) code, as its chapter runs it, for timing against fourfold.

Settings from SPEC.md: the published train/val/test CSVs, images streamed from
the data frame by ``ImageDataGenerator(rescale=1/255).flow_from_dataframe``
(112x112 RGB, ``class_mode="other"`` over the 11 label columns, batch 32);
Flatten, Dense 128 relu, 64 relu, 11 sigmoid; adam, binary cross-entropy,
binary accuracy; 10 epochs; then predictions on the test set. Two changes only:
the CSVs' Windows-style paths (``./clothes_dataset\\x\\y.jpg``) are turned into
this system's paths, as anyone running the book's code on Linux must do; and
the generator comes from Keras' legacy module, the only place Keras 3 still has it.

Usage: python apparel_textbook.py DATA_DIR OUT_DIR  (KERAS_BACKEND=tensorflow, as in the book).
"""

import os
import sys
import time

import numpy as np
import pandas as pd

data_dir, out_dir = sys.argv[1], sys.argv[2]
epochs = int(os.environ.get("APPAREL_EPOCHS", "10"))
folder = os.path.join(data_dir, "apparel")


def read(name):
    frame = pd.read_csv(os.path.join(folder, "csv_data", "colorinfo", name))
    frame["image"] = [os.path.join(folder, *path.replace("\\", "/").split("/"))
                      for path in frame["image"]]
    return frame


train_df, val_df, test_df = read("train_color.csv"), read("val_color.csv"), read("test_color.csv")

if os.environ.get("KERAS_BACKEND", "tensorflow") == "tensorflow":
    from tensorflow import keras
    from tensorflow.keras.preprocessing.image import ImageDataGenerator
else:
    import keras
    from keras.src.legacy.preprocessing.image import ImageDataGenerator

class_col = ["black", "blue", "brown", "green", "red", "white",
             "dress", "shirt", "pants", "shorts", "shoes"]
batch_size = 32


def get_steps(num_samples, batch_size):
    return -(-num_samples // batch_size)


train_datagen = ImageDataGenerator(rescale=1.0 / 255)
val_datagen = ImageDataGenerator(rescale=1.0 / 255)
train_generator = train_datagen.flow_from_dataframe(
    dataframe=train_df, directory=None, x_col="image", y_col=class_col, target_size=(112, 112),
    color_mode="rgb", class_mode="other", batch_size=batch_size, seed=42)
val_generator = val_datagen.flow_from_dataframe(
    dataframe=val_df, directory=None, x_col="image", y_col=class_col, target_size=(112, 112),
    color_mode="rgb", class_mode="other", batch_size=batch_size, shuffle=True)

model = keras.Sequential([
    keras.Input(shape=(112, 112, 3)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(11, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
started = time.perf_counter()
history = model.fit(train_generator, steps_per_epoch=get_steps(len(train_df), batch_size),
                    validation_data=val_generator,
                    validation_steps=get_steps(len(val_df), batch_size), epochs=epochs, verbose=2)
print(f"fit seconds: {time.perf_counter() - started:.1f}")

test_datagen = ImageDataGenerator(rescale=1.0 / 255)
test_generator = test_datagen.flow_from_dataframe(
    dataframe=test_df, directory=None, x_col="image", y_col=class_col, target_size=(112, 112),
    color_mode="rgb", class_mode="other", batch_size=batch_size, shuffle=False)
scores = model.predict(test_generator, steps=get_steps(len(test_df), batch_size), verbose=0)
truth = test_df[class_col].to_numpy()
predicted = (scores >= 0.5).astype(int)
exact = float(np.mean((predicted == truth).all(axis=1)))
true_positives = float((predicted & truth).sum())
micro_f1 = 2 * true_positives / (predicted.sum() + truth.sum())
print(f"test exact match: {exact:.4f}  micro-F1: {micro_f1:.4f}")
os.makedirs(out_dir, exist_ok=True)
pd.DataFrame(history.history).to_csv(os.path.join(out_dir, "apparel_textbook_history.csv"))
