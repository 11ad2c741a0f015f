import { EarlyStoppingSchema, TrainingSettingsSchema, testLimitOf } from '../../../engine/training';
import { useAppStore } from '../store';
import { NumberField } from './NumberField';
import { monitorProblem } from './settingsCheck';

const settingsShape = TrainingSettingsSchema.shape;
const stoppingShape = EarlyStoppingSchema.shape;

/** Keras log names a run always or usually has; the stored monitor joins them when it is another. */
const MONITORS = ['val_loss', 'val_acc', 'loss', 'acc'] as const;

/**
 * Checkpoints, early stopping and the test evaluation at the end: Keras'
 * ModelCheckpoint (every N epochs, or the best by a monitored figure),
 * EarlyStopping(monitor, patience, min_delta, restore_best_weights), and
 * `evaluate` on the test set.
 */
export function RunControlSettings() {
  const training = useAppStore((s) => s.training);
  const setTraining = useAppStore((s) => s.setTraining);
  const stopping = training.earlyStopping;
  const watched = stopping !== null || training.checkpointBest;
  const problem = monitorProblem(training);
  const monitors = MONITORS.includes(training.monitor as (typeof MONITORS)[number]) ? MONITORS : [...MONITORS, training.monitor];
  const testDefault = testLimitOf({ testLimit: null, trainLimit: training.trainLimit });
  return (
    <div className="run-control-settings" data-testid="run-control-settings">
      <h3>Checkpoints and stopping</h3>
      <NumberField
        label="Checkpoint every"
        id="train-checkpoint-every"
        title="Save the weights (and the optimizer's state) every N epochs as a checkpoint, as the tutorial's ModelCheckpoint does; empty saves none."
        placeholder="off"
        value={training.checkpointEvery}
        schema={settingsShape.checkpointEvery}
        onChange={(checkpointEvery) => setTraining({ checkpointEvery })}
      />
      <label className="field check-field" title="Keep the weights of the best epoch so far, by the monitored figure, as a checkpoint.">
        <span>Best checkpoint</span>
        <span>
          <input
            type="checkbox"
            checked={training.checkpointBest}
            onChange={(e) => setTraining({ checkpointBest: e.target.checked })}
            data-testid="train-checkpoint-best"
          />{' '}
          Keep the best checkpoint
        </span>
      </label>
      <label className="field check-field" title="Keras' EarlyStopping: end the run when the monitored figure has not improved for a number of epochs.">
        <span>Early stopping</span>
        <span>
          <input
            type="checkbox"
            checked={stopping !== null}
            onChange={(e) => setTraining({ earlyStopping: e.target.checked ? EarlyStoppingSchema.parse({}) : null })}
            data-testid="train-early-stopping"
          />{' '}
          Stop when the monitor stops improving
        </span>
      </label>
      {stopping && (
        <>
          <NumberField
            label="Patience"
            id="train-patience"
            title="Epochs without improvement before training stops (Keras' patience)."
            value={stopping.patience}
            schema={stoppingShape.patience}
            onChange={(patience) => setTraining({ earlyStopping: { ...stopping, patience } })}
          />
          <NumberField
            label="Min delta"
            id="train-min-delta"
            title="A change of the monitored figure smaller than this is no improvement (Keras' min_delta)."
            value={stopping.minDelta}
            schema={stoppingShape.minDelta}
            onChange={(minDelta) => setTraining({ earlyStopping: { ...stopping, minDelta } })}
          />
          <label className="field check-field" title="End with the best epoch's weights rather than the last epoch's (Keras' restore_best_weights).">
            <span>Restore best</span>
            <span>
              <input
                type="checkbox"
                checked={stopping.restoreBest}
                onChange={(e) => setTraining({ earlyStopping: { ...stopping, restoreBest: e.target.checked } })}
                data-testid="train-restore-best"
              />{' '}
              Restore the best weights
            </span>
          </label>
        </>
      )}
      <label
        className={problem ? 'field invalid' : 'field'}
        title="The Keras log name that early stopping and the best checkpoint watch: accuracies improve upwards, losses downwards."
      >
        <span>Monitor</span>
        <select
          value={training.monitor}
          onChange={(e) => setTraining({ monitor: e.target.value })}
          disabled={!watched}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'train-monitor-error' : undefined}
          data-testid="train-monitor"
        >
          {monitors.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        {problem && (
          <em id="train-monitor-error" className="field-error" role="alert" data-testid="train-monitor-error">
            {problem.message}
          </em>
        )}
      </label>
      <label className="field check-field" title="Evaluate the final weights on the test set when training ends.">
        <span>Test</span>
        <span>
          <input
            type="checkbox"
            checked={training.testAfterTraining}
            onChange={(e) => setTraining({ testAfterTraining: e.target.checked })}
            data-testid="train-test-after"
          />{' '}
          Evaluate on the test set after training
        </span>
      </label>
      <NumberField
        label="Test samples"
        id="train-test-limit"
        title="Evaluate on the first N test samples only; empty uses the sample limit, else the whole test set. Evaluate in the Runs tab starts from the same number."
        placeholder={testDefault === null ? 'all' : `sample limit (${testDefault.toLocaleString('en-US')})`}
        value={training.testLimit}
        schema={settingsShape.testLimit}
        onChange={(testLimit) => setTraining({ testLimit })}
      />
    </div>
  );
}
