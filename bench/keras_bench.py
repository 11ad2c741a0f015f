"""Keras' side of `npm run bench` and `npm run fidelity` (bench/.venv, TensorFlow 2.15).

    bench/.venv/bin/python bench/keras_bench.py info
    bench/.venv/bin/python bench/keras_bench.py time --dir DIR/ID --steps N [--seed S]
    bench/.venv/bin/python bench/keras_bench.py fidelity --dir DIR/ID [--out FILE] [--seed S]

DIR/ID is what `bench/layerlab.ts export` wrote for one template. The model is
built with `tf.keras.models.model_from_json` from LayerLab's own model.json
(the Keras topology the app compiles), not re-written by hand; it is compiled
with the template's optimizer (Keras 1's Adadelta defaults: lr 1.0, rho 0.95,
epsilon 1e-6), losses, loss weights and metrics, and trained on the very arrays
LayerLab trains on: `fit` (same batch size, shuffle, validation_split or the
test split as validation_data, as the settings say) or, for the tutorial's
batching, `train_on_batch` over the same [start, end) ranges in order.
Prints one JSON line.
"""
import argparse
import json
import os
import re
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402

# LayerLab's metric names → the string Keras compiles (and logs) them under.
METRICS = {"accuracy": "accuracy", "mean_squared_error": "mse", "mean_absolute_error": "mae"}


def keras_log_name(key):
    """Keras 2 logs `accuracy`; LayerLab (like Keras 1, the tutorial's) logs `acc`."""
    return re.sub(r"(^|_)accuracy$", r"\1acc", key)


def renamed(logs):
    return {keras_log_name(k): float(v) for k, v in logs.items()}


def threads():
    try:
        with open("/proc/self/status") as f:
            return int(re.search(r"^Threads:\s*(\d+)", f.read(), re.M).group(1))
    except (OSError, AttributeError):
        return None


def onednn_enabled():
    """What TensorFlow itself reports (it also reads TF_ENABLE_ONEDNN_OPTS), not the variable."""
    try:
        from tensorflow.python.util import _pywrap_util_port
        return bool(_pywrap_util_port.IsMklEnabled())
    except Exception:  # noqa: BLE001 - private API; the bench reports "unknown"
        return None


def info():
    return dict(tensorflow=tf.__version__, keras=__import__("keras").__version__, numpy=np.__version__,
                intra_op=tf.config.threading.get_intra_op_parallelism_threads(),
                inter_op=tf.config.threading.get_inter_op_parallelism_threads(),
                onednn=onednn_enabled(), onednn_env=os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
                cpus=os.cpu_count())


def read_array(d, a):
    dtype = "<i4" if a["dtype"] == "int32" else "<f4"
    return np.fromfile(os.path.join(d, a["file"]), dtype=dtype).reshape(a["shape"])


def read_split(d, split):
    if not split:
        return None
    return [read_array(d, a) for a in split["xs"]], [read_array(d, a) for a in split["ys"]]


class Exported:
    def __init__(self, d):
        self.dir = d
        with open(os.path.join(d, "meta.json")) as f:
            self.meta = json.load(f)
        with open(os.path.join(d, "settings.json")) as f:
            self.settings = json.load(f)
        with open(os.path.join(d, "model.json")) as f:
            self.model_json = f.read()
        self.train = read_split(d, self.meta["train"])
        self.validation = read_split(d, self.meta.get("validation"))
        self.test = read_split(d, self.meta.get("test"))
        b = self.meta.get("tutorialBatches")
        self.ranges = (np.fromfile(os.path.join(d, b["file"]), dtype="<i4").reshape(-1, 2) if b else None)

    def build(self, seed):
        keras.backend.clear_session()
        keras.utils.set_random_seed(seed)
        model = keras.models.model_from_json(self.model_json)
        o = self.meta["optimizer"]
        opt = {
            "adadelta": lambda: keras.optimizers.Adadelta(learning_rate=o["learningRate"], rho=o["rho"], epsilon=o["epsilon"]),
            "sgd": lambda: keras.optimizers.SGD(learning_rate=o["learningRate"]),
            "adam": lambda: keras.optimizers.Adam(learning_rate=o["learningRate"], epsilon=o["epsilon"]),
            "rmsprop": lambda: keras.optimizers.RMSprop(learning_rate=o["learningRate"], rho=o["rho"], epsilon=o["epsilon"]),
        }[o["kind"]]()
        outs = {out["layer"]: out for out in self.meta["outputs"]}
        names = model.output_names
        model.compile(optimizer=opt,
                      loss=[outs[n]["loss"] for n in names],
                      loss_weights=[outs[n]["weight"] for n in names],
                      metrics=[[METRICS[m] for m in outs[n]["metrics"]] for n in names])
        return model


def one(arrays):
    return arrays[0] if len(arrays) == 1 else arrays


def rows(arrays, a, b):
    return one([t[a:b] for t in arrays])


class BatchTimes(keras.callbacks.Callback):
    """Batch-end timestamps and per-batch logs. Keras 2 logs running means over the epoch: kept as they are."""

    def __init__(self):
        super().__init__()
        self.ends, self.logs = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.ends.append(time.perf_counter())
        self.logs.append(renamed(logs or {}))


def per_batch(running, sizes):
    """Keras' running epoch means back to each batch's own value (both are weighted by samples)."""
    out, seen, total = [], 0, 0.0
    for mean, n in zip(running, sizes):
        now = mean * (seen + n)
        out.append((now - total) / n)
        total, seen = now, seen + n
    return out


