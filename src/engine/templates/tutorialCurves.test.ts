import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../../../test/dataDirs';
import { TEMPLATES } from './index';
import { TUTORIAL_CURVE_SOURCES, tutorialCurve, tutorialCurveIds } from './tutorialCurves';

// Next to the datasets (../shared/tutorial), wherever LAYERLAB_TEST_DATA puts them.
const TUTORIAL = path.join(sharedDatasetsDir(), '..', 'tutorial', 'keras-tutorial.txt');
const hasTutorial = existsSync(TUTORIAL);

/** The fit() logs in the tutorial's order: "Epoch n/N" followed by a line of "name: value" figures. */
const FIT_LOG_ORDER = ['mlp-mnist', 'cnn-mnist', 'cnn-cifar10', 'gru-imdb', 'gru2-imdb', 'lstm-imdb', 'autoencoder-mnist'];

/** Every fit() log in the text, as one list of per-epoch figures each. */
function fitLogs(text: string): Record<string, number>[][] {
  const logs: Record<string, number>[][] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const epoch = /^Epoch (\d+)\/\d+\s*$/.exec(line);
    if (!epoch) return;
    if (epoch[1] === '1') logs.push([]);
    const figures = Object.fromEntries([...lines[i + 1]!.matchAll(/(\w+): ([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])]));
    logs.at(-1)!.push(figures);
  });
  return logs;
}

/** The figures printed after `heading`, one per line matching `pattern` (pass number, sum), until the first non-matching line. */
function printedSums(text: string, heading: string, pattern: RegExp): number[] {
  const lines = text.slice(text.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => pattern.test(l));
  const sums: number[] = [];
  for (const line of lines.slice(start)) {
    const match = pattern.exec(line);
    if (!match) break;
    expect(Number(match[1])).toBe(sums.length);
    sums.push(Number(match[2]));
  }
  return sums;
}

describe('tutorial curves', () => {
  it('exist exactly for the templates whose section printed per-epoch figures', () => {
    expect(tutorialCurveIds().sort()).toEqual([...FIT_LOG_ORDER, 'encdec-jaen', 'cbow-alice'].sort());
    expect(tutorialCurve('lstm-lm-alice')).toBeUndefined();
    expect(tutorialCurve('skipgram-alice')).toBeUndefined();
    expect(tutorialCurve(null)).toBeUndefined();
    expect(tutorialCurve('no-such-template')).toBeUndefined();
    // Every cited template exists.
    for (const id of Object.keys(TUTORIAL_CURVE_SOURCES)) expect(TEMPLATES.some((t) => t.id === id)).toBe(true);
  });

  it('name the metrics as runs log them', () => {
    expect(Object.keys(tutorialCurve('mlp-mnist')!.epochs[0]!).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(Object.keys(tutorialCurve('autoencoder-mnist')!.epochs[0]!)).toEqual(['loss']);
    expect(Object.keys(tutorialCurve('cbow-alice')!.epochs[0]!)).toEqual(['loss_sum']);
  });

  describe.skipIf(!hasTutorial)(`against the tutorial's text (skipped: ${TUTORIAL} is missing)`, () => {
    const text = hasTutorial ? readFileSync(TUTORIAL, 'utf8') : '';

    it('match every figure of its fit() logs, epoch by epoch', () => {
      const logs = fitLogs(text);
      expect(logs).toHaveLength(FIT_LOG_ORDER.length);
      FIT_LOG_ORDER.forEach((id, i) => {
        const curve = tutorialCurve(id)!;
        expect(curve.epochs, id).toHaveLength(logs[i]!.length);
        logs[i]!.forEach((printed, e) => {
          expect(Object.keys(curve.epochs[e]!).sort(), `${id} epoch ${e + 1}`).toEqual(Object.keys(printed).sort());
          for (const [name, value] of Object.entries(printed)) expect(curve.epochs[e]![name], `${id} epoch ${e + 1} ${name}`).toBeCloseTo(value, 4);
        });
      });
      // Spot checks, read off the text by hand: MLP epoch 5 val_acc (line 253), CNN epoch 1 loss (line 376), LSTM epoch 3 val_acc (line 747).
      expect(tutorialCurve('mlp-mnist')!.epochs[4]!.val_acc).toBe(0.9706);
      expect(tutorialCurve('cnn-mnist')!.epochs[0]!.loss).toBe(0.2709);
      expect(tutorialCurve('lstm-imdb')!.epochs[2]!.val_acc).toBe(0.7276);
    });

    it('match the summed losses of the encoder-decoder and CBOW passes', () => {
      const encdec = printedSums(text, '6.4 Training', /^(\d+) loss\s+([\d.]+)\s*$/);
      const cbow = printedSums(text, '8.3 Training', /^(\d+) ([\d.]+)\s*$/);
      expect(encdec).toHaveLength(21);
      expect(cbow).toHaveLength(10);
      expect(tutorialCurve('encdec-jaen')!.epochs.map((e) => e.loss_sum)).toEqual(encdec.map((v) => expect.closeTo(v, 6)));
      expect(tutorialCurve('cbow-alice')!.epochs.map((e) => e.loss_sum)).toEqual(cbow.map((v) => expect.closeTo(v, 6)));
      expect(tutorialCurve('cbow-alice')!.epochs[0]!.loss_sum).toBeCloseTo(28432.1996384, 6);
    });
  });
});
