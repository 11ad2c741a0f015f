import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KerasModelTopology } from '../../engine/compile';
import type { StoredWeights } from '../../engine/project/weights';
import { loadH5wasm } from './h5File';
import { writeKerasExport } from './kerasExport';

const topology: KerasModelTopology = {
  class_name: 'Model',
  config: {
    name: 'm',
    layers: [
      { name: 'input_1', class_name: 'InputLayer', config: {}, inbound_nodes: [] },
      { name: 'gru', class_name: 'GRU', config: {}, inbound_nodes: [[['input_1', 0, 0, {}]]] },
      { name: 'dense', class_name: 'Dense', config: {}, inbound_nodes: [[['gru', 0, 0, {}]]] },
    ],
    input_layers: [['input_1', 0, 0]],
    output_layers: [['dense', 0, 0]],
  },
  keras_version: 'tfjs-layers 4.22.0',
  backend: 'tensor_flow.js',
};

/** Values 0, 1, 2, … so every tensor's slice is recognisable; stored at an odd offset, as in a project zip. */
function weights(): StoredWeights {
  const specs = [
    { name: 'gru/kernel', shape: [2, 6], dtype: 'float32' as const },
    { name: 'gru/recurrent_kernel', shape: [2, 6], dtype: 'float32' as const },
    { name: 'gru/bias', shape: [6], dtype: 'float32' as const },
    { name: 'dense/kernel', shape: [2, 1], dtype: 'float32' as const },
    { name: 'dense/bias', shape: [1], dtype: 'float32' as const },
    { name: 'optimizer/iterations', shape: [1], dtype: 'float32' as const },
  ];
  const floats = Float32Array.from({ length: 12 + 12 + 6 + 2 + 1 + 1 }, (_, i) => i);
  const padded = new Uint8Array(floats.byteLength + 1);
  padded.set(new Uint8Array(floats.buffer), 1);
  return { specs, data: padded.subarray(1) };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keras-h5-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (value: unknown) => (Array.isArray(value) ? value.map(String) : String(value));

describe('Keras HDF5 export (written and read back with h5wasm)', () => {
  it("writes save_weights()'s layout: layer_names, weight_names, nested float32 datasets with the stored values", async () => {
    const file = path.join(dir, 'w.h5');
    const bytes = await writeKerasExport(file, 'weights-h5', topology, weights());
    expect((await stat(file)).size).toBe(bytes);
    const h5 = await loadH5wasm();
    const f = new h5.File(file, 'r');
    try {
      expect(text(f.attrs.layer_names!.value)).toEqual(['input_1', 'gru', 'dense']);
      expect(f.attrs.backend!.value).toBe('tensorflow');
      expect(f.attrs.keras_version!.value).toBe('2.15.0');
      const gru = f.get('gru') as InstanceType<typeof h5.Group>;
      expect(text(gru.attrs.weight_names!.value)).toEqual(['gru/gru_cell/kernel:0', 'gru/gru_cell/recurrent_kernel:0', 'gru/gru_cell/bias:0']);
      const recurrent = f.get('gru/gru/gru_cell/recurrent_kernel:0') as InstanceType<typeof h5.Dataset>;
      expect(recurrent.shape).toEqual([2, 6]);
      expect(recurrent.dtype).toBe('<f');
      expect(Array.from(recurrent.value as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
      const bias = f.get('dense/dense/bias:0') as InstanceType<typeof h5.Dataset>;
      expect(Array.from(bias.value as Float32Array)).toEqual([32]);
      // Weightless layers keep their group, without weight_names (Keras reads that as none).
      expect(Object.keys((f.get('input_1') as InstanceType<typeof h5.Group>).attrs)).toEqual([]);
    } finally {
      f.close();
    }
  });

  it("writes save()'s layout: model_config is the Keras JSON, the weights under model_weights", async () => {
    const file = path.join(dir, 'm.h5');
    await writeKerasExport(file, 'model-h5', topology, weights());
    const h5 = await loadH5wasm();
    const f = new h5.File(file, 'r');
    try {
      const config = JSON.parse(String(f.attrs.model_config!.value)) as { class_name: string; config: unknown };
      expect(config.class_name).toBe('Functional');
      expect(config.config).toEqual(topology.config);
      expect(text((f.get('model_weights') as InstanceType<typeof h5.Group>).attrs.layer_names!.value)).toEqual(['input_1', 'gru', 'dense']);
      expect((f.get('model_weights/dense/dense/kernel:0') as InstanceType<typeof h5.Dataset>).shape).toEqual([2, 1]);
    } finally {
      f.close();
    }
  });

  it('writes the topology JSON without needing weights', async () => {
    const file = path.join(dir, 'm.json');
    await writeKerasExport(file, 'json', topology, { specs: [], data: new Uint8Array() });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ class_name: 'Functional', keras_version: '2.15.0' });
  });
});
