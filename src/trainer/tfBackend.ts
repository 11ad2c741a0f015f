import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import type { BackendInfo } from '../shared/contract';
import { registerFastKernels } from './kernels';
import { recordThreadsAtLoad } from './threads';

export type Tf = typeof TF;

export type BackendPreference = 'auto' | 'native' | 'wasm' | 'cpu';

const nodeRequire = createRequire(__filename);

/**
 * The fastest backend that loads: native tfjs-node ('tensorflow'), else
 * WebAssembly ('wasm', with LayerLab's kernels for what it lacks), else pure-JS
 * 'cpu' (with a fast UnsortedSegmentSum). `LAYERLAB_BACKEND=native|wasm|cpu`
 * forces one, and then its failure to load is an error rather than a fallback.
 * `tf.setBackend` answers false instead of throwing, so its result is checked:
 * otherwise training would silently run on a slower backend.
 * Packages are loaded with a runtime require so the bundle resolves them from
 * node_modules.
 */
export async function loadTf(preference: BackendPreference = readPreference()): Promise<{ tf: Tf; backend: BackendInfo }> {
  const loaded = await selectBackend(preference);
  // Production mode: no "you are running TensorFlow.js in Node" banners in the user's output;
  // which backend trains is reported by LayerLab itself.
  loaded.tf.env().set('PROD', true);
  return loaded;
}

async function selectBackend(preference: BackendPreference): Promise<{ tf: Tf; backend: BackendInfo }> {
  // Why each faster backend was passed over, for the detail line.
  const skipped: string[] = preference === 'auto' ? [] : [`forced by LAYERLAB_BACKEND=${preference}`];
  if (preference === 'auto' || preference === 'native') {
    let problem: string;
    try {
      const tfNode = nodeRequire('@tensorflow/tfjs-node') as Tf;
      recordThreadsAtLoad();
      if (await tfNode.setBackend('tensorflow')) {
        await tfNode.ready();
        const version = (tfNode.version as Record<string, string>)['tfjs-node'] ?? 'unknown';
        return {
          tf: tfNode,
          backend: { name: 'tensorflow', native: true, detail: `native TensorFlow via tfjs-node ${version}`, gflops: null },
        };
      }
      problem = "tfjs-node loaded but its 'tensorflow' backend failed to initialise";
    } catch (error) {
      problem = `tfjs-node is not available (${firstLine(error)}); \`npm run native:offline\` builds it from PyPI`;
    }
    if (preference === 'native') throw new Error(`Native backend requested but ${problem}`);
    skipped.push(problem);
  }

  const tf = nodeRequire('@tensorflow/tfjs') as Tf;
  if (preference === 'auto' || preference === 'wasm') {
    let problem: string;
    try {
      const wasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as { version_wasm?: string; getThreadsCount?: () => number };
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        registerFastKernels(tf, 'wasm');
        const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD';
        const threads = wasm.getThreadsCount?.() ?? 1;
        return {
          tf,
          backend: {
            name: 'wasm',
            native: false,
            detail: `WebAssembly tfjs-backend-wasm ${wasm.version_wasm ?? tf.version.tfjs} (${simd}, ${threads} thread${threads === 1 ? '' : 's'}): ${skipped.join('; ')}`,
            gflops: null,
          },
        };
      }
      problem = "tfjs-backend-wasm loaded but its 'wasm' backend failed to initialise";
    } catch (error) {
      problem = `tfjs-backend-wasm is not available (${firstLine(error)})`;
    }
    if (preference === 'wasm') throw new Error(`WebAssembly backend requested but ${problem}`);
    skipped.push(problem);
  }

  if (!(await tf.setBackend('cpu'))) throw new Error('The pure-JS cpu backend failed to initialise');
  await tf.ready();
  registerFastKernels(tf, 'cpu');
  return {
    tf,
    backend: { name: 'cpu', native: false, detail: `pure-JS tfjs ${tf.version.tfjs} (slow): ${skipped.join('; ')}`, gflops: null },
  };
}

function readPreference(): BackendPreference {
  const value = process.env.LAYERLAB_BACKEND;
  return value === 'cpu' || value === 'wasm' || value === 'native' ? value : 'auto';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
