/**
 * Coalesces a burst of edits (a drag, fast typing) into one undo step: only the
 * state before the first edit of a burst is recorded. A burst ends after a
 * quiet gap, or explicitly on undo, redo and when history is cleared, so the
 * next edit after those is always its own step.
 */
export function createEditBursts(quietMs: number, now: () => number = Date.now) {
  let lastEdit = Number.NEGATIVE_INFINITY;
  return {
    wrap<A extends unknown[]>(record: (...args: A) => void): (...args: A) => void {
      return (...args: A) => {
        const t = now();
        if (t - lastEdit > quietMs) record(...args);
        lastEdit = t;
      };
    },
    end(): void {
      lastEdit = Number.NEGATIVE_INFINITY;
    },
  };
}
