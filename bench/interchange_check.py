"""Keras' side of `npm run bench:interchange` (bench/.venv, TensorFlow 2.15).

    bench/.venv/bin/python bench/interchange_check.py --dir DIR/ID

DIR/ID is what bench/interchangeExport.ts wrote for one case: LayerLab's
Keras exports (model.keras.json, model-weights.h5, model.h5, model.keras), inputs and
LayerLab's predictions for them. Loads each export the way a Keras user
would (`model_from_json` + `load_weights`; `load_model` for the full .h5 and
the .keras),
predicts on the same inputs and prints one JSON line: per format whether it
loaded, the largest absolute difference from LayerLab's predictions and
Keras' parameter count, and whether the exported weight names are the ones
Keras' own `save_weights` writes for the model.
"""
import argparse
import json
import os
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import h5py  # noqa: E402
import numpy as np  # noqa: E402
from tensorflow import keras  # noqa: E402


def read(d, a):
    return np.fromfile(os.path.join(d, a["file"]), dtype="<f4").reshape(a["shape"])


def max_diff(model, xs, ys):
    predicted = model.predict(xs if len(xs) > 1 else xs[0], batch_size=32, verbose=0)
    predicted = predicted if isinstance(predicted, list) else [predicted]
    return max(float(np.max(np.abs(p - y))) for p, y in zip(predicted, ys))


def keras_weight_names(model):
    """The weight names Keras itself writes for this model (its own save_weights)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.h5")
        model.save_weights(path)
        with h5py.File(path, "r") as f:
            return [n.decode() if isinstance(n, bytes) else str(n)
                    for layer in f.attrs["layer_names"] for n in f[layer].attrs.get("weight_names", [])]


def attempt(fn):
    try:
        return fn(), None
    except Exception as error:  # noqa: BLE001 - reported per format
        return None, f"{type(error).__name__}: {error}"[:300]


def check(d):
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    files = {k: os.path.join(d, v) for k, v in meta["files"].items()}
    xs = [read(d, a) for a in meta["inputs"]]
    ys = [read(d, a) for a in meta["outputs"]]
    result = {"id": meta["id"], "tfjsParams": meta["tfjsParams"], "exportedParams": meta["exportedParams"], "formats": {}}

    with open(files["json"]) as f:
        text = f.read()
    model, error = attempt(lambda: keras.models.model_from_json(text))
    result["formats"]["json"] = {"loaded": model is not None, "error": error,
                                 "kerasParams": model.count_params() if model else None}
    if model is not None:
        names = keras_weight_names(model)
        result["namesMatch"] = names == meta["weightNames"]
        if not result["namesMatch"]:
            result["kerasWeightNames"] = names
        _, error = attempt(lambda: model.load_weights(files["weights-h5"]))
        result["formats"]["weights-h5"] = {"loaded": error is None, "error": error,
                                           "maxAbsDiff": max_diff(model, xs, ys) if error is None else None}

    keras.backend.clear_session()
    zipped, error = attempt(lambda: keras.models.load_model(files["model-keras"], compile=False))
    result["formats"]["model-keras"] = {"loaded": zipped is not None, "error": error,
                                        "kerasParams": zipped.count_params() if zipped else None,
                                        "maxAbsDiff": max_diff(zipped, xs, ys) if zipped else None}

    keras.backend.clear_session()
    full, error = attempt(lambda: keras.models.load_model(files["model-h5"], compile=False))
    result["formats"]["model-h5"] = {"loaded": full is not None, "error": error,
                                     "kerasParams": full.count_params() if full else None,
                                     "maxAbsDiff": max_diff(full, xs, ys) if full else None}
    if full is not None:
        # Keras' own save of the same network and weights, for LayerLab to import (bench/interchangeImport.ts),
        # with Keras' own predictions on the same inputs.
        _, error = attempt(lambda: full.save(os.path.join(d, "keras-own.h5")))
        result["kerasOwnSave"] = None if error else "keras-own.h5"
        if error is None:
            predicted = full.predict(xs if len(xs) > 1 else xs[0], batch_size=32, verbose=0)
            for i, y in enumerate(predicted if isinstance(predicted, list) else [predicted]):
                np.asarray(y, dtype="float32").tofile(os.path.join(d, f"keras_output_{i}.bin"))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    print(json.dumps(check(parser.parse_args().dir)))


if __name__ == "__main__":
    main()
