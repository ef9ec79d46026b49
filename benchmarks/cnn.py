"""Benchmark: one training step of the apparel-cnn network, by pooling layer, backend and XLA flags.

Each variant runs in its own process (XLA reads ``XLA_FLAGS`` and Keras fixes its backend
once per process), the variants interleaved round after round so that a slow spell of the
machine hits them alike. A process builds the apparel-cnn network (uint8 48x48x3 input,
Rescaling, RandomFlip, 4 x [Conv2D 3x3 + BatchNormalization + ReLU + 2x2 max pooling],
16-32-64-128 filters, global average pooling, Dense 64, dropout, 11 sigmoid), compiles it as
fourfold does (adam, binary cross-entropy, ``steps_per_execution`` 8) and fits random photos
for three epochs of 48 steps; the steady step time is the fastest of the epochs after the
first (which compiles). Run with:

    python benchmarks/cnn.py [--rounds 2] [--only NAME ...] [--bench-python .venv-bench/bin/python]

TensorFlow variants need ``--bench-python`` (an environment with TensorFlow, ``make bench``
builds ``.venv-bench``) and are skipped without it. Results: ``benchmarks/results/cnn.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = 48

#: name -> (pooling, backend, extra environment)
VARIANTS = {
    "jax, MaxPool2x2 (fourfold)": ("fourfold", "jax", {}),
    "jax, keras MaxPooling2D": ("keras", "jax", {}),
    "jax, MaxPool2x2, --xla_cpu_use_onednn=true": (
        "fourfold", "jax", {"XLA_FLAGS": "--xla_cpu_use_onednn=true"}),
    "jax, MaxPool2x2, --xla_cpu_experimental_onednn_custom_call=true": (
        "fourfold", "jax", {"XLA_FLAGS": "--xla_cpu_experimental_onednn_custom_call=true"}),
    "jax, MaxPool2x2, xnn graph fusion greedy": (
        "fourfold", "jax",
        {"XLA_FLAGS": "--xla_cpu_experimental_xnn_graph_fusion_mode=XNN_GRAPH_FUSION_MODE_GREEDY"}),
    "jax, MaxPool2x2, xnn fusion dot,eltwise,reduce": (
        "fourfold", "jax", {"XLA_FLAGS": "--xla_cpu_experimental_xnn_fusion_type=dot,eltwise,reduce"}),
    "jax, MaxPool2x2, --xla_cpu_multi_thread_eigen=false": (
        "fourfold", "jax", {"XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false"}),
    "jax, MaxPool2x2, --xla_cpu_use_xnnpack=false": (
        "fourfold", "jax", {"XLA_FLAGS": "--xla_cpu_use_xnnpack=false"}),
    "jax, MaxPool2x2, batch 64": ("fourfold", "jax", {"BATCH": "64"}),
    "jax, MaxPool2x2, steps_per_execution 1": ("fourfold", "jax", {"SPE": "1"}),
    "tensorflow, keras MaxPooling2D": ("keras", "tensorflow", {}),
}


def child(pooling: str) -> None:
    """One variant in this process: print its timings as one JSON line."""
    import time

    import keras
    import numpy as np

    from fourfold.layers import MaxPool2x2

    batch = int(os.environ.get("BATCH", "32"))
    keras.utils.set_random_seed(1)
    inputs = keras.Input((48, 48, 3), dtype="uint8")
    features = keras.layers.Rescaling(1 / 255)(inputs)
    features = keras.layers.RandomFlip("horizontal")(features)
    for filters in (16, 32, 64, 128):
        features = keras.layers.Conv2D(filters, 3, padding="same")(features)
        features = keras.layers.BatchNormalization()(features)
        features = keras.layers.Activation("relu")(features)
        features = (MaxPool2x2() if pooling == "fourfold" else keras.layers.MaxPooling2D(2))(features)
    features = keras.layers.GlobalAveragePooling2D()(features)
    features = keras.layers.Dropout(0.2)(keras.layers.Dense(64, activation="relu")(features))
    model = keras.Model(inputs, keras.layers.Dense(11, activation="sigmoid")(features))
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="binary_crossentropy",
                  metrics=["binary_accuracy"], steps_per_execution=int(os.environ.get("SPE", "8")))
    rng = np.random.default_rng(0)
    rows = 32 * STEPS
    x = rng.integers(0, 256, (rows, 48, 48, 3), dtype=np.uint8)
    y = (rng.random((rows, 11)) < 0.2).astype("float32")
    seconds: list[float] = []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.started = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            seconds.append(time.perf_counter() - self.started)
            self.loss = float(logs["loss"])

    timer = Timer()
    model.fit(x, y, batch_size=batch, epochs=3, verbose=0, shuffle=False, callbacks=[timer])
    print(json.dumps({"ms_per_32_rows": 1000 * min(seconds[1:]) / STEPS,
                      "epoch_seconds": seconds, "loss": timer.loss}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="variant names (default: all)")
    parser.add_argument("--bench-python", help="a Python with TensorFlow installed")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks/results")
    args = parser.parse_args()
    names = args.only or list(VARIANTS)
    timings: dict[str, list[dict]] = {name: [] for name in names}
    for round_number in range(args.rounds):
        for name in names:
            pooling, backend, extra = VARIANTS[name]
            python = sys.executable if backend == "jax" else args.bench_python
            if python is None:
                continue
            load = Path("/proc/loadavg").read_text().split()[0]
            output = subprocess.run(
                [python, __file__, "--child", pooling], capture_output=True, text=True,
                env={**os.environ, **extra, "KERAS_BACKEND": backend,
                     "TF_CPP_MIN_LOG_LEVEL": "2"}, check=True).stdout
            result = json.loads(output.strip().splitlines()[-1]) | {"load": float(load)}
            timings[name].append(result)
            print(f"[{round_number + 1}/{args.rounds}] {name}: "
                  f"{result['ms_per_32_rows']:.1f} ms per 32 rows (load {load})", flush=True)
    summary = {name: {"median_ms_per_32_rows": statistics.median(
        r["ms_per_32_rows"] for r in runs), "runs": runs} for name, runs in timings.items() if runs}
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "cnn.json").write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
