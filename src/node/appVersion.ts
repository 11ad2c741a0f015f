import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Read once from package.json next to the build (out/main/../../package.json). */
export function appVersion(): string {
  for (const candidate of [path.join(__dirname, '..', '..', 'package.json'), path.join(process.cwd(), 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'layerlab' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}
