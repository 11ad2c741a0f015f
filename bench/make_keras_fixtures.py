"""Writes the small Keras files test/fixtures/keras/ holds for the import tests.

Run with the TensorFlow 2.15 venv: bench/.venv/bin/python bench/make_keras_fixtures.py
- tiny_mlp.h5 / tiny_mlp.keras: a Keras 2 MLP, 4 -> Dense(8, relu) -> Dense(3, softmax),
  saved both ways (HDF5 full model and the .keras zip).
- tiny_mlp.json / tiny_mlp_weights.h5: the same model the tutorial's way, `model.to_json()`
  and `model.save_weights()`, for importing a JSON model with a separate weights file.
- tiny_mlp_expected.json: a fixed input and the model's prediction on it, so the
  TypeScript test can check the imported weights give the same numbers in tfjs.
- mixed_kinds.h5 / mixed_kinds.keras / mixed_kinds_weights.h5 / mixed_kinds_expected.json: Keras'
  own saves of a model with the layers whose weights are laid out most intricately (Embedding, Conv1D,
  BatchNormalization, GRU, TimeDistributed(Dense), LSTM, a shorter branch so that Keras' layer order is
  not the order the layers were written in), with random weights and statistics, and its prediction:
  the CI-level check that LayerLab imports them and writes the same file layout.
- keras1_sentiment.json: written by hand in Keras 1's `model.to_json()` form (the
  tutorial's IMDB GRU model), since Keras 1 cannot be installed next to TF 2.15.
"""
import json
import os

import numpy as np
import tensorflow as tf

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'keras')
os.makedirs(OUT, exist_ok=True)

tf.keras.utils.set_random_seed(7)
inputs = tf.keras.Input(shape=(4,), name='features')
hidden = tf.keras.layers.Dense(8, activation='relu', name='hidden')(inputs)
outputs = tf.keras.layers.Dense(3, activation='softmax', name='probabilities')(hidden)
model = tf.keras.Model(inputs, outputs, name='tiny_mlp')
# Non-zero biases, so the test notices a bias landing in the wrong place.
for layer in model.layers[1:]:
    kernel, bias = layer.get_weights()
    layer.set_weights([kernel, np.linspace(-0.5, 0.5, bias.shape[0]).astype('float32')])

model.save(os.path.join(OUT, 'tiny_mlp.h5'))
model.save(os.path.join(OUT, 'tiny_mlp.keras'))
with open(os.path.join(OUT, 'tiny_mlp.json'), 'w') as f:
    f.write(model.to_json())
model.save_weights(os.path.join(OUT, 'tiny_mlp_weights.h5'))

sample = np.array([[0.1, -0.2, 0.3, 0.4], [1.0, 0.5, -1.5, 2.0]], dtype='float32')
with open(os.path.join(OUT, 'tiny_mlp_expected.json'), 'w') as f:
    json.dump({'input': sample.tolist(), 'output': model.predict(sample, verbose=0).tolist()}, f, indent=1)

tf.keras.utils.set_random_seed(11)
L = tf.keras.layers
words = tf.keras.Input(shape=(6,), name='words')
embedded = L.Embedding(20, 8, name='embedding')(words)
x = L.Conv1D(4, 3, padding='same', activation='relu', name='conv1d')(embedded)
x = L.BatchNormalization(name='batch_normalization')(x)
x = L.GRU(5, return_sequences=True, reset_after=False, recurrent_activation='hard_sigmoid', name='gru')(x)
x = L.TimeDistributed(L.Dense(3), name='time_distributed')(x)
x = L.LSTM(2, name='lstm')(x)
side = L.Dense(2, name='side')(L.GlobalAveragePooling1D(name='pool')(embedded))
out = L.Dense(3, activation='softmax', name='out')(L.Add(name='add')([x, side]))
mixed = tf.keras.Model(words, out, name='mixed_kinds')
rng = np.random.default_rng(11)
for layer in mixed.layers:
    layer.set_weights([(rng.uniform(0.5, 1.5, w.shape) if 'moving_variance' in v.name else rng.uniform(-0.5, 0.5, w.shape)).astype('float32')
                       for v, w in zip(layer.weights, layer.get_weights())])
mixed.save(os.path.join(OUT, 'mixed_kinds.h5'))
mixed.save(os.path.join(OUT, 'mixed_kinds.keras'))
mixed.save_weights(os.path.join(OUT, 'mixed_kinds_weights.h5'))
ids = rng.integers(0, 20, size=(3, 6)).astype('float32')
with open(os.path.join(OUT, 'mixed_kinds_expected.json'), 'w') as f:
    json.dump({'input': ids.tolist(), 'output': mixed.predict(ids, verbose=0).tolist(), 'layers': [l.name for l in mixed.layers]}, f, indent=1)

KERAS1_SENTIMENT = {
    'class_name': 'Sequential',
    'keras_version': '1.2.2',
    'config': [
        {'class_name': 'Embedding', 'config': {
            'name': 'embedding_1', 'trainable': True, 'batch_input_shape': [None, 140], 'input_dtype': 'int32',
            'input_dim': 20000, 'output_dim': 100, 'init': 'glorot_uniform', 'input_length': 140,
            'mask_zero': False, 'dropout': 0.0, 'W_regularizer': None, 'activity_regularizer': None,
            'W_constraint': None}},
        {'class_name': 'GRU', 'config': {
            'name': 'gru_1', 'trainable': True, 'output_dim': 128, 'activation': 'tanh',
            'inner_activation': 'hard_sigmoid', 'init': 'glorot_uniform', 'inner_init': 'orthogonal',
            'return_sequences': False, 'go_backwards': False, 'stateful': False, 'unroll': False,
            'consume_less': 'cpu', 'W_regularizer': None, 'U_regularizer': None, 'b_regularizer': None,
            'dropout_W': 0.0, 'dropout_U': 0.0}},
        {'class_name': 'Dropout', 'config': {'name': 'dropout_1', 'trainable': True, 'p': 0.5}},
        {'class_name': 'Dense', 'config': {
            'name': 'dense_1', 'trainable': True, 'output_dim': 1, 'init': 'glorot_uniform',
            'activation': 'sigmoid', 'bias': True, 'W_regularizer': None, 'b_regularizer': None,
            'activity_regularizer': None, 'W_constraint': None, 'b_constraint': None, 'input_dim': 128}},
    ],
}
with open(os.path.join(OUT, 'keras1_sentiment.json'), 'w') as f:
    json.dump(KERAS1_SENTIMENT, f, indent=1)
print('wrote', sorted(os.listdir(OUT)))
