import { describe, expect, it } from 'vitest';
import type { TrainerMessage } from '../shared/trainerProtocol';
import { TelemetryThrottle } from './telemetry';

const progress = (batch: number) => ({ epoch: 1, epochs: 1, batch, batches: 100, elapsedMs: 0, etaMs: null });

describe('TelemetryThrottle', () => {
  it('sends at most one update per interval and loses no batch record, as the contract’s own events', () => {
    const sent: TrainerMessage[] = [];
    let now = 0;
    const throttle = new TelemetryThrottle((m) => sent.push(m), 'run-1', 100, () => now);
    for (let step = 1; step <= 100; step += 1) {
      now += 7; // a batch every 7 ms
      throttle.batch({ step, epoch: 1, loss: 1 / step, acc: null }, progress(step));
    }
    throttle.epoch({ epoch: 1, metrics: { loss: 0.01 }, durationMs: 700 }, progress(100));
    const events = sent.flatMap((m) => (m.type === 'event' ? [m.event] : []));
    expect(events).toHaveLength(sent.length);
    const progressCount = events.filter((e) => e.event === 'training.progress').length;
    expect(progressCount).toBeLessThanOrEqual(1 + Math.ceil(700 / 100) + 1);
    const steps = events.flatMap((e) => (e.event === 'training.metrics' ? e.payload.batches.map((b) => b.step) : []));
    expect(steps).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ event: 'training.metrics', payload: { runId: 'run-1', epoch: { epoch: 1 } } });
    expect(events.every((e) => e.payload.runId === 'run-1')).toBe(true);
  });
});
