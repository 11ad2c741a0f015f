import type * as TF from '@tensorflow/tfjs';
import type { RawLayerFactory } from '../types';
import { configOf, reshape, unsupportedExtras, weightValues } from './common';

/**
 * Embedding: a GatherV2 of rows; the gradient is the rows' sum per word id
 * (UnsortedSegmentSum), dense over the vocabulary as tfjs' own gradient is.
 * Word ids get no gradient.
 */
export const embedding: RawLayerFactory = (layer, kc) => {
  const config = configOf(layer);
  if (config.maskZero) return { unsupported: 'mask_zero passes a mask downstream' };
  const extras = unsupportedExtras(config);
  if (extras) return { unsupported: extras };
  const { exec, attr, T } = kc.ops;
  const gatherAttrs = [attr.type('Tparams'), attr.type('Tindices', 'int32'), attr.type('Taxis', 'int32'), attr.int('batch_dims', 0)];
  const segmentAttrs = [...T, attr.type('Tindices', 'int32'), attr.type('Tnumsegments', 'int32')];
  return {
    forward([x]) {
      const [table] = weightValues(layer) as [TF.Tensor];
      const ids = x!.dtype === 'int32' ? x! : exec('Cast', [attr.type('SrcT', 'float32'), attr.type('DstT', 'int32'), attr.bool('Truncate', false)], [x!], 1)[0]!;
      const output = exec('GatherV2', gatherAttrs, [table, ids, kc.constants.int(0)], 1)[0]!;
      const [vocabulary, dims] = table.shape as [number, number];
      const trainable = layer.trainableWeights.length > 0;
      return {
        output,
        backward: (dy) => ({
          inputs: [null],
          weights: trainable ? [exec('UnsortedSegmentSum', segmentAttrs, [reshape(kc, dy, [-1, dims]), reshape(kc, ids, [-1]), kc.constants.int(vocabulary)], 1)[0]!] : [],
        }),
      };
    },
  };
};
