"""Keras 2.15's ms per training step on the same model, batch and data as bench.mjs.

    bench/.venv/bin/python bench/spikes/compiled-step/keras_step.py [--rounds 4] [--steps 200] [--optimizer new|legacy] [--mode fit|direct]

mlp-mnist: Input(784) -> Dense(128, relu) -> Dropout(0.2) -> Dense(10, softmax), categorical
cross-entropy, accuracy, Adadelta lr 1.0 rho 0.95 eps 1e-6, batch 256, Fashion-MNIST's first training
images scaled to [0, 1]. `fit` runs rounds+1 epochs of `steps` batches (no shuffle); the first epoch
is warm-up (tracing). A step is the time between consecutive `on_train_batch_end` timestamps (the
callback makes Keras turn each batch's logs into Python numbers, i.e. it waits for the step, as the
node side reads the loss), so fit's fixed start/end cost is left out. --optimizer new is
keras.optimizers.Adadelta (2.15's default, update written in TF ops inside the step function);
legacy is keras.optimizers.legacy.Adadelta (one fused ResourceApplyAdadelta per variable, like
LayerLab). --mode direct calls tf.function(model.train_step) on pre-made batch tensors instead of
fit (Keras' compiled step without fit's per-batch Python loop). Prints one JSON line.
"""
import argparse
import gzip
import json
import os
import subprocess
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402

FASHION = "/usr/share/datasets/fashion-mnist"


def data(n):
    with gzip.open(os.path.join(FASHION, "train-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(os.path.join(FASHION, "train-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    reps = -(-n // len(images))
    x = np.tile(images, (reps, 1))[:n].astype(np.float32) / 255.0
    y = keras.utils.to_categorical(np.tile(labels, reps)[:n], 10).astype(np.float32)
    return x, y


class Stamps(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.epochs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append([])

    def on_train_batch_end(self, batch, logs=None):
        self.epochs[-1].append(time.perf_counter())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--optimizer", choices=["new", "legacy"], default="new")
    p.add_argument("--mode", choices=["fit", "direct"], default="fit")
    a = p.parse_args()
    load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    x, y = data(a.steps * a.batch)
    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    opt = (keras.optimizers.Adadelta if a.optimizer == "new" else keras.optimizers.legacy.Adadelta)(
        learning_rate=1.0, rho=0.95, epsilon=1e-6)
    model.compile(optimizer=opt, loss="categorical_crossentropy", metrics=["accuracy"])
    stamps = Stamps()
    if a.mode == "fit":
        hist = model.fit(x, y, batch_size=a.batch, epochs=a.rounds + 1, shuffle=False, verbose=0, callbacks=[stamps])
        losses = [hist.history["loss"][0], hist.history["loss"][-1]]
    else:
        # Keras' own train_step as one tf.function, called on pre-made batch tensors, loss read each
        # step: the compiled step without fit's loop (data adapter, callbacks, logs).
        step = tf.function(model.train_step)
        xb = [tf.constant(x[i:i + a.batch]) for i in range(0, len(x), a.batch)]
        yb = [tf.constant(y[i:i + a.batch]) for i in range(0, len(y), a.batch)]
        losses = []
        for _ in range(a.rounds + 1):
            stamps.on_epoch_begin(0)
            stamps.on_train_batch_end(0)
            for xi, yi in zip(xb, yb):
                logs = step((xi, yi))
                losses.append(float(logs["loss"]))
                stamps.on_train_batch_end(0)
        losses = [losses[0], losses[-1]]
    load_after = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    per_round = []
    all_steps = []
    for ts in stamps.epochs[1:]:
        d = np.diff(np.array(ts)) * 1000.0
        per_round.append(float(np.median(d)))
        all_steps.extend(d.tolist())
    s = np.array(all_steps)
    print(json.dumps(dict(
        side=f"keras {tf.__version__} ({a.optimizer} Adadelta, {a.mode})", batch=a.batch, rounds=a.rounds, steps_per_round=a.steps - 1,
        median=float(np.median(s)), p10=float(np.percentile(s, 10)), p90=float(np.percentile(s, 90)), mean=float(s.mean()),
        round_medians=per_round, loss_first_last=losses,
        intra_op=tf.config.threading.get_intra_op_parallelism_threads(),
        inter_op=tf.config.threading.get_inter_op_parallelism_threads(),
        load_before=load_before, load_after=load_after)))


if __name__ == "__main__":
    main()
