/**
 * The run-independent part of an exported Python script: everything below the
 * constants `pythonScript` writes. Plain Keras 2 (TensorFlow 2.x) and NumPy.
 * Kept as one literal so the script reads as a whole; `String.raw` keeps its
 * backslashes as Python sees them.
 */
export const PYTHON_SCRIPT_BODY = String.raw`
# Keras 2 logs "accuracy" where LayerLab (like the tutorial's Keras 1) says "acc".
KERAS_METRICS = {"accuracy": "accuracy", "mean_squared_error": "mse", "mean_absolute_error": "mae"}


def keras_log_name(name):
    return re.sub(r"(^|_)acc$", r"\1accuracy", name)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--strategy", choices=["default", "mirrored", "multiworker"], default="default",
                   help="tf.distribute strategy: one device, all local GPUs, or the workers TF_CONFIG names")
    p.add_argument("--epochs", type=int, default=EPOCHS)
    p.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                   help="samples per replica per step; the global batch is this times the replicas")
    p.add_argument("--data", default=None, help="the .npz, or the folder holding " + DATA_FILE + " (default: beside this script)")
    p.add_argument("--max-steps", type=int, default=None,
                   help="smoke run: only the first N global batches of every split")
    p.add_argument("--checkpoints", default="checkpoints", help="folder for checkpoint weights (.h5)")
    return p.parse_args()


def make_strategy(name):
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()
    return tf.distribute.get_strategy()


def is_chief():
    """Only the chief writes checkpoints where asked; other workers write to a scratch folder."""
    config = json.loads(os.environ.get("TF_CONFIG", "{}"))
    task = config.get("task")
    if not task:
        return True
    if "chief" in config.get("cluster", {}):
        return task.get("type") == "chief"
    return task.get("type") == "worker" and task.get("index", 0) == 0


def load_data(path):
    if path is None:
        path = os.path.dirname(os.path.abspath(__file__))
    if os.path.isdir(path):
        path = os.path.join(path, DATA_FILE)
    arrays = np.load(path)

    def split(names):
        return None if names is None else ([arrays[n] for n in names["x"]], [arrays[n] for n in names["y"]])

    ranges = arrays[DATA["tutorial_batches"]] if DATA["tutorial_batches"] else None
    return split(DATA["train"]), split(DATA["test"]), ranges


def one(arrays):
    return arrays[0] if len(arrays) == 1 else arrays


def rows(split, start, end):
    xs, ys = split
    return one([a[start:end] for a in xs]), one([a[start:end] for a in ys])


def head(split, count):
    return None if split is None or count is None else ([a[:count] for a in split[0]], [a[:count] for a in split[1]])


def make_optimizer():
    o = OPTIMIZER
    if o["kind"] == "adadelta":
        return tf.keras.optimizers.Adadelta(learning_rate=o["learning_rate"], rho=o["rho"], epsilon=o["epsilon"])
    if o["kind"] == "rmsprop":
        return tf.keras.optimizers.RMSprop(learning_rate=o["learning_rate"], rho=o["rho"], epsilon=o["epsilon"])
    if o["kind"] == "adam":
        return tf.keras.optimizers.Adam(learning_rate=o["learning_rate"], epsilon=o["epsilon"])
    return tf.keras.optimizers.SGD(learning_rate=o["learning_rate"])


def build_model():
    model = tf.keras.models.model_from_json(MODEL_JSON)
    outputs = {o["layer"]: o for o in OUTPUTS}
    names = model.output_names
    model.compile(optimizer=make_optimizer(),
                  loss=[outputs[n]["loss"] for n in names],
                  loss_weights=[outputs[n]["weight"] for n in names],
                  metrics=[[KERAS_METRICS[m] for m in outputs[n]["metrics"]] for n in names])
    return model


def make_callbacks(checkpoint_dir):
    callbacks = []
    if CHECKPOINT_EVERY:
        os.makedirs(checkpoint_dir, exist_ok=True)
        # period: every N epochs (Keras 2 still honours it; save_freq counts batches).
        callbacks.append(tf.keras.callbacks.ModelCheckpoint(
            os.path.join(checkpoint_dir, "epoch-{epoch:04d}.h5"), save_weights_only=True, period=CHECKPOINT_EVERY))
    if CHECKPOINT_BEST:
        os.makedirs(checkpoint_dir, exist_ok=True)
        callbacks.append(tf.keras.callbacks.ModelCheckpoint(
            os.path.join(checkpoint_dir, "best.h5"), monitor=keras_log_name(MONITOR), save_best_only=True,
            save_weights_only=True))
    if EARLY_STOPPING:
        callbacks.append(tf.keras.callbacks.EarlyStopping(
            monitor=keras_log_name(MONITOR), patience=EARLY_STOPPING["patience"],
            min_delta=EARLY_STOPPING["min_delta"], restore_best_weights=EARLY_STOPPING["restore_best"]))
    return callbacks


def fit_shuffled(model, train, validation, epochs, batch_size, callbacks):
    kwargs = {}
    if validation is not None:
        kwargs["validation_data"] = (one(validation[0]), one(validation[1]))
    elif VALIDATION == "split" and VALIDATION_SPLIT > 0:
        kwargs["validation_split"] = VALIDATION_SPLIT
    model.fit(one(train[0]), one(train[1]), batch_size=batch_size, epochs=epochs, shuffle=True,
              callbacks=callbacks, verbose=2, **kwargs)


def fit_tutorial(model, train, ranges, validation, epochs, batch_size, callbacks, max_steps):
    """The tutorial's loop: train_on_batch over its generator's batches, in order, one pass per epoch."""
    hooks = tf.keras.callbacks.CallbackList(callbacks, model=model)
    hooks.on_train_begin()
    steps = 0
    for epoch in range(epochs):
        hooks.on_epoch_begin(epoch)
        sums, seen = {}, 0
        for start, end in ranges:
            if max_steps is not None and steps >= max_steps:
                break
            logs = model.train_on_batch(*rows(train, int(start), int(end)), return_dict=True)
            for k, v in logs.items():
                sums[k] = sums.get(k, 0.0) + float(v)
            seen, steps = seen + 1, steps + 1
        logs = {k: v / max(seen, 1) for k, v in sums.items()}
        if validation is not None:
            evaluated = model.evaluate(one(validation[0]), one(validation[1]), batch_size=batch_size, verbose=0,
                                       return_dict=True)
            logs.update({"val_" + k: v for k, v in evaluated.items()})
        print("Epoch %d/%d - %s" % (epoch + 1, epochs, " - ".join("%s: %.4f" % kv for kv in logs.items())), flush=True)
        hooks.on_epoch_end(epoch, logs)
        if model.stop_training or (max_steps is not None and steps >= max_steps):
            break
    hooks.on_train_end()


def main():
    args = parse_args()
    # MultiWorkerMirroredStrategy must exist before any other TensorFlow op.
    strategy = make_strategy(args.strategy)
    replicas = strategy.num_replicas_in_sync
    global_batch = args.batch_size * replicas
    train, test, ranges = load_data(args.data)
    limit = None if args.max_steps is None else args.max_steps * global_batch
    if ranges is None or BATCHING != "tutorial":
        train = head(train, limit) or train
    validation = (head(test, limit) or test) if VALIDATION == "test" else None
    with strategy.scope():
        model = build_model()
    print("Total params: %d" % model.count_params(), flush=True)
    print("Strategy: %s, %d replica(s), global batch %d" % (type(strategy).__name__, replicas, global_batch), flush=True)
    checkpoint_dir = args.checkpoints if is_chief() else tempfile.mkdtemp()
    callbacks = make_callbacks(checkpoint_dir)
    if BATCHING == "tutorial" and ranges is not None:
        fit_tutorial(model, train, ranges, validation, args.epochs, global_batch, callbacks, args.max_steps)
    else:
        fit_shuffled(model, train, validation, args.epochs, global_batch, callbacks)
    if TEST_AFTER_TRAINING and test is not None:
        count = TEST_LIMIT if limit is None else min(limit, TEST_LIMIT or limit)
        xs, ys = head(test, count) or test
        result = model.evaluate(one(xs), one(ys), batch_size=global_batch, verbose=0, return_dict=True)
        print("Test: " + " - ".join("%s: %.4f" % kv for kv in result.items()), flush=True)


if __name__ == "__main__":
    main()
`;
