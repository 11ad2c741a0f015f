import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';

const nodeRequire = createRequire(__filename);

/**
 * tfjs-node when it loads here (built by `npm run native:offline` or its own
 * install), else null with the first line of the reason, for skip messages.
 */
export function loadNativeTf(): { tf: typeof TF | null; reason: string } {
  try {
    return { tf: nodeRequire('@tensorflow/tfjs-node') as typeof TF, reason: '' };
  } catch (error) {
    return { tf: null, reason: (error as Error).message.split('\n')[0]! };
  }
}
