import { findDataset } from '../../../engine/datasets';
import { epochWork, estimateEpochSeconds, formatEpochSeconds, TRAINING_FLOPS_PER_FORWARD } from '../../../engine/epochEstimate';
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
  const work = dataset ? epochWork(template.training, dataset) : null;
  const samples = work?.samples ?? null;
  const gflops = backend?.gflops ?? null;
  const kernelMicros = backend?.kernelMicros ?? null;
  const seconds =
    work === null
      ? null
      : estimateEpochSeconds({
          forwardFlopsPerSample: summary.totalFlops,
          samples: work.samples,
          steps: work.steps,
          kernelCallsPerStep: summary.kernelCallsPerStep,
          gflops,
          kernelMicros,
        });
  return {
    datasetTitle: dataset?.title ?? `unknown dataset '${template.dataset}'`,
    params: `${exact(summary.totalParams)}${summary.complete ? '' : '+'}`,
    result: template.tutorial.result,
    estimate: seconds === null ? '—' : `${formatEpochSeconds(seconds)} (est.)`,
    estimateDetail: explain(summary.totalFlops, samples, work?.steps ?? null, summary.kernelCallsPerStep, backend, seconds),
  };
}

function explain(
  flops: number,
  samples: number | null,
  steps: number | null,
  kernels: number,
  backend: BackendInfo | null,
  seconds: number | null,
): string {
  if (!backend) return 'No estimate yet: the training backend is still being probed.';
  if (backend.gflops === null) return `No estimate: the speed of the ${backend.name} backend was not measured.`;
  if (samples === null) return 'No estimate: the dataset is unknown.';
  if (seconds === null) return "No estimate: the model's FLOPs are unknown.";
  return [
    `${TRAINING_FLOPS_PER_FORWARD} × ${flopText(flops)} per sample (forward pass; backward ≈ 2× forward)`,
    `× ${exact(samples)} samples per epoch`,
    `÷ ${backend.gflops.toFixed(1)} GFLOP/s (a 512×512 float32 matmul timed on the ${backend.name} backend of this machine)`,
    backend.kernelMicros && steps !== null && Number.isFinite(kernels)
      ? `+ ${exact(steps)} steps × ${exact(Math.round(kernels))} kernel launches per step × ${backend.kernelMicros.toFixed(1)} µs per launch (timed likewise).`
      : '(kernel launch overhead not measured).',
    'Data loading is not included.',
  ].join(' ');
}
