import { useReactFlow } from '@xyflow/react';
import { formatShape } from '../../../engine/shape';
import { activationBytesPerBatch, BYTES_PER_VALUE } from '../../../engine/summary';
import { formatBytes, formatCount } from '../../../engine/units';
import { useAppStore } from '../store';
import type { LayerFlowNode } from './LayerNode';
import { useSummary } from './useAnalysis';

const exact = (n: number) => n.toLocaleString('en-US');

/**
 * Keras' `model.summary()`, plus estimates of compute and memory: one row per
 * layer in the order data flows, totals below. A row selects its layer and
 * brings it into view.
 */
export function SummaryPanel() {
  const summary = useSummary();
  const batchSize = useAppStore((s) => s.training.batchSize);
  const selected = useAppStore((s) => s.selectedNodeIds);
  const flow = useReactFlow<LayerFlowNode>();
  const selectedSet = new Set(selected);

  const reveal = (id: string) => {
    useAppStore.getState().setSelection([id]);
    void flow.fitView({ nodes: [{ id }], maxZoom: 1, minZoom: 0.5, padding: 0.5, duration: 200 });
  };

  if (summary.layers.length === 0) {
    return <p className="muted">The model is empty: add layers to see their shapes, parameters and costs here.</p>;
  }
  return (
    <div className="summary-panel" data-testid="summary-panel">
      <table className="summary-table">
        <colgroup>
          <col className="layer" />
          <col className="shape" />
          <col className="num" />
          <col className="num" />
          <col className="num" />
        </colgroup>
        <thead>
          <tr>
            <th>Layer (type)</th>
            <th>Output shape</th>
            <th className="num" title="Parameters (weights), as Keras counts them">
              Param #
            </th>
            <th className="num" title="Floating-point operations of one sample's forward pass (a multiply-add counts as 2)">
              FLOPs
            </th>
            <th className="num" title="Activation memory: the layer's output for one sample (float32)">
              Activations
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.layers.map((layer) => (
            <tr
              key={layer.id}
              className={[selectedSet.has(layer.id) ? 'selected' : '', layer.outputShape ? '' : 'unknown'].filter(Boolean).join(' ')}
              onClick={() => reveal(layer.id)}
              data-testid={`summary-row-${layer.name}`}
            >
              <td title={`${layer.name} (${layer.kind})`}>
                <div className="summary-name">{layer.name}</div>
                <div className="muted small">{layer.kind}</div>
              </td>
              <td>
                <code>{layer.outputShape ? formatShape(layer.outputShape) : '—'}</code>
              </td>
              <td className="num">{layer.params === null ? '—' : exact(layer.params)}</td>
              <td className="num" title={layer.flops === null ? undefined : `${exact(layer.flops)} FLOPs`}>
                {layer.flops === null ? '—' : formatCount(layer.flops)}
              </td>
              <td className="num">{layer.activationBytes === null ? '—' : formatBytes(layer.activationBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="summary-totals" data-testid="summary-totals">
        <dt>Total params</dt>
        <dd data-testid="summary-total-params">
          {exact(summary.totalParams)} <span className="muted">({formatBytes(summary.totalParams * BYTES_PER_VALUE)})</span>
        </dd>
        <dt>FLOPs per sample</dt>
        <dd data-testid="summary-total-flops" title={`${exact(summary.totalFlops)} FLOPs`}>
          {formatCount(summary.totalFlops)}
        </dd>
        <dt>Activations per batch</dt>
        <dd data-testid="summary-activation-memory">
          {formatBytes(activationBytesPerBatch(summary, batchSize))}{' '}
          <span className="muted">
            (batch of {batchSize}, {formatBytes(summary.activationBytesPerSample)} per sample)
          </span>
        </dd>
      </dl>
      {!summary.complete && (
        <p className="issue warning small">Some shapes are unknown until the model&apos;s errors are fixed; the totals count the known layers only.</p>
      )}
      <p className="muted small">
        Estimates for one forward pass in float32. Training also keeps gradients and optimizer state, and the backward pass costs about twice the
        FLOPs.
      </p>
    </div>
  );
}
