import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasMnist, mnistDir } from '../../test/dataDirs';
import { getTemplate } from '../engine/templates';
import { SettingsStore } from '../node/settingsStore';
import { resolveTrainerLaunch } from '../node/trainerLaunch';
import { TrainingService } from '../node/trainingService';
import { dequantize } from '../shared/activations';
import type { AnyEvent, EventPayload } from '../shared/contract';

describe.skipIf(!hasMnist())('layer images from the trainer process on real MNIST', () => {
  let settings: SettingsStore;
  beforeAll(async () => {
    settings = new SettingsStore(mkdtempSync(path.join(os.tmpdir(), 'layerlab-home-')));
    await settings.update({ dataDirs: [mnistDir()] });
  });

  it('streams the CNN’s layer images while training, and draws the same for the saved run', async () => {
    const events: AnyEvent[] = [];
    const training = new TrainingService(resolveTrainerLaunch(path.join(__dirname, '..', 'node')), settings, (e) => events.push(e));
    const template = getTemplate('cnn-mnist')!;
    const { finished } = await training.start({
      graph: template.graph,
      settings: { ...template.training, epochs: 2, trainLimit: 1024, batchSize: 64, imageEvery: 4 },
      runName: 'images',
      initialWeightsFrom: null,
    });
    const run = await finished;
    expect(run.error).toBeNull();
    const snapshots = events.filter((e) => e.event === 'training.activations').map((e) => e.payload as EventPayload<'training.activations'>);
    // Before training and after the last step (13 batches of 64 per epoch on 819 samples); between them
    // only every 4th step or an epoch end, as often as the 250 ms floor lets (native training may be faster).
    expect(snapshots[0]!.step).toBe(0);
    expect(snapshots.at(-1)!.step).toBe(26);
    for (const s of snapshots.slice(1, -1)) expect(s.step % 4 === 0 || s.step % 13 === 0).toBe(true);
    const conv = snapshots.at(-1)!.layers.find((l) => l.layer === 'conv2d_1')!;
    expect(conv.shape).toEqual([10, 26, 26, 10]);
    expect(conv.data).toBeInstanceOf(Uint8Array);
    // The probe images are real digits: the input's pixels span 0..1.
    const input = snapshots.at(-1)!.layers.find((l) => l.layer === 'input_1')!;
    expect([input.min, input.max]).toEqual([0, 1]);

    const saved = await training.activations(run, null);
    expect(saved.samples).toEqual(snapshots.at(-1)!.samples);
    const savedConv = saved.layers.find((l) => l.layer === 'conv2d_1')!;
    const live = dequantize(conv);
    const again = dequantize(savedConv);
    const step = (conv.max - conv.min) / 255;
    let worst = 0;
    live.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - again[i]!))));
    // The same weights on the same samples: equal up to quantisation.
    expect(worst).toBeLessThanOrEqual(step + 1e-4);
  }, 120_000);
});
