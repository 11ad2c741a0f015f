import type { Graph } from '../graph';
import type { TrainingSettings } from '../training';

export interface ProjectTemplate {
  id: string;
  title: string;
  description: string;
  /** Dataset id from `DATASETS`. */
  dataset: string;
  graph: Graph;
  training: TrainingSettings;
}
