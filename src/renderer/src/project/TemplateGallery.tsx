import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { TEMPLATES, type ProjectTemplate } from '../../../engine/templates';
import { fitGraph } from '../editor/canvasCommands';
import type { LayerFlowNode } from '../editor/LayerNode';
import { useAppStore } from '../store';
import { newProject, newProjectFromTemplate } from './actions';
import { GraphThumbnail } from './GraphThumbnail';
import { templateFacts } from './templateFacts';
import { confirmDiscard, proceeds } from './UnsavedPrompt';

const GROUPS: { id: ProjectTemplate['group']; title: string }[] = [
  { id: 'images', title: 'Images' },
  { id: 'text', title: 'Text' },
];

function TemplateCard({ template, onOpen }: { template: ProjectTemplate; onOpen: (t: ProjectTemplate) => void }) {
  const backend = useAppStore((s) => s.backend);
  const facts = useMemo(() => templateFacts(template, backend), [template, backend]);
  return (
    <button type="button" className="template-card" onClick={() => onOpen(template)} title={template.description} data-testid={`template-${template.id}`}>
      <GraphThumbnail template={template} />
      <strong className="template-card-title">{template.title}</strong>
      <span className="small">{facts.datasetTitle}</span>
      <span className="small" data-testid="template-params">
        {facts.params} params
      </span>
      <span className="small muted" data-testid="template-result">
        Tutorial: {facts.result}
      </span>
      <span className="small muted" title={facts.estimateDetail} data-testid="template-estimate">
        {facts.estimate}
      </span>
    </button>
  );
}

/**
 * The New dialog's content: an empty canvas, then the tutorial's networks as
 * cards grouped by the kind of data they learn from. Opening one replaces the
 * project (as New always has) and frames it in the canvas.
 */
export function TemplateGallery({ onClose }: { onClose: () => void }) {
  const flow = useReactFlow<LayerFlowNode>();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  // React Flow fits once the new layers have been measured, so asking right after the load is enough.
  const fit = () => requestAnimationFrame(() => fitGraph(flow));
  // The gallery normally opens on a clean project (New asks first); the check is for any other way in.
  const openEmpty = async () => {
    if (!proceeds(await confirmDiscard('starting a new project'))) return;
    newProject(null);
    onClose();
    // Nothing to frame: a fit asked for now would wait for the first layer and then jump the view under the user.
    void flow.setViewport({ x: 0, y: 0, zoom: 1 });
  };
  const open = async (template: ProjectTemplate) => {
    if (!proceeds(await confirmDiscard('opening a template'))) return;
    await newProjectFromTemplate(template);
    onClose();
    fit();
  };

  return (
    <div className="template-gallery" data-testid="template-gallery">
      <button type="button" ref={first} className="template-card template-empty" onClick={() => void openEmpty()} data-testid="template-empty">
        <strong className="template-card-title">Empty canvas</strong>
        <span className="small muted">Build a network from the palette.</span>
      </button>
      {GROUPS.map((group) => {
        const templates = TEMPLATES.filter((t) => t.group === group.id);
        if (templates.length === 0) return null;
        return (
          <section key={group.id} aria-label={group.title} data-testid={`template-group-${group.id}`}>
            <h3>{group.title}</h3>
            <div className="template-cards">
              {templates.map((t) => (
                <TemplateCard key={t.id} template={t} onOpen={(picked) => void open(picked)} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}
