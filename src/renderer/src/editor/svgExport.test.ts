import { describe, expect, it } from 'vitest';
import { connectionBetween, escapeXml, graphToSvg, type SvgLayerBox } from './svgExport';

const box = (over: Partial<SvgLayerBox>): SvgLayerBox => ({
  x: 0,
  y: 0,
  width: 180,
  height: 60,
  kind: 'Dense',
  name: 'dense_1',
  detail: '128 units · relu',
  shape: '(None, 128)',
  color: '#6366f1',
  errors: [],
  ...over,
});

describe('graphToSvg', () => {
  const input = box({ kind: 'Input', name: 'input_1', detail: 'shape (None, 784)', shape: '(None, 784)', color: '#0ea5e9' });
  const dense = box({ y: 140, errors: ["Dense 'dense_1' expects <rank 2> & more"] });
  const svg = graphToSvg([input, dense], [connectionBetween(input, dense, '(None, 784)', false)], 'MLP & co');

  it('draws every layer as rect and text, with no foreignObject', () => {
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('foreignObject');
    expect(svg.match(/<g class="layer"/g)).toHaveLength(2);
    expect(svg).toContain('>input_1</tspan>');
    expect(svg).toContain('>dense_1</tspan>');
    expect(svg).toContain('>(None, 128)</text>');
    expect(svg).toContain('<title>MLP &amp; co</title>');
  });

  it('escapes text and outlines layers with errors in red', () => {
    expect(svg).toContain('&lt;rank 2&gt; &amp; more');
    expect(svg).not.toContain('<rank 2>');
    expect(svg).toContain('stroke="#dc2626" stroke-width="1.5"');
  });

  it('draws connections as bezier paths with their shape label in the middle', () => {
    const connection = connectionBetween(input, dense, '(None, 784)', false);
    expect(connection.d).toMatch(/^M90,60 C/);
    expect(connection.labelX).toBe(90);
    expect(connection.labelY).toBe(100);
    expect(svg).toContain(`<path d="${connection.d}" fill="none"`);
    expect(svg).toContain('>(None, 784)</text>');
  });

  it('fits the view box around every layer with a margin', () => {
    expect(svg).toMatch(/viewBox="-24 -24 228 \d+"/);
  });

  it('escapes all five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
