import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { useAppStore } from '../store';
import { AutoencoderView } from './AutoencoderView';
import { DigitPad } from './DigitPad';
import { ImageClassifier } from './ImageClassifier';
import { errorText, openRun, type PlaygroundInfo } from './playgroundApi';
import { SentimentBox } from './SentimentBox';
import { TestSetMistakes } from './TestSetMistakes';
import { TextGenerator } from './TextGenerator';
import { Translator } from './Translator';
import { WordVectors } from './WordVectors';

function Playground({ run, info }: { run: RunRecord; info: PlaygroundInfo }) {
  switch (info.kind) {
    case 'digit-classifier':
      return (
        <>
          <DigitPad run={run} info={info} />
          <TestSetMistakes run={run} info={info} />
        </>
      );
    case 'image-classifier':
      return <ImageClassifier run={run} info={info} />;
    case 'autoencoder':
      return <AutoencoderView run={run} info={info} />;
    case 'language-model':
      return <TextGenerator run={run} />;
    case 'translation':
      return <Translator run={run} />;
    case 'sentiment':
      return <SentimentBox run={run} />;
    case 'word-vectors':
      return <WordVectors run={run} />;
  }
}

/**
 * "Try it": the selected run's trained weights put to the tutorial's use,
 * per kind of model. The run viewed in the Runs tab is used, else the latest
 * run with weights.
 */
export function PlaygroundPanel() {
  const runs = useAppStore((s) => s.runs);
  const viewedRunId = useAppStore((s) => s.viewedRunId);
  const usable = runs.filter((r) => r.hasWeights);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const run = usable.find((r) => r.id === chosenId) ?? usable.find((r) => r.id === viewedRunId) ?? usable.at(-1) ?? null;
  const [info, setInfo] = useState<{ runId: string; info: PlaygroundInfo } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!run) return;
    let current = true;
    setError(null);
    openRun(run).then(
      (opened) => current && setInfo({ runId: run.id, info: opened }),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [run]);

  if (!run) return <p className="muted">Train the model first: Try it uses a run's trained weights.</p>;
  return (
    <div className="playground" data-testid="playground">
      <label className="field">
        Run
        <select value={run.id} onChange={(e) => setChosenId(e.target.value)} data-testid="playground-run">
          {[...usable].reverse().map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.settings.dataset}, {r.epochs.length} ep.)
            </option>
          ))}
        </select>
      </label>
      {error && <p className="error-text">{error}</p>}
      {!error && info?.runId !== run.id && <p className="muted">Opening {run.name}…</p>}
      {!error && info?.runId === run.id && <Playground key={run.id} run={run} info={info.info} />}
    </div>
  );
}
