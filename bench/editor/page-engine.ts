/**
 * Bundled by bench/editor-perf.mjs (esbuild, minified like the renderer build)
 * and added to the page, so the engine's shape inference can be timed in
 * Chromium's V8 on the page's main thread, apart from React.
 */
import { analyzeGraph } from '../../src/engine/analyze';

(globalThis as unknown as { __layerlabEngine: { analyzeGraph: typeof analyzeGraph } }).__layerlabEngine = { analyzeGraph };
