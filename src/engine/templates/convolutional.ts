import type { GraphNode } from '../graph';
import { layerNode } from './build';

/**
 * The tutorial's two CNNs share one body (§2.2, §3.2): Convolution2D(10, 3, 3)
 * → relu → Convolution2D(10, 3, 3) → relu → MaxPooling2D(2, 2) → Flatten →
 * Dense(n) → relu → Dense(10) → softmax, each activation its own layer as in
 * its `model.add(Activation(...))` calls. Keras 1's defaults: glorot_uniform
 * kernels, zero biases, 'valid' borders.
 */
export function tutorialCnnLayers(imageShape: [number, number, number], denseUnits: number): GraphNode[] {
  return [
    layerNode('Input', 'input_1', { shape: imageShape }),
    layerNode('Conv2D', 'conv2d_1', { filters: 10, kernel_size: [3, 3], padding: 'valid', activation: 'linear' }),
    layerNode('Activation', 'activation_1', { activation: 'relu' }),
    layerNode('Conv2D', 'conv2d_2', { filters: 10, kernel_size: [3, 3], padding: 'valid', activation: 'linear' }),
    layerNode('Activation', 'activation_2', { activation: 'relu' }),
    layerNode('MaxPooling2D', 'max_pooling2d_1', { pool_size: [2, 2] }),
    layerNode('Flatten', 'flatten_1', {}),
    layerNode('Dense', 'dense_1', { units: denseUnits, activation: 'linear', use_bias: true }),
    layerNode('Activation', 'activation_3', { activation: 'relu' }),
    layerNode('Dense', 'dense_2', { units: 10, activation: 'linear', use_bias: true }),
    layerNode('Activation', 'activation_4', { activation: 'softmax' }),
  ];
}

/** Theano's (channels, rows, cols) becomes tfjs' (rows, cols, channels): the same weights, counted the same. */
export const CHANNELS_NOTE =
  'The tutorial ran on Theano with images as (channels, rows, cols); LayerLab, like TensorFlow, keeps channels last, (rows, cols, channels), which changes no layer size or parameter count.';
