import type * as TF from '@tensorflow/tfjs';
import { rawOps } from '../rawOps';
import { fusedRecurrentOutput } from './kernels';
import { chooseKernel, FUSED_RECURRENT, type KernelChoice, type RecurrentKind, type RecurrentSettings } from './plan';
import { seqOps } from './seqOps';

/**
 * tfjs' own GRU, LSTM and SimpleRNN classes, subclassed: same constructor,
 * cell, weights (names, order, initializers) and config, so a model built
 * with them saves and loads weights exactly as the stock one. Only `call`
 * differs: on native TensorFlow, when the layer's config allows it
 * (`chooseKernel`) and the call has no mask or initial state, the whole
 * sequence runs as one fused kernel; otherwise it is tfjs' own `call`.
 */

type Kwargs = Parameters<TF.layers.Layer['call']>[1];

interface Weight {
  read(): TF.Tensor;
}

/** The parts of tfjs' recurrent layers this reads; not all in tfjs' public types. */
interface RecurrentInternals {
  readonly cell: {
    readonly activation: { getClassName(): string };
    readonly recurrentActivation?: { getClassName(): string };
    readonly dropout: number;
    readonly recurrentDropout: number;
    kernel: Weight;
    recurrentKernel: Weight;
    bias: Weight | null;
  };
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly unroll: boolean;
  readonly stateful: boolean;
}

type LayerConstructor = new (args: Record<string, unknown>) => TF.layers.Layer;

export interface FusedRecurrentLayer extends TF.layers.Layer {
  /** How this layer runs when it can (no mask, no initial state, native TensorFlow). */
  readonly kernelChoice: KernelChoice;
}

function settingsOf(kind: RecurrentKind, layer: RecurrentInternals): RecurrentSettings {
  return {
    kind,
    activation: layer.cell.activation.getClassName(),
    recurrentActivation: kind === 'SimpleRNN' ? null : (layer.cell.recurrentActivation?.getClassName() ?? 'linear'),
    dropout: layer.cell.dropout,
    recurrentDropout: layer.cell.recurrentDropout,
    stateful: layer.stateful,
    unroll: layer.unroll,
    returnState: layer.returnState,
    resetAfter: false, // tfjs' GRU refuses reset_after
  };
}

/** The stock class, from an instance: tfjs exports factories, not the classes. */
function stockClass(tf: typeof TF, kind: RecurrentKind): LayerConstructor {
  // Named, so the probe takes no auto-generated name ('gru_1') from tfjs' counters.
  const args = { units: 1, name: `layerlab_probe_${kind}` };
  const probe = kind === 'GRU' ? tf.layers.gru(args) : kind === 'LSTM' ? tf.layers.lstm(args) : tf.layers.simpleRNN(args);
  return probe.constructor as LayerConstructor;
}

function fusedClass(tf: typeof TF, kind: RecurrentKind): LayerConstructor {
  const Stock = stockClass(tf, kind);
  const className = FUSED_RECURRENT[kind].fusedClass;
  class Fused extends Stock implements FusedRecurrentLayer {
    static className = className;
    readonly kernelChoice: KernelChoice;

    constructor(args: Record<string, unknown>) {
      super(args);
      this.kernelChoice = chooseKernel(settingsOf(kind, this as unknown as RecurrentInternals));
    }

    /**
     * The Keras class, as tfjs reports it for the stock layer: what the app
     * shows, and what `model.toJSON()` writes, so a saved topology loads
     * anywhere as the stock layer.
     */
    override getClassName(): string {
      return kind;
    }

    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Kwargs): TF.Tensor | TF.Tensor[] {
      const choice = this.kernelChoice;
      const ops = choice.fused ? rawOps(tf) : null;
      const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
      if (!choice.fused || !ops || !x || x.rank !== 3 || kwargs?.mask != null || kwargs?.initialState != null) {
        return super.call(inputs, kwargs);
      }
      const layer = this as unknown as RecurrentInternals;
      const { cell } = layer;
      return tf.tidy(() =>
        fusedRecurrentOutput(
          seqOps(ops),
          kind,
          choice,
          x,
          { kernel: cell.kernel.read(), recurrentKernel: cell.recurrentKernel.read(), bias: cell.bias ? cell.bias.read() : null },
          { returnSequences: layer.returnSequences, goBackwards: layer.goBackwards },
        ),
      );
    }
  }
  return Fused;
}

const registered = new WeakMap<typeof TF, Record<RecurrentKind, LayerConstructor>>();

/**
 * The fused classes for this tfjs instance, registered for `modelFromJSON`
 * under their own names (`FUSED_RECURRENT`); made once per instance.
 */
export function registerFusedRecurrentLayers(tf: typeof TF): Record<RecurrentKind, LayerConstructor> {
  let classes = registered.get(tf);
  if (!classes) {
    classes = { GRU: fusedClass(tf, 'GRU'), LSTM: fusedClass(tf, 'LSTM'), SimpleRNN: fusedClass(tf, 'SimpleRNN') };
    for (const cls of Object.values(classes)) tf.serialization.registerClass(cls as unknown as TF.serialization.SerializableConstructor<TF.serialization.Serializable>);
    registered.set(tf, classes);
  }
  return classes;
}

export function isFusedRecurrentLayer(layer: TF.layers.Layer): layer is FusedRecurrentLayer {
  return 'kernelChoice' in layer;
}
