import { describe, expect, it } from 'vitest';
import { quantize, type ActivationsSnapshot, type LayerActivations } from '../../../shared/activations';
import { layerPicture } from './layerPicture';

function layer(name: string, kind: string, shape: number[], fill: (i: number) => number): LayerActivations {
  const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => fill(i));
  return { layer: name, kind, shape, ...quantize(values) };
}

function snapshot(layers: LayerActivations[]): ActivationsSnapshot {
  return { epoch: 1, step: 1, samples: [0, 1, 2], words: {}, layers };
}

function pixel(picture: ReturnType<typeof layerPicture>, x: number, y: number): number[] {
  const at = (y * picture.width + x) * 4;
  return Array.from(picture.rgba.subarray(at, at + 3));
}

describe('layerPicture', () => {
  it('draws feature maps as a column per sample and a row per channel, each map on its own range', () => {
    // 3 samples of 4×5 maps with 2 channels; channel 1 is 100× channel 0, yet both fill black to white.
    const conv = layer('conv2d_1', 'Conv2D', [3, 4, 5, 2], (i) => (i % 2 === 0 ? 1 : 100) * Math.floor(i / 2));
    const picture = layerPicture(conv, snapshot([conv]));
    expect(picture.kind).toBe('maps');
    expect([picture.gridRows, picture.gridCols]).toEqual([2, 3]);
    expect([picture.width, picture.height]).toEqual([3 * 5 + 2, 2 * 4 + 1]);
    for (const y0 of [0, 5]) {
      expect(pixel(picture, 0, y0)).toEqual([0, 0, 0]);
      expect(pixel(picture, 4, y0 + 3)).toEqual([255, 255, 255]);
    }
  });

  it('draws 3-channel images in colour', () => {
    const input = layer('input_1', 'Input', [3, 2, 2, 3], (i) => (i % 3 === 0 ? 1 : 0));
    const picture = layerPicture(input, snapshot([input]));
    expect(picture.kind).toBe('colour');
    expect(pixel(picture, 0, 0)).toEqual([255, 0, 0]);
  });

  it('draws 144 units as 12×12 and a reconstruction under the input it rebuilds', () => {
    const input = layer('input_1', 'Input', [3, 784], (i) => (i % 784) / 784);
    const hidden = layer('dense_1', 'Dense', [3, 144], (i) => i);
    const output = layer('dense_2', 'Dense', [3, 784], (i) => 1 - (i % 784) / 784);
    const snap = snapshot([input, hidden, output]);
    const code = layerPicture(hidden, snap);
    expect(code.kind).toBe('vectors');
    expect([code.width, code.height]).toEqual([3 * 12 + 2, 12]);
    const rebuilt = layerPicture(output, snap);
    expect(rebuilt.kind).toBe('reconstruction');
    expect([rebuilt.gridRows, rebuilt.gridCols, rebuilt.width, rebuilt.height]).toEqual([2, 3, 3 * 28 + 2, 2 * 28 + 1]);
    // The input brightens along the image, its reconstruction darkens.
    expect(pixel(rebuilt, 0, 0)[0]).toBeLessThan(pixel(rebuilt, 27, 27)[0]!);
    expect(pixel(rebuilt, 0, 29)[0]).toBeGreaterThan(pixel(rebuilt, 27, 56)[0]!);
  });

  it('draws other vectors as strips, signed values blue to red', () => {
    const dense = layer('dense_3', 'Dense', [3, 10], (i) => i - 10);
    const picture = layerPicture(dense, snapshot([dense]));
    expect(picture.kind).toBe('strips');
    expect([picture.width, picture.height]).toEqual([10, 3]);
    expect(pixel(picture, 0, 0)).toEqual([0, 0, 255]);
    expect(pixel(picture, 9, 2)).toEqual([255, 0, 0]);
  });

  it('draws recurrent outputs as a timestep × unit heatmap per sample', () => {
    const gru = layer('lstm_1', 'LSTM', [3, 7, 4], (i) => Math.sin(i));
    const picture = layerPicture(gru, snapshot([gru]));
    expect(picture.kind).toBe('sequence');
    expect([picture.gridRows, picture.gridCols, picture.width, picture.height]).toEqual([1, 3, 3 * 4 + 2, 7]);
  });
});
