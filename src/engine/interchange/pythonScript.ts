import { kerasExportPath } from './kerasExport';
import { kerasModelJsonText } from './kerasJson';
import { pythonLiteral } from './pythonLiteral';
import { PYTHON_SCRIPT_BODY } from './pythonScriptBody';
import { optimizerHyperParameters, type TrainingSettings } from '../training';
import type { TrainingPlan } from '../trainingPlan';

/** Names of one split's arrays in the .npz, per model input (`x`) and output (`y`); outputs may share one. */
export interface NpzSplitNames {
  x: string[];
  y: string[];
}

/** What the .npz beside the script holds, by array name. */
export interface PythonDataLayout {
  /** The .npz's file name; the script looks for it beside itself unless `--data` says otherwise. */
  file: string;
  train: NpzSplitNames;
  /** The test split (validation data and the final evaluation); null when the dataset has none. */
  test: NpzSplitNames | null;
  /** `[n, 2]` int32 `[start, end)` ranges of the tutorial's batches, or null. */
  tutorialBatches: string | null;
}

export interface PythonScriptInput {
  runName: string;
  plan: TrainingPlan;
  settings: TrainingSettings;
  data: PythonDataLayout;
}

/** As the trainer reads it: the tutorial's generators leave nothing to split off, so 'split' means none there. */
export function effectiveValidation(settings: Pick<TrainingSettings, 'validation' | 'batching'>): TrainingSettings['validation'] {
  return settings.batching === 'tutorial' && settings.validation === 'split' ? 'none' : settings.validation;
}

/** Where a run's script goes by default: where its Keras export would, with `.py`. */
export function pythonScriptPath(projectFile: string | null, projectsDir: string, runName: string): string {
  return kerasExportPath(projectFile, projectsDir, runName, 'json').replace(/\.keras\.json$/, '.py');
}

/** The .npz beside a script: the script's path with `.npz` for `.py`. */
export function pythonDataPath(scriptPath: string): string {
  return scriptPath.replace(/(\.py)?$/i, '.npz');
}

/**
 * A runnable Keras script for a run: its model (the app's own topology,
 * loaded with `model_from_json`), optimizer, losses, metrics and training
 * settings as constants, and a loop that trains on the arrays LayerLab
 * trained on, under any `tf.distribute` strategy.
 */
export function pythonScript({ runName, plan, settings, data }: PythonScriptInput): string {
  const { rho, epsilon } = optimizerHyperParameters(settings.optimizer);
  const constants: [string, unknown][] = [
    ['MODEL_JSON', kerasModelJsonText(plan.modelTopology)],
    ['DATA_FILE', data.file],
    ['DATA', { train: data.train, test: data.test, tutorial_batches: data.tutorialBatches }],
    ['OPTIMIZER', { kind: settings.optimizer.kind, learning_rate: settings.optimizer.learningRate, rho, epsilon }],
    ['OUTPUTS', plan.outputs.map((o) => ({ layer: o.layer, target: o.target, loss: o.loss, metrics: o.metrics, weight: o.weight }))],
    ['EPOCHS', settings.epochs],
    ['BATCH_SIZE', settings.batchSize],
    ['BATCHING', settings.batching],
    ['VALIDATION', effectiveValidation(settings)],
    ['VALIDATION_SPLIT', settings.validationSplit],
    ['MONITOR', settings.monitor],
    ['CHECKPOINT_EVERY', settings.checkpointEvery],
    ['CHECKPOINT_BEST', settings.checkpointBest],
    [
      'EARLY_STOPPING',
      settings.earlyStopping && {
        patience: settings.earlyStopping.patience,
        min_delta: settings.earlyStopping.minDelta,
        restore_best: settings.earlyStopping.restoreBest,
      },
    ],
    ['TEST_AFTER_TRAINING', settings.testAfterTraining],
    // The trainer evaluates on the test limit, else the sample limit (the .npz keeps the test split whole when it also validates).
    ['TEST_LIMIT', settings.testLimit ?? settings.trainLimit],
  ];
  const docName = runName.replace(/[\\"]/g, ' ').replace(/\s+/g, ' ').trim() || 'run';
  return `#!/usr/bin/env python3
"""LayerLab run "${docName}" as a plain Keras script (TensorFlow 2.x).

The model is LayerLab's own Keras topology (MODEL_JSON, what model.to_json()
writes), built with model_from_json; the data are the very arrays LayerLab
trains on, in ${data.file.replace(/[\\"]/g, '_')} beside this script (np.load).

    python script.py                         # reproduce the run on this machine
    python script.py --strategy mirrored     # all local GPUs (tf.distribute)
    python script.py --strategy multiworker  # a cluster: set TF_CONFIG on every worker
    python script.py --max-steps 2 --epochs 1  # a smoke run
"""
import argparse
import json
import os
import re
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

${constants.map(([name, value]) => `${name} = ${pythonLiteral(value)}`).join('\n')}
${PYTHON_SCRIPT_BODY}`;
}
