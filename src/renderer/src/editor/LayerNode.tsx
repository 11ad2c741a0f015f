import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useAppStore } from '../store';
import { useAnalysis } from './useAnalysis';

export type LayerFlowNode = Node<Record<string, never>, 'layer'>;

const pair = (value: unknown): string => (Array.isArray(value) ? value.map(String).join('×') : String(value));

/** A short, readable summary of the parameters that matter most for each layer. */
function summarize(kind: string, params: Record<string, unknown>): string {
  const parts: string[] = [];
  if ('shape' in params && Array.isArray(params.shape)) parts.push(`shape ${formatShape([null, ...(params.shape as number[])])}`);
  if ('target_shape' in params && Array.isArray(params.target_shape)) {
    parts.push(`to ${formatShape([null, ...(params.target_shape as number[])])}`);
  }
  if ('input_dim' in params) parts.push(`${String(params.input_dim)} tokens → ${String(params.output_dim)}`);
  if ('filters' in params) parts.push(`${String(params.filters)} filters ${pair(params.kernel_size)}`);
  if ('pool_size' in params) parts.push(`pool ${pair(params.pool_size)}`);
  if ('strides' in params && params.strides !== null && pair(params.strides).split('×').some((s) => s !== '1')) {
    if (!('pool_size' in params) || pair(params.strides) !== pair(params.pool_size)) parts.push(`stride ${pair(params.strides)}`);
  }
  if (params.padding === 'same') parts.push('same');
  if ('units' in params) parts.push(`${String(params.units)} units`);
  if (params.return_sequences === true) parts.push('sequences');
  if ('n' in params) parts.push(`×${String(params.n)}`);
  if ('axis' in params && params.axis !== -1) parts.push(`axis ${String(params.axis)}`);
  if ('rate' in params) parts.push(`rate ${String(params.rate)}`);
  if ('activation' in params && params.activation !== 'linear') parts.push(String(params.activation));
  return parts.join(' · ') || kind;
}

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  const node = useAppStore((s) => s.graph.nodes.find((n) => n.id === id));
  const analysis = useAnalysis();
  if (!node) return null;
  const spec = getLayerSpec(node.kind);
  const shape = analysis.nodeShapes[id];
  const errors = analysis.issues.filter((issue) => issue.nodeId === id && issue.severity === 'error');
  const className = ['layer-node', `cat-${spec?.category.toLowerCase() ?? 'unknown'}`, selected ? 'selected' : '', errors.length ? 'has-error' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} data-testid={`node-${node.name}`} data-kind={node.kind}>
      {spec && spec.arity.max > 0 && <Handle type="target" position={Position.Top} />}
      <div className="layer-node-title">
        <span className="layer-kind">{node.kind}</span>
        <span className="layer-name">{node.name}</span>
      </div>
      <div className="layer-node-params">{summarize(node.kind, node.params)}</div>
      <div className="layer-node-shape" data-testid="node-shape">
        {shape ? formatShape(shape) : '—'}
      </div>
      {errors.map((issue, i) => (
        <div key={i} className="layer-node-error" role="alert" data-testid="node-error">
          {issue.message}
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
