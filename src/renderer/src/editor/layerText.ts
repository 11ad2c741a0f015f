import type { LayerCategory } from '../../../engine/layers/spec';
import { formatShape } from '../../../engine/shape';

/** One colour per palette category: the node's stripe on the canvas and in exported SVGs. */
export const CATEGORY_COLORS: Record<LayerCategory, string> = {
  Input: '#0ea5e9',
  Core: '#6366f1',
  Regularization: '#f59e0b',
  Activation: '#10b981',
  Reshaping: '#a855f7',
  Convolution: '#ef4444',
  Pooling: '#f97316',
  Normalization: '#14b8a6',
  Embedding: '#ec4899',
  Recurrent: '#8b5cf6',
  Merge: '#64748b',
};

export const UNKNOWN_CATEGORY_COLOR = '#64748b';

const pair = (value: unknown): string => (Array.isArray(value) ? value.map(String).join('×') : String(value));

/** A short, readable summary of the parameters that matter most for each layer. */
export function summarizeParams(kind: string, params: Record<string, unknown>): string {
  const parts: string[] = [];
  if ('shape' in params && Array.isArray(params.shape)) parts.push(`shape ${formatShape([null, ...(params.shape as number[])])}`);
  if ('target_shape' in params && Array.isArray(params.target_shape)) {
    parts.push(`to ${formatShape([null, ...(params.target_shape as number[])])}`);
  }
  if ('input_dim' in params) parts.push(`${String(params.input_dim)} tokens → ${String(params.output_dim)}`);
  if ('filters' in params) parts.push(`${String(params.filters)} filters ${pair(params.kernel_size)}`);
  if ('pool_size' in params) parts.push(`pool ${pair(params.pool_size)}`);
  if ('strides' in params && params.strides !== null && pair(params.strides).split('×').some((s) => s !== '1')) {
    if (!('pool_size' in params) || pair(params.strides) !== pair(params.pool_size)) parts.push(`stride ${pair(params.strides)}`);
  }
  if (params.padding === 'same') parts.push('same');
  if ('units' in params) parts.push(`${String(params.units)} units`);
  if (params.return_sequences === true) parts.push('sequences');
  if ('n' in params) parts.push(`×${String(params.n)}`);
  if ('axis' in params && params.axis !== -1) parts.push(`axis ${String(params.axis)}`);
  if ('rate' in params) parts.push(`rate ${String(params.rate)}`);
  if ('activation' in params && params.activation !== 'linear') parts.push(String(params.activation));
  return parts.join(' · ') || kind;
}
