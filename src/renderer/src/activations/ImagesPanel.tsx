import { useEffect, useMemo } from 'react';
import { DEFAULT_PROBE_SAMPLES } from '../../../engine/training';
import type { ActivationsSnapshot, LayerActivations } from '../../../shared/activations';
import { useAppStore } from '../store';
import { requestRunActivations, useActivations } from './activationsStore';
import { LayerCanvas } from './LayerCanvas';
import { isSequence, layerPicture } from './layerPicture';
import { SequenceView } from './SequenceView';
import { ProbeSettings } from './ProbeSettings';

const DESCRIPTIONS: Record<string, string> = {
  maps: 'Feature maps: a column per probe sample, a row per channel, each map on its own range (white is high).',
  colour: 'The probe images in colour, one per sample.',
  vectors: 'Each sample’s activations as a square image (white is high).',
  strips: 'A row per sample, a column per unit: blue negative, white zero, red positive.',
  reconstruction: 'Top: the probe inputs; below: what this layer rebuilds from them.',
  sequence: 'Per sample: timesteps down, units across (blue negative, red positive).',
};

function useSelectedLayerName(): string | null {
  return useAppStore((s) => {
    const id = s.selectedNodeIds[0];
    return id ? (s.graph.nodes.find((n) => n.id === id)?.name ?? null) : null;
  });
}

/** The run whose images are shown: the live one, else the run viewed in Train/Runs. */
function useShownRun() {
  const live = useAppStore((s) => s.live);
  const run = useAppStore((s) => s.runs.find((r) => r.id === s.viewedRunId) ?? null);
  const runId = live?.runId ?? run?.id ?? null;
  const snapshot = useActivations((s) => (runId ? (s.byRun[runId] ?? null) : null));
  const request = useActivations((s) => (run ? (s.requests[run.id] ?? null) : null));
  return { live, run: live ? null : run, runId, snapshot, request };
}

function Words({ snapshot }: { snapshot: ActivationsSnapshot }) {
  // The words of the probe samples, when the layer reads a text input (embeddings, recurrent layers).
  const entries = Object.entries(snapshot.words);
  if (entries.length === 0) return null;
  const [input, samples] = entries[0]!;
  return (
    <details className="probe-words" data-testid="probe-words">
      <summary>The probe samples as words ({input})</summary>
      <ol start={0}>
        {samples.map((words, i) => (
          <li key={i}>
            <code>{snapshot.samples[i]}</code>: {words.filter((w) => w !== '').join(' ') || '(padding only)'}
          </li>
        ))}
      </ol>
    </details>
  );
}

function LayerTitle({ layer }: { layer: LayerActivations }) {
  return (
    <div className="layer-images-title">
      <strong>{layer.layer}</strong>{' '}
      <span className="muted">
        {layer.kind} · [{layer.shape.join(', ')}] · range {layer.min.toPrecision(3)} … {layer.max.toPrecision(3)}
      </span>
    </div>
  );
}

function LayerImages({ snapshot, layerName }: { snapshot: ActivationsSnapshot; layerName: string }) {
  const layer = snapshot.layers.find((l) => l.layer === layerName) ?? null;
  const sequence = layer !== null && isSequence(layer);
  const picture = useMemo(() => (layer && !sequence ? layerPicture(layer, snapshot) : null), [layer, snapshot, sequence]);
  if (layer && sequence) {
    return (
      <div className="layer-images" data-testid="layer-images">
        <LayerTitle layer={layer} />
        <SequenceView layer={layer} snapshot={snapshot} />
        <p className="muted small">{DESCRIPTIONS.sequence} Pick a probe sample above.</p>
        <Words snapshot={snapshot} />
      </div>
    );
  }
  if (!layer || !picture) {
    return <p className="muted">The model has no outputs for “{layerName}” (it may have been added after this run).</p>;
  }
  return (
    <div className="layer-images" data-testid="layer-images">
      <LayerTitle layer={layer} />
      <LayerCanvas picture={picture} layer={layer.layer} />
      <p className="muted small">
        {DESCRIPTIONS[picture.kind]} {picture.gridCols > 1 && picture.colLabel === 'samples' ? `Samples: ${snapshot.samples.slice(0, picture.gridCols).join(', ')}.` : ''}
      </p>
      <Words snapshot={snapshot} />
    </div>
  );
}

/** The "Images" tab: the selected layer's outputs for the probe samples, live or for the viewed run. */
export function ImagesPanel() {
  const layerName = useSelectedLayerName();
  const { live, run, snapshot, request } = useShownRun();
  useEffect(() => {
    if (run && !live) void requestRunActivations(run);
  }, [run, live]);

  const source = live ? `live: ${live.runName}` : run ? run.name : null;
  return (
    <div className="images-panel" data-testid="images-panel">
      {snapshot ? (
        <p className="muted" data-testid="images-source">
          {source} · {snapshot.step === 0 && snapshot.epoch === 0 ? (live ? 'before training' : 'from the saved weights') : `epoch ${snapshot.epoch}, step ${snapshot.step}`} ·{' '}
          {snapshot.samples.length} probe samples
        </p>
      ) : live ? (
        <p className="muted">Waiting for the first layer images of {live.runName}…</p>
      ) : run && request === 'loading' ? (
        <p className="muted">Computing the layer images of {run.name} from its weights…</p>
      ) : run && request && typeof request === 'object' ? (
        <p className="issue error">
          Layer images of {run.name} failed: {request.error}{' '}
          <button type="button" onClick={() => void requestRunActivations(run, true)}>
            Retry
          </button>
        </p>
      ) : run && !run.hasWeights ? (
        <p className="muted">{run.name} has no saved weights to draw layer images from.</p>
      ) : (
        <p className="muted">Train the model, or pick a run in the Runs tab, to see what each layer makes of the first {DEFAULT_PROBE_SAMPLES} training samples.</p>
      )}
      {snapshot &&
        (layerName ? (
          <LayerImages snapshot={snapshot} layerName={layerName} />
        ) : (
          <p className="muted">Select a layer on the canvas to see its outputs.</p>
        ))}
      <ProbeSettings />
    </div>
  );
}
