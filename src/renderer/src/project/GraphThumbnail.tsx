import { useEffect, useMemo, useState } from 'react';
import type { Graph } from '../../../engine/graph';
import type { ProjectTemplate } from '../../../engine/templates';
import { laidOutTemplateGraph } from './templateLayout';
import { thumbnailGeometry } from './thumbnailGeometry';

/** The template's network in miniature: layers as boxes in their category colour, connections as lines. */
export function GraphThumbnail({ template }: { template: ProjectTemplate }) {
  const [graph, setGraph] = useState<Graph>(template.graph);
  useEffect(() => {
    let current = true;
    void laidOutTemplateGraph(template).then((laidOut) => current && setGraph(laidOut));
    return () => {
      current = false;
    };
  }, [template]);
  const geometry = useMemo(() => thumbnailGeometry(graph), [graph]);
  return (
    <svg className="graph-thumbnail" viewBox={geometry.viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true" data-testid="graph-thumbnail">
      {geometry.lines.map((l) => (
        <line key={l.id} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke="#94a3b8" strokeWidth={8} />
      ))}
      {geometry.boxes.map((b) => (
        <rect key={b.id} x={b.x} y={b.y} width={b.width} height={b.height} rx={10} fill="#fff" stroke={b.color} strokeWidth={10}>
          <title>{b.kind}</title>
        </rect>
      ))}
    </svg>
  );
}
