import { findDataset } from '../../../engine/datasets';
import { lossForTarget } from '../../../engine/binding';
import { LOSSES, LOSS_TITLES, METRICS, METRIC_TITLES, OutputSettingsSchema, type OutputSettings } from '../../../engine/training';
import { useAnalysis } from '../editor/useAnalysis';
import { useAppStore } from '../store';
import { NumberField } from './NumberField';

const AUTO = '';

/** Each model output's target, loss, metrics and loss weight. Outputs left on "auto" follow their target. */
export function OutputsEditor() {
  const training = useAppStore((s) => s.training);
  const setTraining = useAppStore((s) => s.setTraining);
  const graph = useAppStore((s) => s.graph);
  const analysis = useAnalysis();
  const dataset = findDataset(training.dataset);
  const names = analysis.outputs.map((id) => graph.nodes.find((n) => n.id === id)?.name).filter((n): n is string => !!n);
  if (!dataset || names.length === 0) return null;

  const entry = (layer: string): OutputSettings =>
    training.outputs.find((o) => o.layer === layer) ?? { layer, target: null, loss: null, metrics: ['accuracy'], weight: 1 };
  const update = (layer: string, patch: Partial<OutputSettings>) => {
    const next = { ...entry(layer), ...patch };
    const others = training.outputs.filter((o) => o.layer !== layer);
    const isDefault = next.target === null && next.loss === null && next.weight === 1 && next.metrics.join() === 'accuracy';
    setTraining({ outputs: isDefault ? others : [...others, next] });
  };

  return (
    <div className="outputs-editor" data-testid="outputs-editor">
      <h3>Outputs</h3>
      {names.map((layer) => {
        const settings = entry(layer);
        const shape = analysis.nodeShapes[graph.nodes.find((n) => n.name === layer)?.id ?? ''];
        const target =
          dataset.targets.find((t) => t.name === settings.target) ??
          dataset.targets.find((t) => shape && t.shape.length === shape.length - 1 && t.shape.every((d, i) => d === shape[i + 1]));
        return (
          <fieldset key={layer} className="output-settings" data-testid={`output-${layer}`}>
            <legend>{layer}</legend>
            <label className="field">
              <span>Learns</span>
              <select value={settings.target ?? AUTO} onChange={(e) => update(layer, { target: e.target.value || null })} data-testid="output-target">
                <option value={AUTO}>auto (matching shape)</option>
                {dataset.targets.map((t) => (
                  <option key={t.name} value={t.name} title={t.description}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Loss</span>
              <select
                value={settings.loss ?? AUTO}
                onChange={(e) => update(layer, { loss: (e.target.value || null) as OutputSettings['loss'] })}
                data-testid="output-loss"
              >
                <option value={AUTO}>auto</option>
                {LOSSES.map((loss) => (
                  <option key={loss} value={loss}>
                    {LOSS_TITLES[loss]}
                  </option>
                ))}
              </select>
            </label>
            <div className="field">
              <span>Metrics</span>
              <span className="checks">
                {METRICS.map((metric) => (
                  <label key={metric}>
                    <input
                      type="checkbox"
                      checked={settings.metrics.includes(metric)}
                      data-testid={`output-metric-${metric}`}
                      onChange={(e) =>
                        update(layer, {
                          metrics: e.target.checked ? [...settings.metrics, metric] : settings.metrics.filter((m) => m !== metric),
                        })
                      }
                    />
                    {METRIC_TITLES[metric]}
                  </label>
                ))}
              </span>
            </div>
            {target && (
              <p className="muted small" data-testid="output-resolved">
                Learns {target.name} ({target.encoding}) with {LOSS_TITLES[lossForTarget(settings.loss, target)].toLowerCase()}
              </p>
            )}
            {(names.length > 1 || settings.weight !== 1) && (
              <NumberField
                label="Loss weight"
                name={`Loss weight of ${layer}`}
                id="output-weight"
                title="How much this output's loss counts in the total (Keras loss_weights)."
                value={settings.weight}
                schema={OutputSettingsSchema.shape.weight}
                onChange={(weight) => update(layer, { weight })}
              />
            )}
          </fieldset>
        );
      })}
    </div>
  );
}
