import type { z } from 'zod';
import { getLayerSpec } from '../../../engine/layers/registry';
import { formatShape } from '../../../engine/shape';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store';
import { duplicateSelection } from './editActions';
import { FixButtons } from './FixButtons';
import { DraftInput } from './DraftField';
import { expectNumber, expectShape, type DraftResult } from './draftValue';
import { paramFields, parseParamDraft, type ParamField } from './paramFields';
import { MOD } from './shortcuts';
import { useAnalysis, useSummary } from './useAnalysis';

function FieldInput({ field, value, onChange, checkValue }: { field: ParamField; value: unknown; onChange: (value: unknown) => void; checkValue: (value: unknown) => boolean }) {
  const placeholder = field.nullable ? 'auto' : undefined;
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
    case 'number': {
      // Typed text stays a draft until it parses; the layer's own schema has the last word.
      const parse = (text: string): DraftResult<unknown> => {
        const result = parseParamDraft(field, text);
        if (!result.ok || checkValue(result.value)) return result;
        return { ok: false, error: `${field.title}: enter ${field.kind === 'shape' ? expectShape(field.rule) : expectNumber(field.rule)}` };
      };
      return (
        <DraftInput
          id={id}
          testId={id}
          value={value}
          parse={parse}
          onCommit={onChange}
          placeholder={placeholder}
          inputMode={field.kind === 'shape' ? 'text' : 'decimal'}
        />
      );
    }
  }
}

/** Whether the layer's schema takes `value` for `key` (other params as they are). */
function paramAccepts(schema: z.ZodType, params: Record<string, unknown>, key: string, value: unknown): boolean {
  const result = schema.safeParse({ ...params, [key]: value });
  return result.success || !result.error.issues.some((issue) => issue.path[0] === key);
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
              <FieldInput
                key={`${node.id}:${field.key}`}
                field={field}
                value={node.params[field.key]}
                onChange={(v) => updateParams(node.id, { [field.key]: v })}
                checkValue={(v) => paramAccepts(spec.params, node.params, field.key, v)}
              />
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
