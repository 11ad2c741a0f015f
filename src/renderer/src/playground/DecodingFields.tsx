export type Decoding = 'sample' | 'argmax';

/** Sampling (§5.4.1, with a temperature) or maximum likelihood (§5.4.2). */
export function DecodingFields(props: {
  decoding: Decoding;
  temperature: number;
  onDecoding: (d: Decoding) => void;
  onTemperature: (t: number) => void;
}) {
  return (
    <div className="decoding-fields">
      <label>
        <input type="radio" checked={props.decoding === 'sample'} onChange={() => props.onDecoding('sample')} data-testid="decoding-sample" /> Sample
      </label>
      <label>
        <input type="radio" checked={props.decoding === 'argmax'} onChange={() => props.onDecoding('argmax')} data-testid="decoding-argmax" /> Most likely
      </label>
      <label title="Below 1 sharpens the distribution, above 1 flattens it">
        Temperature{' '}
        <input
          type="number"
          min={0.05}
          step={0.1}
          value={props.temperature}
          disabled={props.decoding === 'argmax'}
          onChange={(e) => props.onTemperature(Math.max(0.05, Number(e.target.value) || 1))}
          data-testid="temperature"
        />
      </label>
    </div>
  );
}
