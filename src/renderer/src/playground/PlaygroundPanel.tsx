import { useEffect, useMemo, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { useAppStore } from '../store';
import { checkpointRun } from '../runs/runStatus';
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
 * per kind of model. The run chosen here (or with "Use in playground" on a
 * checkpoint in the Runs tab) is used, else the run viewed in the Runs tab,
 * else the latest run with weights. A run's checkpoints can stand in for its
 * final weights.
 */
export function PlaygroundPanel() {
  const runs = useAppStore((s) => s.runs);
  const viewedRunId = useAppStore((s) => s.viewedRunId);
  const choice = useAppStore((s) => s.playgroundChoice);
  const choose = useAppStore((s) => s.choosePlayground);
  const usable = runs.filter((r) => r.hasWeights || r.checkpoints.length > 0);
  const base = usable.find((r) => r.id === choice?.runId) ?? usable.find((r) => r.id === viewedRunId) ?? usable.filter((r) => r.hasWeights).at(-1) ?? usable.at(-1) ?? null;
  // A run without final weights (failed after a checkpoint) can only be tried from a checkpoint.
  const checkpoint = base ? (base.checkpoints.find((c) => c.id === (choice?.runId === base.id ? choice.checkpointId : null)) ?? (base.hasWeights ? null : (base.checkpoints.at(-1) ?? null))) : null;
  // One object per choice: a new one would open the run again.
  const run = useMemo(() => (base && checkpoint ? checkpointRun(base, checkpoint) : base), [base, checkpoint]);
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
        <select value={base!.id} onChange={(e) => choose({ runId: e.target.value, checkpointId: null })} data-testid="playground-run">
          {[...usable].reverse().map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.settings.dataset}, {r.epochs.length} ep.)
            </option>
          ))}
        </select>
      </label>
      {base!.checkpoints.length > 0 && (
        <label className="field" title="The run's final weights, or those of one of its checkpoints">
          Weights
          <select
            value={checkpoint?.id ?? ''}
            onChange={(e) => choose({ runId: base!.id, checkpointId: e.target.value || null })}
            data-testid="playground-checkpoint"
          >
            {base!.hasWeights && <option value="">final ({base!.epochs.length} ep.)</option>}
            {base!.checkpoints.map((c) => (
              <option key={c.id} value={c.id}>
                checkpoint: epoch {c.epoch}
                {c.kind === 'best' ? ` (best ${c.monitor ?? ''})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <p className="error-text">{error}</p>}
      {!error && info?.runId !== run.id && <p className="muted">Opening {run.name}…</p>}
      {!error && info?.runId === run.id && <Playground key={run.id} run={run} info={info.info} />}
    </div>
  );
}
