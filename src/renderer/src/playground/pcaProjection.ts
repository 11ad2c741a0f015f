import { PCA } from 'ml-pca';

/** Each vector's coordinates on the first two principal components (ml-pca: centred, not scaled). */
export function projectTo2d(vectors: readonly (readonly number[])[]): [number, number][] {
  if (vectors.length < 2) return vectors.map(() => [0, 0]);
  const pca = new PCA(vectors.map((v) => [...v]), { center: true, scale: false });
  const projected = pca.predict(vectors.map((v) => [...v]), { nComponents: 2 }).to2DArray();
  return projected.map((row) => [row[0] ?? 0, row[1] ?? 0]);
}
