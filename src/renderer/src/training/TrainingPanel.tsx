import { DATASETS } from '../../../engine/datasets';
import { DEFAULT_LEARNING_RATE, OPTIMIZERS } from '../../../engine/training';
import { useAppStore } from '../store';
import { useAnalysis } from '../editor/useAnalysis';
import { startTraining, stopTraining } from './actions';
import { fixed } from './format';
import { MetricsCharts } from './MetricsCharts';
import { NumberField } from './NumberField';
import { OutputsEditor } from './OutputsEditor';
import { ProgressView } from './ProgressView';

function SettingsForm({ disabled }: { disabled: boolean }) {
  const training = useAppStore((s) => s.training);
  const setTraining = useAppStore((s) => s.setTraining);
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
      <NumberField label="Epochs" id="train-epochs" value={training.epochs} min={1} onChange={(epochs) => setTraining({ epochs })} />
      <NumberField label="Batch size" id="train-batch-size" value={training.batchSize} min={1} onChange={(batchSize) => setTraining({ batchSize })} />
      <NumberField
        label="Validation split"
        id="train-validation-split"
        value={training.validationSplit}
        step={0.05}
        min={0}
        max={0.9}
        onChange={(validationSplit) => setTraining({ validationSplit })}
      />
      <label className="field">
        <span>Optimizer</span>
        <select
          value={training.optimizer.kind}
          data-testid="train-optimizer"
          onChange={(e) => {
            const kind = e.target.value as (typeof OPTIMIZERS)[number];
            setTraining({ optimizer: { kind, learningRate: DEFAULT_LEARNING_RATE[kind] } });
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
        step="any"
        onChange={(learningRate) => setTraining({ optimizer: { ...training.optimizer, learningRate } })}
      />
      <label className="field" title="Train on the first N samples only (before the validation split); empty uses all.">
        <span>Sample limit</span>
        <input
          type="number"
          min={1}
          placeholder="all"
          data-testid="train-limit"
          value={training.trainLimit ?? ''}
          onChange={(e) => setTraining({ trainLimit: e.target.value === '' ? null : Math.max(1, Math.round(Number(e.target.value))) })}
        />
      </label>
      <OutputsEditor />
    </fieldset>
  );
}

export function TrainingPanel() {
  const live = useAppStore((s) => s.live);
  const lastError = useAppStore((s) => s.lastError);
  const run = useAppStore((s) => s.runs.find((r) => r.id === s.viewedRunId) ?? null);
  const errorCount = useAnalysis().issues.filter((i) => i.severity === 'error').length;
  const epochs = live ? live.epochs : (run?.epochs ?? []);
  const batches = live ? live.batches.points : (run?.batches ?? []);
  return (
    <div className="training-panel">
      <SettingsForm disabled={live !== null} />
      <div className="actions">
        {live ? (
          <button type="button" className="danger" onClick={() => void stopTraining()} disabled={live.stopping} data-testid="stop-button">
            {live.stopping ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            onClick={() => void startTraining()}
            disabled={errorCount > 0}
            title={errorCount > 0 ? 'Fix the graph errors first' : 'Train in a separate trainer process'}
            data-testid="train-button"
          >
            Train
          </button>
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
          {run.test ? (
            <div data-testid="test-result">
              Test loss {fixed(run.test.loss)} · accuracy {fixed(run.test.accuracy)} ({run.test.samples} samples)
            </div>
          ) : (
            <div className="muted">No test evaluation yet.</div>
          )}
        </div>
      )}
      {(live || run) && <MetricsCharts epochs={epochs} batches={batches} />}
    </div>
  );
}
