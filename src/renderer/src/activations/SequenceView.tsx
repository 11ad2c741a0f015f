import { useMemo, useState } from 'react';
import type { ActivationsSnapshot, LayerActivations } from '../../../shared/activations';
import { LayerCanvas } from './LayerCanvas';
import { layerPicture } from './layerPicture';

/** Rows tall enough to read a word beside each. */
const MIN_LABELLED_ROW_PX = 10;
const WIDTH_PX = 260;

/** The probe sample with the most words (a language model's first windows are mostly padding). */
function wordiest(words: string[][] | undefined, samples: number): number {
  if (!words) return 0;
  let best = 0;
  words.slice(0, samples).forEach((w, i) => {
    if (w.filter(Boolean).length > (words[best]?.filter(Boolean).length ?? 0)) best = i;
  });
  return best;
}

/**
 * Sequences one probe sample at a time: timesteps down, units across, each
 * row labelled with its word when the model reads text (embeddings of the
 * probe words, recurrent outputs with return_sequences).
 */
export function SequenceView({ layer, snapshot }: { layer: LayerActivations; snapshot: ActivationsSnapshot }) {
  const samples = layer.shape[0] ?? 0;
  const words = Object.values(snapshot.words)[0];
  const [chosen, setChosen] = useState<number | null>(null);
  const sample = Math.min(chosen ?? wordiest(words, samples), Math.max(0, samples - 1));
  const picture = useMemo(() => layerPicture(layer, snapshot, sample), [layer, snapshot, sample]);
  const timesteps = layer.shape[1] ?? 1;
  const rowPx = Math.max(1, Math.min(18, Math.floor(420 / timesteps)));
  const rowWords = words?.[sample]?.length === timesteps ? words[sample] : null;
  const labelled = rowWords !== null && rowPx >= MIN_LABELLED_ROW_PX;
  return (
    <div className="sequence-view">
      <div className="sample-picker" role="group" aria-label="Probe sample">
        {Array.from({ length: samples }, (_, i) => (
          <button key={i} type="button" className={i === sample ? 'active' : ''} onClick={() => setChosen(i)} data-testid={`probe-sample-${i}`} title={`Training sample ${snapshot.samples[i]}`}>
            {snapshot.samples[i]}
          </button>
        ))}
      </div>
      <div className="sequence-rows" data-sample={sample} data-testid="sequence-view">
        {labelled && (
          <ol className="row-words" style={{ lineHeight: `${rowPx}px`, fontSize: Math.min(11, rowPx - 1) }}>
            {rowWords.map((w, t) => (
              <li key={t} title={`timestep ${t}`}>
                {w || '·'}
              </li>
            ))}
          </ol>
        )}
        <LayerCanvas picture={picture} layer={layer.layer} size={{ width: WIDTH_PX, height: timesteps * rowPx }} />
      </div>
    </div>
  );
}
