/**
 * A hand-drawn digit prepared the way MNIST's digits were (LeCun et al.):
 * the ink's bounding box scaled to fit a 20×20 box keeping its aspect ratio,
 * with area-averaged (anti-aliased) grey levels, then placed in a 28×28 field
 * so that its centre of mass sits at the centre. Pure functions.
 */

/** Grey levels row-major, 0 = background, 1 = full ink. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

export const DIGIT_FIELD = 28;
export const DIGIT_BOX = 20;
/** Below this level a source pixel counts as background when finding the ink's bounding box. */
const INK = 0.05;

function inkBounds(image: GreyImage): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.pixels[y * image.width + x]! > INK) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * For one axis: how much of each source cell `[from + i, from + i + 1)`
 * falls into each target cell when `length` source cells map onto `size`
 * target cells. Row-major `size × length`, each row summing to 1 (an area average).
 */
function coverage(length: number, size: number): Float32Array {
  const weights = new Float32Array(size * length);
  const scale = length / size;
  for (let t = 0; t < size; t++) {
    const start = t * scale;
    const end = start + scale;
    for (let s = Math.floor(start); s < Math.min(Math.ceil(end), length); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) weights[t * length + s] = overlap / scale;
    }
  }
  return weights;
}

/** The crop `[x0, x1) × [y0, y1)` of `image` area-averaged to `width × height`. */
function resample(image: GreyImage, crop: { x0: number; y0: number; x1: number; y1: number }, width: number, height: number): GreyImage {
  const cw = crop.x1 - crop.x0;
  const ch = crop.y1 - crop.y0;
  const wx = coverage(cw, width);
  const wy = coverage(ch, height);
  // Separable: columns first (ch × width), then rows.
  const partial = new Float32Array(ch * width);
  for (let y = 0; y < ch; y++) {
    const rowStart = (crop.y0 + y) * image.width + crop.x0;
    for (let t = 0; t < width; t++) {
      let sum = 0;
      for (let s = 0; s < cw; s++) sum += wx[t * cw + s]! * image.pixels[rowStart + s]!;
      partial[y * width + t] = sum;
    }
  }
  const pixels = new Float32Array(width * height);
  for (let t = 0; t < height; t++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let s = 0; s < ch; s++) sum += wy[t * ch + s]! * partial[s * width + x]!;
      pixels[t * width + x] = sum;
    }
  }
  return { width, height, pixels };
}

/** The centre of mass in pixel-centre coordinates (pixel x spans [x, x+1), its centre is x + 0.5). */
export function centreOfMass(image: GreyImage): { x: number; y: number } | null {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.pixels[y * image.width + x]!;
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/**
 * The drawing as a 28×28 MNIST-like digit (values 0…1), or null when
 * nothing is drawn. The shift that centres the mass is rounded to whole
 * pixels, as MNIST's was, so the centre lands within half a pixel of (14, 14).
 */
export function toMnistDigit(drawing: GreyImage): GreyImage | null {
  const bounds = inkBounds(drawing);
  if (!bounds) return null;
  const bw = bounds.x1 - bounds.x0;
  const bh = bounds.y1 - bounds.y0;
  const scale = DIGIT_BOX / Math.max(bw, bh);
  const width = Math.max(1, Math.round(bw * scale));
  const height = Math.max(1, Math.round(bh * scale));
  const boxed = resample(drawing, bounds, width, height);
  const mass = centreOfMass(boxed)!;
  const dx = Math.round(DIGIT_FIELD / 2 - mass.x);
  const dy = Math.round(DIGIT_FIELD / 2 - mass.y);
  const pixels = new Float32Array(DIGIT_FIELD * DIGIT_FIELD);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tx = x + dx;
      const ty = y + dy;
      if (tx >= 0 && tx < DIGIT_FIELD && ty >= 0 && ty < DIGIT_FIELD) pixels[ty * DIGIT_FIELD + tx] = Math.min(1, boxed.pixels[y * width + x]!);
    }
  }
  return { width: DIGIT_FIELD, height: DIGIT_FIELD, pixels };
}

/** Canvas RGBA (white ink on black, or any ink: the brightest channel counts) → grey levels. */
export function greyFromRgba(data: Uint8ClampedArray, width: number, height: number): GreyImage {
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const alpha = data[i * 4 + 3]! / 255;
    pixels[i] = (Math.max(data[i * 4]!, data[i * 4 + 1]!, data[i * 4 + 2]!) / 255) * alpha;
  }
  return { width, height, pixels };
}
