import type * as TF from '@tensorflow/tfjs';
import { rawOps, type RawOps } from '../native/rawOps';
import type { FusedStep, UpdateRule } from './rules';
import { FormulaState, FusedState, type VariableState } from './variableState';

type NamedTensor = { name: string; tensor: TF.Tensor };
type NamedGradients = TF.NamedTensorMap | NamedTensor[];

export interface KerasOptimizerOptions {
  /**
   * Fused TensorFlow ops on resource variables (the default on the native
   * backend) or the tfjs formula (the only choice elsewhere; on native, for
   * comparisons and measurements).
   */
  fused?: boolean;
}

const classCache = new WeakMap<object, new (rule: UpdateRule, ops: RawOps | null) => TF.Optimizer>();

/**
 * A `tf.Optimizer` running `rule`. The class is made per tfjs instance: the
 * trainer and the tests load tfjs at run time (tfjs-node or plain tfjs), and
 * `model.compile` accepts only an instance of its own engine's `Optimizer`.
 *
 * The fused or formula choice is made here, once: the state of a fused
 * optimizer lives in TensorFlow and cannot follow a later backend switch.
 */
export function kerasOptimizer(tf: typeof TF, rule: UpdateRule, options: KerasOptimizerOptions = {}): TF.Optimizer {
  let KerasOptimizer = classCache.get(tf);
  if (!KerasOptimizer) {
    KerasOptimizer = defineKerasOptimizer(tf);
    classCache.set(tf, KerasOptimizer);
  }
  const ops = rawOps(tf);
  if (options.fused && !ops) throw new Error(`Fused optimizers need the native backend, not '${tf.getBackend()}'`);
  return new KerasOptimizer(rule, options.fused === false ? null : ops);
}

function gradientEntries(gradients: NamedGradients): [string, TF.Tensor | null][] {
  return Array.isArray(gradients) ? gradients.map((g) => [g.name, g.tensor]) : Object.entries(gradients);
}

function defineKerasOptimizer(tf: typeof TF) {
  return class KerasOptimizer extends tf.Optimizer {
    static get className() {
      return 'KerasOptimizer';
    }

    private readonly states = new Map<string, VariableState>();
    /** The fused op's constants: made at the first step, freed by `dispose`. */
    private fused: FusedStep | null = null;

    constructor(
      private readonly rule: UpdateRule,
      private readonly ops: RawOps | null,
    ) {
      super();
    }

    override getClassName(): string {
      return this.rule.className;
    }

    applyGradients(variableGradients: NamedGradients): void {
      if (this.ops && rawOps(tf) !== this.ops) {
        throw new Error(`This ${this.rule.className} keeps its state in native TensorFlow; the backend is now '${tf.getBackend()}'`);
      }
      const t = this.iterations + 1;
      for (const [name, gradient] of gradientEntries(variableGradients)) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable || !gradient) continue;
        this.state(name, variable).step(gradient, t);
      }
      this.incrementIterations();
    }

    private state(name: string, variable: TF.Variable): VariableState {
      let state = this.states.get(name);
      // A variable disposed and remade under the same name (a rebuilt model) starts afresh, as in Keras.
      if (state && state.variable !== variable) {
        state.dispose();
        state = undefined;
      }
      if (!state) {
        state = this.newState(variable);
        this.states.set(name, state);
      }
      return state;
    }

    private newState(variable: TF.Variable, slots: readonly (TF.Tensor | undefined)[] = []): VariableState {
      if (!this.ops) return new FormulaState(tf, this.rule, variable, slots);
      this.fused ??= this.rule.fused(this.ops);
      return new FusedState(this.ops, this.fused, this.rule, variable, slots);
    }

    override dispose(): void {
      this.disposeStates();
      this.fused?.dispose();
      this.fused = null;
      super.dispose();
    }

    private disposeStates(): void {
      for (const state of this.states.values()) state.dispose();
      this.states.clear();
    }

    /** The iteration count, then each slot of every variable (`<variable>/<slot>`), slot by slot; the caller owns them. */
    override async getWeights(): Promise<NamedTensor[]> {
      const states = [...this.states].map(([name, state]) => ({ name, slots: state.readSlots() }));
      return [
        await this.saveIterations(),
        ...this.rule.slots.flatMap((slot, i) => states.map((s) => ({ name: `${s.name}/${slot}`, tensor: s.slots[i]! }))),
      ];
    }

    override async setWeights(weights: NamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weights);
      const byVariable = new Map<string, TF.Tensor[]>();
      for (const { name, tensor } of rest) {
        const cut = name.lastIndexOf('/');
        const slot = this.rule.slots.indexOf(name.slice(cut + 1));
        if (cut < 0 || slot < 0) throw new Error(`${this.rule.className} has no slot for the weight '${name}'`);
        const variableName = name.slice(0, cut);
        const slots = byVariable.get(variableName) ?? [];
        slots[slot] = tensor;
        byVariable.set(variableName, slots);
      }
      this.disposeStates();
      for (const [name, slots] of byVariable) {
        const variable = tf.engine().registeredVariables[name];
        if (!variable) throw new Error(`${this.rule.className} has weights for '${name}', which is no variable`);
        for (const slot of slots) {
          if (slot && !tf.util.arraysEqual(slot.shape, variable.shape)) {
            throw new Error(`${this.rule.className}: a slot of '${name}' has shape [${slot.shape}], not [${variable.shape}]`);
          }
        }
        this.states.set(name, this.newState(variable, slots));
      }
    }

    getConfig(): TF.serialization.ConfigDict {
      return this.rule.config();
    }
  };
}
