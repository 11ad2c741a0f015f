import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { FixButtons } from './FixButtons';
import { CATEGORY_COLORS, UNKNOWN_CATEGORY_COLOR, summarizeParams } from './layerText';
import { useAnalysis } from './useAnalysis';

export type LayerFlowNode = Node<Record<string, never>, 'layer'>;

function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  // Only what the node shows: moving layers (their position) re-renders none of them.
  const [kind, name, params] = useAppStore(
    useShallow((s) => {
      const found = s.graph.nodes.find((n) => n.id === id);
      return found ? [found.kind, found.name, found.params] : [];
    }),
  );
  const analysis = useAnalysis();
  if (kind === undefined || name === undefined || params === undefined) return null;
  const node = { kind, name, params };
  const spec = getLayerSpec(node.kind);
  const shape = analysis.nodeShapes[id];
  const errors = analysis.issues.filter((issue) => issue.nodeId === id && issue.severity === 'error');
  const className = ['layer-node', `cat-${spec?.category.toLowerCase() ?? 'unknown'}`, selected ? 'selected' : '', errors.length ? 'has-error' : '']
    .filter(Boolean)
    .join(' ');
  const stripe = { '--stripe': spec ? CATEGORY_COLORS[spec.category] : UNKNOWN_CATEGORY_COLOR } as CSSProperties;
  return (
    <div className={className} style={stripe} data-testid={`node-${node.name}`} data-kind={node.kind}>
      {spec && spec.arity.max > 0 && <Handle type="target" position={Position.Top} />}
      <div className="layer-node-title">
        <span className="layer-kind">{node.kind}</span>
        <span className="layer-name" title={node.name}>{node.name}</span>
      </div>
      <div className="layer-node-params">{summarizeParams(node.kind, node.params)}</div>
      <div className="layer-node-shape" data-testid="node-shape">
        {shape ? formatShape(shape) : '—'}
      </div>
      {errors.map((issue, i) => (
        <div key={i} className="layer-node-issue">
          <div className="layer-node-error" role="alert" data-testid="node-error">
            {issue.message}
          </div>
          <FixButtons issue={issue} testId="node-fix" />
        </div>
      ))}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

/** React Flow passes positions and drag state too; the node shows neither, so moving it need not re-render it. */
export const LayerNode = memo(LayerNodeView, (a, b) => a.id === b.id && a.selected === b.selected && a.data === b.data);
