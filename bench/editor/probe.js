/* global window, document, performance, requestAnimationFrame, MessageChannel, HTMLInputElement, Event, MouseEvent */
// In-page half of bench/editor-perf.mjs, injected with page.addInitScript before
// the app loads. It only observes and times; it never reaches into the app's
// state: edits go through the Inspector's real input, drags through real mouse
// events sent by Playwright.
(() => {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  /** Resolves in the first task after the next frame's rendering (style, layout, paint). */
  const afterFrame = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }),
    );

  let frames = null;
  let updates = [];
  let moves = 0;
  // On window, in the capture phase, and before the app's listeners: React Flow's
  // drag (d3-drag) stops mousemove propagation from its own window listener.
  window.addEventListener('mousemove', () => (moves += 1), { capture: true, passive: true });

  window.__bench = {
    /**
     * Starts recording every requestAnimationFrame timestamp and, when
     * `watchSelector` names an element, whether its inline transform changed
     * since the previous frame (React Flow moves a node by its transform), i.e.
     * whether that frame showed the dragged layer somewhere new.
     */
    startFrames(watchSelector) {
      frames = [];
      updates = [];
      moves = 0;
      const watched = watchSelector ? document.querySelector(watchSelector) : null;
      let last = watched?.style.transform;
      const loop = (t) => {
        if (!frames) return;
        frames.push(t);
        if (watched && watched.style.transform !== last) {
          last = watched.style.transform;
          updates.push(t);
        }
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      return performance.now();
    },
    /** Stops recording; returns the frame and update timestamps and the mousemove events the page received. */
    stopFrames() {
      const recorded = { frames: frames ?? [], updates, moves };
      frames = null;
      return recorded;
    },

    /**
     * Drags with one synthetic mousemove per frame, sent from the page's own
     * requestAnimationFrame: the input a real mouse gives once Chromium has
     * coalesced its moves per frame, without a DevTools round trip per move.
     * The mouse button must already be down (Playwright's mouse.down on the
     * layer), so React Flow's drag listens on window. Resolves after
     * `durationMs` with the same record as stopFrames.
     */
    dragInPage(fromX, fromY, durationMs, watchSelector) {
      return new Promise((resolve) => {
        this.startFrames(watchSelector);
        const t0 = performance.now();
        const step = (t) => {
          const elapsed = t - t0;
          if (elapsed >= durationMs) {
            resolve(this.stopFrames());
            return;
          }
          const u = elapsed / durationMs;
          const x = fromX + 150 * Math.sin(2 * Math.PI * u);
          const y = fromY + 60 * Math.sin(4 * Math.PI * u);
          document.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, screenX: x, screenY: y, buttons: 1, bubbles: true, cancelable: true, view: window }));
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    },

    /**
     * Types each value into an input of the Inspector (React's onChange runs, as
     * for a keystroke) and times: dispatch → the DOM shows `expected(value)` in
     * `shapeTestId` (React committed: analysis + render), and → the end of the
     * next frame (style, layout and paint included).
     */
    async editLatency(inputTestId, shapeTestId, values, expectedPrefix) {
      const input = document.querySelector(`[data-testid="${inputTestId}"]`);
      const shape = document.querySelector(`[data-testid="${shapeTestId}"]`);
      if (!input || !shape) throw new Error(`missing ${inputTestId} or ${shapeTestId}`);
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const commit = [];
      const frame = [];
      let lateCommits = 0;
      for (const value of values) {
        await afterFrame();
        const expected = `${expectedPrefix}${value})`;
        const t0 = performance.now();
        setValue.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // React flushes a discrete event's update in a microtask.
        await Promise.resolve();
        let t1 = performance.now();
        if (shape.textContent !== expected) {
          lateCommits += 1;
          for (let i = 0; i < 120 && shape.textContent !== expected; i++) await nextFrame();
          if (shape.textContent !== expected) throw new Error(`edit to ${value} never showed ${expected} (shows ${shape.textContent})`);
          t1 = performance.now();
        }
        const t2 = await afterFrame();
        commit.push(t1 - t0);
        frame.push(t2 - t0);
      }
      return { commit, frame, lateCommits };
    },

    /**
     * The engine's analyzeGraph (bundled by the bench, in window.__layerlabEngine)
     * on the page's main thread: one units edit per call, as the store makes it.
     */
    analyzeLoop(graph, editedName, values) {
      const { analyzeGraph } = window.__layerlabEngine;
      const times = [];
      let errors = 0;
      let current = graph;
      for (const units of values) {
        current = {
          ...current,
          nodes: current.nodes.map((n) => (n.name === editedName ? { ...n, params: { ...n.params, units } } : n)),
        };
        const t0 = performance.now();
        const analysis = analyzeGraph(current);
        times.push(performance.now() - t0);
        errors += analysis.issues.filter((i) => i.severity === 'error').length;
      }
      return { times, errors };
    },

    /** `performance.measure` entries the app recorded under `name`, if it has that hook. */
    measures(name) {
      return performance.getEntriesByName(name, 'measure').map((e) => e.duration);
    },
    clearMeasures(name) {
      performance.clearMeasures(name);
    },
  };
})();
