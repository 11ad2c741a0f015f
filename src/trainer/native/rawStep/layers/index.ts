import type { RawLayerFactory } from '../types';
import { averagePooling2d, conv2d, maxPooling2d } from './conv';
import { dense } from './dense';
import { embedding } from './embedding';
import { activation, concatenate, dropout, flatten, globalAveragePooling1d, repeatVector, reshape } from './reshaping';

/** tfjs class name → raw kernel. Layers not listed run their backward on the tape. */
const RAW_LAYERS: Record<string, RawLayerFactory> = {
  Dense: dense,
  Conv2D: conv2d,
  MaxPooling2D: maxPooling2d,
  AveragePooling2D: averagePooling2d,
  Activation: activation,
  Dropout: dropout,
  Flatten: flatten,
  Reshape: reshape,
  Embedding: embedding,
  GlobalAveragePooling1D: globalAveragePooling1d,
  RepeatVector: repeatVector,
  Concatenate: concatenate,
  TimeDistributed: (layer, kc) => {
    // Dense already applies to the last axis of any rank, which is what TimeDistributed(Dense) means.
    const inner = (layer as unknown as { layer: typeof layer }).layer;
    if (inner.getClassName() !== 'Dense') return { unsupported: `TimeDistributed(${inner.getClassName()})` };
    return dense(inner, kc);
  },
};

export function rawLayerFactory(className: string): RawLayerFactory | null {
  return RAW_LAYERS[className] ?? null;
}
