import { useMemo, useState, type DragEvent } from 'react';
import { LAYER_SPECS } from '../../../engine/layers/registry';
import { useAppStore } from '../store';
import { LAYER_DRAG_TYPE } from './Canvas';

/** Drop point for a click-added layer: under the lowest layer, so it never lands on another. */
function nextFreePosition(): { x: number; y: number } {
  const nodes = useAppStore.getState().graph.nodes;
  if (nodes.length === 0) return { x: 0, y: 0 };
  const lowest = nodes.reduce((a, b) => (b.position.y > a.position.y ? b : a));
  return { x: lowest.position.x, y: lowest.position.y + 140 };
}

export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const byCategory = new Map<string, typeof LAYER_SPECS>();
    for (const spec of LAYER_SPECS) {
      if (q && !spec.kind.toLowerCase().includes(q) && !spec.description.toLowerCase().includes(q)) continue;
      byCategory.set(spec.category, [...(byCategory.get(spec.category) ?? []), spec]);
    }
    return [...byCategory];
  }, [query]);

  const onDragStart = (event: DragEvent, kind: string) => {
    event.dataTransfer.setData(LAYER_DRAG_TYPE, kind);
    event.dataTransfer.effectAllowed = 'move';
  };

  return (
    <aside className="palette" aria-label="Layer palette">
      <input
        className="palette-search"
        type="search"
        placeholder="Search layers"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search layers"
      />
      {groups.map(([category, specs]) => (
        <section key={category}>
          <h3>{category}</h3>
          {specs.map((spec) => (
            <button
              key={spec.kind}
              type="button"
              className="palette-item"
              draggable
              onDragStart={(e) => onDragStart(e, spec.kind)}
              onClick={() => useAppStore.getState().addLayer(spec.kind, nextFreePosition())}
              title={`${spec.description}\nDrag onto the canvas, or click to add.`}
              data-testid={`palette-${spec.kind}`}
            >
              {spec.kind}
            </button>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No layer matches “{query}”.</p>}
    </aside>
  );
}
