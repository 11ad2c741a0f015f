import type * as TF from '@tensorflow/tfjs';
import { optimizerHyperParameters, type OptimizerSettings } from '../engine/training';

export interface AdadeltaConfig {
  learningRate: number;
  rho: number;
  epsilon: number;
}

type NamedTensor = { name: string; tensor: TF.Tensor };
type NamedGradients = TF.NamedTensorMap | NamedTensor[];

const classCache = new WeakMap<object, new (config: AdadeltaConfig) => TF.Optimizer>();

/**
 * Keras' Adadelta (keras/optimizers.py, identical in Keras 1.0.2 and 2.x):
 *
 *   a  ← ρ·a + (1−ρ)·g²
 *   Δ  = g · √(d + ε) / √(a + ε)      ← the *updated* accumulator a
 *   p  ← p − lr·Δ
 *   d  ← ρ·d + (1−ρ)·Δ²
 *
 * tfjs' own AdadeltaOptimizer divides by the accumulator from *before* this
 * step (tfjs-core adadelta_optimizer.ts), so its first step is
 * g·√ε/√ε = g instead of g·√ε/√((1−ρ)g² + ε) — about 100× larger for typical
 * gradients — and it does not reproduce the tutorial. This class is the one
 * formula on every backend (native, wasm, cpu).
 *
 * The class is made per tfjs instance: the trainer and the tests load tfjs
 * at run time (tfjs-node or plain tfjs), and an optimizer must extend the
 * `Optimizer` of the instance whose engine holds the variables.
 */
export function kerasAdadelta(tf: typeof TF, config: AdadeltaConfig): TF.Optimizer {
  let Adadelta = classCache.get(tf);
  if (!Adadelta) {
    Adadelta = defineKerasAdadelta(tf);
    classCache.set(tf, Adadelta);
  }
  return new Adadelta(config);
}

function defineKerasAdadelta(tf: typeof TF) {
  return class KerasAdadelta extends tf.Optimizer {
    static get className() {
      return 'KerasAdadelta';
    }

    private readonly accumulators = new Map<string, { grad: TF.Variable; update: TF.Variable }>();

    constructor(private readonly config: AdadeltaConfig) {
      super();
    }

    applyGradients(variableGradients: NamedGradients): void {
      const entries: [string, TF.Tensor][] = Array.isArray(variableGradients)
        ? variableGradients.map((g) => [g.name, g.tensor])
        : Object.entries(variableGradients);
      const { learningRate, rho, epsilon } = this.config;
      for (const [name, gradient] of entries) {
        const value = tf.engine().registeredVariables[name];
        if (!value || !gradient) continue;
        const state = this.state(name, value);
        tf.tidy(() => {
          const grad = tf.add(tf.mul(state.grad, rho), tf.mul(tf.square(gradient), 1 - rho));
          const step = tf.mul(tf.div(tf.sqrt(tf.add(state.update, epsilon)), tf.sqrt(tf.add(grad, epsilon))), gradient);
          state.grad.assign(grad);
          state.update.assign(tf.add(tf.mul(state.update, rho), tf.mul(tf.square(step), 1 - rho)));
          value.assign(tf.sub(value, tf.mul(step, learningRate)));
        });
      }
      this.incrementIterations();
    }

    private state(name: string, value: TF.Variable) {
      let state = this.accumulators.get(name);
      if (!state) {
        state = {
          grad: tf.tidy(() => tf.zerosLike(value).variable(false)),
          update: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        this.accumulators.set(name, state);
      }
      return state;
    }

    override dispose(): void {
      this.disposeState();
      super.dispose();
    }

    private disposeState(): void {
      for (const state of this.accumulators.values()) tf.dispose([state.grad, state.update]);
      this.accumulators.clear();
    }

    override async getWeights(): Promise<NamedTensor[]> {
      const states = [...this.accumulators.entries()];
      return [
        await this.saveIterations(),
        ...states.map(([name, s]) => ({ name: `${name}/accum_grad`, tensor: s.grad })),
        ...states.map(([name, s]) => ({ name: `${name}/accum_update`, tensor: s.update })),
      ];
    }

    override async setWeights(weights: NamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weights);
      this.disposeState();
      const half = rest.length / 2;
      rest.slice(0, half).forEach((g, i) => {
        const name = g.name.replace(/\/accum_grad$/, '');
        const u = rest[half + i]!;
        this.accumulators.set(name, { grad: g.tensor.variable(false), update: u.tensor.variable(false) });
      });
    }

    getConfig(): TF.serialization.ConfigDict {
      return { learningRate: this.config.learningRate, rho: this.config.rho, epsilon: this.config.epsilon };
    }
  };
}

/** The run's optimizer, with Keras 1's hyper-parameters where the settings leave them open. */
export function makeOptimizer(tf: typeof TF, optimizer: OptimizerSettings): TF.Optimizer {
  const { kind, learningRate } = optimizer;
  const { rho, epsilon } = optimizerHyperParameters(optimizer);
  switch (kind) {
    case 'adadelta':
      return kerasAdadelta(tf, { learningRate, rho, epsilon });
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, rho, 0, epsilon);
  }
}
