import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { callRun, errorText, type PlaygroundInfo } from './playgroundApi';
import { Probabilities } from './Probabilities';
import { imageUrl, loadTestImages, scaled, type TestImages } from './testImages';

const COUNT = 40;
const SIDE = 32;

/** An image file drawn into 32×32 (stretched, as a resize), as RGB values in [0, 1]. */
async function fileToPixels(file: File): Promise<number[]> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, SIDE, SIDE);
  const rgba = ctx.getImageData(0, 0, SIDE, SIDE).data;
  const values: number[] = [];
  for (let i = 0; i < SIDE * SIDE; i++) values.push(rgba[i * 4]! / 255, rgba[i * 4 + 1]! / 255, rgba[i * 4 + 2]! / 255);
  return values;
}

/** §3: a CIFAR-10 test image, or a dropped image file, and the class probabilities. */
export function ImageClassifier({ run, info }: { run: RunRecord; info: PlaygroundInfo }) {
  const [images, setImages] = useState<TestImages | null>(null);
  const [picked, setPicked] = useState<{ url: string; label: string; probabilities: number[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadTestImages(info.dataset, COUNT).then(setImages, (e: unknown) => setError(errorText(e)));
  }, [info.dataset]);

  const classify = async (values: number[], url: string, label: string) => {
    try {
      const { outputs } = await callRun(run, 'playground.predict', { inputs: [values] });
      setPicked({ url, label, probabilities: outputs[0]?.values ?? [] });
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div
      className="image-classifier"
      data-testid="image-drop"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) void fileToPixels(file).then((v) => classify(v, imageUrl(v, SIDE, SIDE, 3, 1), file.name), (err: unknown) => setError(errorText(err)));
      }}
    >
      <p className="muted">Pick a test image, or drop an image file here (it is resized to 32×32).</p>
      {error && <p className="error-text">{error}</p>}
      <div className="thumb-grid" data-testid="test-images">
        {images &&
          Array.from({ length: images.preview.labels.length }, (_, i) => {
            const { rows, cols, channels, labels, classNames } = images.preview;
            const url = imageUrl(images.pixels.subarray(i * images.size, (i + 1) * images.size), rows, cols, channels);
            const label = `test #${i}: ${classNames[labels[i]!] ?? labels[i]}`;
            return <img key={i} src={url} alt={label} title={label} onClick={() => void classify(scaled(images, i, i + 1), url, label)} data-testid="test-image" />;
          })}
      </div>
      {picked && (
        <div className="picked">
          <img src={picked.url} alt={picked.label} className="picked-image" />
          <span data-testid="picked-label">{picked.label}</span>
          <Probabilities names={info.classNames} values={picked.probabilities} />
        </div>
      )}
    </div>
  );
}
