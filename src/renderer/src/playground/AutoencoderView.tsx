import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../engine/project/schema';
import { callRun, errorText, type PlaygroundInfo } from './playgroundApi';
import { imageUrl, loadTestImages, scaled } from './testImages';

const COUNT = 12;

interface Row {
  input: string;
  code: string | null;
  codeSide: number;
  output: string;
}

/** §7.4: test digits, their hidden codes (12×12 for 144 units) and the reconstructions. */
export function AutoencoderView({ run, info }: { run: RunRecord; info: PlaygroundInfo }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    (async () => {
      const images = await loadTestImages(info.dataset, COUNT);
      const inputs = [scaled(images, 0, COUNT)];
      const [{ outputs }, codes] = await Promise.all([
        callRun(run, 'playground.predict', { inputs, count: COUNT }),
        info.innerLayers[0] ? callRun(run, 'playground.predict', { inputs, count: COUNT, layers: [info.innerLayers[0]] }) : null,
      ]);
      const { rows: h, cols: w } = images.preview;
      const out = outputs[0]!.values;
      const code = codes?.outputs[0];
      const units = code ? code.values.length / COUNT : 0;
      const side = Math.round(Math.sqrt(units));
      const codeMax = code ? Math.max(...code.values, 1e-6) : 1;
      return Array.from({ length: COUNT }, (_, i) => ({
        input: imageUrl(images.pixels.subarray(i * images.size, (i + 1) * images.size), h, w, 1),
        code: code && side * side === units ? imageUrl(code.values.slice(i * units, (i + 1) * units), side, side, 1, codeMax) : null,
        codeSide: side,
        output: imageUrl(out.slice(i * h * w, (i + 1) * h * w), h, w, 1, 1),
      }));
    })().then(
      (r) => current && setRows(r),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [run, info]);

  if (error) return <p className="error-text">{error}</p>;
  if (!rows) return <p className="muted">Encoding test digits…</p>;
  return (
    <table className="autoencoder" data-testid="autoencoder">
      <thead>
        <tr>
          <th>Input</th>
          <th>Code{rows[0]?.code ? ` (${rows[0].codeSide}×${rows[0].codeSide})` : ''}</th>
          <th>Restored</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td><img src={r.input} alt="input" /></td>
            <td>{r.code ? <img src={r.code} alt="code" /> : '—'}</td>
            <td><img src={r.output} alt="restored" data-testid="restored" /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
