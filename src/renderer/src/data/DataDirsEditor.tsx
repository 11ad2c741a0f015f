import { useState } from 'react';
import { api } from '../api/host';
import { useAppStore } from '../store';

/** Directories searched for dataset files before the download cache. */
export function DataDirsEditor({ onSaved }: { onSaved: () => void }) {
  const settings = useAppStore((s) => s.settings);
  const envDirs = useAppStore((s) => s.system?.envDataDirs ?? []);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? settings?.dataDirs.join('\n') ?? '';
  const save = async () => {
    const dataDirs = value.split('\n').map((d) => d.trim()).filter(Boolean);
    try {
      useAppStore.getState().setSettings(await api.call('settings.update', { dataDirs }));
      setText(null);
      onSaved();
    } catch (error) {
      useAppStore.getState().showNotice(`Could not save settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <details className="data-dirs">
      <summary>Data directories</summary>
      {envDirs.length > 0 && (
        <p className="small">
          From <code>LAYERLAB_DATA_DIR</code>: {envDirs.map((d) => <code key={d}>{d} </code>)}
        </p>
      )}
      <textarea
        rows={3}
        value={value}
        placeholder="/path/to/datasets (one per line)"
        onChange={(e) => setText(e.target.value)}
        aria-label="Data directories"
        data-testid="data-dirs"
      />
      <p className="small muted">Each directory is searched as &lt;dir&gt;/&lt;file&gt; and &lt;dir&gt;/&lt;dataset&gt;/&lt;file&gt;; downloads go to {settings?.cacheDir ?? 'the cache'}.</p>
      <button type="button" onClick={() => void save()} disabled={text === null} data-testid="save-data-dirs">
        Save
      </button>
    </details>
  );
}
