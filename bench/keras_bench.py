"""Keras' side of `npm run bench` (driven by bench/run.mjs).

    bench/.venv/bin/python bench/keras_bench.py --data bench/.cache/data [--steps N] [--only id,id]

Builds the same 11 architectures as src/trainer/networks/*.ts in Keras 2
(same layers, sizes, activations, initialisers, hard-sigmoid recurrent
gates, GRU reset_after=False as tfjs has only that form), compiles them with
the optimizer and loss that LayerLab exported in meta.json, and trains them on
the very arrays LayerLab trains on (bench/layerlab.ts export): one untimed
warm-up `fit` on the first batch, then one timed `fit` (epochs 1,
shuffle False, verbose 0) over `steps` batches. Prints one JSON line per
network.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow import keras  # noqa: E402
from tensorflow.keras import layers  # noqa: E402

GU = "glorot_uniform"


def dense(units, activation=None, **kw):
    return layers.Dense(units, activation=activation, kernel_initializer=GU, bias_initializer="zeros", **kw)


def conv(filters, padding, **kw):
    return layers.Conv2D(filters, 3, strides=1, padding=padding, activation="relu",
                         kernel_initializer=GU, bias_initializer="zeros", data_format="channels_last", **kw)


def rec_args():
    return dict(activation="tanh", recurrent_activation="hard_sigmoid", kernel_initializer=GU,
                recurrent_initializer="orthogonal", bias_initializer="zeros")


def gru(units, **kw):
    return layers.GRU(units, reset_after=False, **rec_args(), **kw)


def lstm(units, **kw):
    return layers.LSTM(units, unit_forget_bias=True, **rec_args(), **kw)


def emb(vocab, dim, length, init=None, **kw):
    init = init or keras.initializers.RandomUniform(-0.05, 0.05)
    return layers.Embedding(vocab, dim, embeddings_initializer=init, input_length=length, **kw)


def mlp_mnist():
    return keras.Sequential([keras.Input((784,)), dense(128, "relu"), layers.Dropout(0.2), dense(10, "softmax")])


def cnn_mnist():
    return keras.Sequential([
        keras.Input((28, 28, 1)), conv(32, "valid"), conv(32, "valid"), layers.MaxPooling2D(2), layers.Dropout(0.25),
        layers.Flatten(), dense(128, "relu"), layers.Dropout(0.5), dense(10, "softmax"),
    ])


def cnn_cifar10():
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        conv(32, "same"), conv(32, "valid"), layers.MaxPooling2D(2), layers.Dropout(0.25),
        conv(64, "same"), conv(64, "valid"), layers.MaxPooling2D(2), layers.Dropout(0.25),
        layers.Flatten(), dense(512, "relu"), layers.Dropout(0.5), dense(10, "softmax"),
    ])


def imdb(recurrent):
    return lambda: keras.Sequential([keras.Input((140,), dtype="int32"), emb(20000, 128, 140), *recurrent(),
                                     layers.Dropout(0.5), dense(1, "sigmoid")])


def lstm_lm_alice():
    return keras.Sequential([keras.Input((10,), dtype="int32"), emb(5000, 128, 10), lstm(128), dense(5000, "softmax")])


def encdec_jaen():
    ja = keras.Input((32,), dtype="int32", name="japanese")
    enc = emb(2500, 256, 32)(ja)
    enc = gru(128)(enc)
    enc = layers.RepeatVector(16)(enc)
    en = keras.Input((16,), dtype="int32", name="english_prefix")
    dec = emb(10000, 256, 16)(en)
    dec = gru(128, return_sequences=True)(dec)
    dec = layers.TimeDistributed(dense(128))(dec)
    merged = layers.Concatenate(axis=-1)([enc, dec])
    merged = gru(256)(merged)
    out = dense(10000, "softmax", name="next_word")(merged)
    return keras.Model([ja, en], out)


def autoencoder_mnist():
    x = keras.Input((784,), name="input_img")
    h = dense(32, "relu", name="encoded")(x)
    return keras.Model(x, dense(784, "sigmoid", name="decoded")(h))


def cbow_alice():
    return keras.Sequential([keras.Input((2,), dtype="int32"), emb(5000, 300, 2, init=GU),
                             layers.GlobalAveragePooling1D(name="context_mean"), dense(5000, "softmax")])


def skipgram_alice():
    def branch(name):
        i = keras.Input((1,), dtype="int32", name=name)
        e = emb(5000, 300, 1, init=GU, name=f"{name}_embedding")(i)
        return i, layers.Reshape((300,))(e)
    wi, wv = branch("word")
    ci, cv = branch("context")
    sim = layers.Dot(axes=1, name="dot")([wv, cv])
    return keras.Model([wi, ci], dense(1, "sigmoid")(sim))


BUILDERS = {
    "mlp-mnist": mlp_mnist,
    "cnn-mnist": cnn_mnist,
    "cnn-cifar10": cnn_cifar10,
    "gru-imdb": imdb(lambda: [gru(128)]),
    "gru2-imdb": imdb(lambda: [gru(128, return_sequences=True), gru(128)]),
    "lstm-imdb": imdb(lambda: [lstm(128)]),
    "lstm-lm-alice": lstm_lm_alice,
    "encdec-jaen": encdec_jaen,
    "autoencoder-mnist": autoencoder_mnist,
    "cbow-alice": cbow_alice,
    "skipgram-alice": skipgram_alice,
}


def optimizer(meta):
    """The optimizer LayerLab compiled with (tfjs class name and config), as its Keras twin."""
    name, c = meta["optimizer"]["className"], meta["optimizer"]["config"]
    O = keras.optimizers
    if name == "SGD":
        return O.SGD(learning_rate=c["learningRate"])
    if name == "Adadelta":
        return O.Adadelta(learning_rate=c["learningRate"], rho=c["rho"], epsilon=c["epsilon"])
    if name == "Adam":
        return O.Adam(learning_rate=c["learningRate"], beta_1=c["beta1"], beta_2=c["beta2"], epsilon=c["epsilon"])
    if name == "RMSProp":
        return O.RMSprop(learning_rate=c["learningRate"], rho=c["decay"], momentum=c.get("momentum", 0.0),
                         epsilon=c["epsilon"], centered=c.get("centered", False))
    raise ValueError(f"unmapped optimizer {name}")


LOSSES = {
    "categoricalCrossentropy": "categorical_crossentropy",
    "sparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "binaryCrossentropy": "binary_crossentropy",
    "meanSquaredError": "mean_squared_error",
}


def read(dirname, a):
    return np.fromfile(os.path.join(dirname, a["file"]), dtype="<" + ("i4" if a["dtype"] == "int32" else "f4")).reshape(a["shape"])


def bench(data_dir, net_id, steps_override, repeats=1):
    d = os.path.join(data_dir, net_id)
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    steps = min(steps_override or meta["steps"], meta["steps"])
    batch = meta["batch"]
    xs = [read(d, a) for a in meta["inputs"]]
    ys = [read(d, a) for a in meta["outputs"]]
    keras.backend.clear_session()
    keras.utils.set_random_seed(1)
    model = BUILDERS[net_id]()
    loss = meta["loss"]
    metrics = ["accuracy"] if "acc" in meta.get("metrics", []) else None
    model.compile(optimizer=optimizer(meta), loss=LOSSES[loss] if isinstance(loss, str) else [LOSSES[l] for l in loss],
                  metrics=metrics)
    one = (lambda ts: ts[0] if len(ts) == 1 else ts)
    cut = (lambda ts, a, b: one([t[a:b] for t in ts]))
    t0 = time.perf_counter()
    model.fit(cut(xs, 0, batch), cut(ys, 0, batch), batch_size=batch, epochs=1, shuffle=False, verbose=0)
    warm = time.perf_counter() - t0
    n = steps * batch
    runs, loss = [], None
    for r in range(max(1, repeats)):  # `repeats` timed fits over the same batches; the median is reported
        t0 = time.perf_counter()
        h = model.fit(cut(xs, batch, batch + n), cut(ys, batch, batch + n), batch_size=batch, epochs=1, shuffle=False,
                      verbose=0)
        runs.append(time.perf_counter() - t0)
        if r == 0:
            loss = float(h.history["loss"][0])
    seconds = sorted(runs)[len(runs) // 2]
    return dict(id=net_id, batch=batch, steps=steps, seconds=seconds, runs=runs, warmupSeconds=warm,
                samplesPerSecond=n / seconds, samplesPerSecondRange=[n / max(runs), n / min(runs)],
                loss=loss, params=int(model.count_params()))


def seqlen(data_dir, lengths, steps):
    """gru-imdb at shorter review lengths (the last L words), seconds per training step."""
    d = os.path.join(data_dir, "gru-imdb")
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    steps = min(steps or 3, meta["steps"])
    batch = meta["batch"]
    x_all, y_all = read(d, meta["inputs"][0]), read(d, meta["outputs"][0])
    out = []
    for length in lengths:
        keras.backend.clear_session()
        model = keras.Sequential([keras.Input((length,), dtype="int32"), emb(20000, 128, length), gru(128),
                                  layers.Dropout(0.5), dense(1, "sigmoid")])
        model.compile(optimizer=optimizer(meta), loss="binary_crossentropy", metrics=["accuracy"])
        x = x_all[:, 140 - length:]
        model.fit(x[:batch], y_all[:batch], batch_size=batch, epochs=1, shuffle=False, verbose=0)
        t0 = time.perf_counter()
        model.fit(x[batch:batch * (steps + 1)], y_all[batch:batch * (steps + 1)], batch_size=batch, epochs=1,
                  shuffle=False, verbose=0)
        out.append(dict(length=length, secondsPerStep=(time.perf_counter() - t0) / steps))
    return dict(id="gru-imdb", batch=batch, steps=steps, lengths=out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--steps", type=int, default=0, help="at most this many timed steps (default: meta.json's)")
    p.add_argument("--only", default="")
    p.add_argument("--repeats", type=int, default=1, help="timed fits per network; the median is reported")
    p.add_argument("--info", action="store_true", help="print versions and threading defaults, then exit")
    p.add_argument("--seqlen", default="", help="comma-separated review lengths: gru-imdb step time per length")
    a = p.parse_args()
    if a.seqlen:
        print(json.dumps(seqlen(a.data, [int(v) for v in a.seqlen.split(",")], a.steps)))
        return
    if a.info:
        print(json.dumps(dict(tensorflow=tf.__version__, keras=__import__("keras").__version__, numpy=np.__version__,
                              intra_op=tf.config.threading.get_intra_op_parallelism_threads(),
                              inter_op=tf.config.threading.get_inter_op_parallelism_threads(),
                              onednn=os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default"))))
        return
    ids = [i for i in (a.only.split(",") if a.only else BUILDERS) if i]
    for net_id in ids:
        try:
            print(json.dumps(bench(a.data, net_id, a.steps, a.repeats)), flush=True)
        except Exception as e:  # keep going: the table shows the error
            print(json.dumps(dict(id=net_id, error=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")), flush=True)


if __name__ == "__main__":
    sys.exit(main())
