import { MAX_PROBE_SAMPLES } from '../../../engine/training';

/** "0, 5, 7-9" → [0, 5, 7, 8, 9]; null when the text is not such a list. */
export function parseSampleList(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to < from || to - from >= MAX_PROBE_SAMPLES) return null;
      for (let i = from; i <= to; i++) out.push(i);
    } else if (/^\d+$/.test(part)) out.push(Number(part));
    else return null;
  }
  return out.length > 0 && out.length <= MAX_PROBE_SAMPLES ? out : null;
}
