import type * as TF from '@tensorflow/tfjs';
import type { RawOps } from '../native/rawOps';
import { ResourceVariable } from '../native/resourceVariable';
import type { FusedStep, UpdateRule } from './rules';

/** An optimizer's state for one trained variable. */
export interface VariableState {
  readonly variable: TF.Variable;
  /** Applies step `t` (1-based) of the rule with gradient `g` to the variable and the slots. */
  step(g: TF.Tensor, t: number): void;
  /** Copies of the slots, in the rule's order; the caller owns them. */
  readSlots(): TF.Tensor[];
  dispose(): void;
}

/** The rule's tfjs formula, with the slots in tfjs variables: any backend. */
export class FormulaState implements VariableState {
  private readonly slots: TF.Variable[];

  constructor(
    private readonly tf: typeof TF,
    private readonly rule: UpdateRule,
    readonly variable: TF.Variable,
    initial: readonly (TF.Tensor | undefined)[] = [],
  ) {
    this.slots = rule.slots.map((_, i) => tf.tidy(() => tf.variable(initial[i] ?? tf.zerosLike(variable), false)));
  }

  step(g: TF.Tensor, t: number): void {
    const { tf, slots, variable } = this;
    tf.tidy(() => {
      const [p, ...next] = this.rule.formula(tf, variable, slots, g, t);
      next.forEach((value, i) => slots[i]!.assign(value));
      variable.assign(p!);
    });
  }

  readSlots(): TF.Tensor[] {
    return this.slots.map((slot) => slot.clone());
  }

  dispose(): void {
    this.tf.dispose(this.slots);
  }
}

/**
 * The rule's fused TensorFlow op on resource variables mirroring the tfjs
 * variable and the slots: per step one `ResourceApply*` and one
 * `ReadVariableOp`, whose result the tfjs variable takes over
 * (`Variable.assign` only moves a reference: no native op).
 *
 * The tfjs variable stays the source of truth: anything else that assigns it
 * (`model.setWeights`, initial weights loaded after compile) gives it a new
 * `dataId`, and the next step uploads that value first. TensorFlow copies a
 * resource variable's buffer before an in-place update while a read of it is
 * still alive, so the tensor the tfjs variable held is never changed under it.
 */
export class FusedState implements VariableState {
  private readonly param: ResourceVariable;
  private readonly slots: ResourceVariable[];
  private readonly saved: number;
  /** The `dataId` the tfjs variable had when the resource variable last matched it. */
  private synced: object;

  constructor(
    private readonly ops: RawOps,
    private readonly fused: FusedStep,
    rule: UpdateRule,
    readonly variable: TF.Variable,
    initial: readonly (TF.Tensor | undefined)[] = [],
  ) {
    this.param = ResourceVariable.create(ops, variable);
    this.synced = variable.dataId;
    this.saved = rule.slots.length;
    this.slots = [];
    const zeros = ops.tf.zerosLike(variable);
    try {
      for (let i = 0; i < rule.fusedSlots; i++) this.slots.push(ResourceVariable.create(ops, initial[i] ?? zeros));
    } catch (error) {
      this.dispose();
      throw error;
    } finally {
      zeros.dispose();
    }
  }

  step(g: TF.Tensor, t: number): void {
    const { param, variable } = this;
    if (variable.dataId !== this.synced) param.assign(variable);
    this.fused.apply([param.resource, ...this.slots.map((s) => s.resource)], g, t);
    const value = param.read();
    variable.assign(value);
    value.dispose();
    this.synced = variable.dataId;
  }

  readSlots(): TF.Tensor[] {
    return this.slots.slice(0, this.saved).map((slot) => slot.read());
  }

  dispose(): void {
    this.param.destroy();
    for (const slot of this.slots) slot.destroy();
  }
}
