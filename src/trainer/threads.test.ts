import { describe, expect, it } from 'vitest';
import { compileGraph } from '../engine/compile';
import { getTemplate } from '../engine/templates';
import { applyIntraOpThreads, chooseIntraOpThreads, kerasClassNames } from './threads';

function topologyOf(id: string): unknown {
  const compiled = compileGraph(getTemplate(id)!.graph);
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  return compiled.modelTopology;
}

describe('TensorFlow intra-op threads per model', () => {
  it('finds every Keras class, the layer inside TimeDistributed included', () => {
    const names = kerasClassNames(topologyOf('encdec-jaen'));
    expect([...names]).toEqual(expect.arrayContaining(['InputLayer', 'Embedding', 'GRU', 'RepeatVector', 'TimeDistributed', 'Dense', 'Concatenate', 'Activation']));
  });

  it('gives models without convolutions one thread on a 2-CPU machine', () => {
    for (const id of ['mlp-mnist', 'encdec-jaen', 'gru-imdb', 'lstm-lm-alice', 'cbow-alice', 'autoencoder-mnist']) {
      const choice = chooseIntraOpThreads(topologyOf(id), 2, {});
      expect(choice, id).toEqual({ intraOp: 1, reason: '2 CPUs and no convolution: small kernels run faster without handing work between threads' });
    }
  });

  it("keeps TensorFlow's default for convolutions, and on machines it was not measured on", () => {
    expect(chooseIntraOpThreads(topologyOf('cnn-mnist'), 2, {})).toEqual({ intraOp: null, reason: 'TensorFlow default: Conv2D gains from threads even on 2 CPUs' });
    expect(chooseIntraOpThreads(topologyOf('cnn-cifar10'), 1, {}).intraOp).toBeNull();
    expect(chooseIntraOpThreads(topologyOf('mlp-mnist'), 8, {})).toEqual({ intraOp: null, reason: 'TensorFlow default on 8 CPUs' });
  });

  it('lets LAYERLAB_TF_THREADS decide, and respects a TF_NUM_INTRAOP_THREADS the user set', () => {
    const mlp = topologyOf('mlp-mnist');
    expect(chooseIntraOpThreads(mlp, 2, { LAYERLAB_TF_THREADS: 'default' }).intraOp).toBeNull();
    expect(chooseIntraOpThreads(topologyOf('cnn-mnist'), 2, { LAYERLAB_TF_THREADS: ' 3 ' })).toEqual({ intraOp: 3, reason: 'set by LAYERLAB_TF_THREADS' });
    expect(() => chooseIntraOpThreads(mlp, 2, { LAYERLAB_TF_THREADS: 'many' })).toThrow("LAYERLAB_TF_THREADS: expected 'default' or a whole number of threads ≥ 1, got 'many'");
    expect(() => chooseIntraOpThreads(mlp, 2, { LAYERLAB_TF_THREADS: '0' })).toThrow(/got '0'/);
    expect(chooseIntraOpThreads(mlp, 2, { TF_NUM_INTRAOP_THREADS: '2' })).toEqual({ intraOp: null, reason: 'TF_NUM_INTRAOP_THREADS=2 from the environment' });
  });

  it('sets the variable TensorFlow reads when it loads, and nothing for the default', () => {
    const env: NodeJS.ProcessEnv = {};
    applyIntraOpThreads({ intraOp: null, reason: 'default' }, env);
    expect(env).toEqual({});
    applyIntraOpThreads({ intraOp: 1, reason: 'small' }, env);
    expect(env).toEqual({ TF_NUM_INTRAOP_THREADS: '1' });
  });
});
