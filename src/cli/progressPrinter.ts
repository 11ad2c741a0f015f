import { SingleBar } from 'cli-progress';
import type { AnyEvent } from '../shared/contract';
import { formatDuration } from './format';

/** A progress bar for batches within an epoch, with one line per status change and epoch. */
export class ProgressPrinter {
  private readonly bar = new SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| batch {value}/{total} | loss {loss} | ETA {remaining}',
    // On CI there is no TTY: print the bar every few seconds instead of redrawing it.
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  private barVisible = false;
  private lastLoss = Number.NaN;

  handle(event: AnyEvent): void {
    switch (event.event) {
      case 'training.status':
        this.stop();
        console.log(event.payload.message);
        break;
      case 'training.metrics': {
        this.lastLoss = event.payload.batches.at(-1)?.loss ?? this.lastLoss;
        const epoch = event.payload.epoch;
        if (epoch) {
          this.stop();
          const metrics = Object.entries(epoch.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
          console.log(`epoch ${epoch.epoch}: ${metrics} (${formatDuration(epoch.durationMs)})`);
        }
        break;
      }
      case 'training.progress': {
        const p = event.payload;
        const payload = {
          epoch: p.epoch,
          epochs: p.epochs,
          loss: Number.isFinite(this.lastLoss) ? this.lastLoss.toFixed(4) : '—',
          remaining: p.etaMs === null ? '?' : formatDuration(p.etaMs),
        };
        if (this.barVisible) this.bar.update(p.batch, payload);
        else {
          this.bar.start(p.batches, p.batch, payload);
          this.barVisible = true;
        }
        break;
      }
      default:
        break;
    }
  }

  stop(): void {
    if (!this.barVisible) return;
    this.bar.stop();
    this.barVisible = false;
  }
}
