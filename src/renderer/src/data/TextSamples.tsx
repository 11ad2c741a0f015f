import type { TextPreview } from '../../../shared/contract';

/** The first samples of a text dataset, decoded back to words: input → expected answer. */
export function TextSamples({ preview }: { preview: TextPreview }) {
  return (
    <div className="text-samples" data-testid="text-samples">
      <p className="muted small">
        First {preview.samples.length} of {preview.total.toLocaleString('en-US')} {preview.split} samples
      </p>
      <table>
        <thead>
          <tr>
            <th>Input</th>
            <th>Answer</th>
          </tr>
        </thead>
        <tbody>
          {preview.samples.map((sample, i) => (
            <tr key={i}>
              <td className="sample-input">{sample.input}</td>
              <td className="sample-label">{sample.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