def fit_shuffled(model, ex, epochs, count=None, timer=None):
    xs, ys = ex.train
    n = count or len(xs[0])
    s = ex.settings
    kwargs = {}
    if ex.validation:
        kwargs["validation_data"] = (one(ex.validation[0]), one(ex.validation[1]))
    elif s["validation"] == "split" and s["validationSplit"] > 0 and count is None:
        kwargs["validation_split"] = s["validationSplit"]
    cb = timer or BatchTimes()
    history = model.fit(rows(xs, 0, n), rows(ys, 0, n), batch_size=s["batchSize"], epochs=epochs, shuffle=True,
                        verbose=0, callbacks=[cb], **kwargs)
    # Keras, like tfjs, validates on the last share, split off before shuffling.
    train_n = int(n * (1 - kwargs["validation_split"])) if "validation_split" in kwargs else n
    steps = -(-train_n // s["batchSize"])
    sizes = [min(s["batchSize"], train_n - i * s["batchSize"]) for i in range(steps)]
    batches = []
    for e in range(len(cb.logs) // steps):
        chunk = cb.logs[e * steps:(e + 1) * steps]
        losses = per_batch([l.get("loss", float("nan")) for l in chunk], sizes)
        accs = per_batch([l["acc"] for l in chunk], sizes) if chunk and "acc" in chunk[0] else [None] * len(chunk)
        batches += [dict(epoch=e + 1, loss=lo, acc=ac) for lo, ac in zip(losses, accs)]
    epochs_out = [dict(epoch=i + 1, metrics={keras_log_name(k): float(v[i]) for k, v in history.history.items()})
                  for i in range(len(history.history.get("loss", [])))]
    return cb, batches, epochs_out, train_n


def fit_tutorial(model, ex, epochs, steps=None):
    """The tutorial's loop: `train_on_batch` over its generator's batches, one pass per epoch.
    With `steps`, passes repeat until that many batches have trained (as LayerLab's timed run)."""
    xs, ys = ex.train
    if steps is not None:
        epochs = -(-steps // len(ex.ranges))
    ends, batches, epochs_out = [], [], []
    for e in range(epochs):
        sums, seen = {}, 0
        ranges = ex.ranges if steps is None else ex.ranges[:steps - len(ends)]
        for start, end in ranges:
            logs = renamed(model.train_on_batch(rows(xs, start, end), rows(ys, start, end), return_dict=True))
            ends.append(time.perf_counter())
            for k, v in logs.items():
                sums[k] = sums.get(k, 0.0) + v
            seen += 1
            batches.append(dict(epoch=e + 1, loss=logs.get("loss"), acc=logs.get("acc")))
        metrics = {k: v / seen for k, v in sums.items()}
        metrics["loss_sum"] = sums.get("loss", float("nan"))
        if ex.validation:
            ev = model.evaluate(one(ex.validation[0]), one(ex.validation[1]), batch_size=ex.settings["batchSize"],
                                verbose=0, return_dict=True)
            metrics.update({f"val_{k}": v for k, v in renamed(ev).items()})
        epochs_out.append(dict(epoch=e + 1, metrics=metrics))
    return ends, batches, epochs_out, sum(int(b - a) for a, b in ex.ranges)


def time_steps(d, steps, seed):
    """One epoch over the first `steps` batches (validation off, as LayerLab's timed run), batch-end timestamps."""
    ex = Exported(d)
    model = ex.build(seed)
    bs = ex.settings["batchSize"]
    t0 = time.perf_counter()
    if ex.ranges is not None and ex.settings["batching"] == "tutorial":
        ends, batches, _, _ = fit_tutorial(model, ex, 1, steps)
    else:
        ex.validation = None
        cb, batches, _, _ = fit_shuffled(model, ex, 1, count=min(steps * bs, len(ex.train[0][0])))
        ends = cb.ends
    return dict(id=ex.meta["id"], side="keras", batchSize=bs, batching=ex.settings["batching"],
                batchEndMs=[(t - ends[0]) * 1000 for t in ends], batchLosses=[b["loss"] for b in batches],
                params=int(model.count_params()), threads=threads(), seconds=time.perf_counter() - t0, **info())


def fidelity(d, seed):
    ex = Exported(d)
    model = ex.build(seed)
    s = ex.settings
    t0 = time.perf_counter()
    if s["batching"] == "tutorial":
        _, batches, epochs_out, train_n = fit_tutorial(model, ex, s["epochs"])
    else:
        _, batches, epochs_out, train_n = fit_shuffled(model, ex, s["epochs"])
    seconds = time.perf_counter() - t0
    test = None
    if ex.test:
        ev = renamed(model.evaluate(one(ex.test[0]), one(ex.test[1]), batch_size=s["batchSize"], verbose=0,
                                    return_dict=True))
        acc_keys = [k for k in ev if k == "acc" or k.endswith("_acc")]
        test = dict(loss=ev["loss"], accuracy=ev[acc_keys[0]] if acc_keys else None, samples=len(ex.test[0][0]),
                    logs=ev)
    return dict(id=ex.meta["id"], side="keras", seed=seed, params=int(model.count_params()),
                layerlabParams=ex.meta["summaryParams"], epochs=epochs_out, batches=batches, test=test,
                trainSamples=train_n, seconds=seconds, **info())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["info", "time", "fidelity", "params"])
    p.add_argument("--dir")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out")
    a = p.parse_args()
    if a.command == "info":
        result = info()
    elif a.command == "params":
        ex = Exported(a.dir)
        result = dict(id=ex.meta["id"], keras=int(ex.build(a.seed).count_params()), layerlab=ex.meta["summaryParams"])
    elif a.command == "time":
        result = time_steps(a.dir, a.steps, a.seed)
    else:
        result = fidelity(a.dir, a.seed)
    line = json.dumps(result)
    if a.out:
        with open(a.out, "w") as f:
            f.write(line + "\n")
    print(line, flush=True)


if __name__ == "__main__":
    sys.exit(main())
