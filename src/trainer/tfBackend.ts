import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import type { BackendInfo } from '../shared/contract';

export type Tf = typeof TF;

export type BackendPreference = 'auto' | 'native' | 'cpu';

const nodeRequire = createRequire(__filename);

/**
 * Native tfjs-node when it loads, else pure-JS tfjs. `LAYERLAB_BACKEND=cpu`
 * forces the fallback; `native` makes a missing native backend an error.
 * `tf.setBackend` answers false instead of throwing, so its result is checked:
 * otherwise training would silently run on the slow backend.
 */
export async function loadTf(preference: BackendPreference = readPreference()): Promise<{ tf: Tf; backend: BackendInfo }> {
  let nativeProblem = 'disabled by LAYERLAB_BACKEND=cpu';
  if (preference !== 'cpu') {
    try {
      const tfNode = nodeRequire('@tensorflow/tfjs-node') as Tf;
      if (await tfNode.setBackend('tensorflow')) {
        await tfNode.ready();
        const version = (tfNode.version as Record<string, string>)['tfjs-node'] ?? 'unknown';
        return {
          tf: tfNode,
          backend: { name: 'tensorflow', native: true, detail: `native TensorFlow via tfjs-node ${version}` },
        };
      }
      nativeProblem = "tfjs-node loaded but its 'tensorflow' backend failed to initialise";
    } catch (error) {
      nativeProblem = `tfjs-node is not available (${firstLine(error)}); \`npm run native:offline\` builds it from PyPI`;
    }
    if (preference === 'native') throw new Error(`Native backend requested but ${nativeProblem}`);
  }
  const tf = nodeRequire('@tensorflow/tfjs') as Tf;
  if (!(await tf.setBackend('cpu'))) throw new Error('The pure-JS cpu backend failed to initialise');
  await tf.ready();
  return {
    tf,
    backend: { name: 'cpu', native: false, detail: `pure-JS tfjs ${tf.version.tfjs} (slow): ${nativeProblem}` },
  };
}

function readPreference(): BackendPreference {
  const value = process.env.LAYERLAB_BACKEND;
  return value === 'cpu' || value === 'native' ? value : 'auto';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
