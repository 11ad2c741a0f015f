import type * as TF from '@tensorflow/tfjs';
import type { LossName, MetricName } from '../../../engine/training';
import { reshape as reshapeTo } from './layers/common';
import type { KernelContext, LayerForward } from './types';

/** One model output as the plan trains it. */
export interface HeadSpec {
  loss: LossName;
  weight: number;
  metrics: MetricName[];
}

export interface HeadResult {
  /** The output's mean loss, times its weight. */
  loss: TF.Tensor;
  /** Metric values in the order of `HeadSpec.metrics`. */
  metrics: TF.Tensor[];
  /**
   * The loss' gradient: with respect to the logits of a fused softmax or
   * sigmoid (the output then feeds nothing else), or to the output itself.
   */
  gradient: { logits: TF.Tensor } | { output: TF.Tensor };
}

/** Why a loss cannot be computed raw on this output, or null. */
export function headProblem(spec: HeadSpec, fusable: 'softmax' | 'sigmoid' | null): string | null {
  switch (spec.loss) {
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy':
      return fusable === 'softmax' ? null : `${spec.loss} needs a softmax output to start from its logits`;
    case 'binary_crossentropy':
      return fusable === 'sigmoid' ? null : 'binary_crossentropy needs a sigmoid output to start from its logits';
    case 'mean_squared_error':
    case 'mean_absolute_error':
      return null;
  }
}

/**
 * Loss, metrics and the first gradient of one output. Cross-entropies start
 * from the logits: TensorFlow's SoftmaxCrossEntropyWithLogits, and
 * max(z,0) − z·y + log(1 + e^−|z|) for the sigmoid, as Keras 2 computes them
 * (tfjs clips probabilities at 1e-7 instead: equal wherever p > 1e-7).
 */
export function runHead(kc: KernelContext, spec: HeadSpec, forward: LayerForward, target: TF.Tensor, units: number): HeadResult {
  const { op, exec, attr, T } = kc.ops;
  const c = kc.constants;
  const allAxes = (x: TF.Tensor) => c.ints(x.shape.map((_, i) => i));
  const mean = (x: TF.Tensor) => exec('Mean', [...T, attr.type('Tidx', 'int32'), attr.bool('keep_dims', false)], [x, allAxes(x)], 1)[0]!;
  const reshape = (x: TF.Tensor, shape: number[]) => reshapeTo(kc, x, shape);
  const cast = (x: TF.Tensor, from: 'bool' | 'float32' | 'int32', to: 'float32' | 'int32') =>
    exec('Cast', [attr.type('SrcT', from), attr.type('DstT', to), attr.bool('Truncate', false)], [x], 1)[0]!;
  const argMax = (x: TF.Tensor) => exec('ArgMax', [...T, attr.type('Tidx', 'int32'), attr.type('output_type', 'int32')], [x, c.int(-1)], 1)[0]!;
  const equalRate = (a: TF.Tensor, b: TF.Tensor, dtype: 'int32' | 'float32') =>
    mean(cast(exec('Equal', [attr.type('T', dtype), attr.bool('incompatible_shape_error', true)], [a, b], 1)[0]!, 'bool', 'float32'));
  const scaled = (x: TF.Tensor, factor: number) => (factor === 1 ? x : op('Mul', [x, c.float(factor)]));
  const logits = forward.logits;

  switch (spec.loss) {
    case 'categorical_crossentropy':
    case 'sparse_categorical_crossentropy': {
      const z = logits!.value;
      const rows = z.size / units;
      const z2 = reshape(z, [rows, units]);
      const sparse = spec.loss === 'sparse_categorical_crossentropy';
      const labels = sparse ? cast(reshape(target, [rows]), 'float32', 'int32') : null;
      const [perRow, backprop] = sparse
        ? exec('SparseSoftmaxCrossEntropyWithLogits', [...T, attr.type('Tlabels', 'int32')], [z2, labels!], 2)
        : exec('SoftmaxCrossEntropyWithLogits', T, [z2, reshape(target, [rows, units])], 2);
      const probabilities = () => op('Softmax', [z2]);
      const metrics = spec.metrics.map((metric) => {
        if (metric === 'accuracy') return sparse ? equalRate(argMax(z2), labels!, 'int32') : equalRate(argMax(z2), argMax(reshape(target, [rows, units])), 'int32');
        const diff = op('Sub', [probabilities(), sparse ? oneHot(kc, labels!, units) : reshape(target, [rows, units])]);
        return mean(metric === 'mean_squared_error' ? op('Square', [diff]) : op('Abs', [diff]));
      });
      return {
        loss: scaled(mean(perRow!), spec.weight),
        metrics,
        gradient: { logits: reshape(scaled(backprop!, spec.weight / rows), z.shape) },
      };
    }
    case 'binary_crossentropy': {
      const z = logits!.value;
      const perElement = op('AddV2', [op('Sub', [op('Relu', [z]), op('Mul', [z, target])]), op('Log1p', [op('Exp', [op('Neg', [op('Abs', [z])])])])]);
      const p = op('Sigmoid', [z]);
      const metrics = spec.metrics.map((metric) => {
        // p > 0.5 exactly where z > 0.
        if (metric === 'accuracy') return equalRate(cast(exec('Greater', T, [z, c.float(0)], 1)[0]!, 'bool', 'float32'), target, 'float32');
        const diff = op('Sub', [p, target]);
        return mean(metric === 'mean_squared_error' ? op('Square', [diff]) : op('Abs', [diff]));
      });
      return {
        loss: scaled(mean(perElement), spec.weight),
        metrics,
        gradient: { logits: scaled(op('Sub', [p, target]), spec.weight / z.size) },
      };
    }
    case 'mean_squared_error':
    case 'mean_absolute_error': {
      const y = forward.output;
      const diff = op('Sub', [y, target]);
      const squared = spec.loss === 'mean_squared_error';
      const metrics = spec.metrics.map((metric) => {
        if (metric === 'accuracy') {
          return units === 1
            ? equalRate(cast(exec('Greater', T, [y, c.float(0.5)], 1)[0]!, 'bool', 'float32'), target, 'float32')
            : equalRate(argMax(y), argMax(target), 'int32');
        }
        return mean(metric === 'mean_squared_error' ? op('Square', [diff]) : op('Abs', [diff]));
      });
      return {
        loss: scaled(mean(squared ? op('Square', [diff]) : op('Abs', [diff])), spec.weight),
        metrics,
        gradient: { output: scaled(squared ? diff : op('Sign', [diff]), ((squared ? 2 : 1) * spec.weight) / y.size) },
      };
    }
  }
}

function oneHot(kc: KernelContext, labels: TF.Tensor, units: number): TF.Tensor {
  const { exec, attr } = kc.ops;
  return exec('OneHot', [attr.type('T'), attr.type('TI', 'int32'), attr.int('axis', -1)], [labels, kc.constants.int(units), kc.constants.float(1), kc.constants.float(0)], 1)[0]!;
}
