import type * as TF from '@tensorflow/tfjs';
import { optimizerHyperParameters, type OptimizerSettings } from '../../engine/training';
import { kerasOptimizer, type KerasOptimizerOptions } from './kerasOptimizer';
import { KERAS1_ADAM_BETAS, updateRule } from './rules';

export { kerasOptimizer, type KerasOptimizerOptions } from './kerasOptimizer';
export { KERAS1_ADAM_BETAS, updateRule, type KerasHyperParameters, type OptimizerKind } from './rules';

export interface AdadeltaConfig {
  learningRate: number;
  rho: number;
  epsilon: number;
}

/** Keras' Adadelta (rules.ts says why tfjs' own is not it). */
export function kerasAdadelta(tf: typeof TF, config: AdadeltaConfig, options?: KerasOptimizerOptions): TF.Optimizer {
  return kerasOptimizer(tf, updateRule('adadelta', { ...KERAS1_ADAM_BETAS, ...config }), options);
}

/**
 * The run's optimizer: Keras 1's formula on every backend, as fused
 * TensorFlow ops on native. What the settings leave open is Keras 1's
 * default, Adam's β always (the settings do not carry them).
 */
export function makeOptimizer(tf: typeof TF, optimizer: OptimizerSettings, options?: KerasOptimizerOptions): TF.Optimizer {
  const { kind, learningRate } = optimizer;
  return kerasOptimizer(tf, updateRule(kind, { learningRate, ...optimizerHyperParameters(optimizer), ...KERAS1_ADAM_BETAS }), options);
}
