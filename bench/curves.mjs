// One SVG per template for bench/FIDELITY.md: LayerLab's and Keras' training
// curves side by side (loss, and accuracy where the template has it), batch
// values smoothed, epoch-end validation values as dots, the tutorial's
// printed figures as crosses. Plain SVG text: no dependencies.

const W = 420;
const H = 260;
const PAD = { left: 52, right: 12, top: 28, bottom: 36 };
const COLORS = { layerlab: '#1f6feb', keras: '#e8590c', tutorial: '#222' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** Batch values as (fractional epoch, value), averaged over a moving window and thinned to at most `max` points. */
export function smoothedBatches(batches, key, max = 300) {
  const byEpoch = new Map();
  for (const b of batches) {
    const v = b[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (!byEpoch.has(b.epoch)) byEpoch.set(b.epoch, []);
    byEpoch.get(b.epoch).push(v);
  }
  const points = [];
  for (const [epoch, values] of [...byEpoch.entries()].sort((a, b) => a[0] - b[0])) {
    values.forEach((v, i) => points.push({ x: epoch - 1 + (i + 1) / values.length, y: v }));
  }
  if (!points.length) return [];
  const window = Math.max(1, Math.round(points.length / 40));
  const smooth = [];
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    sum += points[i].y;
    if (i >= window) sum -= points[i - window].y;
    smooth.push({ x: points[i].x, y: sum / Math.min(i + 1, window) });
  }
  const stride = Math.max(1, Math.ceil(smooth.length / max));
  return smooth.filter((_, i) => i % stride === 0 || i === smooth.length - 1);
}

/** Epoch-end values of `key` as (epoch, value). */
export function epochPoints(epochs, key) {
  return (epochs ?? []).flatMap((e) => (typeof e.metrics?.[key] === 'number' ? [{ x: e.epoch, y: e.metrics[key] }] : []));
}

function panel({ title, series, x0 }) {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return '';
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y).sort((a, b) => a - b);
  const xMin = 0;
  const xMax = Math.max(1, ...xs);
  // The 98th percentile keeps one early spike from flattening every curve.
  let yMax = ys[Math.floor(0.98 * (ys.length - 1))];
  let yMin = Math.min(0, ys[0]);
  if (yMax <= yMin) yMax = yMin + 1;
  yMax += (yMax - yMin) * 0.05;
  yMin = Math.max(yMin, 0) === 0 && ys[0] >= 0 ? 0 : yMin;
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const sx = (x) => x0 + PAD.left + ((x - xMin) / (xMax - xMin)) * iw;
  const sy = (y) => PAD.top + (1 - (Math.min(y, yMax) - yMin) / (yMax - yMin)) * ih;
  const out = [`<text x="${x0 + PAD.left}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`];
  out.push(`<rect x="${x0 + PAD.left}" y="${PAD.top}" width="${iw}" height="${ih}" fill="none" stroke="#bbb"/>`);
  for (let i = 0; i <= 4; i++) {
    const y = yMin + ((yMax - yMin) * i) / 4;
    out.push(`<line x1="${x0 + PAD.left}" x2="${x0 + PAD.left + iw}" y1="${sy(y)}" y2="${sy(y)}" stroke="#eee"/>`);
    out.push(`<text x="${x0 + PAD.left - 4}" y="${sy(y) + 4}" font-size="10" text-anchor="end">${num(y)}</text>`);
  }
  // Whole epochs, at most about ten labels.
  const step = Math.max(1, Math.ceil(xMax / 10));
  for (let x = 0; x <= xMax + 1e-9; x += step) {
    out.push(`<text x="${sx(x)}" y="${PAD.top + ih + 14}" font-size="10" text-anchor="middle">${x}</text>`);
  }
  out.push(`<text x="${x0 + PAD.left + iw / 2}" y="${H - 6}" font-size="11" text-anchor="middle">epoch</text>`);
  for (const s of series) {
    if (!s.points.length) continue;
    if (s.kind === 'line') {
      const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"${s.dash ? ' stroke-dasharray="4 3"' : ''}/>`);
    } else if (s.kind === 'dots') {
      for (const p of s.points) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${s.hollow ? 'white' : s.color}" stroke="${s.color}" stroke-width="1.5"/>`);
    } else {
      for (const p of s.points) {
        const [cx, cy] = [sx(p.x), sy(p.y)];
        out.push(`<path d="M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}" stroke="${s.color}" stroke-width="1.5"/>`);
      }
    }
  }
  return out.join('\n');
}

