import { describe, expect, it } from 'vitest';
import { getTemplate } from '../templates';
import { TrainingSettingsSchema } from '../training';
import { planTraining } from '../trainingPlan';
import { pythonLiteral } from './pythonLiteral';
import { pythonDataPath, pythonScript, pythonScriptPath, type PythonDataLayout } from './pythonScript';

const layout: PythonDataLayout = { file: 'run.npz', train: { x: ['train_x0'], y: ['train_y0'] }, test: { x: ['test_x0'], y: ['test_y0'] }, tutorialBatches: null };

function scriptFor(id: string, overrides: Record<string, unknown> = {}) {
  const template = getTemplate(id)!;
  const settings = TrainingSettingsSchema.parse({ ...template.training, ...overrides });
  const planned = planTraining(template.graph, settings);
  if (!planned.ok) throw new Error('template does not plan');
  return { script: pythonScript({ runName: 'My "run"', plan: planned.plan, settings, data: layout }), plan: planned.plan };
}

/** The value of a top-level `NAME = literal` line of the script, read back as JSON (the literals used are JSON-compatible). */
function constant(script: string, name: string): unknown {
  const line = script.split('\n').find((l) => l.startsWith(`${name} = `));
  if (!line) throw new Error(`no ${name}`);
  return JSON.parse(line.slice(name.length + 3).replace(/\bNone\b/g, 'null').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
}

describe('pythonLiteral', () => {
  it('writes None, booleans, numbers, escaped strings, lists and dicts', () => {
    expect(pythonLiteral({ a: [null, true, false, 1e-6, 'x"y\\z\n'] })).toBe('{"a": [None, True, False, 0.000001, "x\\"y\\\\z\\n"]}');
  });
});

describe('pythonScript', () => {
  it("embeds the app's topology as Keras' to_json() text and builds it with model_from_json", () => {
    const { script, plan } = scriptFor('mlp-mnist');
    const embedded = JSON.parse(constant(script, 'MODEL_JSON') as string);
    expect(embedded.class_name).toBe('Functional');
    expect(embedded.config.layers).toEqual(plan.modelTopology.config.layers);
    expect(script).toContain('tf.keras.models.model_from_json(MODEL_JSON)');
    expect(script).toContain('with strategy.scope():');
    expect(script).toContain('print("Total params: %d" % model.count_params()');
  });

  it('carries the optimizer with Keras 1 defaults resolved, and the outputs', () => {
    const { script, plan } = scriptFor('mlp-mnist', { optimizer: { kind: 'rmsprop', learningRate: 0.002 } });
    expect(constant(script, 'OPTIMIZER')).toEqual({ kind: 'rmsprop', learning_rate: 0.002, rho: 0.9, epsilon: 1e-6 });
    expect(constant(script, 'OUTPUTS')).toEqual(plan.outputs.map((o) => ({ ...o })));
  });

  it('carries the training settings: epochs, batch, validation, checkpoints, early stopping, test limit', () => {
    const { script } = scriptFor('mlp-mnist', {
      epochs: 7,
      batchSize: 64,
      validation: 'test',
      checkpointEvery: 2,
      monitor: 'val_acc',
      earlyStopping: { patience: 4, minDelta: 0.01, restoreBest: false },
      trainLimit: 1000,
    });
    expect(constant(script, 'EPOCHS')).toBe(7);
    expect(constant(script, 'BATCH_SIZE')).toBe(64);
    expect(constant(script, 'VALIDATION')).toBe('test');
    expect(constant(script, 'CHECKPOINT_EVERY')).toBe(2);
    expect(constant(script, 'MONITOR')).toBe('val_acc');
    expect(constant(script, 'EARLY_STOPPING')).toEqual({ patience: 4, min_delta: 0.01, restore_best: false });
    expect(constant(script, 'TEST_LIMIT')).toBe(1000);
    expect(constant(script, 'DATA')).toEqual({ train: layout.train, test: layout.test, tutorial_batches: null });
    expect(script).toContain('tf.keras.callbacks.EarlyStopping(');
    expect(script).toContain('tf.keras.callbacks.ModelCheckpoint(');
  });

  it("validates on nothing for the tutorial's batches when the settings ask for a split, as the trainer does", () => {
    const { script } = scriptFor('cbow-alice');
    expect(constant(script, 'BATCHING')).toBe('tutorial');
    expect(constant(script, 'VALIDATION')).toBe('none');
  });

  it('offers the three strategies and the smoke-run flags', () => {
    const { script } = scriptFor('mlp-mnist');
    for (const flag of ['--strategy', '--epochs', '--batch-size', '--data', '--max-steps']) expect(script).toContain(`"${flag}"`);
    expect(script).toContain('tf.distribute.MirroredStrategy()');
    expect(script).toContain('tf.distribute.MultiWorkerMirroredStrategy()');
  });

  it('keeps a run name with quotes inert in the docstring', () => {
    expect(scriptFor('mlp-mnist').script).toContain('LayerLab run "My run" as a plain Keras script');
  });
});

describe('script paths', () => {
  it('puts the script beside the project and the .npz beside the script', () => {
    expect(pythonScriptPath('/p/proj.layerlab', '/projects', 'Run 1')).toBe('/p/Run-1.py');
    expect(pythonDataPath('/p/Run-1.py')).toBe('/p/Run-1.npz');
  });
});
