import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['src/engine/x.ts', "import { readFileSync } from 'node:fs';", 'pure TypeScript'],
    ['src/engine/x.ts', "import * as tf from '@tensorflow/tfjs';", 'pure TypeScript'],
    ['src/engine/x.ts', "import { useState } from 'react';", 'pure TypeScript'],
    ['src/renderer/src/x.ts', "import fs from 'fs';", 'sandboxed page'],
    ['src/renderer/src/x.ts', "import { createBackend } from '../../node/backend';", 'sandboxed page'],
    ['src/renderer/src/x.ts', "import * as tf from '@tensorflow/tfjs-node';", 'sandboxed page'],
    ['src/node/x.ts', "import * as tf from '@tensorflow/tfjs';", 'only the trainer process imports tfjs'],
    ['src/server/x.ts', "import { app } from 'electron';", 'never import Electron'],
    ['src/main/x.ts', "import { train } from '../trainer/train';", 'thin host'],
    ['src/preload/x.ts', "import { methods } from '../shared/contract';\nimport { z } from 'zod';", 'bridge only'],
  ])('%s may not: %s', async (file, code, why) => {
    const errors = await layeringErrors(file, `${code}\nexport {};\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(why);
  });

  it.each([
    ['src/renderer/src/x.ts', "import { analyzeGraph } from '../../engine/analyze';"],
    ['src/trainer/x.ts', "import * as tf from '@tensorflow/tfjs';"],
    ['src/node/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/preload/x.ts', "import { ipcRenderer } from 'electron';\nimport { METHOD_NAMES } from '../shared/channels';"],
  ])('%s may: %s', async (file, code) => {
    expect(await layeringErrors(file, `${code}\nexport {};\n`)).toEqual([]);
  });
});
