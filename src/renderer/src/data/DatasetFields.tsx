import type { DatasetSpec } from '../../../engine/datasets';
import { formatShape } from '../../../engine/shape';

/** What the dataset feeds into Input layers and what outputs can learn, with Keras shapes. */
export function DatasetFields({ spec }: { spec: DatasetSpec }) {
  const rows = [
    ...spec.inputs.map((f) => ({ role: 'Input', name: f.name, shape: f.shape, description: f.description })),
    ...spec.targets.map((t) => ({ role: 'Target', name: t.name, shape: t.shape, description: `${t.description} (${t.encoding})` })),
  ];
  return (
    <table className="dataset-fields" data-testid="dataset-fields">
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.role}-${row.name}`}>
            <td>{row.role}</td>
            <td>
              <code>{row.name}</code>
            </td>
            <td>
              <code>{formatShape([null, ...row.shape])}</code>
            </td>
            <td className="muted small">{row.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
