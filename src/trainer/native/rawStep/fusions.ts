import { configOf } from './layers/common';
import { convAttrsOf, poolAttrsOf } from './layers/conv';
import { convReluMaxPool } from './layers/convPool';
import type { PlannedLayer } from './plan';
import type { KernelContext } from './types';

/**
 * Joins runs of planned layers that compute faster as one kernel, where the
 * values between them feed nothing else (and are no model output): today
 * Conv2D → ReLU (its own or an Activation layer) → MaxPooling2D.
 */
export function fuseLayers(kc: KernelContext, layers: PlannedLayer[], modelOutputs: ReadonlySet<number>): PlannedLayer[] {
  const consumers = new Map<number, number>();
  for (const planned of layers) for (const id of planned.inputs) consumers.set(id, (consumers.get(id) ?? 0) + 1);
  const internal = (planned: PlannedLayer) => consumers.get(planned.output) === 1 && !modelOutputs.has(planned.output);
  const out: PlannedLayer[] = [];
  for (let i = 0; i < layers.length; i++) {
    const fused = convReluPool(kc, layers, i, internal);
    if (fused) {
      out.push(fused.layer);
      i += fused.span - 1;
    } else out.push(layers[i]!);
  }
  return out;
}

const className = (planned: PlannedLayer | undefined) => planned?.layer.getClassName();

function convReluPool(kc: KernelContext, layers: PlannedLayer[], i: number, internal: (p: PlannedLayer) => boolean) {
  const conv = layers[i]!;
  if (className(conv) !== 'Conv2D' || conv.how !== 'raw' || !internal(conv)) return null;
  const own = configOf(conv.layer).activation ?? 'linear';
  let span = 1;
  let relu = own === 'relu';
  if (own !== 'relu' && own !== 'linear') return null;
  const next = layers[i + 1];
  if (!relu && className(next) === 'Activation' && configOf(next!.layer).activation === 'relu' && next!.inputs[0] === conv.output && internal(next!)) {
    relu = true;
    span = 2;
  }
  const pool = layers[i + span];
  if (className(pool) !== 'MaxPooling2D' || pool!.inputs[0] !== layers[i + span - 1]!.output) return null;
  const convAttrs = convAttrsOf(kc, configOf(conv.layer));
  const poolAttrs = poolAttrsOf(kc, configOf(pool!.layer));
  if ('unsupported' in convAttrs || 'unsupported' in poolAttrs) return null;
  const names = layers.slice(i, i + span + 1).map((p) => p.layer.name).join(' + ');
  return {
    span: span + 1,
    layer: {
      ...conv,
      output: pool!.output,
      kernel: convReluMaxPool(kc, conv.layer, relu, convAttrs.attrs, poolAttrs.attrs),
      how: `raw (${names} pooled first)`,
    } satisfies PlannedLayer,
  };
}
