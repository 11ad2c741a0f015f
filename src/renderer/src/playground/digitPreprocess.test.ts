import { describe, expect, it } from 'vitest';
import { centreOfMass, DIGIT_BOX, DIGIT_FIELD, toMnistDigit, type GreyImage } from './digitPreprocess';

/** A blank canvas with thick strokes painted as discs along segments, as a mouse stroke is drawn. */
function canvas(size: number, strokes: [number, number, number, number][], radius: number): GreyImage {
  const pixels = new Float32Array(size * size);
  for (const [x0, y0, x1, y1] of strokes) {
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0)) + 1;
    for (let s = 0; s <= steps; s++) {
      const cx = x0 + ((x1 - x0) * s) / steps;
      const cy = y0 + ((y1 - y0) * s) / steps;
      for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
        for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
          if (x >= 0 && y >= 0 && x < size && y < size && Math.hypot(x - cx, y - cy) <= radius) pixels[y * size + x] = 1;
        }
      }
    }
  }
  return { width: size, height: size, pixels };
}

function inkBox(image: GreyImage) {
  let minX = Infinity;
  let maxX = -1;
  let minY = Infinity;
  let maxY = -1;
  image.pixels.forEach((v, i) => {
    if (v <= 0) return;
    const x = i % image.width;
    const y = Math.floor(i / image.width);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return { width: maxX - minX + 1, height: maxY - minY + 1 };
}

describe('toMnistDigit', () => {
  it('returns null for an empty drawing', () => {
    expect(toMnistDigit({ width: 10, height: 10, pixels: new Float32Array(100) })).toBeNull();
  });

  it('centres a stroke drawn in a corner at (14, 14) within a pixel', () => {
    // A "7" in the top-left corner of a 280×280 canvas.
    const drawing = canvas(280, [[10, 10, 90, 10], [90, 10, 40, 120]], 8);
    const before = centreOfMass(drawing)!;
    expect(before.x).toBeLessThan(100);
    const digit = toMnistDigit(drawing)!;
    expect(digit.width).toBe(DIGIT_FIELD);
    const mass = centreOfMass(digit)!;
    expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs(mass.y - 14)).toBeLessThanOrEqual(1);
  });

  it('fits the longer side into the 20-pixel box and keeps the aspect ratio', () => {
    // A tall "1": 200 px high, 16 px wide, far right on the canvas.
    const digit = toMnistDigit(canvas(280, [[250, 40, 250, 240]], 8))!;
    const box = inkBox(digit);
    expect(box.height).toBe(DIGIT_BOX);
    expect(box.width).toBeLessThanOrEqual(3);
    const mass = centreOfMass(digit)!;
    expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(1);
  });

  it('anti-aliases: edges get intermediate grey levels, values stay in [0, 1]', () => {
    const digit = toMnistDigit(canvas(280, [[60, 60, 200, 200], [200, 60, 60, 200]], 10))!;
    const values = Array.from(digit.pixels);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(values.filter((v) => v > 0.05 && v < 0.95).length).toBeGreaterThan(10);
  });

  it('gives the same digit wherever and however large it is drawn', () => {
    const small = toMnistDigit(canvas(280, [[20, 20, 80, 20], [80, 20, 80, 100]], 5))!;
    const large = toMnistDigit(canvas(280, [[100, 60, 220, 60], [220, 60, 220, 220]], 10))!;
    let diff = 0;
    for (let i = 0; i < small.pixels.length; i++) diff += Math.abs(small.pixels[i]! - large.pixels[i]!);
    expect(diff / small.pixels.length).toBeLessThan(0.05);
  });
});
