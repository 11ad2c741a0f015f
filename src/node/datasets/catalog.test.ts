import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fashionMnistDir, hasFashionMnist, mnistDir } from '../../../test/dataDirs';
import { CIFAR10, DATASETS, FASHION_MNIST, MNIST, findDataset } from '../../engine/datasets';
import { downloadableFiles } from './locate';

const digest = (algorithm: 'sha256' | 'md5', bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

describe('the dataset catalog', () => {
  it('lists the image and text datasets, each with a digest for every file a download fetches', () => {
    expect(DATASETS.map((d) => d.id)).toEqual(['mnist', 'fashion-mnist', 'cifar10', 'imdb', 'alice-next-word', 'alice-cbow', 'alice-skipgram', 'ja-en']);
    expect(findDataset('fashion-mnist')).toBe(FASHION_MNIST);
    for (const spec of DATASETS) {
      for (const f of downloadableFiles(spec)) expect(f.sha256 ?? f.md5, `${spec.id} ${f.name}`).toBeTruthy();
    }
    expect(downloadableFiles(CIFAR10).map((f) => f.name)).toEqual(['cifar-10-binary.tar.gz']);
  });

  it('matches the real MNIST files byte for byte', () => {
    for (const f of Object.values(MNIST.files)) {
      const bytes = readFileSync(path.join(mnistDir(), f.name));
      expect([bytes.length, digest('sha256', bytes), digest('md5', bytes)], f.name).toEqual([f.bytes, f.sha256, f.md5]);
    }
  });

  // Debian strips the gzip FNAME field and rewrites the mtime; the deflate
  // stream is untouched. Restoring both must give exactly the mirror's file.
  it.skipIf(!hasFashionMnist())(
    'matches the mirror files rebuilt from Debian\'s copies (skips without dataset-fashion-mnist installed)',
    () => {
      const mtimes: Record<string, number> = { train: 1504176606, t10k: 1504176627 };
      for (const f of Object.values(FASHION_MNIST.files)) {
        const debian = readFileSync(path.join(fashionMnistDir(), f.name));
        expect(debian[3], 'Debian header has no FNAME').toBe(0);
        const header = Buffer.from(debian.subarray(0, 10));
        header[3] = 0x08; // FNAME
        header.writeUInt32LE(mtimes[f.name.split('-')[0]!]!, 4);
        const name = Buffer.from(`${f.name.replace(/\.gz$/, '')}\0`, 'latin1');
        const rebuilt = Buffer.concat([header, name, debian.subarray(10)]);
        expect([rebuilt.length, digest('sha256', rebuilt), digest('md5', rebuilt)], f.name).toEqual([
          f.bytes,
          f.sha256,
          f.md5,
        ]);
      }
    },
  );
});
