import { DATASETS, findDataset } from '../../../engine/datasets';
import {
  DEFAULT_LEARNING_RATE,
  OptimizerSchema,
  optimizerHyperParameters,
  OPTIMIZERS,
  TrainingSettingsSchema,
} from '../../../engine/training';
import { useAppStore } from '../store';
import { useAnalysis } from '../editor/useAnalysis';
import { runEndDetail } from '../runs/runStatus';
import { pauseTraining, resumeTraining, startTraining, stopTraining } from './actions';
import { fixed } from './format';
import { MetricsCharts } from './MetricsCharts';
import { NumberField } from './NumberField';
import { OutputsEditor } from './OutputsEditor';
import { ProgressView } from './ProgressView';
import { RunControlSettings } from './RunControlSettings';
import { trainBlocker, useSettingsDrafts } from './settingsCheck';

const settingsShape = TrainingSettingsSchema.shape;

function SettingsForm({ disabled }: { disabled: boolean }) {
  const training = useAppStore((s) => s.training);
  const setTraining = useAppStore((s) => s.setTraining);
  const dataset = findDataset(training.dataset);
  const text = dataset?.kind === 'text' ? dataset : null;
  const tutorialBatching = training.batching === 'tutorial' && !!text?.tutorialPass;
  return (
    <fieldset className="settings" disabled={disabled}>
      <label className="field">
        <span>Dataset</span>
        <select value={training.dataset} onChange={(e) => setTraining({ dataset: e.target.value })} data-testid="train-dataset">
          {DATASETS.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
      </label>
      <NumberField label="Epochs" id="train-epochs" value={training.epochs} schema={settingsShape.epochs} onChange={(epochs) => setTraining({ epochs })} />
      <NumberField
        label="Batch size"
        id="train-batch-size"
        value={training.batchSize}
        schema={settingsShape.batchSize}
        onChange={(batchSize) => setTraining({ batchSize })}
      />
      <label className="field" title="Keras' validation_split (the last share of the training samples), validation_data=(X_test, y_test), or none.">
        <span>Validate on</span>
        <select
          value={training.validation}
          data-testid="train-validation"
          onChange={(e) => setTraining({ validation: e.target.value as typeof training.validation })}
        >
          <option value="split">a split of the training samples</option>
          <option value="test">the test set</option>
          <option value="none">nothing</option>
        </select>
      </label>
      {training.validation === 'split' && tutorialBatching && (
        <p className="muted" data-testid="train-split-note">
          The tutorial's generator trains on every sample, so no split is held out: this run validates on nothing.
        </p>
      )}
      {training.validation === 'split' && !tutorialBatching && (
        <NumberField
          label="Validation split"
          id="train-validation-split"
          value={training.validationSplit}
          schema={settingsShape.validationSplit}
          onChange={(validationSplit) => setTraining({ validationSplit })}
        />
      )}
      {text?.tutorialPass && (
        <label
          className="field"
          title="Shuffled: Keras' fit. Tutorial: the batches the tutorial's generators form (one per line, growing CBOW contexts, 256 encoder-decoder samples), in order, each with train_on_batch; one pass per epoch."
        >
          <span>Batches</span>
          <select
            value={training.batching}
            data-testid="train-batching"
            onChange={(e) => setTraining({ batching: e.target.value as typeof training.batching })}
          >
            <option value="shuffled">shuffled (fit)</option>
            <option value="tutorial">the tutorial's generator</option>
          </select>
        </label>
      )}
      {text && text.corpusLines !== null && (
        <NumberField
          label="Corpus lines"
          id="train-corpus-lines"
          title={`Use the first N lines (sentence pairs) of the corpus; empty uses the tutorial's ${text.corpusLines}. The model's sizes stay those of ${text.corpusLines} lines (${text.inputs.map((f) => `${f.name} ${f.shape.join('×')} of ${f.vocabulary ?? '?'} words`).join(', ')}): longer sequences are cut at the front and words outside that vocabulary dropped, as Keras' Tokenizer(nb_words) does.`}
          placeholder={`tutorial's ${text.corpusLines}`}
          value={training.corpusLines}
          schema={settingsShape.corpusLines}
          onChange={(corpusLines) => setTraining({ corpusLines })}
        />
      )}
      <label className="field">
        <span>Optimizer</span>
        <select
          value={training.optimizer.kind}
          data-testid="train-optimizer"
          onChange={(e) => {
            const kind = e.target.value as (typeof OPTIMIZERS)[number];
            setTraining({ optimizer: { kind, learningRate: DEFAULT_LEARNING_RATE[kind], rho: null, epsilon: null } });
          }}
        >
          {OPTIMIZERS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="Learning rate"
        id="train-learning-rate"
        value={training.optimizer.learningRate}
        schema={OptimizerSchema.shape.learningRate}
        onChange={(learningRate) => setTraining({ optimizer: { ...training.optimizer, learningRate } })}
      />
      {training.optimizer.kind !== 'sgd' && (
        <NumberField
          label="Epsilon"
          id="train-epsilon"
          value={optimizerHyperParameters(training.optimizer).epsilon}
          schema={OptimizerSchema.shape.epsilon}
          rule={{ nullable: false }}
          onChange={(epsilon) => setTraining({ optimizer: { ...training.optimizer, epsilon } })}
        />
      )}
      <NumberField
        label="Sample limit"
        id="train-limit"
        title="Train on the first N samples only (before the validation split); empty uses all."
        placeholder="all"
        value={training.trainLimit}
        schema={settingsShape.trainLimit}
        onChange={(trainLimit) => setTraining({ trainLimit })}
      />
      <RunControlSettings />
      <OutputsEditor />
    </fieldset>
  );
}

export function TrainingPanel() {
  const live = useAppStore((s) => s.live);
  const lastError = useAppStore((s) => s.lastError);
  const run = useAppStore((s) => s.runs.find((r) => r.id === s.viewedRunId) ?? null);
  const errorCount = useAnalysis().issues.filter((i) => i.severity === 'error').length;
  const training = useAppStore((s) => s.training);
  const draftErrors = useSettingsDrafts((s) => s.errors);
  const settingsBlocker = trainBlocker(training, draftErrors);
  // Settings first: the field to fix is right above the button.
  const blocked = settingsBlocker ? `Fix ${settingsBlocker.label} first` : errorCount > 0 ? 'Fix the graph errors first' : null;
  const epochs = live ? live.epochs : (run?.epochs ?? []);
  const batches = live ? live.batches.points : (run?.batches ?? []);
  return (
    <div className="training-panel">
      <SettingsForm disabled={live !== null} />
      <div className="actions">
        {live ? (
          <>
            {live.phase === 'paused' || live.control === 'resuming' ? (
              <button
                type="button"
                onClick={() => void resumeTraining()}
                disabled={live.stopping || live.control !== null}
                title="Go on from the batch where the run paused"
                data-testid="resume-button"
              >
                {live.control === 'resuming' ? 'Resuming…' : 'Resume'}
              </button>
            ) : (
              <button
                type="button"
                onClick={() => void pauseTraining()}
                disabled={live.stopping || live.control !== null || live.phase !== 'training'}
                title="Hold the run after the current batch; the model and the optimizer's state are kept"
                data-testid="pause-button"
              >
                {live.control === 'pausing' ? 'Pausing…' : 'Pause'}
              </button>
            )}
            <button
              type="button"
              className="danger"
              onClick={() => void stopTraining()}
              disabled={live.stopping}
              title={live.phase === 'testing' ? 'Cancel the test evaluation; the trained weights are kept' : 'Stop after the current batch; the weights so far are kept'}
              data-testid="stop-button"
            >
              {live.stopping ? 'Stopping…' : 'Stop'}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => void startTraining()}
              disabled={blocked !== null}
              title={blocked ?? 'Train in a separate trainer process'}
              aria-describedby={blocked !== null ? 'train-blocked' : undefined}
              data-testid="train-button"
            >
              Train
            </button>
            {blocked !== null && (
              <span id="train-blocked" className="muted small train-blocked" data-testid="train-blocked">
                {blocked}
              </span>
            )}
          </>
        )}
      </div>
      {lastError && (
        <p className="issue error" data-testid="training-error">
          {lastError}
        </p>
      )}
      <ProgressView />
      {!live && run && (
        <div className="run-summary" data-testid="run-summary">
          <strong>{run.name}</strong> — {run.status} on <code>{run.backend}</code>
          {runEndDetail(run) && (
            <div data-testid="run-end-detail">{runEndDetail(run)}</div>
          )}
          {run.kernels.length > 0 && (
            <ul className="muted run-kernels" data-testid="run-kernels" title="How this run's batches trained">
              {run.kernels.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {run.test ? (
            <div data-testid="test-result">
              Test loss {fixed(run.test.loss)} · accuracy {fixed(run.test.accuracy)} ({run.test.samples} samples)
            </div>
          ) : findDataset(run.settings.dataset)?.samples.test === 0 ? (
            <div className="muted">This corpus has no test split (the tutorial evaluates none).</div>
          ) : (
            <div className="muted">No test evaluation yet.</div>
          )}
        </div>
      )}
      {(live || run) && <MetricsCharts epochs={epochs} batches={batches} />}
    </div>
  );
}
