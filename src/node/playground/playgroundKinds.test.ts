import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../engine/project/schema';
import { TEMPLATES } from '../../engine/templates';
import { SettingsStore } from '../settingsStore';
import { PlaygroundService } from './playgroundService';

/** What "Try it" offers for each template: the tutorial's use of that trained model. */
const EXPECTED: Record<string, string> = {
  'mlp-mnist': 'digit-classifier',
  'cnn-mnist': 'digit-classifier',
  'cnn-cifar10': 'image-classifier',
  'gru-imdb': 'sentiment',
  'gru2-imdb': 'sentiment',
  'lstm-imdb': 'sentiment',
  'lstm-lm-alice': 'language-model',
  'encdec-jaen': 'translation',
  'autoencoder-mnist': 'autoencoder',
  'cbow-alice': 'word-vectors',
  'skipgram-alice': 'word-vectors',
};

function runOf(template: (typeof TEMPLATES)[number]): RunRecord {
  return { id: `run-${template.id}`, name: template.title, graph: template.graph, settings: template.training, hasWeights: true } as RunRecord;
}

describe('playground kinds', () => {
  // Opening a run plans the model but starts no process.
  const playground = new PlaygroundService({ modulePath: '/nonexistent' }, new SettingsStore('/nonexistent'));

  it('gives every template its tutorial use', () => {
    expect(Object.fromEntries(TEMPLATES.map((t) => [t.id, playground.open(runOf(t)).kind]))).toEqual(EXPECTED);
  });

  it("names the autoencoder's code layer and the classes of the image datasets", () => {
    const open = (id: string) => playground.open(runOf(TEMPLATES.find((t) => t.id === id)!));
    expect(open('autoencoder-mnist').innerLayers).toEqual(['dense_1']);
    expect(open('cnn-cifar10').classNames).toContain('airplane');
    expect(open('mlp-mnist').classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(playground.liveSessions).toBe(0);
  });
});
