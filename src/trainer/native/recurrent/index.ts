/**
 * Fused recurrent layers on native TensorFlow (tfjs-node): GRU, LSTM and
 * SimpleRNN over a whole sequence as TensorFlow's fused cell ops (sigmoid
 * gates) or hand-written raw-op loops (hard sigmoid and other activations),
 * each one `tf.customGrad`, instead of tfjs' per-step kernels.
 */
export { registerFusedRecurrentLayers, isFusedRecurrentLayer, type FusedRecurrentLayer } from './layers';
export { fuseRecurrentTopology, type RecurrentFusion } from './topology';
export { chooseKernel, FUSED_RECURRENT, type KernelChoice, type RecurrentKind } from './plan';
