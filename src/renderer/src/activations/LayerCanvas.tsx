import { useEffect, useRef } from 'react';
import type { LayerPicture } from './layerPicture';

/** A layer picture at its real pixels, scaled up without smoothing to fit the panel (or to `size`). */
export function LayerCanvas({ picture, layer, size }: { picture: LayerPicture; layer: string; size?: { width: number; height: number } }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(picture.rgba, picture.width, picture.height), 0, 0);
  }, [picture]);
  // Whole-number zoom keeps every value one crisp block; the panel is about 350 px wide.
  const zoom = Math.max(1, Math.min(8, Math.floor(350 / picture.width)));
  return (
    <canvas
      ref={ref}
      className="layer-canvas"
      width={picture.width}
      height={picture.height}
      style={size ?? { width: picture.width * zoom, maxWidth: '100%' }}
      data-testid="layer-canvas"
      data-layer={layer}
      data-kind={picture.kind}
      data-grid-rows={picture.gridRows}
      data-grid-cols={picture.gridCols}
    />
  );
}
