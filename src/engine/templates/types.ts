import type { Graph } from '../graph';
import type { TrainingSettings } from '../training';

/** What the tutorial printed for this network, to compare runs with. */
export interface TutorialReference {
  /** The tutorial's section, e.g. "1. MLP with MNIST". */
  section: string;
  /** One line as the gallery shows it, e.g. "test accuracy 0.9722 after 5 epochs". */
  result: string;
  /**
   * Per epoch (or per pass of the tutorial's generator), the figures it
   * printed, under Keras' log names (`loss`, `acc`, `val_loss`, `val_acc`;
   * `loss_sum` where it printed the sum of `train_on_batch` losses).
   */
  epochs: Record<string, number>[];
  /** Printed test figures, where it evaluated. */
  test?: { loss?: number; acc?: number };
}

export interface ProjectTemplate {
  id: string;
  title: string;
  /** Gallery group. */
  group: 'images' | 'text';
  /**
   * What the network is, how it maps the tutorial's Keras 1 code onto
   * LayerLab's layers, and where our data differs from the tutorial's.
   */
  description: string;
  /** Dataset id from `DATASETS`. */
  dataset: string;
  graph: Graph;
  training: TrainingSettings;
  tutorial: TutorialReference;
}