/**
 * `sides`: { layerlab, keras } each with `batches` ({epoch, loss, acc}) and
 * `epochs` ({epoch, metrics}); `tutorialEpochs`: the template's printed figures.
 */
export function curvesSvg({ id, sides, tutorialEpochs, lossKey = 'loss' }) {
  const hasAcc = ['layerlab', 'keras'].some((k) => (sides[k]?.batches ?? []).some((b) => typeof b.acc === 'number'));
  const tutorial = (key) => (tutorialEpochs ?? []).flatMap((e, i) => (typeof e[key] === 'number' ? [{ x: i + 1, y: e[key] }] : []));
  const seriesFor = (batchKey, epochKey) => [
    ...['layerlab', 'keras'].flatMap((side) => [
      { kind: 'line', color: COLORS[side], dash: side === 'keras', points: lossKey === 'loss_sum' && batchKey === 'loss' ? [] : smoothedBatches(sides[side]?.batches ?? [], batchKey) },
      { kind: 'dots', color: COLORS[side], points: epochPoints(sides[side]?.epochs, lossKey === 'loss_sum' && batchKey === 'loss' ? 'loss_sum' : epochKey) },
      { kind: 'dots', hollow: true, color: COLORS[side], points: epochPoints(sides[side]?.epochs, `val_${epochKey}`) },
    ]),
    { kind: 'cross', color: COLORS.tutorial, points: [...tutorial(lossKey === 'loss_sum' && batchKey === 'loss' ? 'loss_sum' : epochKey), ...tutorial(`val_${epochKey}`)] },
  ];
  const panels = [panel({ title: `${id}: ${lossKey === 'loss_sum' ? 'loss summed over each pass' : 'loss'}`, series: seriesFor('loss', 'loss'), x0: 0 })];
  if (hasAcc) panels.push(panel({ title: `${id}: accuracy`, series: seriesFor('acc', 'acc'), x0: W }));
  const width = W * panels.length;
  const legendY = H + 14;
  const legend = [
    `<line x1="10" x2="34" y1="${legendY}" y2="${legendY}" stroke="${COLORS.layerlab}" stroke-width="2"/><text x="38" y="${legendY + 4}" font-size="11">LayerLab (batches, smoothed)</text>`,
    `<line x1="210" x2="234" y1="${legendY}" y2="${legendY}" stroke="${COLORS.keras}" stroke-width="2" stroke-dasharray="4 3"/><text x="238" y="${legendY + 4}" font-size="11">Keras 2.15 (batches, smoothed)</text>`,
    `<circle cx="420" cy="${legendY}" r="3.5" fill="#666"/><text x="428" y="${legendY + 4}" font-size="11">epoch end</text>`,
    `<circle cx="500" cy="${legendY}" r="3.5" fill="white" stroke="#666" stroke-width="1.5"/><text x="508" y="${legendY + 4}" font-size="11">validation</text>`,
    `<path d="M${596},${legendY - 4}L${604},${legendY + 4}M${596},${legendY + 4}L${604},${legendY - 4}" stroke="${COLORS.tutorial}" stroke-width="1.5"/><text x="610" y="${legendY + 4}" font-size="11">the tutorial printed</text>`,
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(width, 740)}" height="${H + 28}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panels.join('\n')}
${legend.join('\n')}
</svg>
`;
}
