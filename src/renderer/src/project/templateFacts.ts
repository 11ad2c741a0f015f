import { findDataset } from '../../../engine/datasets';
import { estimateEpochSeconds, formatEpochSeconds, samplesPerEpoch, TRAINING_FLOPS_PER_FORWARD } from '../../../engine/epochEstimate';
import { summarizeModel } from '../../../engine/summary';
import type { ProjectTemplate } from '../../../engine/templates';
import { formatCount } from '../../../engine/units';
import type { BackendInfo } from '../../../shared/contract';

/** What a gallery card says about a template, as text. */
export interface TemplateFacts {
  datasetTitle: string;
  /** Exact, with thousands separators: `101,770`. */
  params: string;
  /** The tutorial's reported result. */
  result: string;
  /** `≈ 12 s/epoch (est. from FLOPs)`, or `—` when the speed or the cost is unknown. */
  estimate: string;
  /** How the estimate was computed (or why there is none), for the tooltip. */
  estimateDetail: string;
}

const exact = (n: number) => n.toLocaleString('en-US');

/** `1.2 MFLOP`, `950 FLOP`. */
function flopText(flops: number): string {
  const count = formatCount(flops);
  return /\d$/.test(count) ? `${count} FLOP` : `${count}FLOP`;
}

export function templateFacts(template: ProjectTemplate, backend: BackendInfo | null): TemplateFacts {
  const dataset = findDataset(template.dataset);
  const summary = summarizeModel(template.graph);
  const samples = dataset ? samplesPerEpoch(template.training, dataset.samples.train) : null;
  const gflops = backend?.gflops ?? null;
  const seconds =
    samples === null ? null : estimateEpochSeconds({ forwardFlopsPerSample: summary.totalFlops, samples, gflops });
  return {
    datasetTitle: dataset?.title ?? `unknown dataset '${template.dataset}'`,
    params: `${exact(summary.totalParams)}${summary.complete ? '' : '+'}`,
    result: template.tutorial.result,
    estimate: seconds === null ? '—' : `${formatEpochSeconds(seconds)} (est. from FLOPs)`,
    estimateDetail: explain(summary.totalFlops, samples, backend, seconds),
  };
}

function explain(flops: number, samples: number | null, backend: BackendInfo | null, seconds: number | null): string {
  if (!backend) return 'No estimate yet: the training backend is still being probed.';
  if (backend.gflops === null) return `No estimate: the speed of the ${backend.name} backend was not measured.`;
  if (samples === null) return 'No estimate: the dataset is unknown.';
  if (seconds === null) return "No estimate: the model's FLOPs are unknown.";
  return [
    `${TRAINING_FLOPS_PER_FORWARD} × ${flopText(flops)} per sample (forward pass; backward ≈ 2× forward)`,
    `× ${exact(samples)} samples per epoch`,
    `÷ ${backend.gflops.toFixed(1)} GFLOP/s (a 512×512 float32 matmul timed on the ${backend.name} backend of this machine).`,
    'Data loading, small batches and recurrent steps make real epochs slower.',
  ].join(' ');
}
