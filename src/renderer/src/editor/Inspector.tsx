import { useEffect, useState } from 'react';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useAppStore } from '../store';
import { paramFields, parseShapeText, type ParamField } from './paramFields';
import { useAnalysis } from './useAnalysis';

function FieldInput({ field, value, onChange }: { field: ParamField; value: unknown; onChange: (value: unknown) => void }) {
  const [text, setText] = useState(() => (Array.isArray(value) ? value.join(', ') : String(value ?? '')));
  useEffect(() => setText(Array.isArray(value) ? value.join(', ') : String(value ?? '')), [value]);
  const placeholder = field.nullable ? 'auto' : undefined;
  const emptyValue = (typed: string) => (field.nullable && typed.trim() === '' ? null : undefined);
  const id = `param-${field.key}`;
  switch (field.kind) {
    case 'enum':
      return (
        <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={id}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={id} />;
    case 'shape':
      return (
        <input
          id={id}
          value={text}
          placeholder={placeholder}
          onChange={(e) => {
            setText(e.target.value);
            onChange(emptyValue(e.target.value) === null ? null : parseShapeText(e.target.value));
          }}
          data-testid={id}
        />
      );
    case 'number':
      return (
        <input
          id={id}
          type="number"
          step={field.integer ? 1 : 'any'}
          value={text}
          placeholder={placeholder}
          onChange={(e) => {
            setText(e.target.value);
            if (emptyValue(e.target.value) === null) return onChange(null);
            const n = Number(e.target.value);
            // Keep what was typed when it is not a number yet, so the node shows why.
            onChange(e.target.value.trim() !== '' && Number.isFinite(n) ? n : e.target.value);
          }}
          data-testid={id}
        />
      );
  }
}

export function Inspector() {
  const selectedIds = useAppStore((s) => s.selectedNodeIds);
  const node = useAppStore((s) => (s.selectedNodeIds.length === 1 ? s.graph.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined));
  const analysis = useAnalysis();

  if (!node) {
    return (
      <div className="inspector empty">
        <p className="muted">
          {selectedIds.length > 1 ? `${selectedIds.length} layers selected.` : 'Select a layer to edit its parameters.'}
        </p>
        <GraphIssues />
      </div>
    );
  }
  const spec = getLayerSpec(node.kind);
  const issues = analysis.issues.filter((i) => i.nodeId === node.id);
  const shape = analysis.nodeShapes[node.id];
  const { updateParams, renameLayer } = useAppStore.getState();
  return (
    <div className="inspector" data-testid="inspector">
      <h2>
        {node.kind} <span className="muted">{node.name}</span>
      </h2>
      {spec && <p className="muted small">{spec.description}</p>}
      <label className="field">
        <span>Name</span>
        <input value={node.name} onChange={(e) => renameLayer(node.id, e.target.value)} data-testid="param-name" />
      </label>
      {spec &&
        paramFields(spec).map((field) => {
          const fieldIssue = issues.find((i) => i.field === field.key);
          return (
            <label key={field.key} className={`field ${fieldIssue ? 'invalid' : ''}`} title={field.description}>
              <span>{field.title}</span>
              <FieldInput field={field} value={node.params[field.key]} onChange={(v) => updateParams(node.id, { [field.key]: v })} />
              {fieldIssue && <em className="field-error">{fieldIssue.message}</em>}
            </label>
          );
        })}
      <p className="small">
        Output shape: <code data-testid="inspector-shape">{shape ? formatShape(shape) : 'unknown'}</code>
      </p>
      {issues
        .filter((i) => !i.field)
        .map((issue, i) => (
          <p key={i} className={`issue ${issue.severity}`}>
            {issue.message}
          </p>
        ))}
    </div>
  );
}

/** Problems that belong to no single node, e.g. an empty graph. */
function GraphIssues() {
  const analysis = useAnalysis();
  const global = analysis.issues.filter((i) => !i.nodeId && !i.edgeId);
  const total = analysis.issues.filter((i) => i.severity === 'error').length;
  return (
    <div className="graph-issues" data-testid="graph-issues">
      {total === 0 ? <p className="ok">The graph is valid.</p> : <p className="issue error">{total} problem(s) in the graph.</p>}
      {global.map((issue, i) => (
        <p key={i} className={`issue ${issue.severity}`}>
          {issue.message}
        </p>
      ))}
    </div>
  );
}
