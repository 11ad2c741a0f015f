import { useEffect, useRef } from 'react';
import type { ImagePreview } from '../../../shared/contract';

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function Sample({ pixels, rows, cols, channels }: { pixels: Uint8Array; rows: number; cols: number; channels: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(cols, rows);
    for (let p = 0; p < rows * cols; p += 1) {
      // Colour images are drawn as they are (the seed's draw_color, plt.imshow of HWC);
      // grey ones as dark ink on white, like its draw_digit with a gray_r colormap.
      const base = p * channels;
      const [r, g, b] = channels === 3 ? [pixels[base]!, pixels[base + 1]!, pixels[base + 2]!] : [255 - pixels[base]!, 255 - pixels[base]!, 255 - pixels[base]!];
      image.data.set([r, g, b, 255], p * 4);
    }
    context.putImageData(image, 0, 0);
  }, [pixels, rows, cols, channels]);
  return <canvas ref={ref} width={cols} height={rows} />;
}

/** A 10×10 grid of samples with their labels. */
export function SampleGrid({ preview }: { preview: ImagePreview }) {
  const pixels = decodeBase64(preview.pixelsBase64);
  const size = preview.rows * preview.cols * preview.channels;
  return (
    <div className="sample-grid" data-testid="sample-grid">
      {preview.labels.map((label, i) => (
        <figure key={i} className="sample" data-testid="sample">
          <Sample pixels={pixels.subarray(i * size, (i + 1) * size)} rows={preview.rows} cols={preview.cols} channels={preview.channels} />
          <figcaption data-testid="sample-label" title={preview.classNames[label] ?? String(label)}>
            {preview.classNames[label] ?? label}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
