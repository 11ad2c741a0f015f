import { useCallback, useEffect, useState } from 'react';
import { findDataset } from '../../../engine/datasets';
import type { DatasetPreview, DatasetStatus } from '../../../shared/contract';
import { api } from '../api/host';
import { useAppStore } from '../store';
import { DataDirsEditor } from './DataDirsEditor';
import { DatasetFields } from './DatasetFields';
import { SampleGrid } from './SampleGrid';
import { TextSamples } from './TextSamples';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function DataPanel() {
  const datasetId = useAppStore((s) => s.training.dataset);
  const spec = findDataset(datasetId);
  const [status, setStatus] = useState<DatasetStatus | null>(null);
  const [preview, setPreview] = useState<DatasetPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [download, setDownload] = useState<{ file: string; received: number; total: number | null } | null>(null);

  const refresh = useCallback(async () => {
    setError(null);
    setPreview(null);
    try {
      const next = await api.call('dataset.status', { id: datasetId });
      setStatus(next);
      if (next.ready) setPreview(await api.call('dataset.preview', { id: datasetId, split: 'train', count: findDataset(datasetId)?.kind === 'text' ? 12 : 100 }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [datasetId]);

  useEffect(() => void refresh(), [refresh]);
  useEffect(
    () =>
      api.subscribe((event) => {
        if (event.event === 'dataset.progress' && event.payload.datasetId === datasetId) {
          setDownload({ file: event.payload.file, received: event.payload.receivedBytes, total: event.payload.totalBytes });
        }
      }),
    [datasetId],
  );

  const startDownload = async () => {
    setError(null);
    try {
      setStatus(await api.call('dataset.download', { id: datasetId }));
      setDownload(null);
      await refresh();
    } catch (e) {
      setDownload(null);
      setError(errorText(e));
    }
  };

  return (
    <div className="data-panel">
      <h2>{spec?.title ?? datasetId}</h2>
      {spec && <p className="muted small">{spec.citation}</p>}
      <DataDirsEditor onSaved={() => void refresh()} />
      {status && (
        <ul className="file-list" data-testid="dataset-files">
          {status.files.map((f) => (
            <li key={f.name} className={f.source}>
              <code>{f.name}</code> — {f.source === 'missing' ? 'not downloaded' : f.path}
            </li>
          ))}
        </ul>
      )}
      {status && !status.ready && !download && (
        <button type="button" className="primary" onClick={() => void startDownload()} data-testid="download-dataset">
          Download {spec?.title ?? datasetId}
        </button>
      )}
      {download && (
        <div className="progress" data-testid="download-progress">
          <div className="progress-text">Downloading {download.file}</div>
          <div className="progress-bar">
            <div className="progress-fill" style={{ width: download.total ? `${(100 * download.received) / download.total}%` : '10%' }} />
          </div>
        </div>
      )}
      {error && (
        <p className="issue error" data-testid="dataset-error">
          {error}
        </p>
      )}
      {spec && <DatasetFields spec={spec} />}
      {preview?.kind === 'image' && <SampleGrid preview={preview} />}
      {preview?.kind === 'text' && <TextSamples preview={preview} />}
    </div>
  );
}
