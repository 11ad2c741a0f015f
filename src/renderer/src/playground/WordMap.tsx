import { useMemo, useState } from 'react';
import { projectTo2d } from './pcaProjection';

const SIZE = 340;
/** Labels for the most frequent words only (word_index order is by frequency); the rest are dots. */
const LABELLED = 60;

/**
 * The range from the 2nd to the 98th percentile: a few frequent words lie far
 * out on the components and would squeeze all others into a corner; they are
 * drawn on the border instead.
 */
function spread(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? 0;
  return [at(0.02), at(0.98)];
}

/** The embeddings on their first two principal components, with a search that highlights words. */
export function WordMap({ points, highlight, onPick }: { points: { word: string; vector: number[] }[]; highlight: string[]; onPick: (word: string) => void }) {
  const [search, setSearch] = useState('');
  const layout = useMemo(() => {
    const xy = projectTo2d(points.map((p) => p.vector));
    const [minX, maxX] = spread(xy.map((p) => p[0]));
    const [minY, maxY] = spread(xy.map((p) => p[1]));
    const pad = 12;
    const sx = (SIZE - 2 * pad) / (maxX - minX || 1);
    const sy = (SIZE - 2 * pad) / (maxY - minY || 1);
    const clamp = (v: number) => Math.min(SIZE - pad, Math.max(pad, v));
    return xy.map(([x, y], i) => ({ word: points[i]!.word, x: clamp(pad + (x - minX) * sx), y: clamp(SIZE - pad - (y - minY) * sy) }));
  }, [points]);
  const query = search.trim().toLowerCase();
  const marked = new Set(highlight);
  return (
    <div className="word-map">
      <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Find words on the map" data-testid="w2v-map-search" />
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} data-testid="w2v-map" data-points={layout.length}>
        {layout.map((p, i) => {
          const found = query !== '' && p.word.includes(query);
          const hot = found || marked.has(p.word);
          const first = highlight[0] === p.word;
          return (
            <g key={p.word} onClick={() => onPick(p.word)} className={hot ? 'hot' : ''}>
              <circle cx={p.x} cy={p.y} r={hot ? 3 : 1.5} fill={first ? '#dc2626' : hot ? '#2563eb' : '#94a3b8'} />
              {(i < LABELLED || hot) && (
                <text x={p.x + 3} y={p.y - 3} fontSize={hot ? 11 : 9} fill={hot ? '#1e3a8a' : '#64748b'}>
                  {p.word}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
