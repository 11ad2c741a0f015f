import { useEffect, useState } from 'react';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { duplicateSelection } from './editActions';
import { FixButtons } from './FixButtons';
import { paramFields, parseShapeText, type ParamField } from './paramFields';
import { MOD } from './shortcuts';
import { useAnalysis, useSummary } from './useAnalysis';

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

/** Delete and Duplicate for whatever is selected; each is one undo step. */
function SelectionActions({ count }: { count: number }) {
  const noun = count === 1 ? 'layer' : `${count} layers`;
  return (
    <div className="actions selection-actions">
      <button type="button" onClick={() => duplicateSelection()} title={`Duplicate the ${noun} (${MOD}+D)`} data-testid="duplicate-selection">
        Duplicate
      </button>
      <button type="button" onClick={() => useAppStore.getState().deleteSelection()} title={`Delete the ${noun} (Delete)`} data-testid="delete-selection">
        Delete
      </button>
    </div>
  );
}

/** Several layers selected: how many, what they weigh, and what can be done with all of them. */
function MultiSelection({ ids }: { ids: readonly string[] }) {
  const summary = useSummary();
  const graph = useAppStore((s) => s.graph);
  const selected = new Set(ids);
  const layers = summary.layers.filter((l) => selected.has(l.id));
  const counted = layers.filter((l) => l.params !== null);
  const params = counted.reduce((sum, l) => sum + (l.params ?? 0), 0);
  // A layer's count needs its input shapes: unconnected or broken layers have none yet.
  const paramsText =
    counted.length === 0 ? 'unknown' : counted.length < ids.length ? `at least ${params.toLocaleString('en-US')}` : params.toLocaleString('en-US');
  const names = graph.nodes.filter((n) => selected.has(n.id)).map((n) => n.name);
  return (
    <div className="inspector" data-testid="inspector-multi">
      <h2 data-testid="selection-count">{ids.length} layers selected</h2>
      <p className="small">
        Parameters: <strong data-testid="selection-params">{paramsText}</strong>
        {counted.length < ids.length && <span className="muted"> (a layer&apos;s count is known once its input shapes are)</span>}
      </p>
      <p className="muted small selection-names">{names.join(', ')}</p>
      <SelectionActions count={ids.length} />
      <p className="muted small">Drag any of them to move them together. Shift+click adds or removes a layer.</p>
      <GraphIssues />
    </div>
  );
}

export function Inspector() {
  // Undo keeps the selection so redo brings it back; layers it names that are gone now are not shown.
  const selectedIds = useAppStore(useShallow((s) => s.selectedNodeIds.filter((id) => s.graph.nodes.some((n) => n.id === id))));
  const node = useAppStore((s) => (selectedIds.length === 1 ? s.graph.nodes.find((n) => n.id === selectedIds[0]) : undefined));
  const analysis = useAnalysis();

  if (selectedIds.length > 1) return <MultiSelection ids={selectedIds} />;
  if (!node) {
    return (
      <div className="inspector empty">
        <p className="muted">Select a layer to edit its parameters. Shift+click or Shift+drag selects several.</p>
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
              {fieldIssue && (
                <em className="field-error">
                  {fieldIssue.message}
                  <FixButtons issue={fieldIssue} testId="inspector-fix" />
                </em>
              )}
            </label>
          );
        })}
      <p className="small">
        Output shape: <code data-testid="inspector-shape">{shape ? formatShape(shape) : 'unknown'}</code>
      </p>
      {issues
        .filter((i) => !i.field)
        .map((issue, i) => (
          <div key={i} className={`issue ${issue.severity}`} data-testid="inspector-issue">
            <p>{issue.message}</p>
            <FixButtons issue={issue} testId="inspector-fix" />
          </div>
        ))}
      <SelectionActions count={1} />
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
