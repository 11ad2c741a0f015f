/**
 * Child process of killSave.test.ts: replaces one file with two prepared
 * project files' bytes, alternately, forever, through the real atomic save
 * (writeFileAtomic, as saveProjectFile uses it), until the test kills it with
 * SIGKILL. It imports only atomicWrite so that it starts fast.
 *
 *   node --import tsx src/node/killSaveChild.ts <target> <versionA> <versionB> <startWith: 0|1>
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomicWrite';

async function main(): Promise<void> {
  const [target, a, b, first] = process.argv.slice(2);
  if (!target || !a || !b) throw new Error('usage: killSaveChild <target> <versionA> <versionB> <0|1>');
  const versions = [new Uint8Array(readFileSync(a)), new Uint8Array(readFileSync(b))];
  let i = Number(first ?? 0);
  process.stdout.write('ready\n');
  for (;;) {
    await writeFileAtomic(target, versions[i % 2]!);
    i++;
    process.stdout.write(`saved ${i}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
