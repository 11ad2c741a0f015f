// LayerLab's own raw step (src/trainer/native/rawStep + the Keras Adadelta of src/trainer/optimizers),
// loaded from the $H5 clone's TypeScript with tsx, for the mlp-mnist template: the train function that
// `fit`/`trainOnBatch` call per batch after installRawTrainStep.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { H5, requireH5 } from './lib.mjs';

export async function layerlabRawStep(tf, { rate = 0.2 } = {}) {
  // tsx's ESM API (the .mjs; require.resolve would give the .cjs one).
  const { tsImport } = await import(pathToFileURL(path.join(path.dirname(requireH5.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href);
  const from = (p) => tsImport(pathToFileURL(path.join(H5, p)).href, import.meta.url);
  const [{ getTemplate }, { planTraining }, { buildCompiledModel }, { installRawTrainStep }] = await Promise.all([
    from('src/engine/templates/index.ts'), from('src/engine/trainingPlan.ts'),
    from('src/trainer/compileModel.ts'), from('src/trainer/native/rawStep/index.ts'),
  ]);
  const template = getTemplate('mlp-mnist');
  const graph = { ...template.graph, nodes: template.graph.nodes.map((n) => (n.kind === 'Dropout' ? { ...n, params: { ...n.params, rate } } : n)) };
  const planned = planTraining(graph, template.training);
  if (!planned.ok) throw new Error('mlp-mnist does not plan');
  const { model } = await buildCompiledModel(tf, planned.plan.modelTopology, planned.plan, template.training);
  const install = installRawTrainStep(tf, model, planned.plan.outputs);
  if (!install.installed) throw new Error(install.note);
  const train = model.makeTrainFunction();
  const layers = model.layers.map((l) => `${l.getClassName()}${l.getConfig().units ? `(${l.getConfig().units}, ${l.getConfig().activation})` : l.getConfig().rate != null ? `(${l.getConfig().rate})` : ''}`);
  return {
    model,
    note: install.note,
    describe: `${layers.join(' → ')}; optimizer ${model.optimizer.getClassName()} ${JSON.stringify(model.optimizer.getConfig())}`,
    /** One batch: [loss, acc] tensors, as tfjs' fit gets them (caller disposes). */
    step: (x, y) => train([x, y]),
    /** Kernel and bias values in [w1, b1, w2, b2] order. */
    weights: () => model.trainableWeights.map((w) => w.read().dataSync().slice()),
    /** Back to tfjs' own train function (the model stays). */
    uninstall: () => install.dispose(),
    dispose: () => { install.dispose(); model.dispose(); },
  };
}
