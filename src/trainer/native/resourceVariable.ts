import { randomUUID } from 'node:crypto';
import type * as TF from '@tensorflow/tfjs';
import type { RawOps } from './rawOps';

/**
 * A float32 TensorFlow resource variable (`VarHandleOp`), for the fused
 * `ResourceApply*` training ops: they update their operands in place and take
 * only resource handles, not tensors.
 *
 * The variable lives in TensorFlow's resource manager under its shared name;
 * freeing the handle tensor does not free it, so `destroy()` must run
 * (`DestroyResourceOp`) or every training run in the process leaks its
 * optimizer state. Shared names start with a random prefix because vitest's
 * worker threads share one process, hence one resource manager, and a
 * counter per module instance would collide there.
 */
export class ResourceVariable {
  private handle: TF.Tensor | null;

  private constructor(
    private readonly ops: RawOps,
    readonly sharedName: string,
    handle: TF.Tensor,
  ) {
    this.handle = handle;
  }

  /** A new variable holding a copy of `initial`. */
  static create(ops: RawOps, initial: TF.Tensor): ResourceVariable {
    if (initial.dtype !== 'float32') throw new Error(`Resource variables here are float32, not ${initial.dtype}`);
    const sharedName = `${namePrefix}${created++}`;
    const handle = ops.tf.keep(ops.exec('VarHandleOp', handleAttrs(ops, sharedName, initial.shape), [], 1)[0]!);
    const variable = new ResourceVariable(ops, sharedName, handle);
    live.add(sharedName);
    variable.assign(initial);
    return variable;
  }

  /** The handle to pass as a `resource` input; valid until `destroy()`. */
  get resource(): TF.Tensor {
    if (!this.handle) throw new Error(`Resource variable ${this.sharedName} was destroyed`);
    return this.handle;
  }

  assign(value: TF.Tensor): void {
    this.ops.run('AssignVariableOp', [this.ops.attr.type('dtype')], [this.resource, value]);
  }

  /** The current value as a new tensor, which the caller owns. */
  read(): TF.Tensor {
    return this.ops.exec('ReadVariableOp', [this.ops.attr.type('dtype')], [this.resource], 1)[0]!;
  }

  /** Frees the variable in TensorFlow; a second call does nothing. */
  destroy(): void {
    if (!this.handle) return;
    this.ops.run('DestroyResourceOp', [this.ops.attr.bool('ignore_lookup_error', true)], [this.handle]);
    this.handle.dispose();
    this.handle = null;
    live.delete(this.sharedName);
  }
}

const namePrefix = `layerlab_${randomUUID()}_`;
let created = 0;
const live = new Set<string>();

function handleAttrs(ops: RawOps, sharedName: string, shape: number[]) {
  return [ops.attr.string('container', ''), ops.attr.string('shared_name', sharedName), ops.attr.type('dtype'), ops.attr.shape('shape', shape)];
}

/** Shared names of the variables this module instance made and has not destroyed: for tests. */
export function liveResourceVariables(): ReadonlySet<string> {
  return new Set(live);
}

/** Asks TensorFlow itself (not this module's bookkeeping) whether a variable of this name holds a value: for tests. */
export function resourceVariableExists(ops: RawOps, sharedName: string): boolean {
  return ops.tf.tidy(() => {
    const handle = ops.exec('VarHandleOp', handleAttrs(ops, sharedName, []), [], 1)[0]!;
    return ops.op('VarIsInitializedOp', [handle], []).dataSync()[0] === 1;
  });
}
