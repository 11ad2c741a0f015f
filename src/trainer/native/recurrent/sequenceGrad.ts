import type * as TF from '@tensorflow/tfjs';
import type { SeqOps } from './seqOps';

/** What a sequence kernel's forward returns: its value and how to turn dL/dvalue into dL/dinput. */
export interface SequenceKernel {
  value: TF.Tensor;
  /** One gradient per input, in order; `saved` is what the forward passed to `save`. */
  gradFunc(dy: TF.Tensor, saved: TF.Tensor[]): TF.Tensor[];
}

/**
 * `tf.customGrad` with plain tensor arrays: the forward runs in a tidy scope,
 * whatever the backward needs must go through `save` (tfjs keeps clones of it
 * for the backward pass, which may run after the layer's own tidy scope has
 * ended), and the backward's intermediates are released when it returns.
 */
export function sequenceGrad(
  tf: typeof TF,
  forward: (inputs: TF.Tensor[], save: (tensors: TF.Tensor[]) => void) => SequenceKernel,
): (...inputs: TF.Tensor[]) => TF.Tensor {
  return tf.customGrad((...args: Array<TF.Tensor | TF.GradSaveFunc>) => {
    const save = args[args.length - 1] as TF.GradSaveFunc;
    const inputs = args.slice(0, -1) as TF.Tensor[];
    const kernel = forward(inputs, save);
    return { value: kernel.value, gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => tf.tidy(() => kernel.gradFunc(dy, saved)) };
  });
}

/**
 * The gradient reaching step t's state from the layer's output and from
 * step t + 1 (`fromNext`, null at the last step). With `lastOnly` the output
 * was the last state alone and `dy` is [B, U]: the earlier steps get only
 * `fromNext`, with no addition of zeros.
 */
export function outputGradients(s: SeqOps, dy: TF.Tensor, steps: number, lastOnly: boolean): (t: number, fromNext: TF.Tensor | null) => TF.Tensor {
  if (lastOnly) return (t, fromNext) => (t === steps - 1 || !fromNext ? dy : fromNext);
  const DY = s.unstack(dy, steps);
  return (t, fromNext) => (fromNext ? s.add(fromNext, DY[t]!) : DY[t]!);
}
