import type * as TF from '@tensorflow/tfjs';

/**
 * Frees a compiled model and its optimizer. tfjs' `model.dispose()` leaves
 * an optimizer passed to `compile` as an object alone, so without this every
 * run in one trainer process would leak the optimizer's slots (TensorFlow
 * resource variables on the native backend).
 */
export function disposeModel(model: TF.LayersModel): void {
  (model.optimizer as TF.Optimizer | undefined)?.dispose();
  model.dispose();
}
