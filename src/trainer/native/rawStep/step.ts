import type * as TF from '@tensorflow/tfjs';
import { runHead } from './heads';
import type { RawStepPlan } from './plan';
import type { LayerForward } from './types';

export interface RawStepResult {
  /** The total loss, then each output's loss when there are several, then each output's metrics: tfjs' train-function order. */
  values: TF.Scalar[];
  /** Gradient per trainable variable, by the tfjs variable's name. */
  gradients: TF.NamedTensorMap;
}

/** Forward and backward of one batch in raw ops. `data` is inputs then targets, as tfjs' train function gets them. */
export function rawForwardBackward(plan: RawStepPlan, data: TF.Tensor[]): RawStepResult {
  const { ops } = plan.kc;
  const values = new Map<number, TF.Tensor>();
  plan.inputs.forEach((id, i) => values.set(id, data[i]!));
  const forwards: LayerForward[] = plan.layers.map((planned) => {
    const forward = planned.kernel.forward(
      planned.inputs.map((id) => values.get(id)!),
      { training: true, needsInputGradient: planned.needsInputGradient },
    );
    values.set(planned.output, forward.output);
    return forward;
  });

  const targets = data.slice(plan.inputs.length);
  const heads = plan.heads.map((head, i) => ({ head, result: runHead(plan.kc, head.spec, forwards[head.producer]!, targets[i]!, head.units) }));

  const gradients: TF.NamedTensorMap = {};
  const flowing = new Map<number, TF.Tensor>();
  const add = (id: number, gradient: TF.Tensor) => {
    const before = flowing.get(id);
    flowing.set(id, before ? ops.op('AddV2', [before, gradient]) : gradient);
  };
  const fromLogits = new Map<number, TF.Tensor>();
  for (const { head, result } of heads) {
    if ('logits' in result.gradient) fromLogits.set(head.producer, result.gradient.logits);
    else add(plan.layers[head.producer]!.output, result.gradient.output);
  }
  for (let i = plan.layers.length - 1; i >= 0; i--) {
    const planned = plan.layers[i]!;
    if (!planned.hasGradient) continue;
    const dLogits = fromLogits.get(i);
    const incoming = flowing.get(planned.output);
    if (!dLogits && !incoming) continue;
    const grads = dLogits ? forwards[i]!.logits!.backward(dLogits) : forwards[i]!.backward(incoming!);
    planned.layer.trainableWeights.forEach((weight, w) => {
      gradients[(weight.read() as TF.Variable).name] = grads.weights[w]!;
    });
    grads.inputs.forEach((gradient, k) => {
      if (gradient && planned.needsInputGradient[k]) add(planned.inputs[k]!, gradient);
    });
  }

  const losses = heads.map(({ result }) => result.loss);
  const total = losses.length === 1 ? losses[0]! : ops.exec('AddN', [...ops.T, ops.attr.int('N', losses.length)], losses, 1)[0]!;
  const metrics = heads.flatMap(({ result }) => result.metrics);
  return { values: [total, ...(losses.length > 1 ? losses : []), ...metrics] as TF.Scalar[], gradients };
}
