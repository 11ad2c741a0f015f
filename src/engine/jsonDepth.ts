/**
 * The deepest `{`/`[` nesting in JSON text, counted without parsing (brackets
 * inside strings do not count), so a 200,000-deep document is measured in one
 * cheap pass instead of overflowing the stack of JSON.parse or whatever walks
 * its result. Counting stops once the depth passes `stopAbove`.
 */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
