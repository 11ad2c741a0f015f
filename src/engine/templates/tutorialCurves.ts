import { TEMPLATES } from './index';

/**
 * The per-epoch figures the tutorial (shared/tutorial/keras-tutorial.txt,
 * Keras 1.0.2) printed for a template, drawn as a dashed reference line under
 * that template's runs. The numbers themselves live once, in each template's
 * `tutorial.epochs` (the gallery shows them too); this module says where in
 * the tutorial each series was printed, and which templates have one at all.
 * tutorialCurves.test.ts re-reads every value from the tutorial's text.
 */
export interface TutorialCurve {
  templateId: string;
  /** Where the tutorial printed it: section and the lines of its log. */
  source: string;
  /** Epoch n is `epochs[n - 1]`, under Keras' log names (`loss`, `acc`, `val_loss`, `val_acc`, `loss_sum`). */
  epochs: readonly Readonly<Record<string, number>>[];
}

/**
 * Only templates whose tutorial section printed per-epoch figures. The
 * language model (§5.4) printed sampled sentences and Skip-gram (§9.3) only
 * pass numbers, so they have no curve.
 */
export const TUTORIAL_CURVE_SOURCES: Readonly<Record<string, string>> = {
  'mlp-mnist': '§1.4 Compilation and Training, fit(verbose=2) log "Epoch 1/5" … "Epoch 5/5" (lines 244–253)',
  'cnn-mnist': '§2.3 Train Model, fit(verbose=2) log "Epoch 1/5" … "Epoch 5/5" (lines 375–384)',
  'cnn-cifar10': '§3.2 Define and Train Model, fit log "Epoch 1/5" … "Epoch 5/5" (lines 542–551)',
  'gru-imdb': '§4.2.1 Embedding layer, res_gru_1 fit log "Epoch 1/3" … "Epoch 3/3" (lines 668–673)',
  'gru2-imdb': '§4.2.3 more RNN, res_gru_2 fit log "Epoch 1/3" … "Epoch 3/3" (lines 718–723)',
  'lstm-imdb': '§4.2.3 more RNN, res_lstm_1 fit log "Epoch 1/3" … "Epoch 3/3" (lines 742–747)',
  'encdec-jaen': '§6.4 Training, "0 loss 17.21…" … "20 loss 14.60…": train_on_batch losses summed per pass (lines 1008–1028)',
  'autoencoder-mnist': '§7.3 Training, fit log "Epoch 1/19" … "Epoch 19/19", loss only (lines 1097–1134)',
  'cbow-alice': '§8.3 Training, "0 28432.19…" … "9 16126.29…": train_on_batch losses summed per pass (lines 1250–1259)',
};

const CURVES: ReadonlyMap<string, TutorialCurve> = new Map(
  TEMPLATES.flatMap((template) => {
    const source = TUTORIAL_CURVE_SOURCES[template.id];
    return source && template.tutorial.epochs.length > 0 ? [[template.id, { templateId: template.id, source, epochs: template.tutorial.epochs }] as const] : [];
  }),
);

/** The tutorial's printed curve for a template id; undefined for none, an unknown id or null. */
export function tutorialCurve(templateId: string | null | undefined): TutorialCurve | undefined {
  return templateId ? CURVES.get(templateId) : undefined;
}

export function tutorialCurveIds(): string[] {
  return [...CURVES.keys()];
}
